"""Word import: a delegation's .docx with tracked changes and comments becomes pending
proposals on a stored draft."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass, replace

from sqlalchemy.orm import Session

from app.core.delegations import Delegation, Registry
from app.core.errors import InvalidInput
from app.core.model import Draft as ParsedDraft
from app.core.model import Paragraph as ParsedParagraph
from app.core.parsing import DOCX_MEDIA_TYPE, media_type_for
from app.core.parsing.docx import read_docx_blocks
from app.core.parsing.docx_safety import DocxLimits
from app.core.parsing.structure import structure_draft
from app.core.tracked_changes import TrackedEdit, locate_paragraph, read_tracked_edits
from app.core.vocabulary import ProposalAction, TrackedChangesView
from app.db.models import Draft, Negotiation, Paragraph, Proposal
from app.db.repositories import drafts as drafts_repo
from app.db.repositories import proposals as proposals_repo
from app.db.repositories import tokens as tokens_repo
from app.services.delegations import registry_of, resolve_delegations
from app.services.proposal_views import ProposalView, proposal_views
from app.services.proposals import NewProposal, new_proposal


@dataclass(frozen=True, slots=True)
class WordFile:
    """A delegation's Word file as the API received it, and what the user said of it."""

    raw: bytes
    file_name: str
    delegation: str | None = None
    draft: int | None = None


@dataclass(frozen=True, slots=True)
class WordImport:
    """What a Word file gave: its proposals (new and already imported), how many are new, and
    the changes that could not be placed on the draft, each with the reason."""

    items: tuple[ProposalView, ...]
    created: int
    skipped: tuple[str, ...]


def import_word_proposals(
    session: Session, actor: str, slug: str, upload: WordFile, docx_limits: DocxLimits | None = None
) -> WordImport:
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
            new = _edit_proposal(edit, where, delegations, upload.file_name, key)
            proposal = _imported_proposal(session, registry, negotiation, draft, new, actor)
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
    return WordImport(tuple(proposal_views(session, items)), created, tuple(skipped))


def _read_word_views(raw: bytes, docx_limits: DocxLimits | None) -> tuple[ParsedDraft, ParsedDraft]:
    """The Word file read with its changes rejected (the original) and accepted."""
    limits = docx_limits or DocxLimits()
    views = [
        read_docx_blocks(raw, limits, view=view)
        for view in (TrackedChangesView.REJECTED, TrackedChangesView.ACCEPTED)
    ]
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


def _edit_proposal(
    edit: TrackedEdit, where: _Locator, delegations: list[Delegation], source: str, key: str
) -> NewProposal:
    """A tracked edit as a proposal on the stored draft, or InvalidInput."""
    lineage = None
    if edit.paragraph is not None:
        lineage = where.lineage(edit.paragraph)
        if lineage is None:
            raise InvalidInput("its paragraph is not in this draft.")
    return NewProposal(
        delegations=tuple(d.code for d in delegations),
        action=ProposalAction(edit.action),
        lineage_id=lineage,
        after_lineage_id=where.lineage_at_or_before(edit.after),
        find=edit.find,
        text=edit.text,
        source=source[:120],
        note="\n".join(f"{c.author}: {c.text}" for c in edit.comments),
        import_key=key,
    )


def _imported_proposal(
    session: Session,
    registry: Registry,
    negotiation: Negotiation,
    draft: Draft,
    new: NewProposal,
    actor: str,
) -> Proposal:
    """A checked proposal; an insert whose context words are not in the stored paragraph
    keeps only its words."""
    try:
        return new_proposal(session, registry, negotiation, draft, new, actor)
    except InvalidInput:
        if new.action != ProposalAction.INSERT or not new.find:
            raise
    return new_proposal(session, registry, negotiation, draft, replace(new, find=None), actor)
