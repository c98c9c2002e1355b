"""UN PDFs (L-documents, adopted resolutions) -> core `Draft`: bytes in, positioned lines, blocks.

Reading a PDF, in order (each step O(n) in the characters of the document):

1. `open_pdf` refuses what is not a PDF, a damaged or encrypted file and too many pages;
   `page_lines` gives each page's lines with position, size, italics and superscript markers.
   A PDF with no text at all is a scan and is refused with a message saying so.
2. Page furniture is removed by pattern anywhere on a page (`furniture.is_furniture`: job
   numbers, barcodes, "n/N" page numbers, "Please recycle"; a bare number only among the first
   and last `BAND_ROWS` printed lines), and among the first `BAND_ROWS` lines of every page after
   the first by position: lines repeated at the top of pages (running headers), lines printed
   on the first page too (the short title) and symbols. A line that opens with a raised
   footnote number is never furniture.
3. The footnotes of a page are the lines after a separator rule, or the lines at its foot
   printed smaller than the body text (`FOOTNOTE_SIZE`); each starts at its number (raised or
   not) and continues until the next, across pages. They become the `Footnote`s of the markers
   found in the text, never part of a paragraph.
4. The rest is cut into blocks (`pdf_blocks.body_blocks`) by layout, and the blocks are
   labelled by `structure_draft`, like those of the Word and text readers.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from app.core.errors import UnreadableDraft
from app.core.model import Draft
from app.core.parsing.furniture import (
    footnote_start,
    is_footnote_separator,
    is_furniture,
    is_symbol,
    repeats,
    running_lines,
)
from app.core.parsing.lines import line_separator
from app.core.parsing.pdf_blocks import body_blocks
from app.core.parsing.pdf_lines import PdfLine, page_lines
from app.core.parsing.pdf_safety import SCANNED, PdfBudget, PdfLimits, open_pdf
from app.core.parsing.structure import structure_draft

__all__ = ["PdfLimits", "parse_pdf"]

BAND_ROWS = 4  # printed lines at the top and at the foot of a page where headers may stand
FOOTNOTE_SIZE = 0.92  # footnotes print at most this share of the body text's font size
NO_TEXT = "This PDF has no text to read. Upload the Word or text version."


def parse_pdf(raw: bytes, limits: PdfLimits | None = None) -> Draft:
    """A draft from the bytes of a PDF (UnreadableDraft, TooLarge or UnsafeDocument if not)."""
    limits = limits or PdfLimits()
    document = open_pdf(raw, limits)
    budget = PdfBudget(limits)
    pages: list[list[PdfLine]] = []
    try:
        row = 0
        for index in range(len(document)):
            page = document[index]
            try:
                lines = page_lines(page, index, row, budget.chars_left)
            finally:
                page.close()
            budget.spend(sum(len(line.text) for line in lines))
            row = lines[-1].row + 1 if lines else row
            pages.append(lines)
        if not any(pages):
            _refuse_textless(document)
    finally:
        document.close()
    body_size = _body_size(pages)
    body, notes = _without_furniture_and_footnotes(pages, body_size)
    return structure_draft(body_blocks(body, notes, body_size))


def _refuse_textless(document: pdfium.PdfDocument) -> None:
    """Refuse a PDF without text: a scan when a page holds an image, else simply empty."""
    for index in range(len(document)):
        page = document[index]
        try:
            if any(True for _ in page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_IMAGE])):
                raise UnreadableDraft(SCANNED)
        finally:
            page.close()
    raise UnreadableDraft(NO_TEXT)


def _body_size(pages: Sequence[Sequence[PdfLine]]) -> float:
    """The font size most of the text is printed in (points)."""
    sizes: Counter[float] = Counter()
    for lines in pages:
        for line in lines:
            sizes[line.size] += len(line.text)
    return sizes.most_common(1)[0][0] if sizes else 10.0


def _band(lines: Sequence[PdfLine], *, top_only: bool = False) -> set[int]:
    """The rows of a page's first and (unless `top_only`) last `BAND_ROWS` printed lines."""
    rows = sorted({line.row for line in lines})
    return set(rows[:BAND_ROWS] + ([] if top_only else rows[-BAND_ROWS:]))


def _without_furniture_and_footnotes(
    pages: Sequence[Sequence[PdfLine]], body_size: float
) -> tuple[list[PdfLine], dict[str, str]]:
    """The body lines of every page, and the footnotes' texts by marker."""
    bands = [_band(lines) for lines in pages]
    tops = [_band(lines, top_only=True) for lines in pages]
    running = running_lines(
        [
            [line.text for line in lines if line.row in top]
            for lines, top in zip(pages, tops, strict=True)
        ]
    )
    first_page = {line.text for line in pages[0]} if pages else set()
    body: list[PdfLine] = []
    notes: dict[str, list[str]] = {}
    last_note: str | None = None
    for index, lines in enumerate(pages):
        kept = [
            line
            for line in lines
            if not _is_page_furniture(
                line,
                index,
                (line.row in bands[index], line.row in tops[index]),
                running,
                first_page,
            )
        ]
        start = _footnotes_start(kept, body_size)
        body.extend(kept[:start])
        for line in kept[start:]:
            last_note = _add_footnote_line(notes, line, last_note)
    return body, {marker: " ".join(parts) for marker, parts in notes.items()}


def _is_page_furniture(
    line: PdfLine,
    page: int,
    band: tuple[bool, bool],
    running: frozenset[str],
    first_page: set[str],
) -> bool:
    """Whether a line is page furniture (see the module docstring, step 2).

    `band` says whether the line is among the first or last `BAND_ROWS` lines of its page, and
    whether among the first ones: running headers are looked for at the top only.
    """
    text = line.text.strip()
    in_band, at_top = band
    if not text:
        return True
    if line.markers and line.markers[0][0] == 0:
        return False  # a footnote's first line: its number is raised
    if is_furniture(text) and (in_band or not text.isdigit()):
        return True
    if page == 0 or not at_top:
        return False
    return repeats(text, running) or text in first_page or is_symbol(text)


def _footnotes_start(lines: Sequence[PdfLine], body_size: float) -> int:
    """Where a page's footnotes start: after a separator rule, or the small lines at its foot."""
    for i, line in enumerate(lines):
        if is_footnote_separator(line.text):
            return i
    start = len(lines)
    while start > 0 and lines[start - 1].size <= FOOTNOTE_SIZE * body_size:
        start -= 1
    while start < len(lines) and not _starts_footnote(lines[start]):
        start += 1
    return start


def _starts_footnote(line: PdfLine) -> bool:
    """Whether a footnote line opens a footnote: a marker or a number first."""
    return bool(line.markers and line.markers[0][0] == 0) or footnote_start(line.text) is not None


def _add_footnote_line(notes: dict[str, list[str]], line: PdfLine, last: str | None) -> str | None:
    """File one footnote line under its marker; returns the marker now being read."""
    if is_footnote_separator(line.text):
        return last
    text = line.text
    if line.markers and line.markers[0][0] == 0:
        marker = line.markers[0][1]
    else:
        marker, text = footnote_start(text) or ("", text)
    if marker:
        notes[marker] = [text.strip()]
        return marker
    if last is not None:
        before = notes[last][-1]
        notes[last][-1] = before + line_separator(before, text.strip()) + text.strip()
    return last
