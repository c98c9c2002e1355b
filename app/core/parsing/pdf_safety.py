"""Opening an uploaded PDF safely: what it must be before its pages are read, and the limits.

A PDF upload may not be a PDF at all, be damaged, be encrypted, have no text layer (a scan), or
be built to exhaust the server: thousands of pages, millions of characters, content streams that
take minutes to interpret. `open_pdf` refuses the first three and an oversized page count;
`PdfBudget` stops reading when the characters or the time allowed run out. Memory and the time
spent inside one PDFium call are bounded by the process the reader runs in (see
`app.services.pdf_isolation`).
"""

from __future__ import annotations

import time
from dataclasses import dataclass

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from app.core.errors import TooLarge, UnreadableDraft, UnsafeDocument

__all__ = ["NOT_A_PDF", "SCANNED", "PdfBudget", "PdfLimits", "open_pdf"]

NOT_A_PDF = "This file is not a PDF. Upload the draft as a PDF, Word (.docx) or text file."
SCANNED = "This PDF has no text to read: it is a scan. Upload the Word or text version."
ENCRYPTED = (
    "This PDF is protected by a password, so it cannot be read. Upload a copy without a "
    "password, or the Word or text version."
)
DAMAGED = (
    "This PDF is damaged and cannot be read. Download it again, or upload the Word or text version."
)
_HEADER_WINDOW = 1024  # bytes: PDF readers accept the "%PDF-" header anywhere in the first 1 KB


@dataclass(frozen=True, slots=True)
class PdfLimits:
    """Limits for reading one PDF.

    `max_pages`: pages (1..); `max_chars`: characters of text, all pages together;
    `max_seconds`: wall-clock seconds spent reading, checked between pages; `max_memory_mb`:
    the address space of the process that reads it (used by the isolating service).
    """

    max_pages: int = 500
    max_chars: int = 5_000_000
    max_seconds: float = 30.0
    max_memory_mb: int = 1024


def open_pdf(raw: bytes, limits: PdfLimits) -> pdfium.PdfDocument:
    """The PDF document in `raw`, or UnreadableDraft/TooLarge saying why it cannot be read."""
    if b"%PDF-" not in raw[:_HEADER_WINDOW]:
        raise UnreadableDraft(NOT_A_PDF)
    try:
        document = pdfium.PdfDocument(raw)
    except pdfium.PdfiumError as exc:
        code = getattr(exc, "err_code", None)
        if code in (pdfium_c.FPDF_ERR_PASSWORD, pdfium_c.FPDF_ERR_SECURITY):
            raise UnreadableDraft(ENCRYPTED) from None
        raise UnreadableDraft(DAMAGED) from None
    pages = len(document)
    if pages == 0:
        document.close()
        raise UnreadableDraft(DAMAGED)
    if pages > limits.max_pages:
        document.close()
        raise TooLarge(
            f"The PDF has {pages:,} pages; Penholder reads PDFs of at most "
            f"{limits.max_pages:,} pages."
        )
    return document


class PdfBudget:
    """The characters and the time left for reading one PDF; raises when either runs out."""

    def __init__(self, limits: PdfLimits) -> None:
        self._limits = limits
        self._deadline = time.monotonic() + limits.max_seconds
        self._chars = 0

    @property
    def chars_left(self) -> int:
        """Characters that may still be read."""
        return self._limits.max_chars - self._chars

    def spend(self, chars: int) -> None:
        """Count one more page of `chars` characters; TooLarge/UnsafeDocument past a limit."""
        self._chars += chars
        if self._chars > self._limits.max_chars:
            raise TooLarge(
                f"The PDF holds more than {self._limits.max_chars:,} characters of text; "
                "no resolution is that long."
            )
        if time.monotonic() > self._deadline:
            raise UnsafeDocument(
                f"Reading this PDF took longer than {self._limits.max_seconds:g} seconds, so "
                "Penholder stopped. Upload the Word or text version."
            )
