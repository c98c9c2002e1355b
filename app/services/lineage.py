"""An editor's lineage corrections, and recomputing a draft's changes after one."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy.orm import Session

from app.core.errors import InvalidInput
from app.db.models import Attribution, Change, Draft, LineageCorrection, Negotiation
from app.db.repositories import drafts as drafts_repo
from app.db.repositories import proposals as proposals_repo
from app.db.repositories import tokens as tokens_repo
from app.services.attribution import attribution_key
from app.services.drafts import store_lineages_and_changes
from app.services.negotiation_views import DraftView, draft_view


def correct_lineage(
    session: Session, actor: str, slug: str, seq: int, paragraph_id: int, lineage_id: str | None
) -> DraftView:
    """Record that a paragraph continues `lineage_id` (None: a new paragraph); recompute."""
    negotiation = drafts_repo.negotiation_by_slug(session, slug)
    draft = drafts_repo.draft_by_seq(session, negotiation, seq)
    paragraph = drafts_repo.paragraph_in_draft(session, draft.id, paragraph_id)
    base = drafts_repo.effective_base(session, draft)
    if base is None:
        raise InvalidInput(f"{draft.label} is the first draft: its paragraphs continue nothing.")
    if lineage_id is not None:
        drafts_repo.lineage_in_negotiation(session, negotiation.id, lineage_id)
        base_lineages = {r.lineage_id for r in drafts_repo.paragraphs_of_draft(session, base.id)}
        if lineage_id not in base_lineages:
            raise InvalidInput(
                "That paragraph lineage is not in the draft this one is compared with, "
                "so this paragraph cannot continue it."
            )
    session.add(
        LineageCorrection(
            draft_id=draft.id, paragraph_id=paragraph.id, lineage_id=lineage_id, created_by=actor
        )
    )
    session.flush()
    tokens_repo.record_audit(
        session,
        actor,
        "lineage.correct",
        f"{slug}/{seq}/{paragraph.label or paragraph.id}",
        {"paragraph_id": paragraph.id, "from": paragraph.lineage_id, "to": lineage_id},
    )
    for later in drafts_repo.drafts_of_negotiation(session, negotiation.id):
        if later.seq >= draft.seq:
            recompute_changes(session, negotiation, later)
    return draft_view(session, negotiation, draft)


def recompute_changes(session: Session, negotiation: Negotiation, draft: Draft) -> None:
    """Align a stored draft again against its base (the nearest one not withdrawn), honouring
    its corrections that still apply to that base.

    Attributions follow their change to the recomputed one with the same lineage and the same
    hunk text; the ones that no longer find their hunk stay on the whole change.
    """
    base = drafts_repo.effective_base(session, draft)
    if base is None and draft.based_on_id is None:
        return
    base_rows = drafts_repo.paragraphs_of_draft(session, base.id) if base else []
    base_lineages = {r.lineage_id for r in base_rows}
    rows = drafts_repo.paragraphs_of_draft(session, draft.id)
    position = {r.id: r.position for r in rows}
    forced = {
        position[c.paragraph_id]: c.lineage_id
        for c in drafts_repo.corrections_of_draft(session, draft.id)
        if c.lineage_id is None or c.lineage_id in base_lineages
    }
    created_here = {
        lineage.id: lineage for lineage in drafts_repo.lineages_created_in(session, draft.id)
    }
    reusable = {
        r.position: created_here[r.lineage_id] for r in rows if r.lineage_id in created_here
    }
    old_changes = drafts_repo.changes_of_draft(session, draft.id)
    kept = _detach_attributions(session, old_changes)
    drafts_repo.delete_changes_of_draft(session, draft.id)
    changes = store_lineages_and_changes(
        session,
        negotiation,
        draft,
        base,
        base_rows,
        rows,
        forced=forced,
        reusable=reusable,
    )
    _reattach(session, kept, changes)


Detached = tuple[Attribution, str, tuple[str, str] | None]
"""An attribution taken off its change: the row, its lineage, its hunk's (delete, insert)."""


def _detach_attributions(session: Session, changes: Sequence[Change]) -> list[Detached]:
    by_id = {c.id: c for c in changes}
    kept = []
    for attribution in proposals_repo.attributions_of_changes(session, list(by_id)):
        change = by_id[attribution.change_id]
        hunk = None
        if attribution.hunk_index is not None and attribution.hunk_index < len(change.hunks):
            h = change.hunks[attribution.hunk_index]
            hunk = (h["delete"], h["insert"])
        session.expunge(attribution)
        kept.append((attribution, change.lineage_id, hunk))
    return kept


def _reattach(session: Session, kept: Sequence[Detached], changes: Sequence[Change]) -> None:
    for attribution, lineage_id, hunk in kept:
        target = next((c for c in changes if c.lineage_id == lineage_id), None)
        if target is None:
            continue
        index = None
        if hunk is not None:
            index = next(
                (h["index"] for h in target.hunks if (h["delete"], h["insert"]) == hunk), None
            )
        session.add(
            Attribution(
                change_id=target.id,
                hunk_index=index,
                key=attribution_key(index, attribution.delegation_codes, attribution.proposal_id),
                delegation_codes=attribution.delegation_codes,
                proposal_id=attribution.proposal_id,
                method=attribution.method,
                confidence=attribution.confidence,
                created_by=attribution.created_by,
            )
        )
    session.flush()
