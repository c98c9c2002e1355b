"""The API's nouns for delegations, proposals and attributions (to be merged into schemas.py)."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

from app.api.schemas import Stamp, Strict

DelegationKindName = Literal["member-state", "observer-state", "group", "organization"]
ProposalAction = Literal["replace", "insert", "delete", "new-paragraph", "delete-paragraph"]
ProposalStatus = Literal["pending", "accepted", "partly-accepted", "rejected", "withdrawn"]
AttributionMethod = Literal["manual", "matched", "imported"]


class DelegationRead(BaseModel):
    code: str
    name: str
    kind: DelegationKindName
    aliases: list[str]
    members: list[str]


class DelegationPage(BaseModel):
    items: list[DelegationRead]
    total: int


class DelegationCreate(Strict):
    """A delegation or an ad hoc group ("core group"); members by code, name or alias."""

    code: str = Field(pattern=r"^[A-Za-z0-9][A-Za-z0-9-]{0,19}$", examples=["CORE-HRD"])
    name: str = Field(min_length=1, max_length=200, examples=["Core group on defenders"])
    kind: DelegationKindName = "group"
    aliases: list[str] = Field(default_factory=list, max_length=20)
    members: list[str] = Field(default_factory=list, max_length=250)


class DelegationRef(BaseModel):
    code: str
    name: str


class ProposalCreate(Strict):
    """A delegation's amendment to a draft (default the latest)."""

    delegations: list[str] = Field(min_length=1, max_length=50, examples=[["EU", "Mexico"]])
    draft: int | None = Field(default=None, ge=1)
    lineage_id: str | None = Field(default=None, max_length=36)
    after_lineage_id: str | None = Field(default=None, max_length=36)
    action: ProposalAction
    find: str | None = Field(default=None, max_length=10_000, examples=["encourages"])
    text: str | None = Field(default=None, max_length=20_000, examples=["urges"])
    source: str = Field(default="", max_length=120, examples=["informal-3"])
    note: str = Field(default="", max_length=10_000)
    status: ProposalStatus = "pending"


class ProposalUpdate(Strict):
    status: ProposalStatus | None = None
    note: str | None = Field(default=None, max_length=10_000)
    text: str | None = Field(default=None, max_length=20_000)


class ProposalRead(BaseModel):
    id: int
    delegations: list[DelegationRef]
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


class ProposalPage(BaseModel):
    items: list[ProposalRead]
    total: int


class ProposalImportRead(BaseModel):
    """What a Word file gave: its proposals (new and already imported), how many are new, and
    the changes that could not be placed on the draft, with the reason."""

    items: list[ProposalRead]
    created: int
    skipped: list[str]


class AttributionCreate(Strict):
    """Tie a change of draft `to` (or its hunk `hunk`) to delegations or to a proposal."""

    to: int = Field(ge=1)
    lineage_id: str = Field(min_length=1, max_length=36)
    hunk: int | None = Field(default=None, ge=0)
    delegations: list[str] = Field(default_factory=list, max_length=50)
    proposal_id: int | None = Field(default=None, ge=1)


class AttributionBrief(BaseModel):
    id: int
    delegations: list[DelegationRef]
    proposal_id: int | None
    method: AttributionMethod
    confidence: float


class AttributionRead(AttributionBrief):
    to: int
    lineage_id: str
    hunk: int | None
    created_at: Stamp
    created_by: str
