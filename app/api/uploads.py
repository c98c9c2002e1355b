"""Reading a draft upload from a request: multipart with a file, or JSON with `text`."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Collection

from fastapi import Request
from pydantic import ValidationError
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import FormData, UploadFile

from app.api.schemas import unfit_name
from app.api.schemas.drafts import DraftTextCreate
from app.core.errors import InvalidInput, TooLarge
from app.core.parsing import media_type_for
from app.core.vocabulary import DraftStage
from app.services.drafts import Upload

FORM_FIELDS = (
    "label",
    "symbol",
    "stage",
    "circulated_on",
    "based_on",
    "allow_duplicate",
    "accept_tracked_changes",
)

UPLOAD_OPENAPI = {
    "requestBody": {
        "required": True,
        "content": {
            "multipart/form-data": {
                "schema": {
                    "type": "object",
                    "required": ["file", "label"],
                    "properties": {
                        "file": {"type": "string", "format": "binary"},
                        "label": {"type": "string", "minLength": 1, "maxLength": 120},
                        "symbol": {"type": "string", "maxLength": 80},
                        "stage": {
                            "type": "string",
                            "enum": [str(stage) for stage in DraftStage],
                        },
                        "circulated_on": {"type": "string", "format": "date"},
                        "based_on": {"type": "integer", "minimum": 1},
                        "allow_duplicate": {"type": "boolean"},
                        "accept_tracked_changes": {"type": "boolean"},
                    },
                }
            },
            "application/json": {"schema": {"$ref": "#/components/schemas/DraftTextCreate"}},
        },
    }
}


def safe_file_name(name: str) -> str:
    """The last path component of an uploaded file name, without control characters."""
    base = re.split(r"[\\/]", name or "")[-1]
    base = "".join(ch for ch in base if ch.isprintable()).strip().lstrip(".")
    return base[:255] or "draft"


async def read_upload(request: Request, max_bytes: int) -> Upload:
    """The upload in this request, checked for size and form, or InvalidInput/TooLarge."""
    content_type = request.headers.get("content-type", "")
    if content_type.startswith("multipart/form-data"):
        return await _read_multipart(request, max_bytes)
    if content_type.startswith("application/json"):
        return await _read_json(request, max_bytes)
    raise InvalidInput(
        "Send the draft as multipart/form-data with a 'file' field, "
        "or as application/json with a 'text' field."
    )


async def _read_multipart(request: Request, max_bytes: int) -> Upload:
    async with request.form(max_files=1, max_fields=len(FORM_FIELDS) + 1) as form:
        return await _upload_from_form(form, max_bytes)


async def form_file(
    form: FormData, fields: Collection[str], max_bytes: int, what: str
) -> tuple[bytes, str, str]:
    """The form's one `file`: its bytes, a safe name and its declared media type.

    Fields other than `fields`, a missing file and a file over `max_bytes` are refused; `what`
    names the file in the message ("the draft")."""
    unknown = sorted(set(form.keys()) - set(fields) - {"file"})
    if unknown:
        raise InvalidInput(f"Unknown form fields: {', '.join(unknown)}.")
    upload = form.get("file")
    if not isinstance(upload, UploadFile):
        raise InvalidInput(f"The form has no 'file' field with {what}.")
    raw = await upload.read(max_bytes + 1)
    if len(raw) > max_bytes:
        raise TooLarge(f"The file is larger than the limit of {max_bytes // (1024 * 1024)} MB.")
    return raw, safe_file_name(upload.filename or ""), upload.content_type or ""


async def _upload_from_form(form: FormData, max_bytes: int) -> Upload:
    raw, file_name, declared = await form_file(form, FORM_FIELDS, max_bytes, "the draft")
    fields = {k: str(form[k]) for k in FORM_FIELDS if k in form and str(form[k]) != ""}
    unfit: dict[str, list[str]] = {}  # reason -> the fields it applies to
    for name in sorted(fields):
        reason = unfit_name(fields[name])
        if reason:
            unfit.setdefault(reason, []).append(name)
    if unfit:
        raise InvalidInput("; ".join(f"{', '.join(k)}: {r}" for r, k in unfit.items()) + ".")
    return Upload(
        raw=raw,
        file_name=file_name,
        media_type=media_type_for(file_name, declared),
        label=fields.get("label", ""),
        symbol=fields.get("symbol"),
        stage=_stage(fields.get("stage")),
        circulated_on=_date(fields.get("circulated_on")),
        based_on=_positive(fields.get("based_on")),
        allow_duplicate=_yes(fields.get("allow_duplicate")),
        accept_tracked_changes=_yes(fields.get("accept_tracked_changes")),
    )


def _yes(value: str | None) -> bool:
    if value is None:
        return False
    if value.lower() not in ("true", "false", "1", "0"):
        raise InvalidInput(f"'{value}' is not true or false.")
    return value.lower() in ("true", "1")


def _stage(value: str | None) -> DraftStage:
    if value is None:
        return DraftStage.REVISION
    if value not in set(DraftStage):
        raise InvalidInput(f"Unknown stage '{value}': use one of {', '.join(DraftStage)}.")
    return DraftStage(value)


async def _read_json(request: Request, max_bytes: int) -> Upload:
    body = await request.body()
    return await run_in_threadpool(_upload_from_json, body, max_bytes)


def _upload_from_json(body: bytes, max_bytes: int) -> Upload:
    """The upload in a JSON body (validated in a worker thread: it may be megabytes)."""
    try:
        data = DraftTextCreate.model_validate_json(body)
    except ValidationError as exc:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in e['loc']) or 'body'}: {e['msg']}" for e in exc.errors()[:5]
        )
        raise InvalidInput(f"The JSON body is not a draft: {problems}.") from None
    raw = data.text.encode("utf-8")
    if len(raw) > max_bytes:
        raise TooLarge(f"The text is larger than the limit of {max_bytes // (1024 * 1024)} MB.")
    file_name = safe_file_name(data.file_name)
    return Upload(
        raw=raw,
        file_name=file_name,
        media_type="text/markdown" if file_name.lower().endswith(".md") else "text/plain",
        label=data.label,
        symbol=data.symbol,
        stage=data.stage,
        circulated_on=data.circulated_on,
        based_on=data.based_on,
        allow_duplicate=data.allow_duplicate,
    )


def _date(value: str | None) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise InvalidInput(f"circulated_on '{value}' is not a date like 2025-03-28.") from None


def _positive(value: str | None) -> int | None:
    if value is None:
        return None
    if not value.isdigit() or int(value) < 1:
        raise InvalidInput(f"based_on '{value}' is not a draft number.")
    return int(value)


__all__ = ["UPLOAD_OPENAPI", "read_upload", "safe_file_name"]
