"""Delegations: the registry as read, a delegation or ad hoc group added, a delegation named."""

from __future__ import annotations

from pydantic import BaseModel, Field

from app.api.schemas import Read, Strict
from app.core.vocabulary import DelegationKind


class DelegationRead(Read):
    code: str
    name: str
    kind: DelegationKind
    aliases: list[str]
    members: list[str]


class DelegationPage(BaseModel):
    items: list[DelegationRead]
    total: int


class DelegationCreate(Strict):
    """A delegation or an ad hoc group ("core group"); members by code, name or alias."""

    code: str = Field(pattern=r"^[A-Za-z0-9][A-Za-z0-9-]{0,19}$", examples=["CORE-HRD"])
    name: str = Field(min_length=1, max_length=200, examples=["Core group on defenders"])
    kind: DelegationKind = DelegationKind.GROUP
    aliases: list[str] = Field(default_factory=list, max_length=20)
    members: list[str] = Field(default_factory=list, max_length=250)


class DelegationRefRead(Read):
    """A delegation named in an answer: its code and UN name."""

    code: str
    name: str
