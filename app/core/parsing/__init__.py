"""Readers that turn an uploaded file into a core `Draft`."""

from __future__ import annotations

from app.core.errors import UnreadableDraft
from app.core.model import Draft
from app.core.parsing.docx_safety import DocxLimits

DOCX_MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
TEXT_SUFFIXES = {".txt": "text/plain", ".md": "text/markdown"}


def media_type_for(file_name: str) -> str:
    """The media type we store for an upload named `file_name`, or UnreadableDraft."""
    lower = file_name.lower()
    if lower.endswith(".docx"):
        return DOCX_MEDIA_TYPE
    for suffix, media_type in TEXT_SUFFIXES.items():
        if lower.endswith(suffix):
            return media_type
    if lower.endswith((".doc", ".docm", ".dotm", ".rtf", ".odt", ".pdf")):
        raise UnreadableDraft(
            f"'{file_name}' is not a format Penholder reads. Save the draft as Word (.docx) "
            "or plain text (.txt) and upload it again."
        )
    raise UnreadableDraft(
        f"'{file_name}' has no file type Penholder reads: upload a .docx, .txt or .md file."
    )


def read_draft(raw: bytes, media_type: str, docx_limits: DocxLimits | None = None) -> Draft:
    """Parse an upload of `media_type` into a core Draft (UnreadableDraft when impossible)."""
    if media_type == DOCX_MEDIA_TYPE:
        from app.core.parsing.docx import parse_docx

        return parse_docx(raw, docx_limits or DocxLimits())
    from app.core.parsing.text import read_text_draft

    return read_text_draft(raw, markdown=media_type == "text/markdown")
