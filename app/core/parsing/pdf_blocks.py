"""A PDF's body lines cut into the blocks `structure_draft` labels, by layout.

Lines before the enacting formula (the masthead, sponsors and title) keep their columns apart and
start a new block at every masthead fact printed alone, at every column and at every vertical
gap wider than `PARAGRAPH_GAP` line pitches. After the formula the segments of a printed line are
one line, and a line starts a new block when

- it is indented from the page's left margin by more than `INDENT` font sizes (the first line of
  a preambular or operative paragraph) - but not when it continues a heading wrapped at the same
  indent;
- it follows a gap wider than `PARAGRAPH_GAP` line pitches on the same page;
- it opens with a printed number ("5.", "(a)") after a line that ends a sentence, or is a
  closing line ("49th meeting").

Otherwise it continues the block before it, across page breaks too: a line at the margin at the
top of a page goes on with the paragraph the page before left unfinished. Lines are joined by
`line_separator`; italics and footnote markers move with their characters.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from itertools import pairwise

from app.core.model import Footnote
from app.core.parsing.lines import ENDS_SENTENCE, PRINTED_NUMBER, line_separator
from app.core.parsing.masthead import is_enacting_formula, stands_alone
from app.core.parsing.pdf_lines import PdfLine
from app.core.parsing.structure import Block

__all__ = ["body_blocks"]

INDENT = 0.6  # font sizes right of the left margin from which a line is indented
PARAGRAPH_GAP = 1.35  # line pitches between two baselines from which a gap opens a block
_RESOLUTION_NUMBER = re.compile(r"^\d+/\d+\.$")  # "58/14." set off from the title by a tab


@dataclass(slots=True)
class _Text:
    """Text being assembled with its italic ranges and (offset, marker) pairs."""

    text: str = ""
    italics: list[tuple[int, int]] = field(default_factory=list)
    markers: list[tuple[int, str]] = field(default_factory=list)

    def add(self, line: PdfLine, separator: str) -> None:
        """Append a line after `separator`, shifting its ranges."""
        shift = len(self.text) + len(separator) if self.text else 0
        self.text = f"{self.text}{separator}{line.text}" if self.text else line.text
        self.italics.extend((s + shift, e + shift) for s, e in line.italics)
        self.markers.extend((at + shift, marker) for at, marker in line.markers)


def body_blocks(lines: Sequence[PdfLine], notes: dict[str, str], body_size: float) -> list[Block]:
    """The blocks of a PDF's body lines; `notes` are the footnotes' texts by marker."""
    formula_at = next((i for i, line in enumerate(lines) if is_enacting_formula(line.text)), None)
    header = list(lines[:formula_at]) if formula_at is not None else []
    rows = _rows(lines[formula_at:] if formula_at is not None else lines)
    margins = _margins(rows, body_size)
    pitch = _pitch(rows, body_size)
    groups = _header_groups(header, pitch)
    body_start = len(groups)
    previous: PdfLine | None = None
    for row in rows:
        if previous is None or _starts_block(previous, row, margins, pitch, body_size):
            groups.append([])
        if previous is not None and is_enacting_formula(previous.text) and groups[-1]:
            groups.append([])
        groups[-1].append(row)
        previous = row
    return [_block(group, notes, numbered=i >= body_start) for i, group in enumerate(groups)]


def _rows(lines: Sequence[PdfLine]) -> list[PdfLine]:
    """The segments of each printed line joined into one line (a number and its text)."""
    rows: list[PdfLine] = []
    for line in lines:
        if rows and rows[-1].row == line.row and rows[-1].page == line.page:
            joined = _Text()
            last = rows[-1]
            joined.add(last, "")
            joined.add(line, " ")
            rows[-1] = PdfLine(
                last.page, last.row, joined.text, last.x0, line.x1, last.top, last.size,
                tuple(joined.italics), tuple(joined.markers),
            )  # fmt: skip
        else:
            rows.append(line)
    return rows


def _margins(rows: Sequence[PdfLine], body_size: float) -> dict[int, float]:
    """Each page's left margin: where most of its body-size lines start."""
    starts: dict[int, Counter[float]] = {}
    for row in rows:
        if abs(row.size - body_size) < 0.5:
            starts.setdefault(row.page, Counter())[round(row.x0)] += 1
    return {
        page: min(c for c, n in counts.items() if n == max(counts.values()))
        for page, counts in starts.items()
    }


def _pitch(rows: Sequence[PdfLine], body_size: float) -> float:
    """The usual distance between two baselines of one paragraph (points)."""
    steps: Counter[float] = Counter()
    for before, row in pairwise(rows):
        if row.page == before.page and row.top > before.top:
            steps[round(row.top - before.top, 0)] += 1
    return steps.most_common(1)[0][0] if steps else 1.2 * body_size


def _starts_block(
    previous: PdfLine, row: PdfLine, margins: dict[int, float], pitch: float, body_size: float
) -> bool:
    """Whether a body line opens a new block (see the module docstring)."""
    margin = margins.get(row.page, row.x0)
    indented = row.x0 > margin + INDENT * body_size
    same_page = row.page == previous.page
    ends = previous.text.rstrip().endswith(ENDS_SENTENCE)
    if same_page and row.top - previous.top > PARAGRAPH_GAP * pitch:
        return True
    if PRINTED_NUMBER.match(row.text) and (ends or indented):
        return True
    if stands_alone(row.text) or stands_alone(previous.text):
        return True
    if indented:
        margin_before = margins.get(previous.page, previous.x0)
        return ends or previous.x0 <= margin_before + INDENT * body_size
    return False


def _header_groups(lines: Sequence[PdfLine], pitch: float) -> list[list[PdfLine]]:
    """The header's lines grouped: facts alone, columns apart, gaps between blocks."""
    groups: list[list[PdfLine]] = []
    for line in lines:
        previous = groups[-1][-1] if groups else None
        new = (
            previous is None
            or stands_alone(line.text)
            or stands_alone(previous.text)
            or previous.page != line.page
            or (previous.row == line.row and not _RESOLUTION_NUMBER.match(previous.text))
            or abs(line.top - previous.top) > PARAGRAPH_GAP * pitch
            or previous.text.rstrip().endswith(("draft resolution", "]"))
        )
        if new:
            groups.append([])
        groups[-1].append(line)
    return groups


def _block(group: Sequence[PdfLine], notes: dict[str, str], *, numbered: bool) -> Block:
    """One block: lines joined, printed number split off, markers turned into footnotes."""
    text = _Text()
    for line in group:
        text.add(line, line_separator(text.text, line.text))
    body, italics, markers = text.text, text.italics, text.markers
    for at, marker in reversed(markers):  # a raised number without a footnote is text
        if marker not in notes:
            body = body[:at] + marker + body[at:]
            italics = [_shifted(r, at, len(marker)) for r in italics]
            markers = [
                (a + len(marker) if a > at else a, m) for a, m in markers if m != marker or a != at
            ]
    number = ""
    match = PRINTED_NUMBER.match(body) if numbered else None
    cut = match.end() if match else 0
    if match:
        number = match.group(1)
    footnotes = tuple(Footnote(m, notes[m], max(a - cut, 0)) for a, m in markers if m in notes)
    ranges = tuple((max(s - cut, 0), e - cut) for s, e in italics if e - cut > 0)
    return Block(body[cut:], number, None, ranges, footnotes)


def _shifted(span: tuple[int, int], at: int, by: int) -> tuple[int, int]:
    """A range after `by` characters were inserted at `at`."""
    start, end = span
    return (start + by if start >= at else start, end + by if end > at else end)
