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
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence

__all__ = [
    "is_footnote_separator",
    "is_furniture",
    "is_job_number",
    "running_lines",
    "strip_job_number",
]

_JOB = r"(?:GE\.\d{2}-\d{5}\s*(?:\([A-Z]\))?|\d{2}-\d{5}(?:\s*\([A-Z]\))?)"
_FURNITURE = re.compile(
    rf"^(?:(?:\d{{1,3}}\s+)?{_JOB}(?:\s+\d{{6}})?(?:\s+\d{{1,3}})?|\*\d{{6,}}\*|\d{{1,3}}|"
    r"\d{1,3}\s*/\s*\d{1,3}|-\s*\d{1,3}\s*-|(?:Page|Página)\s+\d+(?:\s+(?:of|de|sur)\s+\d+)?|"
    r"Please recycle|Merci de recycler|Sírvase reciclar)$",
    re.I,
)
_JOB_NUMBER = re.compile(rf"^{_JOB}(?:\s+\d{{6}})?$")
_TRAILING_JOB = re.compile(rf"\s+{_JOB}(?:\s+\d{{6}})?$")
_SEPARATOR = re.compile(r"^[_\-–—]{5,}$")
_DIGITS = re.compile(r"\d+")


def is_furniture(line: str) -> bool:
    """Whether a whole line is page furniture: job number, barcode, page number, recycling."""
    return bool(_FURNITURE.match(line.strip()))


def is_job_number(line: str) -> bool:
    """Whether a line is a job number alone ("25-16006", "GE.24-05012(E)", with a date code)."""
    return bool(_JOB_NUMBER.match(line.strip()))


def strip_job_number(line: str) -> str:
    """The line without a job number glued to its end by text extraction ("... of 25-16006")."""
    return _TRAILING_JOB.sub("", line)


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
