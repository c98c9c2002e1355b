"""The stored negotiation as the core sees it: typed values read from rows, never rows.

Services read rows through `app/db/repositories/`, turn them into these values, hand them to
`app/core/negotiation.py`, and persist or return what comes back. Routes serve them through the
response models of `app/api/schemas/` (which mirror these shapes field for field).

Shapes, once:

- `StoredParagraph` is one paragraph of one stored draft: its row id, its 0-based `position`
  in the draft, the lineage it continues and its text.
- `StoredHunk` is a hunk as stored with a change (`app/core/model.Hunk` without the op
  indices): character offsets are half-open, into the old and new texts of the change.
- `AttributionBrief` is an attribution as it travels with a change or a hunk.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

from app.core.vocabulary import AttributionMethod, ChangeKind, DiffOpKind, OriginKind


@dataclass(frozen=True, slots=True)
class DelegationRef:
    """A delegation named in an answer: its code and UN name."""

    code: str
    name: str


@dataclass(frozen=True, slots=True)
class AttributionBrief:
    """Who is behind a change or one hunk of it, how Penholder knows, and how sure it is."""

    id: int
    delegations: tuple[DelegationRef, ...]
    proposal_id: int | None
    method: AttributionMethod
    confidence: float


@dataclass(frozen=True, slots=True)
class StoredOp:
    """One stored word-diff operation."""

    op: DiffOpKind
    text: str


@dataclass(frozen=True, slots=True)
class StoredHunk:
    """A numbered run of changed words, as stored with its change."""

    index: int
    delete: str
    insert: str
    old_start: int
    old_end: int
    new_start: int
    new_end: int


@dataclass(frozen=True, slots=True)
class ParagraphHit:
    """A paragraph found by a search: where it is (draft seq and label) and what it says."""

    paragraph_id: int
    lineage_id: str
    draft_seq: int
    draft_label: str
    label: str
    kind: str
    text: str


@dataclass(frozen=True, slots=True)
class DraftStamp:
    """A stored draft named in an answer: its seq, label, stage and circulation date."""

    id: int
    seq: int
    label: str
    stage: str
    circulated_on: dt.date | None


@dataclass(frozen=True, slots=True)
class StoredParagraph:
    """One paragraph of a stored draft, as comparison, history and the map need it."""

    id: int
    draft_id: int
    position: int
    lineage_id: str
    kind: str
    label: str
    text: str


@dataclass(frozen=True, slots=True)
class LineageRecord:
    """A stored lineage: born of a split or a merge of `origins`, or (kind None) new."""

    id: str
    origin_kind: OriginKind | None
    origins: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class StoredChange:
    """A change between a draft and its base, as stored; `id` is None for a net change.

    `from_paragraph_ids` and `to_paragraph_ids` are paragraph row ids in the base and the draft.
    """

    id: int | None
    draft_id: int
    lineage_id: str
    kind: ChangeKind
    moved: bool
    modified: bool
    from_paragraph_ids: tuple[int, ...]
    to_paragraph_ids: tuple[int, ...]
    ops: tuple[StoredOp, ...]
    hunks: tuple[StoredHunk, ...]
    words_inserted: int
    words_deleted: int


Item = TypeVar("Item")


@dataclass(frozen=True, slots=True)
class Page(Generic[Item]):
    """One page of a longer list: the items asked for, and how many there are in all."""

    items: tuple[Item, ...]
    total: int

    @classmethod
    def of(cls, found: Sequence[Item], *, limit: int, offset: int) -> Page[Item]:
        """The page of `found` that starts at `offset` and holds at most `limit` items."""
        return cls(tuple(found[offset : offset + limit]), len(found))
