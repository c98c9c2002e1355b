"""The API's nouns: request and response bodies, validated at the edge."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

Status = Literal["informals", "tabled", "adopted", "withdrawn"]
Stage = Literal["zero", "revision", "tabled", "oral-revision", "adopted"]
Kind = Literal["title", "preambular", "operative", "subparagraph", "other"]
ChangeKindName = Literal["unchanged", "modified", "added", "deleted", "moved", "split", "merged"]


class Strict(BaseModel):
    """Request bodies refuse fields they do not know."""

    model_config = ConfigDict(extra="forbid")


class NegotiationCreate(Strict):
    title: str = Field(min_length=1, max_length=500)
    body: str = Field(min_length=1, max_length=40, examples=["HRC"])
    session: str = Field(default="", max_length=40, examples=["58"])
    agenda_item: str = Field(default="", max_length=200)
    slug: str | None = Field(default=None, max_length=80)
    penholders: list[str] = Field(default_factory=list, max_length=50)
    status: Status = "informals"


class NegotiationUpdate(Strict):
    title: str | None = Field(default=None, min_length=1, max_length=500)
    body: str | None = Field(default=None, min_length=1, max_length=40)
    session: str | None = Field(default=None, max_length=40)
    agenda_item: str | None = Field(default=None, max_length=200)
    penholders: list[str] | None = Field(default=None, max_length=50)
    status: Status | None = None


class DraftBrief(BaseModel):
    seq: int
    label: str
    symbol: str | None
    stage: str
    circulated_on: dt.date | None
    language: str
    based_on: int | None
    title: str
    file_name: str
    media_type: str
    sha256: str
    size: int
    paragraph_count: int
    summary: dict[str, int]
    created_at: dt.datetime
    created_by: str


class NegotiationRead(BaseModel):
    slug: str
    title: str
    body: str
    session: str
    agenda_item: str
    penholders: list[str]
    status: str
    created_at: dt.datetime
    updated_at: dt.datetime
    draft_count: int
    latest_draft: DraftBrief | None
    drafts: list[DraftBrief] | None = None


class NegotiationPage(BaseModel):
    items: list[NegotiationRead]
    total: int


class FootnoteRead(BaseModel):
    marker: str
    text: str
    offset: int


class ParagraphRead(BaseModel):
    id: int
    position: int
    lineage_id: str
    label: str
    kind: Kind
    number: str
    lead: str
    text: str
    level: int
    italics: list[list[int]]
    footnotes: list[FootnoteRead]
    revisions: list[dict[str, str | None]]
    comments: list[dict[str, str | None]]


class DraftRead(DraftBrief):
    negotiation: str
    masthead: dict[str, str]
    formula: str
    paragraphs: list[ParagraphRead]


class DraftPage(BaseModel):
    items: list[DraftBrief]
    total: int


class DraftTextCreate(Strict):
    """A draft sent as JSON: its text instead of a file."""

    label: str = Field(min_length=1, max_length=120)
    text: str = Field(min_length=1)
    file_name: str = Field(default="draft.txt", max_length=255)
    symbol: str | None = Field(default=None, max_length=80)
    stage: Stage = "revision"
    circulated_on: dt.date | None = None
    based_on: int | None = Field(default=None, ge=1)


class Health(BaseModel):
    status: Literal["ok"]
