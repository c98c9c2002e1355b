"""Putting a stored draft right: correct its label, withdraw it, restore it.

A draft's text and original file never change. Withdrawing is a flag (`withdrawn_at`), audited
and restorable: a withdrawn draft leaves the timeline, `latest`, the map, history and default
comparisons, and the drafts that were compared with it are compared again with the draft before
it (restoring it puts them back).
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session

from app.core.errors import InvalidInput
from app.db.models import Draft, utcnow
from app.db.repositories import drafts as drafts_repo
from app.db.repositories import tokens as tokens_repo
from app.services.lineage import recompute_changes
from app.services.negotiation_views import DraftView, draft_view


@dataclass(frozen=True, slots=True)
class DraftCorrection:
    """What to put right: a new label, and/or withdrawn (True) or restored (False)."""

    label: str | None = None
    withdrawn: bool | None = None


def correct_draft(
    session: Session, actor: str, slug: str, seq: int | str, correction: DraftCorrection
) -> DraftView:
    """Rename, withdraw or restore draft `seq`; recompute what rests on it."""
    negotiation = drafts_repo.negotiation_by_slug(session, slug)
    draft = drafts_repo.draft_by_seq(session, negotiation, seq)
    target = f"{slug}/{draft.seq}"
    if correction.label is not None and correction.label.strip() != draft.label:
        label = correction.label.strip()
        if not label:
            raise InvalidInput("A draft needs a label, such as 'Rev.1'.")
        tokens_repo.record_audit(
            session, actor, "draft.rename", target, {"from": draft.label, "to": label}
        )
        draft.label = label
    if correction.withdrawn is not None and correction.withdrawn != (
        draft.withdrawn_at is not None
    ):
        if (
            correction.withdrawn
            and len(drafts_repo.drafts_of_negotiation(session, negotiation.id)) < 2
        ):
            raise InvalidInput(f"{draft.label} is the only draft left: it cannot be withdrawn.")
        draft.withdrawn_at = utcnow() if correction.withdrawn else None
        session.flush()
        action = "draft.withdraw" if correction.withdrawn else "draft.restore"
        tokens_repo.record_audit(session, actor, action, target, {"label": draft.label})
        for later in drafts_repo.drafts_of_negotiation(session, negotiation.id):
            if later.seq > draft.seq and _rests_on(session, later, draft):
                recompute_changes(session, negotiation, later)
    negotiation.updated_at = utcnow()
    session.flush()
    return draft_view(session, negotiation, draft)


def _rests_on(session: Session, later: Draft, draft: Draft) -> bool:
    """Whether `later`'s comparison base is, or was until now, reached through `draft`."""
    base_id = later.based_on_id
    while base_id is not None:
        if base_id == draft.id:
            return True
        base = drafts_repo.draft_by_id(session, base_id)
        if base.withdrawn_at is None:
            return False
        base_id = base.based_on_id
    return False
