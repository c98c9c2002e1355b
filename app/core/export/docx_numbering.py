"""Operative numbering as real Word list numbering, and the rule for numbers Word cannot print.

One abstract list numbers a resolution: level 0 "1.", level 1 "(a)", level 2 "(i)", level 3
"a.", level 4 "i."; each level restarts when a higher level is used (`lvlRestart` on level 1,
Word's default below), so (a) starts again under every operative paragraph.

Word cannot print "5 bis." or any number out of its sequence. `plan_numbering` walks the
paragraphs as Word would count them: a paragraph whose printed `number` is what Word's counter
would show next gets automatic numbering (`w:numPr`); any other number ("5 bis.", "(a bis)", a
jump from 4 to 7) is typed in front of the text followed by a tab, with no `w:numPr`, and is
not counted. Reading the file back therefore gives every paragraph its printed number, and a
paragraph inserted with automatic numbering costs one revision in a redline, not a renumbering.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from lxml import etree

from app.core.export.docx_text import element, w
from app.core.model import Paragraph
from app.core.parsing.docx_numbering import roman
from app.core.vocabulary import ParagraphKind

LEVELS: tuple[tuple[str, str], ...] = (
    ("decimal", "%1."),
    ("lowerLetter", "(%2)"),
    ("lowerRoman", "(%3)"),
    ("lowerLetter", "%4."),
    ("lowerRoman", "%5."),
)
"""Per list level (ilvl 0…4): Word's number format and level text."""

# Indents in twentieths of a point (567 = 1 cm): the text block starts 2 cm in; each level's
# number sits one more centimetre to the right on the first line.
BLOCK_LEFT = 1134
STEP = 567


def first_line_indent(ilvl: int) -> int:
    """The first-line indent (twips) of a paragraph numbered at list level `ilvl`."""
    return STEP * (ilvl + 1)


@dataclass(frozen=True, slots=True)
class NumberingChoice:
    """How one paragraph gets its number.

    `ilvl` is the list level (None: not a numbered kind); `auto` says Word's numbering prints
    the number; `typed` is the number typed as text when it does not ("5 bis."), else "".
    """

    ilvl: int | None = None
    auto: bool = False
    typed: str = ""


def list_level(paragraph: Paragraph) -> int | None:
    """The list level of a numbered kind of paragraph: 0 for operative, 1… for sub-paragraphs."""
    if paragraph.kind is ParagraphKind.OPERATIVE:
        return 0
    if paragraph.kind is ParagraphKind.SUBPARAGRAPH:
        return min(max(paragraph.level, 1), len(LEVELS) - 1)
    return None


def format_number(ilvl: int, value: int) -> str:
    """The label Word prints for counter `value` at list level `ilvl` ("5.", "(b)", "(iv)")."""
    fmt, text = LEVELS[ilvl]
    if fmt == "decimal":
        shown = str(value)
    elif fmt == "lowerLetter":
        shown = chr(ord("a") + (value - 1) % 26) * ((value - 1) // 26 + 1)
    else:
        shown = roman(value)
    return text.replace(f"%{ilvl + 1}", shown)


def plan_numbering(paragraphs: Sequence[Paragraph]) -> tuple[NumberingChoice, ...]:
    """For each paragraph, automatic or typed numbering, simulating Word's counters in order."""
    counters = [0] * len(LEVELS)
    plan: list[NumberingChoice] = []
    for paragraph in paragraphs:
        ilvl = list_level(paragraph)
        number = paragraph.number.strip()
        if ilvl is None or not number:
            plan.append(NumberingChoice(ilvl=ilvl, typed=number))
            continue
        if number == format_number(ilvl, counters[ilvl] + 1):
            counters[ilvl] += 1
            for deeper in range(ilvl + 1, len(counters)):
                counters[deeper] = 0
            plan.append(NumberingChoice(ilvl=ilvl, auto=True))
        else:
            plan.append(NumberingChoice(ilvl=ilvl, typed=number))
    return tuple(plan)


def add_resolution_list(numbering: etree._Element) -> int:
    """Add the resolution's abstract list and one instance to numbering.xml; its `numId`."""
    abstract_ids = [
        int(n.get(w("abstractNumId"), "0")) for n in numbering.iterfind(w("abstractNum"))
    ]
    num_ids = [int(n.get(w("numId"), "0")) for n in numbering.iterfind(w("num"))]
    abstract_id = str(max(abstract_ids, default=-1) + 1)
    num_id = max(num_ids, default=0) + 1
    abstract = element("abstractNum", abstractNumId=abstract_id)
    element("multiLevelType", abstract, val="multilevel")
    for ilvl, (fmt, text) in enumerate(LEVELS):
        lvl = element("lvl", abstract, ilvl=str(ilvl))
        element("start", lvl, val="1")
        element("numFmt", lvl, val=fmt)
        if ilvl == 1:
            element("lvlRestart", lvl, val="1")  # one-based: restart after every level-0 use
        element("lvlText", lvl, val=text)
        element("lvlJc", lvl, val="left")
        props = element("pPr", lvl)
        element("ind", props, left=str(BLOCK_LEFT), firstLine=str(first_line_indent(ilvl)))
        run_props = element("rPr", lvl)
        element("i", run_props, val="0")
    first_num = numbering.find(w("num"))
    if first_num is None:
        numbering.append(abstract)
    else:
        first_num.addprevious(abstract)
    num = element("num", numbering, numId=str(num_id))
    element("abstractNumId", num, val=abstract_id)
    return num_id
