"""Attributions: who is behind a change or one hunk of it."""

from __future__ import annotations

from pydantic import Field

from app.api.schemas import Read, Stamp, Strict
from app.api.schemas.delegations import DelegationRefRead
from app.core.vocabulary import AttributionMethod


class AttributionCreate(Strict):
    """Tie a change of draft `to` (or its hunk `hunk`) to delegations or to a proposal."""

    to: int = Field(ge=1)
    lineage_id: str = Field(min_length=1, max_length=36)
    hunk: int | None = Field(default=None, ge=0)
    delegations: list[str] = Field(default_factory=list, max_length=50)
    proposal_id: int | None = Field(default=None, ge=1)


class AttributionBriefRead(Read):
    """Who is behind a change or one hunk of it, how Penholder knows, and how sure it is."""

    id: int
    delegations: list[DelegationRefRead]
    proposal_id: int | None
    method: AttributionMethod
    confidence: float


class AttributionRead(AttributionBriefRead):
    to: int
    lineage_id: str
    hunk: int | None
    created_at: Stamp
    created_by: str
