"""Paragraphs found by a search across a negotiation's drafts."""

from __future__ import annotations

from pydantic import BaseModel

from app.api.schemas import Read
from app.core.vocabulary import ParagraphKind


class ParagraphHitRead(Read):
    paragraph_id: int
    lineage_id: str
    draft_seq: int
    draft_label: str
    label: str
    kind: ParagraphKind
    text: str


class ParagraphHitPage(BaseModel):
    items: list[ParagraphHitRead]
    total: int
