"""The one place errors become problem+json (RFC 9457) responses."""

from __future__ import annotations

import json
import logging
from collections.abc import Mapping, Sequence
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from sqlalchemy.exc import DataError, IntegrityError, OperationalError
from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app.core.errors import PenholderError

log = logging.getLogger("penholder")
PROBLEM = "application/problem+json"


def problem(status: int, title: str, detail: str, **extra: object) -> JSONResponse:
    """A problem+json response."""
    body = {"type": "about:blank", "title": title, "status": status, "detail": detail, **extra}
    headers = {"WWW-Authenticate": "Bearer"} if status == 401 else None
    return JSONResponse(body, status_code=status, media_type=PROBLEM, headers=headers)


def _field(loc: Sequence[object]) -> str:
    parts = [str(p) for p in loc]
    if parts and parts[0] in ("body", "query", "path", "header"):
        parts = parts[1:]  # only the leading location: a field may itself be named "body"
    return ".".join(parts) or str(loc[0] if loc else "request")


def _invalid(error: Mapping[str, Any]) -> dict[str, str]:
    if error.get("type") == "json_invalid":
        where = error.get("loc", ("body", "?"))[-1]
        reason = str(error.get("ctx", {}).get("error", "JSON decode error"))
        return {"field": "body", "message": f"not valid JSON: {reason} at character {where}"}
    return {"field": _field(error.get("loc", ())), "message": str(error.get("msg", ""))}


PROBLEM_SCHEMA = {
    "title": "Problem",
    "type": "object",
    "required": ["type", "title", "status", "detail"],
    "properties": {
        "type": {"type": "string"},
        "title": {"type": "string"},
        "status": {"type": "integer"},
        "detail": {"type": "string"},
        "errors": {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {"field": {"type": "string"}, "message": {"type": "string"}},
            },
        },
    },
}


def document_problems(app: FastAPI) -> None:
    """Make the OpenAPI say what errors really are: problem+json, for 422 and every other."""
    generate = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema:
            return app.openapi_schema
        schema = generate()
        content = {PROBLEM: {"schema": {"$ref": "#/components/schemas/Problem"}}}
        for operations in schema.get("paths", {}).values():
            for operation in operations.values():
                responses = operation.setdefault("responses", {})
                if "422" in responses:
                    responses["422"] = {"description": "Invalid request", "content": content}
                responses.setdefault("default", {"description": "A problem", "content": content})
        schemas = schema.setdefault("components", {}).setdefault("schemas", {})
        schemas["Problem"] = PROBLEM_SCHEMA
        for unused in ("HTTPValidationError", "ValidationError"):
            if f"#/components/schemas/{unused}" not in json.dumps(schema):
                schemas.pop(unused, None)
        app.openapi_schema = schema
        return schema

    app.openapi = openapi  # type: ignore[method-assign]


def install_error_handlers(app: FastAPI) -> None:
    """Map Penholder errors, validation errors, HTTP errors and crashes to problem+json."""
    document_problems(app)

    @app.exception_handler(PenholderError)
    async def on_penholder_error(_: Request, exc: PenholderError) -> JSONResponse:
        return problem(exc.status, exc.title, exc.detail, **exc.extra)

    @app.exception_handler(RequestValidationError)
    async def on_validation_error(_: Request, exc: RequestValidationError) -> JSONResponse:
        errors = [_invalid(e) for e in exc.errors()]
        detail = "; ".join(f"{e['field']}: {e['message']}" for e in errors[:5])
        return problem(422, "Invalid request", detail, errors=errors)

    @app.exception_handler(HTTPException)
    async def on_http_error(_: Request, exc: HTTPException) -> JSONResponse:
        detail = exc.detail if isinstance(exc.detail, str) else "The request cannot be served."
        return problem(exc.status_code, _title(exc.status_code), detail)

    @app.exception_handler(IntegrityError)
    async def on_integrity_error(_: Request, exc: IntegrityError) -> JSONResponse:
        log.warning("integrity error: %s", exc.orig)
        return problem(
            409, "Conflict", "This conflicts with something stored at the same time. Try again."
        )

    @app.exception_handler(DataError)
    async def on_data_error(_: Request, exc: DataError) -> JSONResponse:
        log.warning("data error: %s", exc.orig)
        return problem(422, "Invalid input", "The request holds a value the database cannot store.")

    @app.exception_handler(OperationalError)
    async def on_operational_error(_: Request, exc: OperationalError) -> JSONResponse:
        log.error("database error: %s", exc.orig)
        return problem(503, "Service unavailable", "The database is busy. Try again in a moment.")

    app.add_middleware(AnswerCrashes)


class AnswerCrashes:
    """The last guard: an unexpected exception is logged and answered with a 500 problem+json,
    and goes no further. Starlette's own guard re-raises it after answering, and uvicorn then
    closes the connection, dropping the requests a client pipelined behind the failed one."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False

        async def watched(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, receive, watched)
        except Exception:
            if started:  # half an answer cannot be mended: let the server close the connection
                raise
            log.exception("unexpected error")
            crash = problem(
                500, "Internal error", "Something went wrong on our side; nothing was stored."
            )
            await crash(scope, receive, send)


def _title(status: int) -> str:
    return {
        400: "Bad request",
        401: "Unauthorized",
        403: "Forbidden",
        404: "Not found",
        405: "Method not allowed",
        413: "Too large",
        415: "Unsupported media type",
    }.get(status, "Error")
