"""The masthead and closing lines of a resolution: symbol, date, sponsors, formula, meeting.

Header blocks state facts as (key, value) pairs, `Draft.masthead` keeps them in order:

- on a line of their own (`stands_alone`): symbol ("A/HRC/58/L.22"), distribution, original
  language, date, session dates, organisation, committee, body, session, agenda item,
  penholders, the draft's name ("Zero draft — 3 March 2025") and the document type;
- over a whole block: sponsors ("Austria, Brazil*: draft resolution"), "Resolution adopted
  by ... on <date>", a bracketed report reference and a starred note;
- after the last paragraph (`closing_fact`): the meeting, its date and "[Adopted without a
  vote.]".

The enacting formula, an "Annex" heading and a printed resolution number ("78/216.") are
recognised here too: they are the landmarks `structure_draft` cuts a draft at.
"""

from __future__ import annotations

import re

__all__ = [
    "closing_fact",
    "header_facts",
    "is_annex_heading",
    "is_enacting_formula",
    "split_resolution_number",
    "stands_alone",
]

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
_DATE_LINE = re.compile(rf"^{_DATE}$", re.I)
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
# Characters of the longest block that can state a masthead fact (a sponsors list naming every
# member state has about 2,500); longer blocks are never scanned for one. Unit: characters.
_FACT_MAX = 10_000
_FORMULA_MAX = 80  # characters; the longest formula ("The Economic and Social Council,") is ~40
_RESOLUTION_NUMBER = re.compile(r"^(\d+/(?:\d+|\.\.\.|…)\.?)\s+")
_ANNEX = re.compile(r"^(?:Annex|Annexe|Anexo|Приложение|المرفق|附件)(?:\s+[IVXLC\d]+)?\.?$", re.I)


def _one_line(text: str) -> str:
    """The text with whitespace runs as single spaces, trimmed: `" ".join(text.split())`.

    Printable text has no whitespace but " " (Unicode puts the others in categories Z and
    Cc), so a printable text without double, leading or trailing spaces is returned as it is,
    without cutting a long paragraph into words.
    """
    if text.isprintable() and "  " not in text and text[:1] != " " and text[-1:] != " ":
        return text
    return " ".join(text.split())


def header_facts(text: str, *, single_line: bool = False) -> list[tuple[str, str]]:
    """The masthead facts a header block states, as (key, value) pairs; [] when none."""
    if len(text) > _FACT_MAX:
        return []
    text = _one_line(text)
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
    text = _one_line(text)
    if _MEETING.match(text):
        return ("meeting", text)
    if _DATE_LINE.match(text):
        return ("meeting_date", text)
    match = _ADOPTION.match(text)
    return ("adoption", match.group("v")) if match else None


def is_enacting_formula(text: str) -> bool:
    """Whether a block is the enacting formula ("The General Assembly,", "Le Conseil ...,")."""
    text = _one_line(text)
    return len(text) <= _FORMULA_MAX and bool(_FORMULA.match(text))


def is_annex_heading(text: str) -> bool:
    """Whether a block is an "Annex" heading: the resolution's own paragraphs end there."""
    return bool(_ANNEX.match(text.strip()))


def split_resolution_number(text: str) -> tuple[str, int]:
    """ "78/216. Title" -> ("78/216.", where the title starts); ("", 0) when unnumbered."""
    match = _RESOLUTION_NUMBER.match(text)
    return (match.group(1), match.end()) if match else ("", 0)


def stands_alone(line: str) -> bool:
    """Whether a line is a masthead or closing fact that is printed on a line of its own."""
    text = _one_line(line)
    return bool(header_facts(text, single_line=True)) or closing_fact(text) is not None
