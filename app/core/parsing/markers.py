"""Footnote markers in plain text: where the number that calls footnote N sits.

Text copied out of a PDF loses the raised position of a footnote marker; what is left is a
number glued to the text ("Rights,1", "Declaration2", "Rights.3") or set off by spaces ("Iran 4
and", "Development" then "1  and" on the next line), and sometimes glued to a year
("2014–20243": 2024, then marker 3). `find_marker` looks for footnote N's marker between the
previous marker and the footnote's own line; real numbers are not markers: a marker is never
preceded by a digit, "/" or "-", "Rev.1" and "L.22" are abbreviations, "resolution 5" and
"paragraph 5" take their number.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from app.core.script import is_spaceless

__all__ = ["find_marker"]

_SUPERSCRIPT_DIGITS = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")
_ABBREVIATIONS = frozenset(
    re.findall(
        r"\w+", "rev add corr supp suppl para paras chap sect vol no nos art arts p pp annex"
    )
)


def find_marker(
    texts: Sequence[str | None],
    number: str,
    start: tuple[int, int],
    stop: int,
    *,
    spaced: bool = False,
) -> tuple[int, int, int] | None:
    """(row, begin, end) of the first marker `number` in `texts` from `start` (row, column) to
    row `stop`: glued to a word or punctuation, or with `spaced`, glued to a year or set off by
    spaces after a word. Rows that are None (not text) are skipped. O(characters searched).
    """
    superscript = number.translate(_SUPERSCRIPT_DIGITS)
    pattern = re.compile(rf"(?<!\d)(?:{number}|{superscript})(?![\d\w/])")
    glued_to_year = re.compile(rf"(?<!\d)(?:19|20)\d\d({number})(?![\d\w/])")
    before = ""
    for row in range(start[0], stop):
        text = texts[row]
        if text is None:
            continue
        from_col = start[1] if row == start[0] else 0
        if spaced:
            for match in glued_to_year.finditer(text, from_col):
                return row, match.start(1), match.end(1)  # "2014–20243": 2024, marker 3
        for match in pattern.finditer(text, from_col):
            at = match.start()
            if spaced and _is_set_off(f"{before} {text[:at]}", text[match.end() :]):
                return row, at, match.end()
            if not spaced and _is_glued(text, at, superscript == match.group()):
                return row, at, match.end()
        before = text
    return None


# Words a number follows as part of the text, never as a footnote marker ("resolution 5").
_TAKES_A_NUMBER = frozenset(
    re.findall(
        r"\w+",
        "resolution resolutions decision decisions paragraph paragraphs para paras article "
        "articles annex chapter chap section sect part no nos vol volume page pages p pp item "
        "items rule rules goal goals target targets principle recommendation "
        "recommendations protocol session phase step level of and or to on in from between over "
        "under about some with the than by at for per nearly only all",
    )
)


def _is_set_off(before: str, after: str) -> bool:
    """Whether a number between `before` and `after` is a marker set off by spaces.

    It follows, after a space, a word of two letters or more that takes no number ("Iran 4"),
    maybe closed by punctuation ("Principles), 17"), and is followed by a space or ends the line.
    """
    if not before.endswith(" ") or (after and not after[0].isspace()):
        return False
    word = re.search(r"([^\W\d_]+)[.,;:)”’\"]{0,2}\s+$", before)
    if word is None:
        return False
    return len(word.group(1)) >= 2 and word.group(1).lower() not in _TAKES_A_NUMBER


def _is_glued(text: str, at: int, superscript: bool) -> bool:
    """Whether the digits at `at` are a footnote marker glued to the word or mark before them.

    Glued means: right after a word of two or more letters that is not all capitals
    ("Declaration2", not "G20" or "CO2"), or after closing punctuation (",", ")", quotes), or
    after a full stop that ends a word rather than an abbreviation ("Rights.3", not "Rev.1").
    """
    if superscript:
        return at > 0
    if at == 0:
        return False
    before = text[at - 1]
    word = re.search(r"[^\W\d_]+$", text[:at])
    if word:
        letters = word.group()
        return is_spaceless(letters[-1]) or (len(letters) >= 2 and not letters.isupper())
    if before in ",;:)]”’\"'»》」』）】〉，；：":
        return True
    if before == ".":
        found = re.search(r"([^\W\d_]+)\.$", text[:at])
        word_before = found.group(1) if found else ""
        return (
            len(word_before) >= 4
            and word_before.lower() not in _ABBREVIATIONS
            and not word_before.isupper()
        )
    return False
