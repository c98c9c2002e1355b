"""A PDF page's text as printed lines, with the positions and sizes the layout reader needs.

pypdfium2 (PDFium) gives each character of a page with its origin (baseline point) and font
size; this module groups them into `PdfLine`s, one per run of text on one baseline:

- a character belongs to the current line when its baseline is within 0.6 of the larger font
  size of the line's baseline and it does not jump back left; otherwise a new line starts;
- within a line, a horizontal jump of more than `COLUMN_GAP` font sizes between two
  characters starts a new segment (masthead columns, a paragraph number set off by a tab);
  segments of one line share its `row`;
- a digit or asterisk printed smaller than the line's body size and raised above its baseline is
  a footnote marker: it is kept out of `text` and recorded in `markers` at its offset;
- italics come from the font (PDF italic flag, "Italic"/"Oblique" in its name), asked once per
  word.

Cost: O(characters) with three PDFium calls per printed character (origin, size, and the text
object at each word start), about 2.5 µs per character on the development machine.
"""

from __future__ import annotations

import ctypes
from collections import Counter
from dataclasses import dataclass

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from app.core.errors import TooLarge

__all__ = ["PdfLine", "page_lines"]

COLUMN_GAP = 2.0  # font sizes between two characters of one line that make a new segment
SPACE_GAP = 0.1  # font sizes between two characters that stand for a space (a tab, no char)
SAME_LINE = 0.5  # share of the smaller box height two characters of one line overlap by
SUPERSCRIPT_SIZE = 0.85  # a marker is printed at most this share of the line's body size
SUPERSCRIPT_RISE = 0.12  # ...and raised by at least this share of it above the baseline
_MARKER_CHARS = frozenset("0123456789*")
_LINE_END_HYPHEN = "\ufffe"  # PDFium's stand-in for a hyphen that ends a line
_ITALIC_FLAG = 0x40  # PDF font descriptor flag bit 7: Italic


@dataclass(frozen=True, slots=True)
class PdfLine:
    """One segment of one printed line on one page.

    `top` is the baseline's distance from the top of the page and `x0`/`x1` where the text
    starts and (about) ends, all in points; `size` the most common font size of its characters;
    `italics` half-open ranges into `text`; `markers` (offset into `text`, marker) pairs.
    """

    page: int
    row: int
    text: str
    x0: float
    x1: float
    top: float
    size: float
    italics: tuple[tuple[int, int], ...] = ()
    markers: tuple[tuple[int, str], ...] = ()


@dataclass(slots=True)
class _Char:
    ch: str
    x: float
    right: float
    top: float  # the bottom of its box, from the top of the page (points)
    ceiling: float  # the top of its box, from the top of the page
    size: float
    italic: bool
    space_before: bool = False
    inside: bool = False  # continues a word: no space or column can open before it


def page_lines(page: pdfium.PdfPage, index: int, first_row: int, max_chars: int) -> list[PdfLine]:
    """The page's lines (segments) in the order PDFium reads them; rows numbered from first_row.

    Raises TooLarge when the page holds more than `max_chars` characters, before reading them.
    """
    height = page.get_height()
    textpage = page.get_textpage()
    try:
        if textpage.count_chars() > max_chars:
            raise TooLarge(
                "The PDF holds more text than any resolution: a page of it has "
                f"{textpage.count_chars():,} characters."
            )
        chars = _chars(textpage, height)
    finally:
        textpage.close()
    lines: list[PdfLine] = []
    row = first_row
    for run in _rows(chars):
        for segment in _segments(run):
            lines.append(_line(segment, index, row))
        row += 1
    return lines


def _chars(textpage: pdfium.PdfTextPage, height: float) -> list[_Char]:
    """Every printed character of a text page with its baseline, size and style."""
    handle = textpage.raw
    count = textpage.count_chars()
    text = textpage.get_text_range(0, count) if count else ""
    box = pdfium_c.FS_RECTF()
    fonts = _Fonts()
    chars: list[_Char] = []
    italic, space, size, height_before = False, True, 0.0, -1.0
    get_box, get_size = pdfium_c.FPDFText_GetLooseCharBox, pdfium_c.FPDFText_GetFontSize
    text = text[:count]
    following = text[1:] + " "
    for k, ch in enumerate(text):
        if ch.isspace():
            space = True
            continue
        before = chars[-1] if chars else None
        inside = not space and before is not None and ch.isalnum() and before.ch.isalnum()
        nxt = following[k]
        if (
            inside
            and before
            and nxt.isalnum()
            and ch not in _MARKER_CHARS
            and nxt not in _MARKER_CHARS
        ):
            # a letter inside a word prints where the letters around it say: not asked
            x = before.right
            chars.append(_Char(ch, x, x, before.top, before.ceiling, size, italic, False, True))
            continue
        get_box(handle, k, box)
        if not inside:
            italic = fonts.italic(handle, k)  # per word, and for punctuation
        box_height = box.top - box.bottom
        if not inside or box_height != height_before or ch in _MARKER_CHARS:
            size, height_before = get_size(handle, k), box_height  # asked when it may change
        ch = "-" if ch == _LINE_END_HYPHEN else ch
        top, ceiling = height - box.bottom, height - box.top
        chars.append(_Char(ch, box.left, box.right, top, ceiling, size, italic, space, inside))
        space = False
    return chars


class _Fonts:
    """Which fonts are italic: PDF italic flag, or "Italic"/"Oblique" in the font's name."""

    def __init__(self) -> None:
        self._name = ctypes.create_string_buffer(96)
        self._flags = ctypes.c_int()
        self._known: dict[tuple[bytes, int], bool] = {}

    def italic(self, handle: pdfium_c.FPDF_TEXTPAGE, k: int) -> bool:
        """Whether character k of a text page is set in an italic font."""
        pdfium_c.FPDFText_GetFontInfo(handle, k, self._name, 96, ctypes.byref(self._flags))
        key = (self._name.value, self._flags.value)
        known = self._known.get(key)
        if known is None:
            named = any(word in key[0].lower() for word in (b"italic", b"oblique"))
            known = self._known[key] = named or bool(key[1] & _ITALIC_FLAG)
        return known


def _rows(chars: list[_Char]) -> list[list[_Char]]:
    """Characters grouped into printed lines, superscripts included, in reading order.

    A character joins the current line when its box overlaps the line's vertically by at least
    `SAME_LINE` of the smaller height and it does not jump back left; the line's box is that of
    its largest character so far.
    """
    rows: list[list[_Char]] = []
    current: list[_Char] = []
    ceiling = bottom = size = 0.0
    for char in chars:
        if current and (char.top != current[-1].top or char.ceiling != current[-1].ceiling):
            overlap = min(bottom, char.top) - max(ceiling, char.ceiling)
            height = min(bottom - ceiling, char.top - char.ceiling)
            if overlap < SAME_LINE * height or char.x < current[-1].x - char.size:
                rows.append(current)
                current = []
        elif current and char.x < current[-1].x - char.size:
            rows.append(current)
            current = []
        if not current or char.size > size:
            ceiling, bottom, size = char.ceiling, char.top, char.size
        current.append(char)
    if current:
        rows.append(current)
    return rows


def _segments(row: list[_Char]) -> list[list[_Char]]:
    """A printed line cut where the text jumps right by more than `COLUMN_GAP` font sizes."""
    segments = [[row[0]]]
    right = row[0].right
    for char in row[1:]:
        if not char.inside and char.x - right > COLUMN_GAP * char.size:
            segments.append([char])
        else:
            segments[-1].append(char)
        right = char.right
    return segments


def _line(chars: list[_Char], page: int, row: int) -> PdfLine:
    """One segment as a line: text with spaces, body size, italics and superscript markers."""
    size = Counter(c.size for c in chars).most_common(1)[0][0]
    small = SUPERSCRIPT_SIZE * size
    body = [c for c in chars if c.size >= small]
    baseline = Counter(c.top for c in body).most_common(1)[0][0] if body else chars[0].top
    rise = SUPERSCRIPT_RISE * size
    text: list[str] = []
    italics: list[tuple[int, int]] = []
    markers: list[tuple[int, str]] = []
    right = chars[0].x  # where the previous character printed ends
    length = 0  # len("".join(text))
    raised = False  # the previous character was a marker
    italic_from = italic_to = -1
    for char in chars:
        if char.size < small and baseline - char.top > rise and char.ch in _MARKER_CHARS:
            if raised and markers[-1][0] == length:
                markers[-1] = (length, markers[-1][1] + char.ch)
            else:
                markers.append((length, char.ch))
            raised, right = True, char.right
            continue
        if length and (
            char.space_before or (not char.inside and char.x - right > SPACE_GAP * char.size)
        ):
            text.append(" ")
            length += 1
        if char.italic:
            italic_from = length if italic_from < 0 else italic_from
            italic_to = length + 1
        elif italic_from >= 0:
            italics.append((italic_from, italic_to))
            italic_from = -1
        text.append(char.ch)
        length += 1
        raised, right = False, char.right
    if italic_from >= 0:
        italics.append((italic_from, italic_to))
    return PdfLine(
        page,
        row,
        "".join(text),
        chars[0].x,
        chars[-1].right,
        baseline,
        size,
        tuple(italics),
        tuple(markers),
    )
