"""Questions asked of the library of adopted resolutions, and its full-text search.

One interface for both databases; only `_Dialect` differs. Each search is an index look-up for
candidates (SQLite: the FTS5 table `library_fts`; PostgreSQL: GIN indexes on
`to_tsvector('simple', norm)` and on `norm` with pg_trgm), confirmed exactly on `norm`, the
searchable form (`app.core.library.searchable`): " w1 w2 … " holds " a b " exactly when the
words a b occur in a row.

Repositories flush; they never commit.
"""

from __future__ import annotations

import datetime as dt
import math
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any, TypeVarTuple

from sqlalchemy import (
    ColumnElement,
    Integer,
    Select,
    and_,
    case,
    delete,
    func,
    insert,
    literal,
    literal_column,
    select,
    text,
)
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from app.core.errors import NotFound
from app.core.library import AdoptedParagraph, searchable
from app.core.model import Paragraph
from app.db.models import LibraryDocument, LibraryParagraph, LibraryTerm

Row = TypeVarTuple("Row")
MAX_TERM = 200  # characters: longer "words" are not counted (they are unique anyway)


@dataclass(frozen=True, slots=True)
class LibraryScope:
    """Which resolutions a question is about: a body, adoption dates (inclusive); None: any."""

    body: str | None = None
    adopted_from: dt.date | None = None
    adopted_to: dt.date | None = None


def document_by_symbol(session: Session, symbol: str) -> LibraryDocument | None:
    """The stored resolution with `symbol`, or None."""
    return session.scalar(select(LibraryDocument).where(LibraryDocument.symbol == symbol))


def document_by_id(session: Session, document_id: int) -> LibraryDocument:
    """The stored resolution with `document_id`, or NotFound."""
    found = session.get(LibraryDocument, document_id)
    if found is None:
        raise NotFound(f"There is no resolution {document_id} in the library.")
    return found


def paragraphs_of_document(session: Session, document_id: int) -> list[LibraryParagraph]:
    """A stored resolution's paragraphs in order."""
    return list(
        session.scalars(
            select(LibraryParagraph)
            .where(LibraryParagraph.document_id == document_id)
            .order_by(LibraryParagraph.position)
        )
    )


def documents_page(
    session: Session, scope: LibraryScope, *, q: str | None, limit: int, offset: int
) -> tuple[list[LibraryDocument], int]:
    """One page of stored resolutions, newest first, and the total; `q` matches symbol, title."""
    query = _scoped(select(LibraryDocument), scope)
    if q:
        pattern = f"%{q.lower()}%"
        query = query.where(
            func.lower(LibraryDocument.title).like(pattern)
            | func.lower(LibraryDocument.symbol).like(pattern)
        )
    total = session.scalar(select(func.count()).select_from(query.subquery())) or 0
    rows = session.scalars(query.order_by(*_newest_first()).limit(limit).offset(offset)).all()
    return list(rows), total


class TermTally:
    """Word counts (paragraphs holding each word) not yet written to `library_terms`.

    An import of many resolutions adds each one's words here and writes them once per
    transaction (`write_terms`): one upsert per word per batch instead of per resolution.
    """

    def __init__(self) -> None:
        self.counts: Counter[str] = Counter()

    def add(self, norms: Iterable[str], sign: int = 1) -> None:
        """Count the words of these searchable forms (`sign` -1: paragraphs removed)."""
        for norm in norms:
            for word in {w for w in norm.split() if len(w) <= MAX_TERM}:
                self.counts[word] += sign

    def merge(self, other: TermTally) -> None:
        """Add another tally's counts to this one."""
        self.counts.update(other.counts)


def add_document(
    session: Session,
    document: LibraryDocument,
    paragraphs: Sequence[Paragraph],
    tally: TermTally | None = None,
) -> None:
    """Store a resolution with its paragraphs in order, and count their words for `similar`
    (into `tally` when given, to be written later by `write_terms`; else at once)."""
    session.add(document)
    session.flush()
    norms = [searchable(p.text) for p in paragraphs]
    rows = [
        {
            "document_id": document.id,
            "position": position,
            "kind": p.kind,
            "label": p.label,
            "number": p.number,
            "text": p.text,
            "norm": norm,
        }
        for position, (p, norm) in enumerate(zip(paragraphs, norms, strict=True))
    ]
    if rows:
        session.execute(
            insert(LibraryParagraph.metadata.tables[LibraryParagraph.__tablename__]), rows
        )
    counted = tally if tally is not None else TermTally()
    counted.add(norms)
    if tally is None:
        write_terms(session, counted)


def remove_document(session: Session, document: LibraryDocument) -> None:
    """Delete a stored resolution, its paragraphs and their word counts."""
    norms = session.scalars(
        select(LibraryParagraph.norm).where(LibraryParagraph.document_id == document.id)
    ).all()
    removed = TermTally()
    removed.add(norms, -1)
    write_terms(session, removed)
    session.execute(delete(LibraryParagraph).where(LibraryParagraph.document_id == document.id))
    session.execute(delete(LibraryDocument).where(LibraryDocument.id == document.id))
    session.flush()


_UPSERT_TERMS_POSTGRES = text(
    "INSERT INTO library_terms (term, paragraphs) "
    "SELECT * FROM unnest(CAST(:terms AS varchar[]), CAST(:counts AS integer[])) "
    "ON CONFLICT (term) DO UPDATE SET paragraphs = library_terms.paragraphs + excluded.paragraphs"
)


def write_terms(session: Session, tally: TermTally) -> None:
    """Add a tally's counts to `library_terms` (words no paragraph holds any more go)."""
    counts = {word: n for word, n in tally.counts.items() if n}
    if not counts:
        return
    terms = sorted(counts)  # one order for every writer: two imports never deadlock
    if session.get_bind().dialect.name == "postgresql":
        # one statement for all the terms: row-by-row upserts cost a round trip each
        counted = {"terms": terms, "counts": [counts[t] for t in terms]}
        session.execute(_UPSERT_TERMS_POSTGRES, counted)
    else:
        table = LibraryTerm.metadata.tables[LibraryTerm.__tablename__]
        statement = sqlite.insert(table)
        upsert = statement.on_conflict_do_update(
            index_elements=[table.c.term],
            set_={"paragraphs": table.c.paragraphs + statement.excluded.paragraphs},
        )
        session.execute(upsert, [{"term": t, "paragraphs": counts[t]} for t in terms])
    if any(n < 0 for n in counts.values()):
        session.execute(delete(LibraryTerm).where(LibraryTerm.paragraphs <= 0))
    tally.counts.clear()


def term_counts(session: Session, words: Iterable[str]) -> dict[str, int]:
    """How many stored paragraphs hold each of `words` (missing: none)."""
    wanted = sorted({w for w in words if len(w) <= MAX_TERM})
    if not wanted:
        return {}
    rows = session.execute(
        select(LibraryTerm.term, LibraryTerm.paragraphs).where(LibraryTerm.term.in_(wanted))
    )
    return {term: count for term, count in rows}


def paragraph_total(session: Session) -> int:
    """How many paragraphs the library holds."""
    return session.scalar(select(func.count()).select_from(LibraryParagraph)) or 0


def phrase_matches(
    session: Session,
    words: Sequence[str],
    scope: LibraryScope,
    *,
    limit: int,
    offset: int,
    count: bool = True,
) -> tuple[list[AdoptedParagraph], int]:
    """Paragraphs holding `words` in a row, newest resolution first, and their number (-1 when
    not `count`ed)."""
    index = _Dialect.of(session)
    condition = and_(index.phrase(words), index.contains(" " + " ".join(words) + " "))
    return _page(session, condition, scope, limit=limit, offset=offset, count=count)


def words_matches(
    session: Session, words: Sequence[str], scope: LibraryScope, *, limit: int, offset: int
) -> tuple[list[AdoptedParagraph], int]:
    """Paragraphs holding every one of `words`, in any order, newest first, and their number."""
    index = _Dialect.of(session)
    exact = [index.contains(f" {w} ") for w in sorted(set(words)) if not index.exact_word(w)]
    return _page(session, and_(index.all_words(words), *exact), scope, limit=limit, offset=offset)


def similar_candidates(
    session: Session, words: Sequence[str], scope: LibraryScope, *, limit: int
) -> list[AdoptedParagraph]:
    """Up to `limit` paragraphs holding the most of `words` (the query's rarest), each weighted
    by its rarity (log of paragraphs / paragraphs holding it), best first."""
    if not words:
        return []
    index = _Dialect.of(session)
    counts = term_counts(session, words)
    total = max(paragraph_total(session), 1)
    weight = sum(
        (
            case(
                (index.contains(f" {w} "), literal(math.log(1 + total / counts.get(w, 1)))),
                else_=0.0,
            )
            for w in words
        ),
        start=literal(0.0),
    )
    query = _scoped(_adopted(), scope).where(index.any_word(words))
    rows = session.execute(query.order_by(weight.desc(), LibraryParagraph.id).limit(limit))
    return [_adopted_paragraph(row) for row in rows]


def _page(
    session: Session,
    condition: ColumnElement[bool],
    scope: LibraryScope,
    *,
    limit: int,
    offset: int,
    count: bool = True,
) -> tuple[list[AdoptedParagraph], int]:
    query = _scoped(_adopted(), scope).where(condition)
    total = -1
    if count:
        total = session.scalar(select(func.count()).select_from(query.subquery())) or 0
    rows = session.execute(
        query.order_by(*_newest_first(), LibraryParagraph.position).limit(limit).offset(offset)
    )
    return [_adopted_paragraph(row) for row in rows], total


def _adopted() -> Select[int, int, str, str, int, dt.date | None, str, str, str]:
    return select(
        LibraryParagraph.id,
        LibraryParagraph.document_id,
        LibraryDocument.symbol,
        LibraryDocument.body,
        LibraryDocument.session,
        LibraryDocument.adopted_on,
        LibraryDocument.title,
        LibraryParagraph.label,
        LibraryParagraph.text,
    ).join(LibraryDocument, LibraryDocument.id == LibraryParagraph.document_id)


def _adopted_paragraph(row: Sequence[object]) -> AdoptedParagraph:
    return AdoptedParagraph(*row)  # type: ignore[arg-type]


def _scoped(query: Select[*Row], scope: LibraryScope) -> Select[*Row]:
    if scope.body:
        query = query.where(LibraryDocument.body == scope.body)
    if scope.adopted_from:
        query = query.where(LibraryDocument.adopted_on >= scope.adopted_from)
    if scope.adopted_to:
        query = query.where(LibraryDocument.adopted_on <= scope.adopted_to)
    return query


def _newest_first() -> tuple[ColumnElement[Any], ColumnElement[str]]:
    return (LibraryDocument.adopted_on.desc().nulls_last(), LibraryDocument.symbol.expression)


class _Dialect:
    """The index look-ups of one database: each a condition on `library_paragraphs`."""

    @staticmethod
    def of(session: Session) -> _Dialect:
        return _Postgres() if session.get_bind().dialect.name == "postgresql" else _Sqlite()

    def contains(self, needle: str) -> ColumnElement[bool]:
        raise NotImplementedError

    def exact_word(self, word: str) -> bool:
        """Whether the index alone finds `word` exactly, with no check on `norm` after it."""
        return False

    def phrase(self, words: Sequence[str]) -> ColumnElement[bool]:
        raise NotImplementedError

    def all_words(self, words: Sequence[str]) -> ColumnElement[bool]:
        raise NotImplementedError

    def any_word(self, words: Sequence[str]) -> ColumnElement[bool]:
        raise NotImplementedError


def _fts_string(word: str) -> str:
    """One word as an FTS5 string (double quotes doubled)."""
    return '"' + word.replace('"', '""') + '"'


class _Sqlite(_Dialect):
    """SQLite: FTS5 over `norm` (unicode61 tokens, diacritics kept)."""

    def contains(self, needle: str) -> ColumnElement[bool]:
        return func.instr(LibraryParagraph.norm, needle) > 0

    def exact_word(self, word: str) -> bool:
        # unicode61 tokens are runs of letters and numbers (categories L*, N*): our words,
        # but for the underscore Python's \w adds
        return word.isalnum()

    def _match(self, expression: str) -> ColumnElement[bool]:
        fts = select(literal_column("rowid", Integer)).select_from(text("library_fts"))
        fts = fts.where(literal_column("library_fts").op("MATCH")(expression))
        return LibraryParagraph.id.in_(fts.scalar_subquery())

    def phrase(self, words: Sequence[str]) -> ColumnElement[bool]:
        return self._match(_fts_string(" ".join(words)))

    def all_words(self, words: Sequence[str]) -> ColumnElement[bool]:
        return self._match(" AND ".join(map(_fts_string, sorted(set(words)))))

    def any_word(self, words: Sequence[str]) -> ColumnElement[bool]:
        return self._match(" OR ".join(map(_fts_string, sorted(set(words)))))


def _like_escaped(needle: str) -> str:
    return needle.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


class _Postgres(_Dialect):
    """PostgreSQL: full text (`to_tsvector('simple', norm)`, GIN) and pg_trgm on `norm` (GIN)."""

    # func.to_tsvector compiles as PostgreSQL's own construct once its dialect module is loaded
    # (`postgresql` is imported for that, whatever else the process has imported)
    _dialect = postgresql.dialect
    _vector = func.to_tsvector(literal_column("'simple'"), LibraryParagraph.norm)

    def contains(self, needle: str) -> ColumnElement[bool]:
        return LibraryParagraph.norm.like(f"%{_like_escaped(needle)}%", escape="\\")

    def phrase(self, words: Sequence[str]) -> ColumnElement[bool]:
        # all the words (full-text index), then the exact LIKE on those rows; the trigram index
        # could answer the LIKE alone, but an 8-word phrase makes ~40 trigram look-ups, many of
        # common trigrams: about 3× slower on the shared library
        return self.all_words(words)

    def _query(self, words: Sequence[str], join: str) -> ColumnElement[bool]:
        terms = join.join(
            "'" + w.replace("'", "''").replace("\\", "\\\\") + "'" for w in sorted(set(words))
        )
        return self._vector.op("@@")(func.to_tsquery(literal_column("'simple'"), terms))

    def all_words(self, words: Sequence[str]) -> ColumnElement[bool]:
        return self._query(words, " & ")

    def any_word(self, words: Sequence[str]) -> ColumnElement[bool]:
        return self._query(words, " | ")
