"""Word list numbering: the number Word displays in front of a paragraph ("5.", "(a)", "2.1.3").

The algorithm (ECMA-376 §17.9), run once per paragraph in document order:

1. Effective numPr. Direct `w:pPr/w:numPr` wins, field by field; otherwise the paragraph style
   and its `basedOn` chain (or the default paragraph style). A missing `ilvl` comes from the
   style, else from the `w:lvl` whose `w:pStyle` names the paragraph's style (or a style it is
   based on), else 0. `numId` 0 means "no number", even when a style carries one.
2. Definition. `w:num` points to a `w:abstractNum`; when that holds `w:numStyleLink`, the
   numbering style's numId leads to the abstract definition holding the matching
   `w:styleLink`, which has the levels.
3. Level. A `w:lvlOverride/w:lvl` of the num replaces the abstract level; the start value is
   the override's `w:startOverride`, else `w:lvl/w:start` (0 when absent, as the standard says).
4. Counting. Counters are kept per abstract definition (so two nums of one definition continue
   each other), nine levels each, None meaning "not used since the last reset". The first
   paragraph of a num that has `startOverride`s resets those levels to the override values.
   Using level L advances counter L (or starts it) and resets every deeper level d unless
   d's `w:lvlRestart` is 0 (never) or names a level shallower than L+1 (restarts only after
   that level). A higher level not used since its reset prints its start value minus one
   and stays unused ("0.1" under no level-0 paragraph): the standard is silent; this is how
   Word is reported to behave, not checked in Word. LibreOffice prints "1.1" and counts it.
5. Label. `%1`…`%9` in `w:lvlText` are replaced by counters 0…8, each formatted with its own
   level's `w:numFmt` (all as decimals when the current level has `w:isLgl`). A bullet level's
   label is its `lvlText` character; `none` prints nothing.

Cost: O(levels) per numbered paragraph; definitions are read once per document.
Unsupported number formats (Chinese counting, Hebrew, cardinal words…) print as decimals.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from lxml import etree

from app.core.parsing.docx_names import attr, int_attr, on_off, w
from app.core.parsing.docx_styles import StyleSheet

LEVELS = 9
MAX_LINKS = 8  # numStyleLink hops followed before giving up
_PLACEHOLDER = re.compile(r"%([1-9])")
# Symbol and Wingdings bullets live in the Private Use Area; show them as their Unicode look-alike.
_BULLET_GLYPHS = {"\uf0b7": "•", "\uf0a7": "▪", "\uf0d8": "➢", "\uf0fc": "✓", "\uf076": "❖"}


@dataclass(frozen=True, slots=True)
class Level:
    """One `w:lvl`: start value, number format, label pattern, restart rule, legal flag."""

    start: int = 0
    fmt: str = "decimal"
    text: str = ""
    restart: int | None = None
    is_legal: bool = False
    style_id: str | None = None


@dataclass(slots=True)
class _Abstract:
    levels: dict[int, Level]
    num_style_link: str | None = None
    style_link: str | None = None


@dataclass(slots=True)
class _Num:
    abstract_id: int
    start_overrides: dict[int, int] = field(default_factory=dict)
    levels: dict[int, Level] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class ListLabel:
    """A computed list label and the level (ilvl) it sits at."""

    text: str
    level: int


def _read_level(el: etree._Element) -> Level:
    return Level(
        start=int_attr(el.find(w("start"))) or 0,
        fmt=attr(el.find(w("numFmt"))) or "decimal",
        text=attr(el.find(w("lvlText"))) or "",
        restart=int_attr(el.find(w("lvlRestart"))),
        is_legal=bool(on_off(el.find(w("isLgl")))),
        style_id=attr(el.find(w("pStyle"))),
    )


def _levels(parent: etree._Element) -> dict[int, Level]:
    return {int_attr(el, w("ilvl")) or 0: _read_level(el) for el in parent.iterfind(w("lvl"))}


class ListNumbering:
    """The numbering part of one document plus the running counters of its lists."""

    def __init__(self, root: etree._Element | None, styles: StyleSheet) -> None:
        self._styles = styles
        self._abstracts: dict[int, _Abstract] = {}
        self._nums: dict[int, _Num] = {}
        self._counters: dict[int, list[int | None]] = {}
        self._started: set[int] = set()
        if root is not None:
            self._read(root)

    def _read(self, root: etree._Element) -> None:
        for el in root.iterfind(w("abstractNum")):
            aid = int_attr(el, w("abstractNumId"))
            if aid is not None:
                self._abstracts[aid] = _Abstract(
                    _levels(el),
                    attr(el.find(w("numStyleLink"))),
                    attr(el.find(w("styleLink"))),
                )
        for el in root.iterfind(w("num")):
            nid, aid = int_attr(el, w("numId")), int_attr(el.find(w("abstractNumId")))
            if nid is None or aid is None:
                continue
            num = _Num(aid)
            for over in el.iterfind(w("lvlOverride")):
                ilvl = int_attr(over, w("ilvl")) or 0
                start = int_attr(over.find(w("startOverride")))
                if start is not None:
                    num.start_overrides[ilvl] = start
                lvl = over.find(w("lvl"))
                if lvl is not None:
                    num.levels[ilvl] = _read_level(lvl)
            self._nums[nid] = num

    def _abstract_of(self, num_id: int) -> tuple[int, _Abstract] | None:
        """The abstract definition holding the levels, following numStyleLink."""
        num = self._nums.get(num_id)
        for _ in range(MAX_LINKS):
            if num is None or num.abstract_id not in self._abstracts:
                return None
            aid, abstract = num.abstract_id, self._abstracts[num.abstract_id]
            link = abstract.num_style_link
            if link is None or abstract.levels:
                return aid, abstract
            linked = next(
                ((i, a) for i, a in self._abstracts.items() if a.style_link == link and a.levels),
                None,
            )
            if linked is not None:
                return linked
            num = self._nums.get(self._styles.numbering_styles.get(link, -1))
        return None

    def label_paragraph(self, p_pr: etree._Element | None) -> ListLabel | None:
        """Advance the counters for one paragraph (its `w:pPr`) and return its label, if any."""
        direct = p_pr.find(w("numPr")) if p_pr is not None else None
        style_id = attr(p_pr.find(w("pStyle"))) if p_pr is not None else None
        num_id = int_attr(direct.find(w("numId"))) if direct is not None else None
        ilvl = int_attr(direct.find(w("ilvl"))) if direct is not None else None
        if num_id is None and ilvl is None and not self._styles.paragraph:
            return None
        from_style = self._styles.numbering_of(style_id)
        if num_id is None and from_style is not None:
            num_id = from_style.num_id
        if not num_id:
            return None
        found = self._abstract_of(num_id)
        if found is None:
            return None
        key, abstract = found
        if ilvl is None and from_style is not None:
            ilvl = from_style.ilvl
        if ilvl is None:
            ilvl = self._level_of_style(abstract, style_id)
        ilvl = min(max(ilvl, 0), LEVELS - 1)
        return self._advance(num_id, key, abstract, ilvl)

    def _level_of_style(self, abstract: _Abstract, style_id: str | None) -> int:
        for sid in self._styles.chain_ids(style_id):
            for ilvl, level in abstract.levels.items():
                if level.style_id == sid:
                    return ilvl
        return 0

    def _advance(self, num_id: int, key: int, abstract: _Abstract, ilvl: int) -> ListLabel | None:
        num = self._nums[num_id]
        levels = [num.levels.get(i) or abstract.levels.get(i) for i in range(LEVELS)]
        current = levels[ilvl]
        if current is None:
            return None
        counters = self._counters.setdefault(key, [None] * LEVELS)
        if num_id not in self._started:
            self._started.add(num_id)
            for over in num.start_overrides:
                if 0 <= over < LEVELS:
                    counters[over] = None

        def start(i: int) -> int:
            lvl = levels[i]
            return num.start_overrides.get(i, lvl.start if lvl else 0)

        value = counters[ilvl]
        counters[ilvl] = start(ilvl) if value is None else value + 1
        for deeper in range(ilvl + 1, LEVELS):
            below = levels[deeper]
            rule = below.restart if below is not None else None
            if rule is None or (rule != 0 and ilvl < rule):
                counters[deeper] = None
        if current.fmt == "bullet":
            return ListLabel(_BULLET_GLYPHS.get(current.text, current.text), ilvl)

        def substitute(match: re.Match[str]) -> str:
            i = int(match.group(1)) - 1
            lvl = levels[i]
            count = counters[i]
            number = count if count is not None else start(i) - (1 if i < ilvl else 0)
            fmt = "decimal" if current.is_legal else (lvl.fmt if lvl else "decimal")
            return format_number(number, fmt)

        return ListLabel(_PLACEHOLDER.sub(substitute, current.text), ilvl)


_ROMAN = (
    (1000, "m"),
    (900, "cm"),
    (500, "d"),
    (400, "cd"),
    (100, "c"),
    (90, "xc"),
    (50, "l"),
    (40, "xl"),
    (10, "x"),
    (9, "ix"),
    (5, "v"),
    (4, "iv"),
    (1, "i"),
)


def roman(value: int) -> str:
    """A positive number in lower-case Roman numerals ("iv"); other values as decimals."""
    if value <= 0:
        return str(value)
    out = []
    for size, letters in _ROMAN:
        count, value = divmod(value, size)
        out.append(letters * count)
    return "".join(out)


def letters(value: int) -> str:
    """A positive number as Word's list letters: a…z, then aa, bb…zz, then aaa…"""
    if value <= 0:
        return str(value)
    return chr(ord("a") + (value - 1) % 26) * ((value - 1) // 26 + 1)


def ordinal(value: int) -> str:
    """An English ordinal: 1st, 2nd, 3rd, 4th, 11th, 21st."""
    suffix = "th" if value % 100 in (11, 12, 13) else {1: "st", 2: "nd", 3: "rd"}.get(value % 10)
    return f"{value}{suffix or 'th'}"


def format_number(value: int, fmt: str) -> str:
    """One counter in a `w:numFmt`; unsupported formats fall back to decimal."""
    if fmt == "none":
        return ""
    if fmt == "decimalZero":
        return f"{value:02d}" if 0 <= value < 10 else str(value)
    if fmt in ("lowerLetter", "upperLetter"):
        text = letters(value)
        return text.upper() if fmt == "upperLetter" else text
    if fmt in ("lowerRoman", "upperRoman"):
        text = roman(value)
        return text.upper() if fmt == "upperRoman" else text
    if fmt == "ordinal":
        return ordinal(value)
    if fmt == "decimalEnclosedParen":
        return f"({value})"
    if fmt == "decimalEnclosedCircle" and 1 <= value <= 20:
        return chr(0x2460 + value - 1)
    if fmt == "decimalFullWidth":
        return "".join(chr(0xFF10 + int(d)) if d.isdigit() else d for d in str(value))
    return str(value)
