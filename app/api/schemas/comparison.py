"""The answers of compare, paragraph history and the map: mirrors of `app/core/negotiation.py`."""

from __future__ import annotations

import datetime as dt

from pydantic import Field

from app.api.schemas import Read
from app.api.schemas.attributions import AttributionBriefRead
from app.core.vocabulary import (
    ChangeKind,
    Departure,
    DiffOpKind,
    Nature,
    OriginKind,
    ShiftDirection,
)


class OpRead(Read):
    op: DiffOpKind
    text: str


class ShiftRead(Read):
    """A lead verb swapped for another on the scale of app/data/lead_verbs.json."""

    from_lead: str = Field(serialization_alias="from")
    to_lead: str = Field(serialization_alias="to")
    direction: ShiftDirection


class HunkRead(Read):
    index: int
    delete: str
    insert: str
    old_start: int
    old_end: int
    new_start: int
    new_end: int
    attributions: list[AttributionBriefRead]
    nature: Nature
    shift: ShiftRead | None


class DraftRefRead(Read):
    seq: int
    label: str


class ChangeSummaryRead(Read):
    unchanged: int
    modified: int
    added: int
    deleted: int
    moved: int
    split: int
    merged: int
    words_inserted: int
    words_deleted: int


class ChangeSideRead(Read):
    label: str | None
    labels: list[str]
    text: str | None
    paragraph_ids: list[int]
    lineage_ids: list[str]


class ChangeRead(Read):
    change_id: int | None
    lineage_id: str
    kind: ChangeKind
    moved: bool
    modified: bool
    from_side: ChangeSideRead = Field(serialization_alias="from")
    to_side: ChangeSideRead = Field(serialization_alias="to")
    ops: list[OpRead]
    hunks: list[HunkRead]
    attributions: list[AttributionBriefRead]
    words_inserted: int
    words_deleted: int
    nature: Nature


class ComparisonRead(Read):
    """Two drafts compared: the summary and the changes in document order."""

    from_draft: DraftRefRead = Field(serialization_alias="from")
    to_draft: DraftRefRead = Field(serialization_alias="to")
    summary: ChangeSummaryRead
    changes: list[ChangeRead]


class DraftStampRead(Read):
    seq: int
    label: str
    stage: str
    circulated_on: dt.date | None


class RelativeRead(Read):
    lineage_id: str
    kind: OriginKind | None
    label: str | None
    draft: int | None


class HistoryEntryRead(Read):
    draft: DraftStampRead
    paragraph_id: int | None
    label: str | None
    kind: str | None
    text: str | None
    change: ChangeKind | Departure
    moved: bool
    ops: list[OpRead]
    hunks: list[HunkRead]
    attributions: list[AttributionBriefRead]


class HistoryRead(Read):
    """One paragraph lineage through every draft."""

    lineage_id: str
    label: str
    origins: list[RelativeRead]
    successors: list[RelativeRead]
    entries: list[HistoryEntryRead]


class MapCellRead(Read):
    seq: int
    label: str | None
    change: ChangeKind
    nature: Nature


class MapRowRead(Read):
    lineage_id: str
    label: str
    cells: list[MapCellRead | None]


class MapRead(Read):
    """Every paragraph lineage × every draft."""

    drafts: list[DraftRefRead]
    rows: list[MapRowRead]
