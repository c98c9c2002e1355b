"""Questions asked of the library: search, a draft paragraph's precedents, agreed or new words."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy.orm import Session

from app.core.diffing import diff_paragraph
from app.core.errors import InvalidInput
from app.core.library import (
    PRECEDENT_MIN_SCORE,
    SIMILAR_CANDIDATES,
    Scored,
    agreed_insertions,
    line_of,
    newest_first,
    order_precedents,
    phrase_highlights,
    query_words,
    rarest_words,
    shared_highlights,
    word_highlights,
)
from app.core.model import Hunk, Op
from app.core.negotiation import Comparison
from app.core.records import Page
from app.core.similarity import paragraph_similarity
from app.core.vocabulary import SearchMode
from app.db.repositories import drafts as drafts_repo
from app.db.repositories import library as library_repo
from app.db.repositories.library import LibraryScope
from app.services import comparison

PRECEDENTS = 10  # precedents shown for one paragraph
AGREED_SOURCES = 5  # adopted texts named for one inserted run of words, newest first


@dataclass(frozen=True, slots=True)
class Precedent:
    """An adopted paragraph close to a draft's paragraph, and the word diff from it to that."""

    symbol: str
    body: str
    session: int
    adopted_on: dt.date | None
    title: str
    line: str
    label: str
    text: str
    score: float
    ops: tuple[Op, ...]
    hunks: tuple[Hunk, ...]


@dataclass(frozen=True, slots=True)
class AgreedSource:
    """An adopted text that holds a hunk's inserted words."""

    symbol: str
    label: str
    adopted_on: dt.date | None


@dataclass(frozen=True, slots=True)
class LibraryHit:
    """One adopted paragraph a search found; `highlights` are (start, end) offsets in `text`."""

    document_id: int
    paragraph_id: int
    symbol: str
    body: str
    session: int
    adopted_on: dt.date | None
    title: str
    label: str
    text: str
    score: float
    highlights: tuple[tuple[int, int], ...]

    @classmethod
    def of(cls, found: Scored) -> LibraryHit:
        """The hit for a scored paragraph."""
        p = found.paragraph
        return cls(
            p.document_id, p.id, p.symbol, p.body, p.session, p.adopted_on, p.title, p.label,
            p.text, round(found.score, 4), found.highlights,
        )  # fmt: skip


# Per change (in the comparison's order), per hunk index: the sources of its inserted words.
AgreedByHunk = list[dict[int, tuple[AgreedSource, ...]]]


def search_library(
    session: Session, q: str, mode: SearchMode, scope: LibraryScope, *, limit: int, offset: int
) -> Page[LibraryHit]:
    """Adopted paragraphs for a query: phrase and words newest first, similar closest first."""
    words = query_words(q)
    if not words:
        raise InvalidInput("The search has no words: 'q' needs at least one word.")
    if mode == SearchMode.SIMILAR:
        found = similar_paragraphs(session, q, scope)
        page = found[offset : offset + limit]
        return Page(
            tuple(
                LibraryHit.of(Scored(s.paragraph, s.score, shared_highlights(q, s.paragraph.text)))
                for s in page
            ),
            len(found),
        )
    if mode == SearchMode.PHRASE:
        rows, total = library_repo.phrase_matches(session, words, scope, limit=limit, offset=offset)
        hits = (LibraryHit.of(Scored(r, 1.0, phrase_highlights(r.text, words))) for r in rows)
        return Page(tuple(hits), total)
    rows, total = library_repo.words_matches(session, words, scope, limit=limit, offset=offset)
    hits = (LibraryHit.of(Scored(r, 1.0, word_highlights(r.text, words))) for r in rows)
    return Page(tuple(hits), total)


def similar_paragraphs(session: Session, text: str, scope: LibraryScope) -> list[Scored]:
    """The adopted paragraphs closest to `text`, closest first (no highlights).

    Candidates are the paragraphs holding the most of the text's `SIMILAR_WORDS` rarest words;
    they are ranked by `paragraph_similarity` (word bigrams), ties newest first.
    """
    words = query_words(text)
    rare = rarest_words(words, library_repo.term_counts(session, words))
    candidates = library_repo.similar_candidates(session, rare, scope, limit=SIMILAR_CANDIDATES)
    scored = [Scored(c, paragraph_similarity(text, c.text), ()) for c in candidates]
    return sorted(
        (s for s in scored if s.score > 0),
        key=lambda s: (-s.score, *newest_first(s.paragraph)),
    )


def paragraph_precedents(
    session: Session, slug: str, seq: int | str, paragraph_id: int
) -> Page[Precedent]:
    """The adopted paragraphs closest to one paragraph of a draft, each with its word diff.

    Grouped by line of resolutions, closest line first (see `order_precedents`).
    """
    negotiation = drafts_repo.negotiation_by_slug(session, slug)
    draft = drafts_repo.draft_by_seq(session, negotiation, seq)
    paragraph = drafts_repo.paragraph_in_draft(session, draft.id, paragraph_id)
    found = [
        s
        for s in similar_paragraphs(session, paragraph.text, LibraryScope())
        if s.score >= PRECEDENT_MIN_SCORE
    ]
    precedents = [
        Precedent(
            symbol=s.paragraph.symbol,
            body=s.paragraph.body,
            session=s.paragraph.session,
            adopted_on=s.paragraph.adopted_on,
            title=s.paragraph.title,
            line=line_of(s.paragraph.body, s.paragraph.title),
            label=s.paragraph.label,
            text=s.paragraph.text,
            score=round(s.score, 4),
            ops=diff.ops,
            hunks=diff.hunks,
        )
        for s in order_precedents(found)[:PRECEDENTS]
        for diff in [diff_paragraph(s.paragraph.text, paragraph.text)]
    ]
    return Page(tuple(precedents), len(precedents))


def agreed_language(session: Session, comparison: Comparison) -> AgreedByHunk:
    """For every hunk of a comparison that inserts `AGREED_MIN_WORDS` or more words, the
    adopted texts holding those words (none: new language); other hunks are left out."""
    lookups: dict[tuple[str, ...], tuple[AgreedSource, ...]] = {}
    found: AgreedByHunk = []
    for change in comparison.changes:
        per_hunk: dict[int, tuple[AgreedSource, ...]] = {}
        inserted = agreed_insertions(h.insert for h in change.hunks)
        for hunk, words in zip(change.hunks, inserted, strict=True):
            if not words:
                continue
            if words not in lookups:
                lookups[words] = _sources(session, words)
            per_hunk[hunk.index] = lookups[words]
        found.append(per_hunk)
    return found


def _sources(session: Session, words: Sequence[str]) -> tuple[AgreedSource, ...]:
    rows, _ = library_repo.phrase_matches(
        session, words, LibraryScope(), limit=AGREED_SOURCES, offset=0, count=False
    )
    return tuple(AgreedSource(r.symbol, r.label, r.adopted_on) for r in rows)


def compared_with_agreed(
    session: Session, slug: str, from_seq: int, to_seq: int
) -> tuple[Comparison, AgreedByHunk]:
    """Two drafts compared, and for each long insertion where the library holds its words."""
    compared = comparison.compare_drafts(session, slug, from_seq, to_seq)
    return compared, agreed_language(session, compared)
