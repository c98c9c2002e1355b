"""Editorial or substantive, and which way a swapped lead verb moved.

**Nature.** A hunk is `editorial` when its deleted and inserted texts are the same once case,
punctuation, spacing, quotation marks and footnote numbering are set aside ("States parties" →
"States Parties", "“foreign agent”" → "\"foreign agent\"", "law,¹" → "law,²"); any other hunk
is `substantive`. A change is editorial when it has hunks and all of them are editorial, or
when nothing changed at all (`unchanged`); added, deleted and moved paragraphs are substantive.
Footnote numbering means superscript digits and bracketed numbers ("[3]") only: a plain digit
can be a date or an article and is never set aside.

**Shift.** A hunk that swaps one lead for another ("encourages" → "urges") carries a `Shift`
when both leads stand on one scale of `app/data/lead_verbs.json` (weakest first; the file says
where the ordering comes from). The hunk must start within the paragraph's lead: only the
adverbs of `LEAD_PREFIXES` ("Also", "Further", …) may stand before it. Cost: O(length of the
two texts) per hunk; the scales are read once.
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from importlib import resources

from app.core.script import word_tokens
from app.core.vocabulary import ChangeKind, Nature, ShiftDirection

LEAD_PREFIXES = frozenset({"also", "further", "once", "again", "furthermore", "moreover"})
"""Words that may precede a lead verb ("Also urges", "Further encourages")."""

_FOOTNOTE = re.compile(r"\[\d+\]|[\u00b9\u00b2\u00b3\u2070-\u2079]+")
_QUOTES = str.maketrans({c: None for c in "\"'‘’“”«»„‚‹›`´"})


@dataclass(frozen=True, slots=True)
class Shift:
    """A lead verb swapped for another on one scale: from, to, and which way it went."""

    from_lead: str
    to_lead: str
    direction: ShiftDirection


def _skeleton(text: str) -> str:
    """The words of `text`, casefolded, without punctuation, spaces, quotes or footnote marks."""
    plain = unicodedata.normalize("NFKC", _FOOTNOTE.sub(" ", text)).translate(_QUOTES)
    return " ".join(word_tokens(plain))


def hunk_nature(delete: str, insert: str) -> Nature:
    """`editorial` when the two texts differ only in case, punctuation, spacing, quotes or
    footnote numbering; else `substantive`."""
    if _skeleton(delete) == _skeleton(insert):
        return Nature.EDITORIAL
    return Nature.SUBSTANTIVE


def change_nature(kind: ChangeKind, moved: bool, hunk_natures: list[Nature]) -> Nature:
    """A change's nature from its kind and its hunks' natures (see the module docstring)."""
    if kind in (ChangeKind.ADDED, ChangeKind.DELETED) or moved:
        return Nature.SUBSTANTIVE
    if all(n == Nature.EDITORIAL for n in hunk_natures):
        return Nature.EDITORIAL
    return Nature.SUBSTANTIVE


@cache
def _scales() -> tuple[dict[str, int], ...]:
    """Each scale of the data file as {casefolded phrase: rank}."""
    raw = resources.files("app.data").joinpath("lead_verbs.json").read_text(encoding="utf-8")
    return tuple(
        {
            " ".join(word_tokens(phrase)): rank
            for rank, step in enumerate(scale["steps"])
            for phrase in step
        }
        for scale in json.loads(raw)["scales"]
    )


def _lead_phrase(words: list[str], scale: dict[str, int]) -> str | None:
    """The longest phrase of `scale` that `words` start with (after lead prefixes), or None."""
    while words and words[0] in LEAD_PREFIXES:
        words = words[1:]
    for length in range(min(len(words), 5), 0, -1):
        phrase = " ".join(words[:length])
        if phrase in scale:
            return phrase
    return None


def lead_shift(old_text: str, old_start: int, old_end: int, insert: str) -> Shift | None:
    """The shift of a hunk (`old_start`:`old_end` of `old_text` became `insert`) that swaps the
    paragraph's lead for another on one scale, or None."""
    before = word_tokens(old_text[:old_start])
    if any(w not in LEAD_PREFIXES for w in before) or old_start == old_end or not insert.strip():
        return None
    old_words = word_tokens(old_text[old_start:])
    new_words = word_tokens(insert + old_text[old_end:])
    for scale in _scales():
        was, now = _lead_phrase(old_words, scale), _lead_phrase(new_words, scale)
        if was is None or now is None or scale[was] == scale[now]:
            continue
        direction = ShiftDirection.STRONGER if scale[now] > scale[was] else ShiftDirection.WEAKER
        return Shift(was, now, direction)
    return None
