"""Questions asked of proposals and of the attributions that tie changes to delegations.

Repositories flush; they never commit.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.core.errors import NotFound
from app.core.vocabulary import ProposalStatus
from app.db.models import (
    Attribution,
    Change,
    Draft,
    Proposal,
)


def attributions_of_changes(session: Session, change_ids: Sequence[int]) -> list[Attribution]:
    """The attributions on some changes."""
    if not change_ids:
        return []
    return list(
        session.scalars(
            select(Attribution)
            .where(Attribution.change_id.in_(change_ids))
            .order_by(Attribution.id)
        ).all()
    )


def proposals_of_negotiation(
    session: Session, negotiation_id: int, *, draft_id: int | None = None
) -> list[Proposal]:
    """A negotiation's proposals (optionally those made against one draft), oldest first."""
    query = select(Proposal).where(Proposal.negotiation_id == negotiation_id)
    if draft_id is not None:
        query = query.where(Proposal.draft_id == draft_id)
    return list(session.scalars(query.order_by(Proposal.id)).all())


def attributed_changes_of_drafts(session: Session, draft_ids: Sequence[int]) -> list[Change]:
    """The stored changes of some drafts that carry at least one attribution."""
    if not draft_ids:
        return []
    attributed = (
        select(Attribution.change_id)
        .join(Change, Change.id == Attribution.change_id)
        .where(Change.draft_id.in_(draft_ids))
        .distinct()
    )
    return list(session.scalars(select(Change).where(Change.id.in_(attributed))).all())


def proposal_in_negotiation(session: Session, negotiation_id: int, proposal_id: int) -> Proposal:
    """One proposal of a negotiation, or NotFound."""
    found = session.get(Proposal, proposal_id)
    if found is None or found.negotiation_id != negotiation_id:
        raise NotFound(f"There is no proposal {proposal_id} in this negotiation.")
    return found


def proposals_by_ids(
    session: Session, negotiation_id: int, proposal_ids: Sequence[int]
) -> dict[int, Proposal]:
    """Those of `proposal_ids` that are proposals of the negotiation, by id."""
    if not proposal_ids:
        return {}
    rows = session.scalars(
        select(Proposal).where(
            Proposal.negotiation_id == negotiation_id, Proposal.id.in_(sorted(set(proposal_ids)))
        )
    ).all()
    return {row.id: row for row in rows}


def proposals_matching(
    session: Session,
    negotiation_id: int,
    *,
    draft_id: int | None = None,
    status: ProposalStatus | None = None,
    lineage_id: str | None = None,
) -> list[Proposal]:
    """A negotiation's proposals, oldest first, narrowed by draft, status and target lineage."""
    query = select(Proposal).where(Proposal.negotiation_id == negotiation_id)
    if draft_id is not None:
        query = query.where(Proposal.draft_id == draft_id)
    if status is not None:
        query = query.where(Proposal.status == status)
    if lineage_id is not None:
        query = query.where(
            (Proposal.lineage_id == lineage_id) | (Proposal.after_lineage_id == lineage_id)
        )
    return list(session.scalars(query.order_by(Proposal.id)).all())


def pending_proposals_of_draft(session: Session, draft_id: int) -> list[Proposal]:
    """The proposals made against one draft that are still pending, oldest first."""
    return list(
        session.scalars(
            select(Proposal)
            .where(Proposal.draft_id == draft_id, Proposal.status == ProposalStatus.PENDING)
            .order_by(Proposal.id)
        ).all()
    )


def proposal_by_import_key(
    session: Session, negotiation_id: int, import_key: str
) -> Proposal | None:
    """The proposal imported under `import_key`, or None."""
    return session.scalar(
        select(Proposal).where(
            Proposal.negotiation_id == negotiation_id, Proposal.import_key == import_key
        )
    )


def attribution_by_key(session: Session, change_id: int, key: str) -> Attribution | None:
    """The attribution of a change with this key, or None."""
    return session.scalar(
        select(Attribution).where(Attribution.change_id == change_id, Attribution.key == key)
    )


def attribution_in_negotiation(
    session: Session, negotiation_id: int, attribution_id: int
) -> tuple[Attribution, Change, Draft]:
    """One attribution of a negotiation with its change and that change's draft, or NotFound."""
    row = session.execute(
        select(Attribution, Change, Draft)
        .join(Change, Attribution.change_id == Change.id)
        .join(Draft, Change.draft_id == Draft.id)
        .where(Attribution.id == attribution_id, Draft.negotiation_id == negotiation_id)
    ).first()
    if row is None:
        raise NotFound(f"There is no attribution {attribution_id} in this negotiation.")
    return row[0], row[1], row[2]


def change_drafts(session: Session, change_ids: Iterable[int]) -> dict[int, tuple[str, int]]:
    """Each change's lineage and its draft's seq, by change id."""
    wanted = sorted(set(change_ids))
    if not wanted:
        return {}
    rows = session.execute(
        select(Change.id, Change.lineage_id, Draft.seq)
        .join(Draft, Change.draft_id == Draft.id)
        .where(Change.id.in_(wanted))
    ).all()
    return {change_id: (lineage_id, seq) for change_id, lineage_id, seq in rows}
