"""Negotiations and drafts as the API serves them: typed views read from stored rows."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, fields

from sqlalchemy.orm import Session

from app.core.records import Page
from app.core.vocabulary import DraftStage, NegotiationStatus
from app.db.models import Draft, Negotiation, Paragraph
from app.db.repositories import drafts as drafts_repo


@dataclass(frozen=True, slots=True)
class DraftBriefView:
    """A stored draft without its paragraphs; `based_on` is the seq of the draft it is compared
    with (its base, or the base's own base while that one is withdrawn)."""

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
    created_at: dt.datetime
    created_by: str
    withdrawn_at: dt.datetime | None


@dataclass(frozen=True, slots=True)
class DraftView(DraftBriefView):
    """A stored draft with its negotiation's slug, masthead, formula and paragraph rows."""

    negotiation: str
    masthead: dict[str, str]
    formula: str
    paragraphs: tuple[Paragraph, ...]


@dataclass(frozen=True, slots=True)
class NegotiationView:
    """A negotiation with its draft count, latest draft, and all drafts when asked for."""

    slug: str
    title: str
    body: str
    session: str
    agenda_item: str
    penholders: list[str]
    status: NegotiationStatus
    created_at: dt.datetime
    updated_at: dt.datetime
    draft_count: int
    latest_draft: DraftBriefView | None
    drafts: tuple[DraftBriefView, ...] | None


def draft_brief(
    draft: Draft, seq_by_id: dict[int, int], paragraph_count: int, base_id: int | None
) -> DraftBriefView:
    """A draft without its paragraphs; `seq_by_id` names its base (`base_id`) by seq."""
    return DraftBriefView(
        seq=draft.seq,
        label=draft.label,
        symbol=draft.symbol,
        stage=DraftStage(draft.stage),
        circulated_on=draft.circulated_on,
        language=draft.language,
        based_on=seq_by_id.get(base_id) if base_id else None,
        title=draft.title,
        file_name=draft.file_name,
        media_type=draft.media_type,
        sha256=draft.sha256,
        size=draft.size,
        paragraph_count=paragraph_count,
        summary=draft.summary or {},
        created_at=draft.created_at,
        created_by=draft.created_by,
        withdrawn_at=draft.withdrawn_at,
    )


def draft_briefs(session: Session, drafts: Sequence[Draft]) -> list[DraftBriefView]:
    """Several drafts without their paragraphs."""
    counts = drafts_repo.paragraph_counts(session, [d.id for d in drafts])
    bases = {d.id: drafts_repo.effective_base(session, d) for d in drafts}
    seq_by_id = {d.id: d.seq for d in drafts} | {b.id: b.seq for b in bases.values() if b}
    return [
        draft_brief(d, seq_by_id, counts.get(d.id, 0), base.id if (base := bases[d.id]) else None)
        for d in drafts
    ]


def negotiation_view(
    session: Session, negotiation: Negotiation, *, with_drafts: bool = False
) -> NegotiationView:
    """A negotiation with its latest draft (and all drafts when asked)."""
    drafts = drafts_repo.drafts_of_negotiation(session, negotiation.id, withdrawn=with_drafts)
    briefs = draft_briefs(session, drafts)
    current = [b for b in briefs if b.withdrawn_at is None]
    return NegotiationView(
        slug=negotiation.slug,
        title=negotiation.title,
        body=negotiation.body,
        session=negotiation.session,
        agenda_item=negotiation.agenda_item,
        penholders=negotiation.penholders,
        status=NegotiationStatus(negotiation.status),
        created_at=negotiation.created_at,
        updated_at=negotiation.updated_at,
        draft_count=len(current),
        latest_draft=current[-1] if current else None,
        drafts=tuple(briefs) if with_drafts else None,
    )


def list_negotiations(
    session: Session, *, limit: int, offset: int, q: str | None
) -> Page[NegotiationView]:
    """One page of negotiations."""
    rows, total = drafts_repo.negotiations_page(session, limit=limit, offset=offset, q=q)
    return Page(tuple(negotiation_view(session, n) for n in rows), total)


def read_negotiation(session: Session, slug: str) -> NegotiationView:
    """One negotiation with its drafts."""
    return negotiation_view(
        session, drafts_repo.negotiation_by_slug(session, slug), with_drafts=True
    )


def list_drafts(session: Session, slug: str, *, limit: int, offset: int) -> Page[DraftBriefView]:
    """A page of a negotiation's drafts in seq order."""
    negotiation = drafts_repo.negotiation_by_slug(session, slug)
    drafts = drafts_repo.drafts_of_negotiation(session, negotiation.id, withdrawn=True)
    return Page.of(draft_briefs(session, drafts), limit=limit, offset=offset)


def read_draft(session: Session, slug: str, seq: int | str) -> DraftView:
    """One draft with its paragraphs."""
    negotiation = drafts_repo.negotiation_by_slug(session, slug)
    draft = drafts_repo.draft_by_seq(session, negotiation, seq)
    return draft_view(session, negotiation, draft)


def draft_view(session: Session, negotiation: Negotiation, draft: Draft) -> DraftView:
    """A stored draft with its paragraphs, as served."""
    paragraphs = drafts_repo.paragraphs_of_draft(session, draft.id)
    brief = draft_briefs(session, [draft])[0]
    return DraftView(
        **{field.name: getattr(brief, field.name) for field in fields(DraftBriefView)},
        negotiation=negotiation.slug,
        masthead={k: str(v) for k, v in (draft.masthead or {}).items()},
        formula=draft.formula,
        paragraphs=tuple(paragraphs),
    )


def draft_source(session: Session, slug: str, seq: int | str) -> tuple[bytes, str, str]:
    """The original upload of a draft: bytes, media type, file name."""
    negotiation = drafts_repo.negotiation_by_slug(session, slug)
    draft = drafts_repo.draft_by_seq(session, negotiation, seq)
    return drafts_repo.draft_source(session, draft.id), draft.media_type, draft.file_name
