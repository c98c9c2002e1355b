"""Drafts and their paragraphs: upload as text, read, list."""

from __future__ import annotations

import datetime as dt
from typing import ClassVar

from pydantic import BaseModel, Field

from app.api.schemas import Read, Stamp, Strict
from app.core.vocabulary import DraftStage, ParagraphKind


class DraftBriefRead(Read):
    seq: int
    label: str
    symbol: str | None
    stage: DraftStage
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
    created_at: Stamp
    created_by: str
    withdrawn_at: Stamp | None = None


class FootnoteRead(Read):
    marker: str
    text: str
    offset: int


class ParagraphRead(Read):
    id: int
    position: int
    lineage_id: str
    label: str
    kind: ParagraphKind
    number: str
    lead: str
    text: str
    level: int
    italics: list[list[int]]
    footnotes: list[FootnoteRead]
    revisions: list[dict[str, str | None]]
    comments: list[dict[str, str | None]]


class DraftRead(DraftBriefRead):
    negotiation: str
    masthead: dict[str, str]
    formula: str
    paragraphs: list[ParagraphRead]


class DraftPage(BaseModel):
    items: list[DraftBriefRead]
    total: int


class DraftTextCreate(Strict):
    """A draft sent as JSON: its text instead of a file."""

    free_text: ClassVar[frozenset[str]] = frozenset({"text"})

    label: str = Field(min_length=1, max_length=120)
    text: str = Field(min_length=1)
    file_name: str = Field(default="draft.txt", max_length=255)
    symbol: str | None = Field(default=None, max_length=80)
    stage: DraftStage = DraftStage.REVISION
    circulated_on: dt.date | None = None
    based_on: int | None = Field(default=None, ge=1)
    # A file uploaded twice is refused unless insisted on; text sent as JSON is stored again
    # unless the client asks to be refused (the v1 contract posts one text twice).
    allow_duplicate: bool = True


class DraftUpdate(Strict):
    """A correction to a stored draft: its label, or whether it is withdrawn."""

    label: str | None = Field(default=None, min_length=1, max_length=120)
    withdrawn: bool | None = None
