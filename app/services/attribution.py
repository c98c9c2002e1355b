"""Attributions: tie a stored change, or one hunk of it, to the delegations behind it.

Three ways in, recorded as `method`: `manual` (an editor said so, confidence 1.0), `matched`
(a pending proposal was found in the change when the draft was uploaded, see
`app.core.matching`) and `imported` (a Word tracked change's author). `Attribution.key` is
unique per change, so the same attribution can never be stored twice, even by two clients at
once: the second gets a 409 (or the database's unique constraint, which the API also answers
with 409).
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, fields

from sqlalchemy.orm import Session

from app.core import matching, tracked_changes
from app.core.errors import Conflict, InvalidInput, NotFound
from app.core.model import Revision
from app.core.records import AttributionBrief, DelegationRef
from app.core.vocabulary import AttributionMethod, ChangeKind, DiffOpKind, RevisionKind
from app.db.models import Attribution, Change, Draft, Negotiation, Paragraph, Proposal
from app.db.repositories import drafts as drafts_repo
from app.db.repositories import proposals as proposals_repo
from app.db.repositories import tokens as tokens_repo
from app.services.delegations import delegation_refs, registry_of, resolve_delegations

KEY_LENGTH = 400  # characters: Attribution.key's column size


def attribution_key(hunk_index: int | None, codes: Iterable[str], proposal_id: int | None) -> str:
    """The per-change identity of an attribution: its hunk, delegations and proposal.

    "3|EU,MEX|12" (hunk 3, the EU and Mexico, proposal 12); "*" is the whole change. A list of
    codes too long for the column is replaced by its SHA-256.
    """
    hunk = "*" if hunk_index is None else str(hunk_index)
    listed = ",".join(sorted(set(codes)))
    key = f"{hunk}|{listed}|{proposal_id or ''}"
    if len(key) > KEY_LENGTH:
        key = f"{hunk}|sha256:{hashlib.sha256(listed.encode()).hexdigest()}|{proposal_id or ''}"
    return key


@dataclass(frozen=True, slots=True)
class NewAttribution:
    """An attribution by hand: the change of draft `to` on a lineage (or its hunk `hunk`), to
    delegations (by code, name or alias) or to the proposal it came from, or both."""

    to: int
    lineage_id: str
    hunk: int | None = None
    delegations: tuple[str, ...] = ()
    proposal_id: int | None = None


@dataclass(frozen=True, slots=True)
class AttributionView(AttributionBrief):
    """An attribution as served on its own: with its draft's seq, its lineage and its hunk."""

    to: int
    lineage_id: str
    hunk: int | None
    created_at: dt.datetime
    created_by: str


def add_attribution(
    session: Session, actor: str, slug: str, new: NewAttribution
) -> AttributionView:
    """Attribute a change of draft `to` (or one of its hunks) to delegations, by hand."""
    negotiation = drafts_repo.negotiation_by_slug(session, slug)
    draft = drafts_repo.draft_by_seq(session, negotiation, new.to)
    change = change_of_lineage(session, draft, new.lineage_id)
    hunk_index = new.hunk
    if hunk_index is not None and hunk_index not in {h["index"] for h in change.hunks}:
        raise InvalidInput(
            f"This change has {len(change.hunks)} hunks; there is no hunk {hunk_index}."
        )
    proposal_id = new.proposal_id
    codes = [d.code for d in resolve_delegations(registry_of(session), new.delegations)]
    if proposal_id is not None:
        proposal = _proposal(session, negotiation, proposal_id)
        codes = codes or list(proposal.delegation_codes)
    if not codes:
        raise InvalidInput("Name the delegations behind the change, or the proposal it came from.")
    key = attribution_key(hunk_index, codes, proposal_id)
    if proposals_repo.attribution_by_key(session, change.id, key) is not None:
        raise Conflict("This change is already attributed to these delegations.")
    row = Attribution(
        change_id=change.id,
        hunk_index=hunk_index,
        key=key,
        delegation_codes=codes,
        proposal_id=proposal_id,
        method=str(AttributionMethod.MANUAL),
        confidence=1.0,
        created_by=actor,
    )
    session.add(row)
    session.flush()
    tokens_repo.record_audit(
        session,
        actor,
        "attribution.create",
        f"{slug}/{draft.seq}/{change.lineage_id}",
        {"key": key},
    )
    return attribution_views(session, [row])[0]


def _proposal(session: Session, negotiation: Negotiation, proposal_id: int) -> Proposal:
    try:
        return proposals_repo.proposal_in_negotiation(session, negotiation.id, proposal_id)
    except NotFound as missing:
        raise InvalidInput(missing.detail) from None


def change_of_lineage(session: Session, draft: Draft, lineage_id: str) -> Change:
    """The change of `draft` on a lineage: its own, or the one whose paragraphs carry it."""
    changes = drafts_repo.changes_of_draft(session, draft.id)
    for change in changes:
        if change.lineage_id == lineage_id:
            return change
    draft_ids = [draft.id] + ([draft.based_on_id] if draft.based_on_id else [])
    carrying = {
        p.id
        for p in drafts_repo.paragraphs_of_drafts(session, draft_ids)
        if p.lineage_id == lineage_id
    }
    for change in changes:
        if carrying & {*change.from_paragraph_ids, *change.to_paragraph_ids}:
            return change
    raise NotFound(f"Draft {draft.seq} has no change on the paragraph lineage '{lineage_id}'.")


def delete_attribution(session: Session, actor: str, slug: str, attribution_id: int) -> None:
    """Remove an attribution."""
    negotiation = drafts_repo.negotiation_by_slug(session, slug)
    row, change, draft = proposals_repo.attribution_in_negotiation(
        session, negotiation.id, attribution_id
    )
    session.delete(row)
    session.flush()
    tokens_repo.record_audit(
        session,
        actor,
        "attribution.delete",
        f"{slug}/{draft.seq}/{change.lineage_id}",
        {"key": row.key, "method": row.method},
    )


def attribution_views(session: Session, rows: Sequence[Attribution]) -> list[AttributionView]:
    """Attributions as served on their own: with their draft seq, lineage and hunk."""
    where = proposals_repo.change_drafts(session, [row.change_id for row in rows])
    refs = _refs(session, rows)
    views = []
    for row in rows:
        brief = attribution_brief(row, refs)
        views.append(
            AttributionView(
                **{field.name: getattr(brief, field.name) for field in fields(AttributionBrief)},
                to=where[row.change_id][1],
                lineage_id=where[row.change_id][0],
                hunk=row.hunk_index,
                created_at=row.created_at,
                created_by=row.created_by,
            )
        )
    return views


def attribution_briefs(
    session: Session, change_ids: Sequence[int]
) -> dict[int, dict[int | None, list[AttributionBrief]]]:
    """Attributions by change id, then by hunk index (None: the whole change), oldest first."""
    rows = proposals_repo.attributions_of_changes(session, list(change_ids))
    refs = _refs(session, rows)
    found: dict[int, dict[int | None, list[AttributionBrief]]] = {}
    for row in rows:
        found.setdefault(row.change_id, {}).setdefault(row.hunk_index, []).append(
            attribution_brief(row, refs)
        )
    return found


def _refs(session: Session, rows: Sequence[Attribution]) -> dict[str, DelegationRef]:
    return delegation_refs(session, {code for row in rows for code in row.delegation_codes})


def attribution_brief(row: Attribution, refs: dict[str, DelegationRef]) -> AttributionBrief:
    """A stored attribution as it travels with a change, its delegations named from `refs`."""
    return AttributionBrief(
        id=row.id,
        delegations=tuple(refs[code] for code in row.delegation_codes),
        proposal_id=row.proposal_id,
        method=AttributionMethod(row.method),
        confidence=row.confidence,
    )


def attribute_new_draft(
    session: Session, negotiation: Negotiation, draft: Draft
) -> list[matching.Match]:
    """Attribute a newly stored draft's changes; return the proposals' matches.

    Hunks shown as Word tracked changes in the draft get an `imported` attribution to the
    delegations their authors name. Then the pending proposals made against the draft's base
    are matched to the changes: each match is stored as a `matched` attribution, and a matched
    proposal becomes `accepted` (in full) or `partly-accepted`. Proposals that do not show up
    stay pending.
    """
    changes = [
        c for c in drafts_repo.changes_of_draft(session, draft.id) if c.kind != ChangeKind.UNCHANGED
    ]
    _attribute_tracked_changes(session, draft, changes)
    if draft.based_on_id is None:
        return []
    proposals = proposals_repo.pending_proposals_of_draft(session, draft.based_on_id)
    if not proposals:
        return []
    base_rows = drafts_repo.paragraphs_of_draft(session, draft.based_on_id)
    lineage_of = {p.id: p.lineage_id for p in base_rows}
    matches = matching.match_proposals(
        [_proposal_edit(p, base_rows) for p in proposals],
        [_change_edit(c, lineage_of) for c in changes],
    )
    by_id = {p.id: p for p in proposals}
    for match in matches:
        codes = list(by_id[match.proposal_id].delegation_codes)
        session.add(
            Attribution(
                change_id=match.change_id,
                hunk_index=match.hunk_index,
                key=attribution_key(match.hunk_index, codes, match.proposal_id),
                delegation_codes=codes,
                proposal_id=match.proposal_id,
                method=str(AttributionMethod.MATCHED),
                confidence=match.confidence,
                created_by=draft.created_by,
            )
        )
    for proposal_id, status in matching.proposal_outcomes(matches).items():
        by_id[proposal_id].status = str(status)
    session.flush()
    return matches


IMPORTED_CONFIDENCE = 0.9
"""Confidence of an attribution read from a tracked change's author. Unit: confidence; range
0.5-1. Below 1.0 because the author of a tracked change is usually, not always, the delegation
that asked for it (a penholder's secretariat may type everybody's changes)."""


def _attribute_tracked_changes(session: Session, draft: Draft, changes: Sequence[Change]) -> None:
    """Store `imported` attributions for the hunks Word tracked changes show, by author."""
    rows = {p.id: p for p in drafts_repo.paragraphs_of_draft(session, draft.id) if p.revisions}
    if not rows:
        return
    registry = registry_of(session)
    for change in changes:
        revisions = [
            Revision(RevisionKind(r["kind"]), r["author"], r.get("date"), r["text"])
            for pid in change.to_paragraph_ids
            if pid in rows
            for r in rows[pid].revisions
        ]
        if not revisions:
            continue
        hunks = _change_edit(change, {}).hunks
        for hunk_index, authors in tracked_changes.revision_authors(hunks, revisions).items():
            codes = list(dict.fromkeys(d.code for a in authors for d in registry.resolve_many(a)))
            if not codes:
                continue
            session.add(
                Attribution(
                    change_id=change.id,
                    hunk_index=hunk_index,
                    key=attribution_key(hunk_index, codes, None),
                    delegation_codes=codes,
                    method=str(AttributionMethod.IMPORTED),
                    confidence=IMPORTED_CONFIDENCE,
                    created_by=draft.created_by,
                )
            )
    session.flush()


def _proposal_edit(proposal: Proposal, base_rows: Sequence[Paragraph]) -> matching.ProposalEdit:
    target = next((p.text for p in base_rows if p.lineage_id == proposal.lineage_id), "")
    return matching.ProposalEdit(
        id=proposal.id,
        action=proposal.action,
        lineage_id=proposal.lineage_id,
        find=proposal.find,
        text=proposal.text,
        target_text=target,
    )


def _change_edit(change: Change, lineage_of: dict[int, str]) -> matching.ChangeEdit:
    stored = drafts_repo.stored_change(change)
    return matching.ChangeEdit(
        id=change.id,
        kind=stored.kind,
        old_lineages=tuple(lineage_of[i] for i in stored.from_paragraph_ids if i in lineage_of),
        old_text="".join(o.text for o in stored.ops if o.op != DiffOpKind.INSERT),
        new_text="".join(o.text for o in stored.ops if o.op != DiffOpKind.DELETE),
        hunks=tuple(
            matching.HunkEdit(h.index, h.delete, h.insert, h.old_start, h.old_end)
            for h in stored.hunks
        ),
    )
