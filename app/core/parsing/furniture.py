"""Page furniture of UN documents: the lines a reader drops, shared by the PDF and text readers.

What the UN document system prints around a text, and how each is recognised (whole line):

- job numbers with their date code: New York's "25-16006 (E)    091025", "25-16006" alone on
  pages after the first, Geneva's "GE.24-05012(E)" or "GE.24-05012";
- barcodes as printed under the job number: "*2516006*";
- page numbers: "2/9", "2", "- 2 -", "Page 2 of 9";
- "Please recycle" (and the French and Spanish lines) at the foot of the first page;
- the footnote separator: a rule of five or more underscores or dashes.

Running headers (the symbol, the short title of a resolution) are furniture by repetition, not
by pattern: `running_lines` finds the lines printed at the top of two pages or more.

Text copied out of a PDF has no positions, only lines; `copied_pages` finds the page headers
and the footnotes in it (see its docstring).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

__all__ = [
    "CopiedPages",
    "copied_pages",
    "footnote_start",
    "is_footnote_separator",
    "is_furniture",
    "is_job_number",
    "is_symbol",
    "running_lines",
]

_JOB = r"(?:GE\.\d{2}-\d{5}\s*(?:\([A-Z]\))?|\d{2}-\d{5}(?:\s*\([A-Z]\))?)"
_FURNITURE = re.compile(
    rf"^(?:(?:\d{{1,3}}\s+)?{_JOB}(?:\s+\d{{6}})?(?:\s+\d{{1,3}})?|\*\d{{6,}}\*|\d{{1,3}}|"
    r"\d{1,3}\s*/\s*\d{1,3}|-\s*\d{1,3}\s*-|(?:Page|Página)\s+\d+(?:\s+(?:of|de|sur)\s+\d+)?|"
    r"Please recycle|Merci de recycler|Sírvase reciclar)$",
    re.I,
)
_JOB_NUMBER = re.compile(rf"^{_JOB}(?:\s+\d{{6}})?$")
_SEPARATOR = re.compile(r"^[_\-–—]{5,}$")
_DIGITS = re.compile(r"\d+")
_PAGE_OF = re.compile(r"^\d{1,3}\s*/\s*\d{1,3}$")  # "2/5": the anchor of a page header
_SYMBOL = re.compile(r"^[A-Z][A-Za-z]{0,4}(?:/[A-Za-z0-9.\-]+)+$")
_NOTE_START = re.compile(r"^(\d{1,3}|\*{1,3})\s+(\S.*)$")
HEADER_REACH = 4  # non-blank lines on each side of a page number that a page header may hold


def is_furniture(line: str) -> bool:
    """Whether a whole line is page furniture: job number, barcode, page number, recycling."""
    return bool(_FURNITURE.match(line.strip()))


def is_symbol(line: str) -> bool:
    """Whether a line is a UN document symbol alone ("A/HRC/58/L.22", "A/C.3/80/L.30")."""
    text = line.strip()
    return bool(_SYMBOL.match(text)) and any(c.isdigit() for c in text)


def is_job_number(line: str) -> bool:
    """Whether a line is a job number alone ("25-16006", "GE.24-05012(E)", with a date code)."""
    return bool(_JOB_NUMBER.match(line.strip()))


def is_footnote_separator(line: str) -> bool:
    """Whether a line is the rule that opens the footnotes at the foot of a page."""
    return bool(_SEPARATOR.match(line.strip()))


def running_lines(page_tops: Sequence[Sequence[str]], *, at_least: int = 2) -> frozenset[str]:
    """Lines printed at the top of `at_least` pages: running headers (digits count as equal).

    `page_tops` holds the first few lines of each page; a line is compared with its digits
    replaced, so "A/80/L.4 2/5" and "A/80/L.4 3/5" repeat. O(total lines).
    """
    counts: Counter[str] = Counter()
    for lines in page_tops:
        counts.update({_shape(line) for line in lines if line.strip()})
    return frozenset(shape for shape, n in counts.items() if n >= at_least)


def repeats(line: str, running: frozenset[str]) -> bool:
    """Whether `line` is one of the running lines `running_lines` found."""
    return _shape(line) in running


def _shape(line: str) -> str:
    """A line with whitespace collapsed and every number as "#"."""
    return _DIGITS.sub("#", " ".join(line.split()))


@dataclass(frozen=True, slots=True)
class CopiedPages:
    """What `copied_pages` found: page-header line indices, and footnote lines in order."""

    headers: frozenset[int]
    notes: tuple[int, ...]


def copied_pages(lines: Sequence[str], title_lines: frozenset[str]) -> CopiedPages:
    """Page headers and footnote areas in text copied out of a UN PDF, by line index.

    A page header is anchored on its page number ("2/5") and reaches over the neighbouring
    lines (`HEADER_REACH` non-blank lines each way, stopping at the first line that is not a
    header's) that are furniture, a symbol, a line found near two page numbers or more (the
    short title: three letters at least, so that paragraph numbers "2." and "8." at the top of
    two pages stay, and not opening like a footnote, as "12 Resolution 70/175, annex." and
    "17 Resolution 48/134, annex." would repeat), or a line of `title_lines` (the first page's
    title, repeated in a resolution's header). A footnote area runs from a rule of underscores,
    or from a "* ..." line just above a page header, to the next page header. O(lines).
    """
    anchors = [i for i, line in enumerate(lines) if _PAGE_OF.match(line.strip())]
    near = [_neighbours(lines, i) for i in anchors]
    running = running_lines([[lines[j] for j in around] for around in near])
    headers: set[int] = set()
    for anchor, around in zip(anchors, near, strict=True):
        headers.add(anchor)
        for side in (
            [j for j in around if j < anchor][::-1],
            [j for j in around if j > anchor],
        ):
            for j in side:
                text = lines[j].strip()
                if not (
                    is_furniture(text)
                    or is_symbol(text)
                    or (_repeated_words(text, running) and not _NOTE_START.match(text))
                    or " ".join(text.split()) in title_lines
                ):
                    break
                headers.add(j)
    return CopiedPages(frozenset(headers), tuple(_footnote_lines(lines, headers)))


def _repeated_words(text: str, running: frozenset[str]) -> bool:
    """Whether a line of three letters or more repeats near page numbers (a short title)."""
    return sum(c.isalpha() for c in text) >= 3 and repeats(text, running)


def _neighbours(lines: Sequence[str], anchor: int) -> list[int]:
    """The `HEADER_REACH` nearest non-blank lines on each side of a line."""
    found: list[int] = []
    for step in (-1, 1):
        j, taken = anchor + step, 0
        while 0 <= j < len(lines) and taken < HEADER_REACH:
            if lines[j].strip():
                found.append(j)
                taken += 1
            j += step
    return sorted(found)


def _footnote_lines(lines: Sequence[str], headers: set[int]) -> list[int]:
    """The lines of footnote areas: after a rule, or a "* ..." line, up to a page header."""
    notes: list[int] = []
    inside = False
    for i, line in enumerate(lines):
        text = line.strip()
        if i in headers:
            inside = False
        elif is_footnote_separator(text):
            inside = True
        elif not inside and text.startswith("*") and _NOTE_START.match(text):
            following = next((j for j in range(i + 1, len(lines)) if lines[j].strip()), None)
            inside = following is None or following in headers
        if inside and text and not is_footnote_separator(text):
            notes.append(i)
    return notes


def footnote_start(line: str) -> tuple[str, str] | None:
    """A footnote line's (marker, text) when it opens a footnote ("1  Resolution 70/1.")."""
    match = _NOTE_START.match(line.strip())
    return (match.group(1), match.group(2)) if match else None
