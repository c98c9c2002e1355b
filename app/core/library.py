"""The library of adopted resolutions, in pure Python: symbols, resolution facts, search words.

Shapes, once:

- The **searchable form** of a text (`searchable`): its casefolded words (`script.word_spans`)
  joined by single spaces, with one space before and after. " a b c " holds " a b " exactly when
  the words a, b occur in a row in the text: case, punctuation and spacing are ignored, and a
  word never matches inside a longer one. The database stores it beside each paragraph and
  indexes it (SQLite FTS5, PostgreSQL full text and trigrams).
- A **highlight** is a half-open character range `(start, end)` into a paragraph's `text`.
- A **line of resolutions** (`line_of`) is one body's resolutions under one title: the yearly
  follow-ups of "Human rights defenders" form one line, whatever their symbols.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from app.core.diffing import diff_paragraph
from app.core.errors import InvalidInput
from app.core.model import Draft, Paragraph
from app.core.script import word_spans
from app.core.vocabulary import DiffOpKind, ParagraphKind, SessionKind

Highlight = tuple[int, int]

# A hunk inserting at least this many words is looked up in the library (agreed or new).
# Unit: words; range 2-10. Shorter insertions ("strongly") are in every text.
AGREED_MIN_WORDS = 4
# Words of a paragraph that choose the candidates of a `similar` search: its rarest words, at
# least SIMILAR_MIN_WORDS and at most SIMILAR_WORDS, fewer once the paragraphs holding them
# reach SIMILAR_BUDGET. Units: words (2-30) and paragraphs (500-20,000); more finds sources
# that share fewer words, at a higher cost.
SIMILAR_MIN_WORDS = 3
SIMILAR_WORDS = 10
SIMILAR_BUDGET = 2_000
# Candidates read from the index and ranked by likeness for one `similar` search.
# Unit: paragraphs; range 20-500. More is slower but misses fewer close paragraphs.
SIMILAR_CANDIDATES = 120
# A paragraph less alike than this (`paragraph_similarity`, 0-1) is no precedent.
PRECEDENT_MIN_SCORE = 0.3

_SYMBOL = re.compile(
    r"^A/(?P<hrc>HRC/)?RES/(?:(?P<kind>ES|S)-)?(?P<session>\d{1,3})/(?P<number>\d{1,4})"
    r"(?: (?P<part>[A-Z](?:-[A-Z])?))?$"
)
_BODIES = {"General Assembly": "GA", "Human Rights Council": "HRC"}
_TITLE_TAIL = re.compile(r"(?:\s+[A-Z](?:-[A-Z])?|\d+)$")  # a part letter, a stuck footnote
_RESOLUTION_KINDS = (ParagraphKind.PREAMBULAR, ParagraphKind.OPERATIVE)


@dataclass(frozen=True, slots=True)
class SymbolFacts:
    """What a resolution symbol says: the body and the session that adopted it."""

    body: str
    session: int
    session_kind: SessionKind


@dataclass(frozen=True, slots=True)
class ResolutionFacts:
    """What is known of a resolution besides its text (a manifest entry); None: not given."""

    symbol: str | None = None
    body: str | None = None
    session: int | None = None
    session_kind: SessionKind | None = None
    adopted_on: dt.date | None = None
    title: str | None = None
    adoption: str | None = None


@dataclass(frozen=True, slots=True)
class Resolution:
    """An adopted resolution ready to store: its facts and its paragraphs as read."""

    symbol: str
    body: str
    session: int
    session_kind: SessionKind
    adopted_on: dt.date | None
    title: str
    adoption: str
    paragraphs: tuple[Paragraph, ...]

    @property
    def fingerprint(self) -> str:
        """SHA-256 of everything stored: the same resolution imported again has the same."""
        facts = [self.symbol, self.body, self.session, self.session_kind, self.title]
        facts += [self.adopted_on.isoformat() if self.adopted_on else None, self.adoption]
        facts += [[p.kind, p.label, p.number, p.text] for p in self.paragraphs]
        return hashlib.sha256(json.dumps(facts, ensure_ascii=False).encode()).hexdigest()


@dataclass(frozen=True, slots=True)
class AdoptedParagraph:
    """One stored paragraph of an adopted resolution, with its resolution's facts."""

    id: int
    document_id: int
    symbol: str
    body: str
    session: int
    adopted_on: dt.date | None
    title: str
    label: str
    text: str


@dataclass(frozen=True, slots=True)
class Scored:
    """An adopted paragraph found by a search: its score in [0, 1] and its highlights."""

    paragraph: AdoptedParagraph
    score: float
    highlights: tuple[Highlight, ...]


def parse_symbol(symbol: str) -> SymbolFacts:
    """The body and session of a resolution symbol; InvalidInput when it does not parse."""
    match = _SYMBOL.match(symbol.strip())
    if match is None:
        raise InvalidInput(
            f"'{symbol}' is not a resolution symbol Penholder reads: write it as A/RES/78/216, "
            "A/RES/61/267 B, A/RES/ES-10/21 or A/HRC/RES/53/5."
        )
    kind = {"ES": SessionKind.EMERGENCY_SPECIAL, "S": SessionKind.SPECIAL}.get(
        match["kind"] or "", SessionKind.REGULAR
    )
    return SymbolFacts("HRC" if match["hrc"] else "GA", int(match["session"]), kind)


def read_date(text: str | None) -> dt.date | None:
    """ "12 July 2023" as a date; None when absent or not such a date."""
    try:
        return dt.datetime.strptime((text or "").strip(), "%d %B %Y").date()
    except ValueError:
        return None


def resolution_of(draft: Draft, given: ResolutionFacts, name: str) -> Resolution:
    """The resolution a read file holds, its facts from `given` or else from its masthead.

    `name` is the file's name, for the messages. InvalidInput when the file has no
    preambular or operative paragraph, or no symbol that parses.
    """
    if not any(p.kind in _RESOLUTION_KINDS for p in draft.paragraphs):
        raise InvalidInput(
            f"'{name}' does not read as a resolution: it has no preambular or operative paragraph."
        )
    symbol = given.symbol or _symbol_in_masthead(draft)
    if not symbol:
        raise InvalidInput(
            f"'{name}' names no resolution symbol: give one (a manifest entry's 'symbol'), "
            "or import the text with its heading ('Resolution adopted by ...', '78/216. Title')."
        )
    facts = parse_symbol(symbol)
    adopted_on = given.adopted_on or read_date(
        draft.masthead_value("adopted_on") or draft.masthead_value("meeting_date")
    )
    return Resolution(
        symbol=symbol.strip(),
        body=given.body or facts.body,
        session=given.session if given.session is not None else facts.session,
        session_kind=given.session_kind or facts.session_kind,
        adopted_on=adopted_on,
        title=given.title if given.title is not None else draft.title,
        adoption=given.adoption or draft.masthead_value("adoption") or "",
        paragraphs=tuple(p for p in draft.paragraphs if p.text.strip()),
    )


def _symbol_in_masthead(draft: Draft) -> str | None:
    """The symbol printed in the masthead, or one made of the body and resolution number."""
    printed = draft.masthead_value("symbol")
    if printed and _SYMBOL.match(printed):
        return printed
    number = (draft.masthead_value("resolution") or "").rstrip(".")
    body = _BODIES.get(draft.masthead_value("adopted_by") or draft.masthead_value("body") or "")
    if not number or body is None:
        return None
    return f"A/HRC/RES/{number}" if body == "HRC" else f"A/RES/{number}"


def searchable(text: str) -> str:
    """The searchable form of `text`: " word word … " (see the module docstring)."""
    return " " + " ".join(word for _, _, word in word_spans(text)) + " "


def query_words(text: str) -> tuple[str, ...]:
    """The casefolded words of a query, in order."""
    return tuple(word for _, _, word in word_spans(text))


def rarest_words(words: Iterable[str], paragraphs_with: Mapping[str, int]) -> list[str]:
    """The words of a `similar` search: the rarest ones (see SIMILAR_WORDS); words in no
    paragraph are left out."""
    known = sorted(
        {w for w in words if paragraphs_with.get(w, 0) > 0}, key=lambda w: (paragraphs_with[w], w)
    )
    chosen: list[str] = []
    held = 0
    for word in known[:SIMILAR_WORDS]:
        if len(chosen) >= SIMILAR_MIN_WORDS and held + paragraphs_with[word] > SIMILAR_BUDGET:
            break
        chosen.append(word)
        held += paragraphs_with[word]
    return chosen


def phrase_highlights(text: str, words: Sequence[str]) -> tuple[Highlight, ...]:
    """Every place where `words` occur in a row in `text` (case and punctuation ignored)."""
    spans = word_spans(text)
    n = len(words)
    found = []
    for i in range(len(spans) - n + 1):
        if all(spans[i + j][2] == words[j] for j in range(n)):
            found.append((spans[i][0], spans[i + n - 1][1]))
    return tuple(found)


def word_highlights(text: str, words: Iterable[str]) -> tuple[Highlight, ...]:
    """Every occurrence in `text` of any of `words`."""
    wanted = set(words)
    return tuple((start, end) for start, end, word in word_spans(text) if word in wanted)


def shared_highlights(query: str, text: str) -> tuple[Highlight, ...]:
    """The runs of `text` that the word diff from `query` keeps equal, words only."""
    found = []
    at = 0
    for op in diff_paragraph(query, text).ops:
        if op.op == DiffOpKind.DELETE:
            continue
        if op.op == DiffOpKind.EQUAL and word_spans(op.text):
            inner = word_spans(op.text)
            found.append((at + inner[0][0], at + inner[-1][1]))
        at += len(op.text)
    return tuple(found)


def line_of(body: str, title: str) -> str:
    """The line of resolutions a resolution belongs to: its body and its title's words."""
    title = _TITLE_TAIL.sub("", title.strip())
    return f"{body}: {' '.join(w for _, _, w in word_spans(title))}"


def newest_first(paragraph: AdoptedParagraph) -> tuple[int, str]:
    """A sort key putting the latest adoption first (undated last), then by symbol."""
    day = paragraph.adopted_on.toordinal() if paragraph.adopted_on else 0
    return (-day, paragraph.symbol)


def order_precedents(found: Sequence[Scored]) -> list[Scored]:
    """Precedents grouped by line of resolutions, the line with the closest paragraph first.

    Within a line the closest paragraphs come first, and equally close ones (the same words
    adopted again in follow-up resolutions) newest first. Scores are compared at three decimals.
    """
    lines: dict[str, list[Scored]] = {}
    for item in found:
        lines.setdefault(line_of(item.paragraph.body, item.paragraph.title), []).append(item)
    ordered = sorted(lines.values(), key=lambda items: -max(i.score for i in items))
    return [
        item
        for items in ordered
        for item in sorted(items, key=lambda i: (-round(i.score, 3), *newest_first(i.paragraph)))
    ]


def agreed_insertions(texts: Iterable[str]) -> list[tuple[str, ...]]:
    """For each inserted text, its words when there are `AGREED_MIN_WORDS` or more, else ()."""
    found = []
    for text in texts:
        words = query_words(text)
        found.append(words if len(words) >= AGREED_MIN_WORDS else ())
    return found
