"""Reading negotiations and drafts as the API serves them (plain dicts)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy.orm import Session

from app.db.models import Draft, Negotiation
from app.db.repositories import drafts as drafts_repo


def draft_brief(draft: Draft, seq_by_id: dict[int, int], paragraph_count: int) -> dict[str, Any]:
    """A draft without its paragraphs."""
    return {
        "seq": draft.seq,
        "label": draft.label,
        "symbol": draft.symbol,
        "stage": draft.stage,
        "circulated_on": draft.circulated_on,
        "language": draft.language,
        "based_on": seq_by_id.get(draft.based_on_id) if draft.based_on_id else None,
        "title": draft.title,
        "file_name": draft.file_name,
        "media_type": draft.media_type,
        "sha256": draft.sha256,
        "size": draft.size,
        "paragraph_count": paragraph_count,
        "summary": draft.summary or {},
        "created_at": draft.created_at,
        "created_by": draft.created_by,
    }


def draft_briefs(session: Session, drafts: Sequence[Draft]) -> list[dict[str, Any]]:
    """Several drafts without their paragraphs."""
    counts = drafts_repo.paragraph_counts(session, [d.id for d in drafts])
    seq_by_id = {d.id: d.seq for d in drafts}
    missing = {d.based_on_id for d in drafts if d.based_on_id and d.based_on_id not in seq_by_id}
    for draft_id in missing:
        seq_by_id[draft_id] = drafts_repo.draft_by_id(session, draft_id).seq
    return [draft_brief(d, seq_by_id, counts.get(d.id, 0)) for d in drafts]


def negotiation_view(
    session: Session, negotiation: Negotiation, *, with_drafts: bool = False
) -> dict[str, Any]:
    """A negotiation with its latest draft (and all drafts when asked)."""
    drafts = drafts_repo.drafts_of_negotiation(session, negotiation.id)
    briefs = draft_briefs(session, drafts)
    return {
        "slug": negotiation.slug,
        "title": negotiation.title,
        "body": negotiation.body,
        "session": negotiation.session,
        "agenda_item": negotiation.agenda_item,
        "penholders": negotiation.penholders,
        "status": negotiation.status,
        "created_at": negotiation.created_at,
        "updated_at": negotiation.updated_at,
        "draft_count": len(drafts),
        "latest_draft": briefs[-1] if briefs else None,
        "drafts": briefs if with_drafts else None,
    }


def list_negotiations(
    session: Session, *, limit: int, offset: int, q: str | None
) -> dict[str, Any]:
    """One page of negotiations."""
    rows, total = drafts_repo.negotiations_page(session, limit=limit, offset=offset, q=q)
    return {"items": [negotiation_view(session, n) for n in rows], "total": total}


def read_negotiation(session: Session, slug: str) -> dict[str, Any]:
    """One negotiation with its drafts."""
    return negotiation_view(
        session, drafts_repo.negotiation_by_slug(session, slug), with_drafts=True
    )


def list_drafts(session: Session, slug: str, *, limit: int, offset: int) -> dict[str, Any]:
    """A page of a negotiation's drafts in seq order."""
    negotiation = drafts_repo.negotiation_by_slug(session, slug)
    drafts = drafts_repo.drafts_of_negotiation(session, negotiation.id)
    return {"items": draft_briefs(session, drafts)[offset : offset + limit], "total": len(drafts)}


def read_draft(session: Session, slug: str, seq: int | str) -> dict[str, Any]:
    """One draft with its paragraphs."""
    negotiation = drafts_repo.negotiation_by_slug(session, slug)
    draft = drafts_repo.draft_by_seq(session, negotiation, seq)
    return draft_view(session, negotiation, draft)


def draft_view(session: Session, negotiation: Negotiation, draft: Draft) -> dict[str, Any]:
    """A stored draft with its paragraphs, as served."""
    paragraphs = drafts_repo.paragraphs_of_draft(session, draft.id)
    view = draft_briefs(session, [draft])[0]
    view.update(
        negotiation=negotiation.slug,
        masthead={k: str(v) for k, v in (draft.masthead or {}).items()},
        formula=draft.formula,
        paragraphs=[
            {
                "id": p.id,
                "position": p.position,
                "lineage_id": p.lineage_id,
                "label": p.label,
                "kind": p.kind,
                "number": p.number,
                "lead": p.lead,
                "text": p.text,
                "level": p.level,
                "italics": p.italics,
                "footnotes": p.footnotes,
                "revisions": p.revisions,
                "comments": p.comments,
            }
            for p in paragraphs
        ],
    )
    return view


def draft_source(session: Session, slug: str, seq: int | str) -> tuple[bytes, str, str]:
    """The original upload of a draft: bytes, media type, file name."""
    negotiation = drafts_repo.negotiation_by_slug(session, slug)
    draft = drafts_repo.draft_by_seq(session, negotiation, seq)
    return drafts_repo.draft_source(session, draft.id), draft.media_type, draft.file_name
