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
from dataclasses import dataclass

from app.core.vocabulary import AttributionMethod, DiffOpKind


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
class DraftStamp:
    """A stored draft named in an answer: its seq, label, stage and circulation date."""

    id: int
    seq: int
    label: str
    stage: str
    circulated_on: dt.date | None
