"""Compare any two drafts: read the rows, let `app/core/negotiation.py` do the rest."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy.orm import Session

from app.core import negotiation as core
from app.core.errors import InvalidInput
from app.core.records import StoredChange, StoredParagraph
from app.db.models import Draft, Negotiation
from app.db.repositories import drafts as drafts_repo
from app.db.repositories import proposals as proposals_repo
from app.services.attribution import attribution_briefs


def compare_drafts(session: Session, slug: str, from_seq: int, to_seq: int) -> core.Comparison:
    """The comparison of two drafts: a summary and the changes in document order."""
    negotiation = drafts_repo.negotiation_by_slug(session, slug)
    if from_seq > to_seq:
        raise InvalidInput(
            f"'from' ({from_seq}) must not come after 'to' ({to_seq}): compare an earlier "
            "draft with a later one."
        )
    old = drafts_repo.draft_by_seq(session, negotiation, from_seq)
    new = drafts_repo.draft_by_seq(session, negotiation, to_seq)
    old_rows = drafts_repo.stored_paragraphs_of_draft(session, old.id)
    new_rows = (
        old_rows if old.id == new.id else drafts_repo.stored_paragraphs_of_draft(session, new.id)
    )
    changes = comparison_changes(session, negotiation, old, new, old_rows, new_rows)
    return core.compare_view(
        core.DraftRef(old.seq, old.label),
        core.DraftRef(new.seq, new.label),
        changes,
        {row.id: row for row in (*old_rows, *new_rows)},
        attributions_of_changes(session, negotiation, old, new, changes, old_rows, new_rows),
    )


def comparison_changes(
    session: Session,
    negotiation: Negotiation,
    old: Draft,
    new: Draft,
    old_rows: Sequence[StoredParagraph],
    new_rows: Sequence[StoredParagraph],
) -> list[StoredChange]:
    """The changes from `old` to `new`: stored ones when `new` was aligned against `old`."""
    base = drafts_repo.effective_base(session, new)
    if base is not None and base.id == old.id:
        return drafts_repo.stored_changes_of_draft(session, new.id)
    lineages = drafts_repo.lineages_with_origins(session, negotiation.id)
    return core.net_changes(old_rows, new_rows, lineages, new.id)


def attributions_of_changes(
    session: Session,
    negotiation: Negotiation,
    old: Draft,
    new: Draft,
    changes: Sequence[StoredChange],
    old_rows: Sequence[StoredParagraph],
    new_rows: Sequence[StoredParagraph],
) -> list[core.ByHunk]:
    """Per change, its attributions by hunk index (None: the whole change).

    Stored changes carry their own. A net change between drafts further apart carries those
    of the intermediate steps on its lineages whose words it contains.
    """
    stored = attribution_briefs(session, [c.id for c in changes if c.id is not None])
    if all(c.id is not None for c in changes):
        return [stored.get(c.id, {}) if c.id is not None else {} for c in changes]
    steps = [
        d.id
        for d in drafts_repo.drafts_of_negotiation(session, negotiation.id)
        if old.seq < d.seq <= new.seq
    ]
    intermediate = [
        drafts_repo.stored_change(row)
        for row in proposals_repo.attributed_changes_of_drafts(session, steps)
    ]
    if not intermediate:
        return [{} for _ in changes]
    step_attributions = attribution_briefs(session, [c.id for c in intermediate if c.id])
    lineages = drafts_repo.lineages_with_origins(session, negotiation.id)
    lineage_of = {row.id: row.lineage_id for row in (*old_rows, *new_rows)}
    return [
        core.carried_attributions(c, intermediate, step_attributions, lineages, lineage_of)
        for c in changes
    ]
