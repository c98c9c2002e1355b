"""Readers that turn an uploaded file into a core `Draft`."""

from __future__ import annotations

from app.core.errors import UnreadableDraft
from app.core.model import Draft
from app.core.parsing.docx_safety import DocxLimits
from app.core.parsing.pdf_safety import PdfLimits

DOCX_MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
PDF_MEDIA_TYPE = "application/pdf"
TEXT_SUFFIXES = {".txt": "text/plain", ".md": "text/markdown"}


def media_type_for(file_name: str, declared: str = "") -> str:
    """The media type we store for an upload named `file_name`, or UnreadableDraft.

    The name decides; a name without a suffix Penholder reads ("A_HRC_58_L.22") is read as PDF
    when the upload declares `application/pdf`.
    """
    lower = file_name.lower()
    if lower.endswith(".docx"):
        return DOCX_MEDIA_TYPE
    if lower.endswith(".pdf"):
        return PDF_MEDIA_TYPE
    for suffix, media_type in TEXT_SUFFIXES.items():
        if lower.endswith(suffix):
            return media_type
    if declared.split(";")[0].strip().lower() == PDF_MEDIA_TYPE:
        return PDF_MEDIA_TYPE
    if lower.endswith((".doc", ".docm", ".dotm", ".rtf", ".odt")):
        raise UnreadableDraft(
            f"'{file_name}' is not a format Penholder reads. Save the draft as Word (.docx), "
            "PDF or plain text (.txt) and upload it again."
        )
    raise UnreadableDraft(
        f"'{file_name}' has no file type Penholder reads: upload a .docx, .pdf, .txt or .md file."
    )


def served_media_type(raw: bytes, media_type: str) -> str:
    """The Content-Type an upload is served back with: text types name their real charset."""
    if media_type.startswith("text/"):
        from app.core.parsing.text import text_encoding

        return f"{media_type}; charset={text_encoding(raw)}"
    return media_type


def read_draft(
    raw: bytes,
    media_type: str,
    docx_limits: DocxLimits | None = None,
    pdf_limits: PdfLimits | None = None,
) -> Draft:
    """Parse an upload of `media_type` into a core Draft (UnreadableDraft when impossible)."""
    if media_type == DOCX_MEDIA_TYPE:
        from app.core.parsing.docx import parse_docx

        return parse_docx(raw, docx_limits or DocxLimits())
    if media_type == PDF_MEDIA_TYPE:
        from app.core.parsing.pdf import parse_pdf

        return parse_pdf(raw, pdf_limits or PdfLimits())
    from app.core.parsing.text import read_text_draft

    return read_text_draft(raw, markdown=media_type == "text/markdown")
