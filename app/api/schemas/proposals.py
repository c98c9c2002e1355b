"""Proposals: a delegation's amendment recorded, updated, read, listed, imported from Word."""

from __future__ import annotations

from typing import ClassVar

from pydantic import BaseModel, Field

from app.api.schemas import Read, Stamp, Strict
from app.api.schemas.delegations import DelegationRefRead
from app.core.vocabulary import ProposalAction, ProposalStatus


class ProposalCreate(Strict):
    """A delegation's amendment to a draft (default the latest)."""

    prose: ClassVar[frozenset[str]] = frozenset({"find", "text", "note"})

    delegations: list[str] = Field(min_length=1, max_length=50, examples=[["EU", "Mexico"]])
    draft: int | None = Field(default=None, ge=1)
    lineage_id: str | None = Field(default=None, max_length=36)
    after_lineage_id: str | None = Field(default=None, max_length=36)
    action: ProposalAction
    find: str | None = Field(default=None, max_length=10_000, examples=["encourages"])
    text: str | None = Field(default=None, max_length=20_000, examples=["urges"])
    source: str = Field(default="", max_length=120, examples=["informal-3"])
    note: str = Field(default="", max_length=10_000)
    status: ProposalStatus = ProposalStatus.PENDING


class ProposalUpdate(Strict):
    prose: ClassVar[frozenset[str]] = frozenset({"text", "note"})

    status: ProposalStatus | None = None
    note: str | None = Field(default=None, max_length=10_000)
    text: str | None = Field(default=None, max_length=20_000)


class ProposalRead(Read):
    id: int
    delegations: list[DelegationRefRead]
    draft: int
    lineage_id: str | None
    after_lineage_id: str | None
    target_label: str | None
    after_label: str | None
    action: ProposalAction
    find: str | None
    text: str | None
    source: str
    note: str
    status: ProposalStatus
    created_at: Stamp
    created_by: str
    collides_with: list[int]


class ProposalPage(BaseModel):
    items: list[ProposalRead]
    total: int


class ProposalImportRead(Read):
    """What a Word file gave: its proposals (new and already imported), how many are new, and
    the changes that could not be placed on the draft, with the reason."""

    items: list[ProposalRead]
    created: int
    skipped: list[str]
