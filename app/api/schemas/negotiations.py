"""Negotiations: create, update, read, list."""

from __future__ import annotations

from pydantic import BaseModel, Field

from app.api.schemas import Read, Stamp, Strict
from app.api.schemas.drafts import DraftBriefRead
from app.core.vocabulary import NegotiationStatus


class NegotiationCreate(Strict):
    title: str = Field(min_length=1, max_length=500)
    body: str = Field(min_length=1, max_length=40, examples=["HRC"])
    session: str = Field(default="", max_length=40, examples=["58"])
    agenda_item: str = Field(default="", max_length=200)
    slug: str | None = Field(default=None, max_length=80)
    penholders: list[str] = Field(default_factory=list, max_length=50)
    status: NegotiationStatus = NegotiationStatus.INFORMALS


class NegotiationUpdate(Strict):
    title: str | None = Field(default=None, min_length=1, max_length=500)
    body: str | None = Field(default=None, min_length=1, max_length=40)
    session: str | None = Field(default=None, max_length=40)
    agenda_item: str | None = Field(default=None, max_length=200)
    penholders: list[str] | None = Field(default=None, max_length=50)
    status: NegotiationStatus | None = None


class NegotiationRead(Read):
    slug: str
    title: str
    body: str
    session: str
    agenda_item: str
    penholders: list[str]
    status: NegotiationStatus
    created_at: Stamp
    updated_at: Stamp
    draft_count: int
    latest_draft: DraftBriefRead | None
    drafts: list[DraftBriefRead] | None = None


class NegotiationPage(BaseModel):
    items: list[NegotiationRead]
    total: int
