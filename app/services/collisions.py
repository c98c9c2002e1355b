"""Collisions: the pending proposals on one draft that act on the same words."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy.orm import Session

from app.core.model import Paragraph as CoreParagraph
from app.core.proposals import Amendment, Collision, find_collisions
from app.core.records import Page
from app.core.vocabulary import ProposalAction, ProposalStatus
from app.db.models import Proposal
from app.db.repositories import drafts as drafts_repo
from app.db.repositories import proposals as proposals_repo


@dataclass(frozen=True, slots=True)
class CollisionView:
    """Two pending proposals that clash: their ids, their paragraph and the words they share."""

    proposals: tuple[int, int]
    lineage_id: str
    label: str
    words: str


def amendment_of(proposal: Proposal, bis: bool = False) -> Amendment:
    """A stored proposal as the core applies it."""
    return Amendment(
        id=proposal.id,
        action=ProposalAction(proposal.action),
        lineage_id=proposal.lineage_id,
        after_lineage_id=proposal.after_lineage_id,
        find=proposal.find,
        text=proposal.text,
        bis=bis,
    )


def collisions_on_draft(
    session: Session, draft_id: int, proposals: Sequence[Proposal] | None = None
) -> list[Collision]:
    """The collisions among the pending proposals made against one draft."""
    if proposals is None:
        proposals = proposals_repo.pending_proposals_of_draft(session, draft_id)
    pending = [p for p in proposals if p.status == ProposalStatus.PENDING]
    if len(pending) < 2:
        return []
    paragraphs: dict[str, CoreParagraph] = {
        row.lineage_id: drafts_repo.paragraph_value(row)
        for row in drafts_repo.paragraphs_of_draft(session, draft_id)
    }
    return find_collisions(paragraphs, [amendment_of(p) for p in pending])


def list_collisions(
    session: Session, slug: str, draft: int | None, *, limit: int = 100, offset: int = 0
) -> Page[CollisionView]:
    """The collisions among the pending proposals on a draft (default the latest)."""
    negotiation = drafts_repo.negotiation_by_slug(session, slug)
    found = drafts_repo.draft_by_seq(session, negotiation, draft or "latest")
    views = [
        CollisionView((c.first, c.second), c.lineage_id, c.label, c.words)
        for c in collisions_on_draft(session, found.id)
    ]
    return Page.of(views, limit=limit, offset=offset)


def colliding_proposals(session: Session, proposals: Sequence[Proposal]) -> dict[int, list[int]]:
    """For each pending proposal among `proposals`, the pending proposals it collides with."""
    partners: dict[int, list[int]] = {}
    for draft_id in sorted({p.draft_id for p in proposals if p.status == ProposalStatus.PENDING}):
        for collision in collisions_on_draft(session, draft_id):
            partners.setdefault(collision.first, []).append(collision.second)
            partners.setdefault(collision.second, []).append(collision.first)
    return {pid: sorted(set(ids)) for pid, ids in partners.items()}
