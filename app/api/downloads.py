"""File responses: the right media type and a safe Content-Disposition."""

from __future__ import annotations

from urllib.parse import quote

from fastapi import Response


def attachment(raw: bytes, media_type: str, file_name: str) -> Response:
    """`raw` as a download named `file_name`."""
    ascii_name = "".join(
        ch if ch.isascii() and ch.isprintable() and ch not in '"\\' else "_" for ch in file_name
    )
    disposition = f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(file_name)}"
    return Response(raw, media_type=media_type, headers={"Content-Disposition": disposition})
