"""Proposals as served: their delegations named, their draft as a seq, their target paragraphs
labelled as in that draft."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy.orm import Session

from app.core.records import DelegationRef, Page
from app.core.vocabulary import ProposalAction, ProposalStatus
from app.db.models import Proposal
from app.db.repositories import drafts as drafts_repo
from app.db.repositories import proposals as proposals_repo
from app.services.collisions import colliding_proposals
from app.services.delegations import delegation_refs, registry_of, resolve_delegations


@dataclass(frozen=True, slots=True)
class ProposalView:
    """A stored proposal as served; `target_label` and `after_label` are read in its draft."""

    id: int
    delegations: tuple[DelegationRef, ...]
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
    created_at: dt.datetime
    created_by: str
    collides_with: tuple[int, ...] = ()


def list_proposals(
    session: Session,
    slug: str,
    *,
    draft: int | None = None,
    status: ProposalStatus | None = None,
    delegation: str | None = None,
    lineage_id: str | None = None,
    limit: int = 100,
    offset: int = 0,
) -> Page[ProposalView]:
    """A page of a negotiation's proposals, oldest first, with the filters applied."""
    negotiation = drafts_repo.negotiation_by_slug(session, slug)
    draft_id = (
        drafts_repo.draft_by_seq(session, negotiation, draft).id if draft is not None else None
    )
    rows = proposals_repo.proposals_matching(
        session, negotiation.id, draft_id=draft_id, status=status, lineage_id=lineage_id
    )
    if delegation is not None:
        code = resolve_delegations(registry_of(session), [delegation])[0].code
        rows = [row for row in rows if code in row.delegation_codes]
    page = rows[offset : offset + limit]
    return Page(tuple(proposal_views(session, page)), len(rows))


def read_proposal(session: Session, proposal: Proposal) -> ProposalView:
    """One proposal as served."""
    return proposal_views(session, [proposal])[0]


def proposal_views(session: Session, proposals: Sequence[Proposal]) -> list[ProposalView]:
    """Proposals as served: delegations named, draft as seq, target labels read in their draft."""
    draft_ids = sorted({p.draft_id for p in proposals})
    seqs = {d: drafts_repo.draft_by_id(session, d).seq for d in draft_ids}
    labels = {
        (row.draft_id, row.lineage_id): row.label
        for row in drafts_repo.paragraphs_of_drafts(session, draft_ids)
    }
    refs = delegation_refs(session, {c for p in proposals for c in p.delegation_codes})
    partners = colliding_proposals(session, proposals)
    return [
        ProposalView(
            id=p.id,
            delegations=tuple(refs[code] for code in p.delegation_codes),
            draft=seqs[p.draft_id],
            lineage_id=p.lineage_id,
            after_lineage_id=p.after_lineage_id,
            target_label=labels.get((p.draft_id, p.lineage_id)) if p.lineage_id else None,
            after_label=labels.get((p.draft_id, p.after_lineage_id))
            if p.after_lineage_id
            else None,
            action=ProposalAction(p.action),
            find=p.find,
            text=p.text,
            source=p.source,
            note=p.note,
            status=ProposalStatus(p.status),
            created_at=p.created_at,
            created_by=p.created_by,
            collides_with=tuple(partners.get(p.id, ())),
        )
        for p in proposals
    ]
