"""The API's nouns: request and response bodies, validated at the edge."""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Any, ClassVar, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, ValidationInfo, field_validator


def _in_utc(moment: dt.datetime) -> dt.datetime:
    """Stored times are UTC; SQLite returns them without a zone, so say which it is."""
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)


Stamp = Annotated[dt.datetime, AfterValidator(_in_utc)]
Status = Literal["informals", "tabled", "adopted", "withdrawn"]
Stage = Literal["zero", "revision", "tabled", "oral-revision", "adopted"]
Kind = Literal["title", "preambular", "operative", "subparagraph", "other"]
ChangeKindName = Literal["unchanged", "modified", "added", "deleted", "moved", "split", "merged"]


UNSTORABLE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def has_unstorable_characters(text: str) -> bool:
    """Whether `text` holds control characters (NUL, escape…) or lone surrogates: PostgreSQL
    cannot store NUL and Word (XML) cannot hold any of them."""
    return UNSTORABLE.search(text) is not None


class Strict(BaseModel):
    """Request bodies refuse fields they do not know, and control characters in text."""

    model_config = ConfigDict(extra="forbid")
    free_text: ClassVar[frozenset[str]] = frozenset()  # fields checked later, by the parser

    @field_validator("*", mode="after")
    @classmethod
    def _printable(cls, value: Any, info: ValidationInfo) -> Any:
        if info.field_name in cls.free_text:
            return value
        for text in value if isinstance(value, list) else [value]:
            if isinstance(text, str) and has_unstorable_characters(text):
                raise ValueError("must not contain control characters")
        return value


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
    created_at: Stamp
    created_by: str


class NegotiationRead(BaseModel):
    slug: str
    title: str
    body: str
    session: str
    agenda_item: str
    penholders: list[str]
    status: str
    created_at: Stamp
    updated_at: Stamp
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

    free_text: ClassVar[frozenset[str]] = frozenset({"text"})

    label: str = Field(min_length=1, max_length=120)
    text: str = Field(min_length=1)
    file_name: str = Field(default="draft.txt", max_length=255)
    symbol: str | None = Field(default=None, max_length=80)
    stage: Stage = "revision"
    circulated_on: dt.date | None = None
    based_on: int | None = Field(default=None, ge=1)


class Health(BaseModel):
    status: Literal["ok"]
