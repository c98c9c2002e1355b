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
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

from app.core.errors import UnreadableDraft
from app.core.model import Comment, Draft, Footnote, Paragraph, ParagraphKind, Revision

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
_PREAMBULAR_ENDINGS = (",", "،", "，", ";", "；", ":", "：")
_SPACES = frozenset(" \t\n\r\f\v\u00a0\u202f\u2007")
_UNTIDY = re.compile(r"[\t\n\r\f\v\u00a0\u202f\u2007]|  |^ | $")


def stands_alone(line: str) -> bool:
    """Whether a line is a masthead or closing fact that is printed on a line of its own."""
    text = " ".join(line.split())
    return bool(header_facts(text, single_line=True)) or closing_fact(text) is not None


def structure_draft(blocks: Sequence[Block]) -> Draft:
    """Classify blocks into masthead, title, formula and labelled paragraphs.

    Raises `UnreadableDraft` when no preambular or operative paragraph is found.
    """
    blocks = [_tidied(b) for b in blocks if b.text.strip() or b.number.strip()]
    formula_at = next(
        (i for i, b in enumerate(blocks) if not b.number and is_enacting_formula(b.text)), None
    )
    header_end = formula_at if formula_at is not None else _header_end(blocks)
    masthead, paragraphs, title = _read_header(blocks[:header_end])
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
    return Draft(
        paragraphs=tuple(paragraphs),
        title=title,
        formula=formula,
        language=guess_language(sample),
        masthead=tuple(masthead + closing),
    )


def _tidied(block: Block) -> Block:
    """The block with whitespace runs (NBSP included) as one space, trimmed, ranges remapped."""
    text = block.text
    if not _UNTIDY.search(text):
        number = block.number.strip()
        return block if number == block.number else _cut(block, 0, len(text), number)
    kept: list[str] = []
    moved_to: list[int] = []  # moved_to[i]: where the old character i lands in the new text
    for ch in text:
        moved_to.append(len(kept))
        if ch not in _SPACES:
            kept.append(ch)
        elif kept and kept[-1] != " ":
            kept.append(" ")
    if kept and kept[-1] == " ":
        kept.pop()
    size = len(kept)
    moved_to.append(size)

    def remap(offset: int) -> int:
        return min(moved_to[min(max(offset, 0), len(text))], size)

    italics = tuple((remap(s), remap(e)) for s, e in block.italics if remap(s) < remap(e))
    footnotes = tuple(
        Footnote(f.marker, f.text, remap(f.offset) if f.offset >= 0 else -1)
        for f in block.footnotes
    )
    return Block(
        "".join(kept), block.number.strip(), block.level_hint, italics, footnotes,
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


def _header_end(blocks: Sequence[Block]) -> int:
    """Where the body starts in a draft without an enacting formula."""
    for i, block in enumerate(blocks):
        if header_facts(block.text):
            continue
        if block.number or _reads_preambular(block.text):
            return i
    return len(blocks)


def _read_header(
    blocks: Sequence[Block],
) -> tuple[list[tuple[str, str]], list[Paragraph], str]:
    """Masthead facts, the header paragraphs kept (title, unrecognised lines) and the title."""
    facts: list[tuple[str, str]] = []
    unrecognised: list[int] = []
    after_agenda_item: set[int] = set()
    for i, block in enumerate(blocks):
        found = header_facts(block.text)
        if found:
            facts.extend(found)
        else:
            unrecognised.append(i)
            if i > 0 and any(k == "agenda_item" for k, _ in header_facts(blocks[i - 1].text)):
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


def _next_letter(token: str) -> str:
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


def _next_roman(token: str | None) -> str:
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
        next_letter = (
            _next_roman(self.letter) if self.letter_is_roman else _next_letter(self.letter)
        )
        as_letter = token == next_letter
        as_roman = not self.letter_is_roman and token == _next_roman(self.roman)
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
            if not numbered and not block.number and _reads_operative(text):
                seen_operative = True
                label = f"OP{sum(p.kind == ParagraphKind.OPERATIVE for p in paragraphs) + 1}"
                outline.reset(label)
                paragraphs.append(_paragraph(block, ParagraphKind.OPERATIVE, label, _lead(block)))
            else:
                paragraphs.append(_paragraph(block, ParagraphKind.OTHER, "", ""))
        elif not numbered and preambular and _reads_operative(text):
            seen_operative = True
            outline.reset("OP1")
            paragraphs.append(_paragraph(block, ParagraphKind.OPERATIVE, "OP1", _lead(block)))
        elif _reads_preambular(text):
            preambular += 1
            outline.reset(f"PP{preambular}")
            paragraphs.append(
                _paragraph(block, ParagraphKind.PREAMBULAR, f"PP{preambular}", _lead(block))
            )
        else:
            paragraphs.append(_paragraph(block, ParagraphKind.OTHER, "", ""))
        previous = text
    return paragraphs, closing


def _reads_preambular(text: str) -> bool:
    """Whether an unnumbered paragraph before the operative part reads as preambular.

    It does when it ends with a comma (or another preambular ending), or opens with a lead
    participle followed by at least three more words (six characters in CJK): a short heading
    such as "Bearing in mind" alone is not a paragraph.
    """
    if text.startswith("[") and text.endswith("]"):
        return False
    if text.endswith(_PREAMBULAR_ENDINGS):
        return True
    if not has_preambular_lead(text):
        return False
    rest = text[len(find_lead(text)) :].strip()
    return len(rest) >= 6 if "\u3400" <= text[0] <= "\u9fff" else len(rest.split()) >= 3


def _reads_operative(text: str) -> bool:
    """An unnumbered paragraph that closes like an operative one and has no preambular lead."""
    return text.endswith((";", "；", ".", "。", "؛")) and not has_preambular_lead(text)


def _lead(block: Block) -> str:
    """The lead: the block's own leading italics when it has them, else the lexicon's guess."""
    if block.italics and block.italics[0][0] == 0:
        return block.text[: block.italics[0][1]].rstrip(" ,;:،，；：")
    return find_lead(block.text)


# --- The masthead and closing lines ------------------------------------------------------------

_MONTHS = (
    "January|February|March|April|May|June|July|August|September|October|November|December|"
    "janvier|février|mars|avril|mai|juin|juillet|août|septembre|octobre|novembre|décembre|"
    "enero|febrero|marzo|abril|mayo|junio|julio|agosto|septiembre|setiembre|octubre|noviembre|"
    "diciembre"
)
_DATE = (
    rf"(?:\d{{1,2}}(?:er)?\s+(?:de\s+)?(?:{_MONTHS})\s+(?:de\s+)?\d{{4}}"
    rf"|(?:{_MONTHS})\s+\d{{1,2}},\s+\d{{4}}|\d{{4}}\s*年\s*\d{{1,2}}\s*月\s*\d{{1,2}}\s*日)"
)
_BODY_NAMES = (
    "General Assembly|Human Rights Council|Security Council|Economic and Social Council|"
    "Commission on [A-Z].{3,60}|Assemblée générale|Conseil des droits de l['’]homme|"
    "Conseil de sécurité|Conseil économique et social|Asamblea General|"
    "Consejo de Derechos Humanos|Consejo de Seguridad|Consejo Económico y Social|"
    "大会|人权理事会|安全理事会|经济及社会理事会"
)
_COMMITTEES = (
    "(?:First|Second|Third|Fourth|Fifth|Sixth) Committee|"
    "(?:Première|Deuxième|Troisième|Quatrième|Cinquième|Sixième) Commission|"
    "(?:Primera|Segunda|Tercera|Cuarta|Quinta|Sexta) Comisión|第[一二三四五六]委员会"
)
_LINE_FACTS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (key, re.compile(pattern, flags))
    for key, pattern, flags in (
        ("symbol", r"^(?P<v>[A-Z][A-Za-z]{0,4}(?:/[A-Za-z0-9.\-]+)+(?: \(\d{4}\))?)$", 0),
        ("distribution", r"^Distr\.?\s*:?\s*(?P<v>\w+)$", re.I),
        ("original", r"^Original\s*:\s*(?P<v>.+)$", re.I),
        ("date", rf"^(?P<v>{_DATE})$", re.I),
        (
            "session_dates",
            rf"^(?P<v>\d{{1,2}}(?:er)?(?:\s+(?:de\s+)?(?:{_MONTHS}))?"
            rf"(?:\s+(?:de\s+)?\d{{4}})?\s*[–—-]\s*{_DATE})$",
            re.I,
        ),
        ("organization", r"^(?P<v>United Nations|Nations Unies|Naciones Unidas|联合国)$", 0),
        ("committee", rf"^(?P<v>{_COMMITTEES})$", 0),
        ("body", rf"^(?P<v>{_BODY_NAMES})$", 0),
        ("session", r"^(?P<v>.{1,40}?\bsession|.{1,40}?período de sesiones|第.{1,8}届会议)$", re.I),
        (
            "agenda_item",
            r"^(?:Agenda items?|Points?|Temas?|议程项目)\s*(?P<v>\d+(?:\s*\(?[a-z]\))?"
            r"(?:\s*(?:,|and|et|y)\s*\d+(?:\s*\(?[a-z]\))?)*)(?:\s+(?:de l['’]ordre "
            r"du jour|del programa|de la agenda|del orden del día))?$",
            re.I,
        ),
        (
            "penholders",
            r"^(?:Penholders?|Main sponsors?|(?:Co-)?facilitators?|Porte-plume|"
            r"Redactor(?:es)?)\s*:\s*(?P<v>.+)$",
            re.I,
        ),
        ("draft", rf"^(?P<v>[^—–]{{1,60}}?)\s+[—–-]\s+(?P<date>{_DATE})$", re.I),
        (
            "draft",
            r"^(?P<v>(?:Zero|First|Second|Third|Revised|Final|Informal) draft(?: \S+)?|"
            r"Rev\.\s?\d+|Avant-projet|Borrador cero)$",
            re.I,
        ),
        (
            "document",
            r"^(?P<v>(?:Revised )?draft resolution|Projet de résolution|"
            r"Proyecto de resolución|决议草案)$",
            re.I,
        ),
    )
)
_BLOCK_FACTS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (key, re.compile(pattern, re.I | re.S))
    for key, pattern in (
        (
            "sponsors",
            r"^(?P<v>.+?)\s*:?\s*(?:revised )?(?:draft resolution|projet de résolution"
            r"|proyecto de resolución|决议草案)$",
        ),
        (
            "adopted_by",
            rf"^(?:Resolution adopted by (?:the )?(?P<v>.+?) on|Résolution adoptée "
            rf"par (?:l['’]|le |la )?(?P<v2>.+?) le|Resolución aprobada por (?:la |el )?"
            rf"(?P<v3>.+?) el)\s+(?P<date>{_DATE})$",
        ),
        ("report", r"^\[(?P<v>.+)\]$"),
        ("note", r"^\*+\s*(?P<v>.+)$"),
    )
)
_MEETING = re.compile(
    r"^(?:\d+\S*\s+(?:plenary\s+)?meeting|\d+\S*\s+séance(?:\s+plénière)?|"
    r"\d+\S*\s+sesión(?:\s+plenaria)?|第\d+次(?:全体)?会议)\.?$",
    re.I,
)
_ADOPTION = re.compile(  # a recorded vote's list may wrap over many blocks: "]" may come later
    r"^\[(?P<v>(?:Adopted|Adoptée?|Aprobad[ao]|Approved)\b.*?|[^\]]*通过[^\]]*)\]?$", re.I | re.S
)
_FORMULA = re.compile(
    r"^(?:The (?:[A-Z][\w’'\-]*\s+){0,6}(?:Assembly|Council|Commission|Committee|Conference|Board"
    r"|Commission on [\w ,]+)|(?:L['’]|Le |La )(?:Assemblée générale|Conseil [\w’' ]+|Commission"
    r" [\w’' ]+|Conférence [\w’' ]+)|(?:La |El )(?:Asamblea General|Consejo [\w ]+|Comisión [\w ]+"
    r"|Conferencia [\w ]+)|(?:Генеральная Ассамблея|Совет [\w ]+|Комиссия [\w ]+)|"
    r"(?:إن )?(?:الجمعية العامة|مجلس [\w ]+|لجنة [\w ]+)|大会|[\w]{1,12}(?:理事会|委员会))"
    r"\s*[,،，]$"
)
_FORMULA_MAX = 80  # characters; the longest formula ("The Economic and Social Council,") is ~40
_RESOLUTION_NUMBER = re.compile(r"^(\d+/(?:\d+|\.\.\.|…)\.?)\s+")
_ANNEX = re.compile(r"^(?:Annex|Annexe|Anexo|Приложение|المرفق|附件)(?:\s+[IVXLC\d]+)?\.?$", re.I)


def header_facts(text: str, *, single_line: bool = False) -> list[tuple[str, str]]:
    """The masthead facts a header block states, as (key, value) pairs; [] when none."""
    text = " ".join(text.split())
    for key, pattern in _LINE_FACTS:
        match = pattern.match(text)
        if match and (key != "symbol" or any(c.isdigit() for c in text)):
            facts = [(key, match.group("v"))]
            return facts + ([("date", match.group("date"))] if "date" in match.groupdict() else [])
    if single_line:
        return []
    for key, pattern in _BLOCK_FACTS:
        match = pattern.match(text)
        if not match:
            continue
        found = {k: v for k, v in match.groupdict().items() if v}
        value = found.get("v") or found.get("v2") or found.get("v3") or ""
        if key == "sponsors":
            value = " ".join(value.replace("*", " ").split()).replace(" ,", ",").rstrip(",:")
        facts = [(key, value)]
        return facts + ([("adopted_on", found["date"])] if key == "adopted_by" else [])
    return []


def closing_fact(text: str) -> tuple[str, str] | None:
    """A closing line after the last paragraph ("49th meeting", a date, "[Adopted ...]")."""
    text = " ".join(text.split())
    if _MEETING.match(text):
        return ("meeting", text)
    if re.match(rf"^{_DATE}$", text, re.I):
        return ("meeting_date", text)
    match = _ADOPTION.match(text)
    return ("adoption", match.group("v")) if match else None


def is_enacting_formula(text: str) -> bool:
    """Whether a block is the enacting formula ("The General Assembly,", "Le Conseil ...,")."""
    text = " ".join(text.split())
    return len(text) <= _FORMULA_MAX and bool(_FORMULA.match(text))


def is_annex_heading(text: str) -> bool:
    """Whether a block is an "Annex" heading: the resolution's own paragraphs end there."""
    return bool(_ANNEX.match(text.strip()))


def split_resolution_number(text: str) -> tuple[str, int]:
    """ "78/216. Title" -> ("78/216.", where the title starts); ("", 0) when unnumbered."""
    match = _RESOLUTION_NUMBER.match(text)
    return (match.group(1), match.end()) if match else ("", 0)


def guess_language(text: str) -> str:
    """ISO 639-1 code of the draft's language from its script and commonest short words."""
    scripts = {"zh": 0, "ar": 0, "ru": 0, "latin": 0}
    for ch in text:
        if "\u4e00" <= ch <= "\u9fff" or "\u3400" <= ch <= "\u4dbf":
            scripts["zh"] += 1
        elif "\u0600" <= ch <= "\u06ff":
            scripts["ar"] += 1
        elif "\u0400" <= ch <= "\u04ff":
            scripts["ru"] += 1
        elif ch.isalpha():
            scripts["latin"] += 1
    best = max(scripts, key=lambda k: scripts[k])
    if best != "latin":
        return best
    words = re.findall(r"\w+", text.lower())
    marks = {
        "en": {"the", "and", "of", "to", "its"},
        "fr": {"et", "les", "des", "du", "le", "l", "sur"},
        "es": {"y", "los", "las", "el", "del", "su", "sus"},
    }
    scores = {lang: sum(w in vocab for w in words) for lang, vocab in marks.items()}
    return max(scores, key=lambda k: (scores[k], k == "en"))


def _words(text: str) -> list[str]:
    """The space-separated words of a lexicon line."""
    return text.split()


# --- Leads: the italic opening words ----------------------------------------------------------

_ADVERBS = frozenset(
    _words(
        "deeply gravely seriously strongly fully firmly profoundly also further again once "
        "urgently sincerely greatly highly particularly equally profondément gravement "
        "sérieusement vivement "
        "pleinement fermement également aussi profundamente gravemente seriamente sumamente "
        "plenamente firmemente también asimismo глубоко серьезно вновь также"
    )
)
_FOLLOWERS = tuple(
    tuple(phrase.split())
    for phrase in (
        "also", "further", "again", "moreover", "furthermore", "once again", "en outre",
        "également", "aussi", "de nouveau", "à nouveau", "instamment", "vivement", "fermement",
        "énergiquement", "también", "además", "asimismo", "nuevamente", "igualmente",
        "encarecidamente", "firmemente", "enérgicamente", "также", "далее", "вновь",
        "настоятельно",
    )
)  # fmt: skip
_HEAD_FOLLOWERS: dict[str, tuple[str, ...]] = {
    "calls": ("upon", "on"), "call": ("upon", "on"), "calling": ("upon", "on"),
    "bearing": ("in mind",), "taking": ("note", "into account"), "takes": ("note",),
    "gardant": ("à l'esprit", "présent à l'esprit"), "tenant": ("compte",),
    "prenant": ("note", "acte"), "prend": ("note", "acte"), "ayant": ("à l'esprit",),
    "teniendo": ("presente", "en cuenta"), "tomando": ("nota",), "toma": ("nota",),
}  # fmt: skip
_FEELINGS = frozenset(
    _words(
        "appreciation concern satisfaction interest regret alarm gratitude approval support "
        "préoccupation inquiétude intérêt reconnaissance consternation soutien aprecio "
        "preocupación satisfacción interés beneplácito reconocimiento pesar alarma inquietud "
        "agradecimiento gratitud apoyo"
    )
)
_INTENSIFIERS = frozenset(
    _words(
        "deep grave great serious particular profound profonde vive grande sérieuse profunda gran "
        "honda seria its son sa ses su sus"
    )
)
_STOPWORDS = frozenset(
    _words(
        "the a an in on at for to by of with le la les l un une des en dans pour el los las del "
        "con para por y et and"
    )
)
_PREAMBULAR_WORDS = frozenset(
    _words(
    "concerned alarmed aware mindful conscious convinced determined cognizant cognisant "
    "desirous guided committed encouraged disturbed appalled shocked dismayed saddened "
    "outraged gratified pleased inspired resolved conscient consciente conscients "
    "conscientes soucieux soucieuse inquiet inquiète conscientes"
    )
    + [f"{stem}{end}" for stem in ("préoccupé", "alarmé", "convaincu", "résolu", "guidé",
                                   "déterminé", "encouragé", "attaché")
       for end in ("", "e", "s", "es")]
    + [f"{stem}{end}" for stem in ("convencid", "preocupad", "alarmad", "decidid", "guiad",
                                   "resuelt", "deseos", "alentad", "comprometid")
       for end in ("o", "a", "os", "as")]
)  # fmt: skip
_CJK_PREAMBULAR = (
    "回顾", "又回顾", "还回顾", "重申", "又重申", "深为关切", "深感关切", "严重关切", "关切地",
    "赞赏地注意到", "注意到", "又注意到", "欢迎", "又欢迎", "确认", "又确认", "认识到", "又认识到",
    "强调", "又强调", "铭记", "深信", "意识到", "决心", "遵循", "申明", "承认", "考虑到",
    "深感震惊", "震惊",
)  # fmt: skip
_CJK_OPERATIVE = (
    "敦促", "促请", "吁请", "请", "又请", "还请", "决定", "又决定", "鼓励", "又鼓励", "邀请",
    "谴责", "强烈谴责", "呼吁", "支持", "赞赏", "表示", "认可", "核可",
)  # fmt: skip
_LEAD_WINDOW = 200  # characters searched for a lead; the longest leads are ~40
_MAX_INTENSIFIERS = 2  # words between "with"/"its" and the feeling: "its deep concern"
_ENDINGS_PREAMBULAR = ("ing", "ant", "ando", "iendo", "yendo")


def _word(token: str) -> str:
    """A token without surrounding punctuation, lower-cased, for comparison."""
    return token.strip(',;:.!?()«»"“”').lower().replace("’", "'")


def _lead_tokens(text: str) -> tuple[list[re.Match[str]], int]:
    """The whitespace tokens of `text`'s opening, and how many of them form the lead."""
    tokens = list(re.finditer(r"\S+", text[:_LEAD_WINDOW]))
    i = 0
    while i < len(tokens) - 1 and _word(tokens[i].group()) in _ADVERBS:
        i += 1
    if i >= len(tokens):
        return tokens, 0
    head = tokens[i].group().rstrip(",;:.")
    if not re.fullmatch(r"[^\W\d_][\w'’\-]*", head) or _word(head) in _STOPWORDS:
        return tokens, 0
    if i == 0 and head[0].islower():
        return tokens, 0
    if _word(head) == "se" and i + 1 < len(tokens):
        i += 1
    i += 1
    expressive = _word(head).startswith(("express", "exprim", "reiter", "réitér"))
    phrases = [*_FOLLOWERS, *(tuple(p.split()) for p in _HEAD_FOLLOWERS.get(_word(head), ()))]
    while i < len(tokens) and not tokens[i - 1].group().endswith((",", ";", ":", ".")):
        words = [_word(t.group()) for t in tokens[i : i + 4]]
        taken = max((len(p) for p in phrases if tuple(words[: len(p)]) == p), default=0)
        if not taken and words and (words[0] in ("with", "avec", "con") or expressive):
            rest = words[1:] if words[0] in ("with", "avec", "con") else words
            extra = next((n for n, w in enumerate(rest) if w not in _INTENSIFIERS), len(rest))
            if extra <= _MAX_INTENSIFIERS and len(rest) > extra and rest[extra] in _FEELINGS:
                taken = extra + 1 + (len(words) - len(rest))
        if not taken:
            break
        i += taken
    return tokens, i


def find_lead(text: str) -> str:
    """The opening participle, adjective or verb phrase ("Recalling also", "Calls upon", "回顾")."""
    text = text.lstrip()
    if not text:
        return ""
    if "\u3400" <= text[0] <= "\u9fff":
        return max((w for w in (*_CJK_PREAMBULAR, *_CJK_OPERATIVE) if text.startswith(w)),
                   key=len, default="")  # fmt: skip
    tokens, count = _lead_tokens(text)
    if count == 0:
        return ""
    if _word(tokens[0].group()) in ("إذ", "وإذ") and count == 1 and len(tokens) > 1:
        count = 2
    if _word(tokens[count - 1].group()) in ("having", "ayant", "habiendo") and len(tokens) > count:
        count += 1
    return text[: tokens[count - 1].end()].rstrip(",;:.،")


def has_preambular_lead(text: str) -> bool:
    """Whether the paragraph opens like a preambular one ("Recalling", "Deeply concerned")."""
    lead = find_lead(text)
    if not lead:
        return False
    if "\u3400" <= lead[0] <= "\u9fff":
        return lead in _CJK_PREAMBULAR
    words = [_word(w) for w in lead.split()]
    if words[0] in ("إذ", "وإذ"):
        return True
    head = next((w for w in words if w not in _ADVERBS), words[-1])
    return head in _PREAMBULAR_WORDS or head.endswith(_ENDINGS_PREAMBULAR)
