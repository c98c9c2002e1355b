"""Reading a resolution upload for the library: multipart `file` with optional facts."""

from __future__ import annotations

import datetime as dt

from fastapi import Request

from app.api.schemas import has_unstorable_characters
from app.api.uploads import form_file
from app.core.errors import InvalidInput
from app.core.library import ResolutionFacts
from app.core.parsing import media_type_for
from app.core.vocabulary import SessionKind
from app.services.library import LibraryUpload

FIELDS = ("symbol", "body", "session", "session_kind", "adopted_on", "title", "adoption")
LIBRARY_UPLOAD_OPENAPI = {
    "requestBody": {
        "required": True,
        "content": {
            "multipart/form-data": {
                "schema": {
                    "type": "object",
                    "required": ["file"],
                    "properties": {
                        "file": {"type": "string", "format": "binary"},
                        "symbol": {"type": "string", "maxLength": 80},
                        "body": {"type": "string", "maxLength": 40},
                        "session": {"type": "integer", "minimum": 1},
                        "session_kind": {"type": "string", "enum": [str(k) for k in SessionKind]},
                        "adopted_on": {"type": "string", "format": "date"},
                        "title": {"type": "string", "maxLength": 2000},
                        "adoption": {"type": "string", "maxLength": 2000},
                        "replace": {"type": "boolean"},
                    },
                }
            }
        },
    }
}


async def read_library_upload(request: Request, max_bytes: int) -> tuple[LibraryUpload, bool]:
    """The resolution in this multipart request and whether to replace, or InvalidInput."""
    if not request.headers.get("content-type", "").startswith("multipart/form-data"):
        raise InvalidInput("Send the resolution as multipart/form-data with a 'file' field.")
    async with request.form(max_files=1, max_fields=len(FIELDS) + 2) as form:
        raw, file_name, _ = await form_file(form, (*FIELDS, "replace"), max_bytes, "the resolution")
        fields = {k: str(form[k]).strip() for k in FIELDS if str(form.get(k) or "").strip()}
        replace = str(form.get("replace") or "false").lower()
    if replace not in ("true", "false", "1", "0"):
        raise InvalidInput("replace must be true or false.")
    bad = sorted(k for k, v in fields.items() if has_unstorable_characters(v) or len(v) > 2000)
    if bad:
        raise InvalidInput(f"{', '.join(bad)}: too long, or holds control characters.")
    facts = ResolutionFacts(
        symbol=fields.get("symbol"),
        body=fields.get("body"),
        session=_session(fields.get("session")),
        session_kind=_kind(fields.get("session_kind")),
        adopted_on=_date(fields.get("adopted_on")),
        title=fields.get("title"),
        adoption=fields.get("adoption"),
    )
    upload_ = LibraryUpload(raw, file_name, media_type_for(file_name), facts)
    return upload_, replace in ("true", "1")


def _session(value: str | None) -> int | None:
    if value is None:
        return None
    if not value.isdigit() or not 0 < int(value) < 10_000:
        raise InvalidInput(f"session '{value}' is not a session number.")
    return int(value)


def _kind(value: str | None) -> SessionKind | None:
    if value is None:
        return None
    if value not in set(SessionKind):
        raise InvalidInput(f"session_kind must be one of {', '.join(SessionKind)}.")
    return SessionKind(value)


def _date(value: str | None) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise InvalidInput(f"adopted_on '{value}' is not a date like 2023-12-19.") from None
