"""Proposals: record, list, update, and serve them with their delegations and target labels."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from sqlalchemy.orm import Session

from app.core.attribution import Action
from app.core.delegations import Registry
from app.core.errors import InvalidInput
from app.db import attribution_queries as queries
from app.db import repositories as repo
from app.db.models import Draft, Negotiation, Paragraph, Proposal
from app.services.delegations import delegation_refs, registry_of, resolve_delegations

ACTIONS = tuple(str(action) for action in Action)
STATUSES = ("pending", "accepted", "partly-accepted", "rejected", "withdrawn")
NEEDS_TEXT = (Action.REPLACE, Action.INSERT, Action.NEW_PARAGRAPH)
NEEDS_FIND = (Action.REPLACE, Action.DELETE)


def create_proposal(session: Session, actor: str, slug: str, fields: dict[str, Any]) -> Proposal:
    """Record a proposal against a draft (default the latest), checked against its paragraph."""
    negotiation = repo.negotiation_by_slug(session, slug)
    draft = repo.draft_by_seq(session, negotiation, fields.get("draft") or "latest")
    registry = registry_of(session)
    proposal = new_proposal(session, registry, negotiation, draft, fields, actor)
    session.add(proposal)
    session.flush()
    repo.record_audit(
        session, actor, "proposal.create", f"{slug}/proposals/{proposal.id}", {"draft": draft.seq}
    )
    return proposal


def new_proposal(
    session: Session,
    registry: Registry,
    negotiation: Negotiation,
    draft: Draft,
    fields: dict[str, Any],
    actor: str,
) -> Proposal:
    """A checked, unsaved proposal on `draft`, or InvalidInput with the reason."""
    delegations = resolve_delegations(registry, fields.get("delegations") or [])
    if not delegations:
        raise InvalidInput("A proposal needs at least one delegation.")
    action = Action(fields["action"])
    status = fields.get("status") or "pending"
    _check_status(status)
    paragraphs = {p.lineage_id: p for p in repo.paragraphs_of_draft(session, draft.id)}
    lineage_id, after_lineage_id = fields.get("lineage_id"), fields.get("after_lineage_id")
    find, text = fields.get("find") or None, fields.get("text") or None
    if action == Action.NEW_PARAGRAPH:
        if lineage_id is not None:
            raise InvalidInput(
                "A new paragraph has no lineage_id; say where it goes with after_lineage_id "
                "(null: at the start)."
            )
        if after_lineage_id is not None:
            _paragraph(paragraphs, after_lineage_id, draft)
        if find is not None:
            raise InvalidInput("A new paragraph has no 'find'.")
    else:
        if after_lineage_id is not None:
            raise InvalidInput("after_lineage_id is only for a new-paragraph proposal.")
        if lineage_id is None:
            raise InvalidInput(f"A {action} proposal needs the lineage_id of its paragraph.")
        target = _paragraph(paragraphs, lineage_id, draft)
        _check_find(action, find, target)
    _check_text(action, text)
    return Proposal(
        negotiation_id=negotiation.id,
        draft_id=draft.id,
        lineage_id=lineage_id,
        after_lineage_id=after_lineage_id,
        action=str(action),
        find=find,
        text=text,
        source=fields.get("source") or "",
        note=fields.get("note") or "",
        status=status,
        delegation_codes=[d.code for d in delegations],
        import_key=fields.get("import_key"),
        created_by=actor,
    )


def _paragraph(paragraphs: dict[str, Paragraph], lineage_id: str, draft: Draft) -> Paragraph:
    found = paragraphs.get(lineage_id)
    if found is None:
        raise InvalidInput(
            f"The paragraph lineage '{lineage_id}' is not in draft {draft.seq} ({draft.label})."
        )
    return found


def contains_words(text: str, find: str) -> bool:
    """Whether `find` occurs in `text`, runs of whitespace compared as one space."""
    words = find.split()
    return bool(words) and re.search(r"\s+".join(map(re.escape, words)), text) is not None


def _check_find(action: Action, find: str | None, target: Paragraph) -> None:
    if action == Action.DELETE_PARAGRAPH:
        if find is not None:
            raise InvalidInput("A delete-paragraph proposal has no 'find': it takes the whole.")
        return
    if find is None:
        if action in NEEDS_FIND:
            raise InvalidInput(f"A {action} proposal needs 'find': the words it acts on.")
        return
    if not contains_words(target.text, find):
        label = target.label or "the paragraph"
        raise InvalidInput(f"'{find}' is not in {label} of this draft.")


def _check_text(action: Action, text: str | None) -> None:
    if action in NEEDS_TEXT and not (text and text.strip()):
        raise InvalidInput(f"A {action} proposal needs 'text': the words proposed.")
    if action not in NEEDS_TEXT and text is not None:
        raise InvalidInput(f"A {action} proposal carries no 'text'.")


def _check_status(status: str) -> None:
    if status not in STATUSES:
        raise InvalidInput(f"Unknown status '{status}': use one of {', '.join(STATUSES)}.")


def list_proposals(
    session: Session,
    slug: str,
    *,
    draft: int | None = None,
    status: str | None = None,
    delegation: str | None = None,
    lineage_id: str | None = None,
    limit: int = 100,
    offset: int = 0,
) -> dict[str, Any]:
    """A page of a negotiation's proposals, oldest first, with the filters applied."""
    negotiation = repo.negotiation_by_slug(session, slug)
    draft_id = repo.draft_by_seq(session, negotiation, draft).id if draft is not None else None
    if status is not None:
        _check_status(status)
    rows = queries.proposals_matching(
        session, negotiation.id, draft_id=draft_id, status=status, lineage_id=lineage_id
    )
    if delegation is not None:
        code = resolve_delegations(registry_of(session), [delegation])[0].code
        rows = [row for row in rows if code in row.delegation_codes]
    page = rows[offset : offset + limit]
    return {"items": proposal_views(session, page), "total": len(rows)}


def update_proposal(
    session: Session, actor: str, slug: str, proposal_id: int, fields: dict[str, Any]
) -> dict[str, Any]:
    """Change a proposal's status, note or text."""
    negotiation = repo.negotiation_by_slug(session, slug)
    proposal = queries.proposal_in_negotiation(session, negotiation.id, proposal_id)
    if "status" in fields:
        _check_status(fields["status"])
        proposal.status = fields["status"]
    if "note" in fields:
        proposal.note = fields["note"] or ""
    if "text" in fields:
        _check_text(Action(proposal.action), fields["text"] or None)
        proposal.text = fields["text"] or None
    session.flush()
    repo.record_audit(
        session,
        actor,
        "proposal.update",
        f"{slug}/proposals/{proposal.id}",
        {"fields": sorted(fields)},
    )
    return proposal_views(session, [proposal])[0]


def read_proposal(session: Session, proposal: Proposal) -> dict[str, Any]:
    """One proposal as served."""
    return proposal_views(session, [proposal])[0]


def proposal_views(session: Session, proposals: Sequence[Proposal]) -> list[dict[str, Any]]:
    """Proposals as served: delegations named, draft as seq, target labels read in their draft."""
    draft_ids = sorted({p.draft_id for p in proposals})
    seqs = {d: repo.draft_by_id(session, d).seq for d in draft_ids}
    labels = {
        (row.draft_id, row.lineage_id): row.label
        for row in repo.paragraphs_of_drafts(session, draft_ids)
    }
    refs = {
        ref["code"]: ref
        for ref in delegation_refs(session, {c for p in proposals for c in p.delegation_codes})
    }
    return [
        {
            "id": p.id,
            "delegations": [
                refs.get(code, {"code": code, "name": code}) for code in p.delegation_codes
            ],
            "draft": seqs[p.draft_id],
            "lineage_id": p.lineage_id,
            "after_lineage_id": p.after_lineage_id,
            "target_label": labels.get((p.draft_id, p.lineage_id)) if p.lineage_id else None,
            "after_label": labels.get((p.draft_id, p.after_lineage_id))
            if p.after_lineage_id
            else None,
            "action": p.action,
            "find": p.find,
            "text": p.text,
            "source": p.source,
            "note": p.note,
            "status": p.status,
            "created_at": p.created_at,
            "created_by": p.created_by,
        }
        for p in proposals
    ]
