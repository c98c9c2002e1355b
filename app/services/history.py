"""One paragraph through every draft, and the map of all paragraphs across all drafts."""

from __future__ import annotations

import re

from sqlalchemy.orm import Session

from app.core import negotiation as core
from app.core.errors import NotFound
from app.core.vocabulary import NatureFilter
from app.db.models import Lineage, Negotiation
from app.db.repositories import drafts as drafts_repo
from app.services.attribution import attribution_briefs

LINEAGE_ID = re.compile(r"^[0-9a-f]{32}$")


def normalise_label(label: str) -> str:
    """'op 5 bis' and 'OP5bis' both read as 'OP5BIS'."""
    return re.sub(r"\s+", "", label).upper()


def resolve_reference(
    session: Session, negotiation: Negotiation, ref: str, draft_seq: str | int | None
) -> Lineage:
    """The lineage a history reference names: a lineage id, or a label read in a draft."""
    if LINEAGE_ID.match(ref):
        return drafts_repo.lineage_in_negotiation(session, negotiation.id, ref)
    rows = drafts_repo.labels_in_draft(session, negotiation.id, draft_seq or "latest")
    if not rows:  # says which draft is missing
        drafts_repo.draft_by_seq(session, negotiation, draft_seq or "latest")
    wanted = normalise_label(ref)
    for _, label, lineage_id in rows:
        if label and normalise_label(label) == wanted:
            return drafts_repo.lineage_in_negotiation(session, negotiation.id, lineage_id)
    raise NotFound(f"{rows[0][0]} has no paragraph labelled '{ref}'.")


def paragraph_history(
    session: Session, slug: str, ref: str, draft_seq: str | int | None = None
) -> core.LineageHistory:
    """The paragraph in every draft in which it exists, where it came from and where it went."""
    negotiation = drafts_repo.negotiation_by_slug(session, slug)
    lineage = drafts_repo.lineage_record(resolve_reference(session, negotiation, ref, draft_seq))
    drafts = {d.id: d for d in drafts_repo.draft_stamps(session, negotiation.id)}  # not withdrawn
    changes = [
        c
        for c in drafts_repo.stored_changes_on_lineages(session, [lineage.id, *lineage.origins])
        if c.draft_id in drafts
    ]
    successors = [
        record
        for record in drafts_repo.lineages_with_origins(session, negotiation.id).values()
        if lineage.id in record.origins
    ]
    return core.lineage_history(
        lineage,
        drafts,
        [
            r
            for r in drafts_repo.stored_paragraphs_of_lineage(session, lineage.id)
            if r.draft_id in drafts
        ],
        changes,
        attribution_briefs(session, [c.id for c in changes if c.id is not None]),
        successors,
        drafts_repo.appearances_of_lineages(
            session, [*lineage.origins, *(s.id for s in successors)]
        ),
    )


def negotiation_map(
    session: Session, slug: str, counted: NatureFilter = NatureFilter.SUBSTANTIVE
) -> core.NegotiationMap:
    """Every lineage × every draft: its label there and what happened to it (editorial-only
    modifications count as unchanged unless `counted` is `all`)."""
    negotiation = drafts_repo.negotiation_by_slug(session, slug)
    drafts = drafts_repo.draft_stamps(session, negotiation.id)
    draft_ids = [d.id for d in drafts]
    return core.negotiation_map(
        drafts,
        drafts_repo.stored_paragraphs_of_drafts(session, draft_ids),
        drafts_repo.stored_changes_of_drafts(session, draft_ids),
        counted,
    )
