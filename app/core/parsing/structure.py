"""From blocks to a resolution's structure: masthead, title, formula, PP/OP/sub-paragraphs.

Both readers (`text.py` and `docx.py`) cut a file into `Block`s, one per paragraph as printed,
with the printed number already split off; `structure_draft` does the rest, so the Word and
the text version of one draft give identical paragraphs.

How a draft is read, in one pass over the blocks (O(n) in the number of blocks):

1. The enacting formula ("The Human Rights Council,") ends the header. Without one, the header
   ends at the first numbered block or the first block shaped like a preambular paragraph.
2. Header blocks that state a masthead fact (symbol, date, distribution, session, agenda
   item, sponsors, "Resolution adopted by ...", ...) go to `Draft.masthead`; the last
   header block that states no fact is the title; other unrecognised header blocks stay as
   paragraphs of kind `other`.
3. After the formula the printed number decides: "5." / "5 bis." is operative, "(a)" / "(i)" a
   sub-paragraph (letter or roman numeral decided by context), unnumbered blocks before the
   first operative paragraph are preambular when their shape confirms it (a lead participle or
   closing comma), otherwise `other`. Closing lines ("49th meeting", "[Adopted without a
   vote.]") become masthead facts, and everything after them or after an "Annex" heading is
   kept as `other`.

Invariant: every non-empty block becomes exactly one paragraph or one masthead fact, in order.

The masthead facts and landmarks are recognised in `masthead.py`, leads and the shape of
unnumbered paragraphs in `leads.py`; this module labels.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass

from app.core.errors import UnreadableDraft
from app.core.model import Comment, Draft, Footnote, Paragraph, Revision
from app.core.parsing.leads import (
    find_lead,
    guess_language,
    has_preambular_lead,
    reads_operative,
    reads_preambular,
)
from app.core.parsing.limits import check_draft
from app.core.parsing.masthead import (
    closing_fact,
    header_facts,
    is_annex_heading,
    is_enacting_formula,
    split_resolution_number,
    stands_alone,
)
from app.core.vocabulary import ParagraphKind

# find_lead, has_preambular_lead, header_facts, is_enacting_formula and stands_alone live in
# masthead.py and leads.py; they stay importable from here, where they used to be.
__all__ = [
    "Block",
    "find_lead",
    "has_preambular_lead",
    "header_facts",
    "is_enacting_formula",
    "stands_alone",
    "structure_draft",
]


@dataclass(frozen=True, slots=True)
class Block:
    """One printed paragraph as a reader found it.

    `text` has no printed number and no footnote markers; `number` is the number as displayed
    ("5.", "5 bis.", "(a)", "(ii)", "" when none); `level_hint` is the list level a Word
    numbering gave (0 top), None when the reader does not know.
    """

    text: str
    number: str = ""
    level_hint: int | None = None
    italics: tuple[tuple[int, int], ...] = ()
    footnotes: tuple[Footnote, ...] = ()
    revisions: tuple[Revision, ...] = ()
    comments: tuple[Comment, ...] = ()


_LATIN_SUFFIXES = "bis|ter|quater|quinquies|sexies|septies|octies|novies|nonies|decies"
_OPERATIVE_NUMBER = re.compile(rf"^(?:OP\s?)?(\d+)\s*({_LATIN_SUFFIXES})?\s*[.)\-]?$", re.I)
_PREAMBULAR_NUMBER = re.compile(rf"^PP\s?\d+\s*(?:{_LATIN_SUFFIXES})?\s*\.?$", re.I)
_SUB_NUMBER = re.compile(r"^\(?([a-z]{1,3}|[ivxlc]{1,6})[.)]$")
_ROMAN = re.compile(r"^(?=[ivxlc])c{0,3}(xc|xl|l?x{0,3})(ix|iv|v?i{0,3})$")
_SPACE_RUN = re.compile(r"[ \t\n\r\f\v\u00a0\u202f\u2007]+")
_ODD_SPACE = re.compile(r"[\t\n\r\f\v\u00a0\u202f\u2007]")  # a space other than " "


def structure_draft(blocks: Sequence[Block]) -> Draft:
    """Classify blocks into masthead, title, formula and labelled paragraphs.

    Raises `UnreadableDraft` when no preambular or operative paragraph is found.
    """
    blocks = [_tidied(b) for b in blocks if b.text.strip() or b.number.strip()]
    formula_at = next(
        (i for i, b in enumerate(blocks) if not b.number and is_enacting_formula(b.text)), None
    )
    if formula_at is not None:
        header_end, facts = formula_at, [header_facts(b.text) for b in blocks[:formula_at]]
    else:
        header_end, facts = _header_end(blocks)
    masthead, paragraphs, title = _read_header(blocks[:header_end], facts)
    formula = ""
    body = blocks[header_end:]
    if formula_at is not None:
        formula = blocks[formula_at].text
        paragraphs.append(_paragraph(blocks[formula_at], ParagraphKind.OTHER, "", ""))
        body = body[1:]
    body_paragraphs, closing = _label_body(body)
    paragraphs.extend(body_paragraphs)
    if not any(
        p.kind in (ParagraphKind.PREAMBULAR, ParagraphKind.OPERATIVE) for p in body_paragraphs
    ):
        raise UnreadableDraft(
            "No resolution paragraphs were found: the text has no preambular paragraph "
            "and no numbered operative paragraph."
        )
    sample = " ".join([formula, *(p.text for p in body_paragraphs[:12])])
    draft = Draft(
        paragraphs=tuple(paragraphs),
        title=title,
        formula=formula,
        language=guess_language(sample),
        masthead=tuple(masthead + closing),
    )
    check_draft(draft)
    return draft


def _tidied(block: Block) -> Block:
    """The block with whitespace runs (NBSP included) as one space, trimmed, ranges remapped."""
    text = block.text
    if (
        "  " not in text
        and text[:1] != " "
        and text[-1:] != " "
        and (text.isprintable() or not _ODD_SPACE.search(text))  # printable: " " is the only space
    ):
        number = block.number.strip()
        return block if number == block.number else _cut(block, 0, len(text), number)
    tidy = _SPACE_RUN.sub(" ", text).strip(" ")
    size = len(tidy)
    # Each run of spaces as (start, end, where it starts in `tidy`, 1 when it became a space).
    runs: list[tuple[int, int, int, int]] = []
    removed = 0
    for match in _SPACE_RUN.finditer(text):
        start, end = match.span()
        kept = 0 if start == 0 or end == len(text) else 1
        runs.append((start, end, start - removed, kept))
        removed += end - start - kept
    starts = [run[0] for run in runs]

    def remap(offset: int) -> int:
        """Where the character at `offset` of the old text lands in `tidy` (O(log runs))."""
        offset = min(max(offset, 0), len(text))
        at = bisect_right(starts, offset) - 1
        if at < 0:
            return min(offset, size)
        start, end, moved, kept = runs[at]
        if offset < end:  # inside the run: its first character becomes the space
            return min(moved + (kept if offset > start else 0), size)
        return min(moved + kept + offset - end, size)

    italics = tuple((remap(s), remap(e)) for s, e in block.italics if remap(s) < remap(e))
    footnotes = tuple(
        Footnote(f.marker, f.text, remap(f.offset) if f.offset >= 0 else -1)
        for f in block.footnotes
    )
    return Block(
        tidy, block.number.strip(), block.level_hint, italics, footnotes,
        block.revisions, block.comments,
    )  # fmt: skip


def _cut(block: Block, start: int, end: int, number: str) -> Block:
    """The block's text[start:end], italics clipped and footnote offsets shifted."""
    italics = tuple(
        (max(s, start) - start, min(e, end) - start)
        for s, e in block.italics
        if e > start and s < end
    )
    footnotes = tuple(
        Footnote(
            f.marker, f.text, min(max(f.offset - start, 0), end - start) if f.offset >= 0 else -1
        )
        for f in block.footnotes
    )
    return Block(
        block.text[start:end], number, block.level_hint, italics, footnotes, block.revisions,
        block.comments,
    )  # fmt: skip


def _paragraph(
    block: Block, kind: ParagraphKind, label: str, lead: str, level: int = 0
) -> Paragraph:
    """A paragraph from a block; a found lead is recorded as italics when the block has none."""
    italics = block.italics
    if lead and not italics:
        italics = ((0, len(lead)),)
    return Paragraph(
        kind=kind,
        label=label,
        number=block.number,
        lead=lead,
        text=block.text,
        level=level,
        italics=italics,
        footnotes=block.footnotes,
        revisions=block.revisions,
        comments=block.comments,
    )


def _header_end(blocks: Sequence[Block]) -> tuple[int, list[list[tuple[str, str]]]]:
    """Where the body starts in a draft without an enacting formula, and each header block's
    masthead facts (found once: the header may be most of a file without a formula)."""
    facts: list[list[tuple[str, str]]] = []
    for i, block in enumerate(blocks):
        found = header_facts(block.text)
        if not found and (block.number or reads_preambular(block.text)):
            return i, facts
        facts.append(found)
    return len(blocks), facts


def _read_header(
    blocks: Sequence[Block], facts_of: Sequence[list[tuple[str, str]]]
) -> tuple[list[tuple[str, str]], list[Paragraph], str]:
    """Masthead facts, the header paragraphs kept (title, unrecognised lines) and the title;
    `facts_of[i]` are block i's masthead facts."""
    facts: list[tuple[str, str]] = []
    unrecognised: list[int] = []
    after_agenda_item: set[int] = set()
    for i, found in enumerate(facts_of):
        if found:
            facts.extend(found)
        else:
            unrecognised.append(i)
            if i > 0 and any(k == "agenda_item" for k, _ in facts_of[i - 1]):
                after_agenda_item.add(i)
    bodies = [i for i, (k, _) in enumerate(facts) if k == "body"]
    facts = [f for i, f in enumerate(facts) if i not in bodies[:-1]]  # HRC under GA: keep HRC
    title_at = unrecognised[-1] if unrecognised else None
    paragraphs: list[Paragraph] = []
    title = ""
    for i in unrecognised:
        block = blocks[i]
        if i == title_at:
            resolution, start = split_resolution_number(block.text)
            if resolution and not resolution.endswith(("...", "…")):
                facts.append(("resolution", resolution.rstrip(".")))
            title_block = _tidied(_cut(block, start, len(block.text), ""))
            title = title_block.text
            paragraphs.append(
                _paragraph(
                    Block(title_block.text, resolution, None, title_block.italics,
                          title_block.footnotes, block.revisions, block.comments),
                    ParagraphKind.TITLE, "", "",
                )
            )  # fmt: skip
        elif i in after_agenda_item:
            facts.append(("agenda_title", block.text))
        else:
            paragraphs.append(_paragraph(block, ParagraphKind.OTHER, "", ""))
    return facts, paragraphs, title


def _ascii_digits(text: str) -> str:
    """Digits of any script as ASCII digits ("١٢" -> "12")."""
    if text.isascii():
        return text
    return "".join(str(unicodedata.digit(c)) if c.isdigit() else c for c in text)


def _operative_label(number: str) -> str | None:
    """ "5." -> "OP5", "5 bis." -> "OP5 bis"; None when the number is not an operative one."""
    match = _OPERATIVE_NUMBER.match(_ascii_digits(number.strip()))
    if not match:
        return None
    suffix = f" {match.group(2).lower()}" if match.group(2) else ""
    return f"OP{int(match.group(1))}{suffix}"


def _sub_token(number: str) -> str | None:
    """ "(a)" -> "a", "(iv)" -> "iv"; None when the number is not a sub-paragraph's."""
    match = _SUB_NUMBER.match(number.strip())
    return match.group(1) if match else None


def next_letter(token: str) -> str:
    """The letter item after `token`: a -> b, z -> aa, aa -> bb."""
    if token[-1] == "z":
        return "a" * (len(token) + 1)
    return chr(ord(token[0]) + 1) * len(token)


def _roman_value(token: str) -> int:
    """The value of a lower-case roman numeral (validated by `_ROMAN`)."""
    values = {"i": 1, "v": 5, "x": 10, "l": 50, "c": 100}
    total = 0
    for i, ch in enumerate(token):
        value = values[ch]
        total += -value if i + 1 < len(token) and values[token[i + 1]] > value else value
    return total


def next_roman(token: str | None) -> str:
    """The roman item after `token` (None -> "i")."""
    n = _roman_value(token) + 1 if token else 1
    out = ""
    for value, numeral in ((100, "c"), (90, "xc"), (50, "l"), (40, "xl"), (10, "x"),
                           (9, "ix"), (5, "v"), (4, "iv"), (1, "i")):  # fmt: skip
        while n >= value:
            out, n = out + numeral, n - value
    return out


@dataclass
class _Outline:
    """Where the labelling stands: the parent paragraph and its (a)/(i) items so far."""

    parent: str = ""
    letter: str | None = None
    letter_is_roman: bool = False
    letter_hint: int | None = None
    roman: str | None = None

    def reset(self, parent: str) -> None:
        """Start the sub-paragraphs of a new parent paragraph."""
        self.parent, self.letter, self.letter_is_roman = parent, None, False
        self.letter_hint, self.roman = None, None

    def place(self, token: str, hint: int | None, after_colon: bool) -> tuple[str, int]:
        """Label and level of the sub-paragraph numbered `token`, updating the outline.

        "(i)" after "(h)" continues the letters unless the previous paragraph ends with a colon
        or a roman list is already running under the current letter; a Word level hint breaks
        the remaining ties.
        """
        is_roman = bool(_ROMAN.match(token))
        if self.letter is None:
            self.letter, self.letter_is_roman, self.letter_hint = (
                token,
                token != "a" and is_roman,
                hint,
            )
            return f"{self.parent}({token})", 1
        following = next_roman(self.letter) if self.letter_is_roman else next_letter(self.letter)
        as_letter = token == following
        as_roman = not self.letter_is_roman and token == next_roman(self.roman)
        if as_letter and as_roman:
            if hint is not None and self.letter_hint is not None:
                as_letter = hint <= self.letter_hint
            else:
                as_letter = self.roman is None and not after_colon
        elif not as_letter and not as_roman:
            as_letter = self.letter_is_roman or not (
                is_roman and (self.roman is not None or after_colon)
            )
        if as_letter:
            self.letter, self.letter_hint, self.roman = token, hint, None
            self.letter_is_roman = self.letter_is_roman and is_roman  # "(i)" then "(b)": letters
            return f"{self.parent}({token})", 1
        self.roman = token
        return f"{self.parent}({self.letter})({token})", 2


def _label_body(
    blocks: Sequence[Block],
) -> tuple[list[Paragraph], list[tuple[str, str]]]:
    """Label the blocks after the formula; closing lines are returned as masthead facts."""
    paragraphs: list[Paragraph] = []
    closing: list[tuple[str, str]] = []
    outline = _Outline()
    preambular = 0
    seen_operative = False
    ended = False
    previous = ""
    numbered = any(_operative_label(b.number) for b in blocks)
    for block in blocks:
        text = block.text
        fact = None if block.number else closing_fact(text)
        if fact is not None:
            closing.append(fact)
            ended = True
        elif ended or (seen_operative and not block.number and is_annex_heading(text)):
            ended = True
            paragraphs.append(_paragraph(block, ParagraphKind.OTHER, "", ""))
        elif _PREAMBULAR_NUMBER.match(block.number):  # "PP3" printed in a compilation text
            preambular += 1
            outline.reset(f"PP{preambular}")
            paragraphs.append(
                _paragraph(block, ParagraphKind.PREAMBULAR, f"PP{preambular}", _lead(block))
            )
        elif (label := _operative_label(block.number)) is not None:
            seen_operative = True
            outline.reset(label)
            paragraphs.append(_paragraph(block, ParagraphKind.OPERATIVE, label, _lead(block)))
        elif (token := _sub_token(block.number)) is not None and (outline.parent or preambular):
            if not outline.parent:
                outline.reset(f"PP{preambular}")
            label, level = outline.place(token.lower(), block.level_hint, previous.endswith(":"))
            lead = _lead(block) if block.italics else ""
            paragraphs.append(_paragraph(block, ParagraphKind.SUBPARAGRAPH, label, lead, level))
        elif block.number or seen_operative:
            if not numbered and not block.number and reads_operative(text):
                seen_operative = True
                label = f"OP{sum(p.kind == ParagraphKind.OPERATIVE for p in paragraphs) + 1}"
                outline.reset(label)
                paragraphs.append(_paragraph(block, ParagraphKind.OPERATIVE, label, _lead(block)))
            else:
                paragraphs.append(_paragraph(block, ParagraphKind.OTHER, "", ""))
        elif not numbered and preambular and reads_operative(text):
            seen_operative = True
            outline.reset("OP1")
            paragraphs.append(_paragraph(block, ParagraphKind.OPERATIVE, "OP1", _lead(block)))
        elif reads_preambular(text):
            preambular += 1
            outline.reset(f"PP{preambular}")
            paragraphs.append(
                _paragraph(block, ParagraphKind.PREAMBULAR, f"PP{preambular}", _lead(block))
            )
        else:
            paragraphs.append(_paragraph(block, ParagraphKind.OTHER, "", ""))
        previous = text
    return paragraphs, closing


def _lead(block: Block) -> str:
    """The lead: the block's own leading italics when it has them, else the lexicon's guess."""
    if block.italics and block.italics[0][0] == 0:
        return block.text[: block.italics[0][1]].rstrip(" ,;:،，；：")
    return find_lead(block.text)
