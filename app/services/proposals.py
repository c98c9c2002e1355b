"""Proposals: record a delegation's amendment to a draft, checked against its paragraph, and
change its status, note or text."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session

from app.core.delegations import Registry
from app.core.errors import InvalidInput
from app.core.script import contains_words
from app.core.vocabulary import ProposalAction, ProposalStatus
from app.db.models import Draft, Negotiation, Paragraph, Proposal
from app.db.repositories import drafts as drafts_repo
from app.db.repositories import proposals as proposals_repo
from app.db.repositories import tokens as tokens_repo
from app.services.delegations import registry_of, resolve_delegations

NEEDS_TEXT = (ProposalAction.REPLACE, ProposalAction.INSERT, ProposalAction.NEW_PARAGRAPH)
NEEDS_FIND = (ProposalAction.REPLACE, ProposalAction.DELETE)


@dataclass(frozen=True, slots=True)
class NewProposal:
    """A proposal to record: its delegations (by code, name or alias), the draft it is made
    against (None: the latest), its target lineage (or the lineage a new paragraph follows),
    the words it acts on and the words it proposes. `import_key` marks a proposal read from a
    file, so that the same file imported again adds nothing."""

    delegations: tuple[str, ...]
    action: ProposalAction
    draft: int | None = None
    lineage_id: str | None = None
    after_lineage_id: str | None = None
    find: str | None = None
    text: str | None = None
    source: str = ""
    note: str = ""
    status: ProposalStatus = ProposalStatus.PENDING
    import_key: str | None = None


@dataclass(frozen=True, slots=True)
class ProposalChanges:
    """What to change in a proposal: the fields named in `given` (a null note clears the note,
    a null text the text); the others are left as they are."""

    status: ProposalStatus | None = None
    note: str | None = None
    text: str | None = None
    given: frozenset[str] = frozenset()


def create_proposal(session: Session, actor: str, slug: str, new: NewProposal) -> Proposal:
    """Record a proposal against a draft (default the latest), checked against its paragraph."""
    negotiation = drafts_repo.negotiation_by_slug(session, slug)
    draft = drafts_repo.draft_by_seq(session, negotiation, new.draft or "latest")
    registry = registry_of(session)
    proposal = new_proposal(session, registry, negotiation, draft, new, actor)
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
    new: NewProposal,
    actor: str,
) -> Proposal:
    """A checked, unsaved proposal on `draft`, or InvalidInput with the reason."""
    delegations = resolve_delegations(registry, new.delegations)
    if not delegations:
        raise InvalidInput("A proposal needs at least one delegation.")
    action = ProposalAction(new.action)
    status = _checked_status(new.status)
    paragraphs = {p.lineage_id: p for p in drafts_repo.paragraphs_of_draft(session, draft.id)}
    lineage_id, after_lineage_id = new.lineage_id, new.after_lineage_id
    find, text = new.find or None, new.text or None
    if action == ProposalAction.NEW_PARAGRAPH:
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
            raise InvalidInput(f"{_a(action)} proposal needs the lineage_id of its paragraph.")
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
        source=new.source or "",
        note=new.note or "",
        status=str(status),
        delegation_codes=[d.code for d in delegations],
        import_key=new.import_key,
        created_by=actor,
    )


def _paragraph(paragraphs: dict[str, Paragraph], lineage_id: str, draft: Draft) -> Paragraph:
    found = paragraphs.get(lineage_id)
    if found is None:
        raise InvalidInput(
            f"The paragraph lineage '{lineage_id}' is not in draft {draft.seq} ({draft.label})."
        )
    return found


def _check_find(action: ProposalAction, find: str | None, target: Paragraph) -> None:
    if action == ProposalAction.DELETE_PARAGRAPH:
        if find is not None:
            raise InvalidInput("A delete-paragraph proposal has no 'find': it takes the whole.")
        return
    if find is None:
        if action in NEEDS_FIND:
            raise InvalidInput(f"{_a(action)} proposal needs 'find': the words it acts on.")
        return
    if not contains_words(target.text, find):
        label = target.label or "the paragraph"
        raise InvalidInput(f"'{find}' is not in {label} of this draft.")


def _check_text(action: ProposalAction, text: str | None) -> None:
    if action in NEEDS_TEXT and not (text and text.strip()):
        raise InvalidInput(f"{_a(action)} proposal needs 'text': the words proposed.")
    if action not in NEEDS_TEXT and text is not None:
        raise InvalidInput(f"{_a(action)} proposal carries no 'text'.")


def _checked_status(status: str | None) -> ProposalStatus:
    if status not in set(ProposalStatus):
        known = ", ".join(ProposalStatus)
        raise InvalidInput(f"Unknown status '{status}': use one of {known}.")
    return ProposalStatus(status)


def update_proposal(
    session: Session, actor: str, slug: str, proposal_id: int, changes: ProposalChanges
) -> Proposal:
    """Change a proposal's status, note or text."""
    negotiation = drafts_repo.negotiation_by_slug(session, slug)
    proposal = proposals_repo.proposal_in_negotiation(session, negotiation.id, proposal_id)
    if "status" in changes.given:
        proposal.status = str(_checked_status(changes.status))
    if "note" in changes.given:
        proposal.note = changes.note or ""
    if "text" in changes.given:
        _check_text(ProposalAction(proposal.action), changes.text or None)
        proposal.text = changes.text or None
    session.flush()
    tokens_repo.record_audit(
        session,
        actor,
        "proposal.update",
        f"{slug}/proposals/{proposal.id}",
        {"fields": sorted(changes.given)},
    )
    return proposal


def _a(action: ProposalAction) -> str:
    """ "A replace", "An insert": the action named with its article."""
    return f"{'An' if str(action)[0] in 'aeiou' else 'A'} {action}"
