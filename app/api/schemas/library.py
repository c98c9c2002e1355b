"""The library of adopted resolutions: documents, search hits, precedents, agreed language."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence

from pydantic import Field

from app.api.schemas import Read, Stamp
from app.api.schemas.comparison import ChangeRead, ComparisonRead, HunkRead, OpRead
from app.core.negotiation import Comparison
from app.core.vocabulary import ImportOutcome, ParagraphKind, SessionKind


class LibraryDocumentRead(Read):
    id: int
    symbol: str
    body: str
    session: int
    session_kind: SessionKind
    adopted_on: dt.date | None
    title: str
    adoption: str
    file_name: str
    created_at: Stamp


class LibraryDocumentPage(Read):
    items: list[LibraryDocumentRead]
    total: int


class LibraryParagraphRead(Read):
    id: int
    position: int
    kind: ParagraphKind
    label: str
    number: str
    text: str


class LibraryDocumentDetailRead(LibraryDocumentRead):
    """One adopted resolution with its paragraphs."""

    paragraphs: list[LibraryParagraphRead]


class LibraryImportRead(Read):
    """What importing one resolution did (`stored`, `unchanged`, `replaced`), and the result."""

    outcome: ImportOutcome
    document: LibraryDocumentRead


class LibraryHitRead(Read):
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
    highlights: list[tuple[int, int]] = Field(
        description="(start, end) character offsets in `text` of the words that matched"
    )


class LibrarySearchPage(Read):
    items: list[LibraryHitRead]
    total: int


class PrecedentHunkRead(Read):
    index: int
    delete: str
    insert: str


class PrecedentRead(Read):
    """An adopted paragraph close to a draft paragraph; ops go from it to the draft's text."""

    symbol: str
    body: str
    session: int
    adopted_on: dt.date | None
    title: str
    line: str
    label: str
    text: str
    score: float
    ops: list[OpRead]
    hunks: list[PrecedentHunkRead]


class PrecedentPage(Read):
    items: list[PrecedentRead]
    total: int


class AgreedSourceRead(Read):
    symbol: str
    label: str
    adopted_on: dt.date | None


def _absent(value: object) -> bool:
    return value is None


class HunkAgreedRead(HunkRead):
    agreed: list[AgreedSourceRead] | None = Field(
        default=None,
        exclude_if=_absent,
        description="adopted texts holding the inserted words (4 or more); empty: new language",
    )


class ChangeAgreedRead(ChangeRead):
    hunks: list[HunkAgreedRead]  # type: ignore[assignment]


class ComparisonAgreedRead(ComparisonRead):
    """A comparison whose hunks inserting four words or more say where those words were agreed."""

    changes: list[ChangeAgreedRead]  # type: ignore[assignment]

    @classmethod
    def with_agreed(
        cls, comparison: Comparison, agreed: Sequence[Mapping[int, Sequence[object]]]
    ) -> ComparisonAgreedRead:
        """The comparison with each looked-up hunk's sources (see `agreed_language`)."""
        read = cls.model_validate(comparison)
        for change, sources in zip(read.changes, agreed, strict=True):
            for hunk in change.hunks:
                if hunk.index in sources:
                    hunk.agreed = [AgreedSourceRead.model_validate(s) for s in sources[hunk.index]]
        return read
