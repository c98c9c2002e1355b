"""Proposals: record, list, update, and serve them with their delegations and target labels."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session

from app.core.delegations import Delegation, Registry
from app.core.errors import InvalidInput
from app.core.model import Draft as ParsedDraft
from app.core.model import Paragraph as ParsedParagraph
from app.core.parsing import DOCX_MEDIA_TYPE, media_type_for
from app.core.parsing.docx import read_docx_blocks
from app.core.parsing.docx_safety import DocxLimits
from app.core.parsing.structure import structure_draft
from app.core.script import contains_words
from app.core.tracked_changes import TrackedEdit, locate_paragraph, read_tracked_edits
from app.core.vocabulary import ProposalAction as Action
from app.db.models import Draft, Negotiation, Paragraph, Proposal
from app.db.repositories import drafts as drafts_repo
from app.db.repositories import proposals as proposals_repo
from app.db.repositories import tokens as tokens_repo
from app.services.delegations import delegation_refs, registry_of, resolve_delegations

ACTIONS = tuple(str(action) for action in Action)
STATUSES = ("pending", "accepted", "partly-accepted", "rejected", "withdrawn")
NEEDS_TEXT = (Action.REPLACE, Action.INSERT, Action.NEW_PARAGRAPH)
NEEDS_FIND = (Action.REPLACE, Action.DELETE)


def create_proposal(session: Session, actor: str, slug: str, fields: dict[str, Any]) -> Proposal:
    """Record a proposal against a draft (default the latest), checked against its paragraph."""
    negotiation = drafts_repo.negotiation_by_slug(session, slug)
    draft = drafts_repo.draft_by_seq(session, negotiation, fields.get("draft") or "latest")
    registry = registry_of(session)
    proposal = new_proposal(session, registry, negotiation, draft, fields, actor)
    session.add(proposal)
    session.flush()
    tokens_repo.record_audit(
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
    paragraphs = {p.lineage_id: p for p in drafts_repo.paragraphs_of_draft(session, draft.id)}
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
    negotiation = drafts_repo.negotiation_by_slug(session, slug)
    draft_id = (
        drafts_repo.draft_by_seq(session, negotiation, draft).id if draft is not None else None
    )
    if status is not None:
        _check_status(status)
    rows = proposals_repo.proposals_matching(
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
    negotiation = drafts_repo.negotiation_by_slug(session, slug)
    proposal = proposals_repo.proposal_in_negotiation(session, negotiation.id, proposal_id)
    if "status" in fields:
        _check_status(fields["status"])
        proposal.status = fields["status"]
    if "note" in fields:
        proposal.note = fields["note"] or ""
    if "text" in fields:
        _check_text(Action(proposal.action), fields["text"] or None)
        proposal.text = fields["text"] or None
    session.flush()
    tokens_repo.record_audit(
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
    seqs = {d: drafts_repo.draft_by_id(session, d).seq for d in draft_ids}
    labels = {
        (row.draft_id, row.lineage_id): row.label
        for row in drafts_repo.paragraphs_of_drafts(session, draft_ids)
    }
    refs = {
        code: {"code": ref.code, "name": ref.name}
        for code, ref in delegation_refs(
            session, {c for p in proposals for c in p.delegation_codes}
        ).items()
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


def record_round_proposals(
    session: Session, actor: str, slug: str, record: dict[str, Any], round_index: int
) -> None:
    """Store one round of a `record.json` (see sample_drafts/README.md) as pending proposals.

    Each proposal goes against the round's `from` draft, its `target` and `after` labels read
    as lineages there; restructuring entries are not proposals and are left out.
    """
    negotiation = drafts_repo.negotiation_by_slug(session, slug)
    entry = record["rounds"][round_index]
    drafts = {d.label: d for d in drafts_repo.drafts_of_negotiation(session, negotiation.id)}
    draft = drafts.get(entry["from"])
    if draft is None:
        raise InvalidInput(f"There is no draft labelled '{entry['from']}' to propose against.")
    lineage_by_label = {
        p.label: p.lineage_id for p in drafts_repo.paragraphs_of_draft(session, draft.id)
    }
    registry = registry_of(session)
    stored = 0
    for item in entry["proposals"]:
        fields = {
            "delegations": item["delegations"],
            "action": item["action"],
            "lineage_id": _lineage_of_label(lineage_by_label, item.get("target"), draft),
            "after_lineage_id": _lineage_of_label(lineage_by_label, item.get("after"), draft),
            "find": item.get("find"),
            "text": item.get("text"),
            "source": entry.get("source", ""),
            "note": item.get("note", ""),
        }
        proposal = new_proposal(session, registry, negotiation, draft, fields, actor)
        session.add(proposal)
        stored += 1
    session.flush()
    tokens_repo.record_audit(
        session, actor, "proposal.import-round", f"{slug}/{draft.seq}", {"count": stored}
    )


def _lineage_of_label(
    lineage_by_label: dict[str, str], label: str | None, draft: Draft
) -> str | None:
    if label is None:
        return None
    lineage = lineage_by_label.get(label)
    if lineage is None:
        raise InvalidInput(f"Draft {draft.seq} ({draft.label}) has no paragraph {label}.")
    return lineage


@dataclass(frozen=True, slots=True)
class WordFile:
    """A delegation's Word file as the API received it, and what the user said of it."""

    raw: bytes
    file_name: str
    delegation: str | None = None
    draft: int | None = None


def import_word_proposals(
    session: Session, actor: str, slug: str, upload: WordFile, docx_limits: DocxLimits | None = None
) -> dict[str, Any]:
    """Turn a Word file's tracked changes into pending proposals on a draft (default latest).

    Each change goes on the stored paragraph whose text is the Word paragraph's original text
    (exact wording first, then likeness); its delegations are the one given, or those its
    author names. Its comments become notes. The same file imported again adds nothing: each
    proposal's `import_key` is the SHA-256 of the file's hash and the change's number.
    """
    if media_type_for(upload.file_name) != DOCX_MEDIA_TYPE:
        raise InvalidInput("Import a Word file (.docx) with tracked changes.")
    original, revised = _read_word_views(upload.raw, docx_limits)
    edits = read_tracked_edits(original.paragraphs, revised.paragraphs)
    if not edits:
        raise InvalidInput("The Word file has no tracked changes to import.")
    negotiation = drafts_repo.negotiation_by_slug(session, slug)
    draft = drafts_repo.draft_by_seq(session, negotiation, upload.draft or "latest")
    registry = registry_of(session)
    given = resolve_delegations(registry, [upload.delegation]) if upload.delegation else None
    proposers = [given or _proposers_of(registry, edit) for edit in edits]
    unknown = sorted({a for e, p in zip(edits, proposers, strict=True) if not p for a in e.authors})
    if any(not p for p in proposers):
        named = ", ".join(f"'{a}'" for a in unknown) or "nobody"
        raise InvalidInput(
            f"No delegation could be read from the changes' authors ({named}); "
            "name the delegation in the 'delegation' field."
        )
    where = _Locator(drafts_repo.paragraphs_of_draft(session, draft.id), original.paragraphs)
    file_hash = hashlib.sha256(upload.raw).hexdigest()
    items: list[Proposal] = []
    created, skipped = 0, []
    for edit, delegations in zip(edits, proposers, strict=True):
        key = hashlib.sha256(f"{file_hash}:{edit.index}".encode()).hexdigest()
        existing = proposals_repo.proposal_by_import_key(session, negotiation.id, key)
        if existing is not None:
            items.append(existing)
            continue
        try:
            fields = _edit_fields(edit, where, delegations, upload.file_name, key)
            proposal = _imported_proposal(session, registry, negotiation, draft, fields, actor)
        except InvalidInput as refused:
            skipped.append(f"Change {edit.index + 1}: {refused.detail}")
            continue
        session.add(proposal)
        session.flush()
        items.append(proposal)
        created += 1
    tokens_repo.record_audit(
        session,
        actor,
        "proposal.import",
        f"{slug}/{draft.seq}",
        {"file": upload.file_name, "sha256": file_hash, "created": created},
    )
    return {"items": proposal_views(session, items), "created": created, "skipped": skipped}


def _read_word_views(raw: bytes, docx_limits: DocxLimits | None) -> tuple[ParsedDraft, ParsedDraft]:
    """The Word file read with its changes rejected (the original) and accepted."""
    limits = docx_limits or DocxLimits()
    views = [read_docx_blocks(raw, limits, view=view) for view in ("rejected", "accepted")]
    return structure_draft(views[0]), structure_draft(views[1])


def _proposers_of(registry: Registry, edit: TrackedEdit) -> list[Delegation]:
    found: list[Delegation] = []
    for author in edit.authors:
        found.extend(d for d in registry.resolve_many(author) if d not in found)
    return found


class _Locator:
    """Finds, once each, the stored paragraph a Word paragraph stands for (see
    `locate_paragraph`)."""

    def __init__(self, stored: Sequence[Paragraph], original: Sequence[ParsedParagraph]) -> None:
        self._stored, self._original = stored, original
        self._texts = [p.text for p in stored]
        self._found: dict[int, str | None] = {}

    def lineage(self, k: int) -> str | None:
        """The lineage of the stored paragraph the Word paragraph `k` stands for, or None."""
        if k not in self._found:
            at = locate_paragraph(self._original[k].text, self._texts)
            self._found[k] = None if at is None else self._stored[at].lineage_id
        return self._found[k]

    def lineage_at_or_before(self, k: int | None) -> str | None:
        """The lineage of the nearest located Word paragraph at or before `k`."""
        while k is not None and k >= 0:
            found = self.lineage(k)
            if found is not None:
                return found
            k -= 1
        return None


def _edit_fields(
    edit: TrackedEdit, where: _Locator, delegations: list[Delegation], source: str, key: str
) -> dict[str, Any]:
    """A tracked edit as the fields of a proposal on the stored draft, or InvalidInput."""
    lineage = None
    if edit.paragraph is not None:
        lineage = where.lineage(edit.paragraph)
        if lineage is None:
            raise InvalidInput("its paragraph is not in this draft.")
    return {
        "delegations": [d.code for d in delegations],
        "action": edit.action,
        "lineage_id": lineage,
        "after_lineage_id": where.lineage_at_or_before(edit.after),
        "find": edit.find,
        "text": edit.text,
        "source": source[:120],
        "note": "\n".join(f"{c.author}: {c.text}" for c in edit.comments),
        "import_key": key,
    }


def _imported_proposal(
    session: Session,
    registry: Registry,
    negotiation: Negotiation,
    draft: Draft,
    fields: dict[str, Any],
    actor: str,
) -> Proposal:
    """A checked proposal; an insert whose context words are not in the stored paragraph
    keeps only its words."""
    try:
        return new_proposal(session, registry, negotiation, draft, fields, actor)
    except InvalidInput:
        if fields["action"] != Action.INSERT or not fields["find"]:
            raise
    return new_proposal(session, registry, negotiation, draft, {**fields, "find": None}, actor)
