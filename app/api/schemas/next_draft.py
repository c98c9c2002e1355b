"""The next draft made from proposals, and the collisions between pending proposals."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from pydantic import BaseModel, Field

from app.api.schemas import Read, Strict
from app.core.vocabulary import DraftStage, ParagraphKind

ProposalId = Annotated[int, Field(ge=1, le=2**31 - 1)]


class NextDraftCreate(Strict):
    """Apply proposals to a draft: store the result as a new draft, or only preview it."""

    label: str = Field(min_length=1, max_length=120, examples=["Rev.3"])
    proposals: list[ProposalId] = Field(default_factory=list, max_length=2000, examples=[[12, 15]])
    order: list[ProposalId] = Field(
        default_factory=list,
        max_length=2000,
        description="The order to apply colliding proposals in (ids from `proposals`).",
    )
    bis: list[ProposalId] = Field(
        default_factory=list,
        max_length=2000,
        description="New-paragraph proposals numbered 'bis' after the paragraph they follow, "
        "instead of renumbering the paragraphs after them.",
    )
    dry_run: bool = False
    symbol: str | None = Field(default=None, max_length=80)
    stage: DraftStage = DraftStage.REVISION
    circulated_on: dt.date | None = None


class CollisionRead(Read):
    proposals: list[int]
    lineage_id: str
    label: str
    words: str


class CollisionPage(BaseModel):
    items: list[CollisionRead]
    total: int


class NextParagraphRead(Read):
    lineage_id: str | None
    label: str
    kind: ParagraphKind
    number: str
    lead: str
    text: str
    level: int
    proposals: list[int]


class DeletedParagraphRead(Read):
    lineage_id: str
    label: str
    proposals: list[int]


class NextDraftRead(Read):
    """The next draft: stored as `seq`, or (`dry_run`) only previewed, `seq` null."""

    dry_run: bool
    seq: int | None
    label: str
    based_on: int
    paragraphs: list[NextParagraphRead]
    deleted: list[DeletedParagraphRead]
    collisions: list[CollisionRead]
