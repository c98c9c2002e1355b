"""The next draft made from proposals: applied to a stored draft, previewed or stored.

The proposals are applied in the core (`app.core.proposals`); the result is stored through the
same path as an upload (`app.services.drafts.store_draft`: draft row, paragraphs, lineages and
changes, in the request's one transaction). Its "original file" is the clean text of the new
draft (UTF-8 plain text), so it is immutable and downloadable like any other draft. Paragraphs
that continue a base paragraph keep its lineage; new paragraphs get new lineages. Each change is
attributed to the proposals that made it, method `applied`, confidence 1, and those proposals
become `accepted`.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy.orm import Session

from app.core import model as core
from app.core.errors import InvalidInput
from app.core.proposals import (
    AppliedSpan,
    BaseParagraph,
    NextDraft,
    apply_proposals,
    clean_text,
    find_collisions,
)
from app.core.vocabulary import AttributionMethod, DraftStage, ProposalAction, ProposalStatus
from app.db.models import Attribution, Change, Draft, Negotiation, Proposal, utcnow
from app.db.repositories import drafts as drafts_repo
from app.db.repositories import proposals as proposals_repo
from app.db.repositories import tokens as tokens_repo
from app.services.attribution import attribution_key
from app.services.collisions import CollisionView, amendment_of
from app.services.drafts import Upload, store_draft

TEXT_MEDIA_TYPE = "text/plain"
OWN_FACTS = frozenset({"symbol", "date", "draft", "distribution"})
"""Masthead facts of the base draft that belong to it alone and do not pass to the next."""


@dataclass(frozen=True, slots=True)
class NextDraftOrder:
    """What to make: the label of the new draft, the proposals to apply, the order for those
    that collide, the new paragraphs to number `bis`, and whether to store the result."""

    label: str
    proposals: tuple[int, ...]
    order: tuple[int, ...] = ()
    bis: tuple[int, ...] = ()
    dry_run: bool = False
    symbol: str | None = None
    stage: DraftStage = DraftStage.REVISION
    circulated_on: dt.date | None = None


@dataclass(frozen=True, slots=True)
class NextParagraphView:
    """A paragraph of the next draft: its lineage (None: new), label, text and proposals."""

    lineage_id: str | None
    label: str
    kind: str
    number: str
    lead: str
    text: str
    level: int
    proposals: tuple[int, ...]


@dataclass(frozen=True, slots=True)
class DeletedView:
    """A paragraph of the base draft that the next draft drops, and the proposals behind it."""

    lineage_id: str
    label: str
    proposals: tuple[int, ...]


@dataclass(frozen=True, slots=True)
class NextDraftView:
    """The next draft: stored (`seq` set) or previewed (`dry_run`), its paragraphs, the base
    paragraphs it drops, and the collisions among the proposals that an order resolved."""

    dry_run: bool
    seq: int | None
    label: str
    based_on: int
    paragraphs: tuple[NextParagraphView, ...]
    deleted: tuple[DeletedView, ...]
    collisions: tuple[CollisionView, ...]


def make_next_draft(
    session: Session, actor: str, slug: str, seq: int | str, order: NextDraftOrder
) -> NextDraftView:
    """Apply proposals to draft `seq`; store the result as a new draft unless `dry_run`."""
    label = order.label.strip()
    if not label:
        raise InvalidInput("The next draft needs a label, such as 'Rev.2'.")
    negotiation = drafts_repo.negotiation_by_slug(session, slug)
    base = drafts_repo.draft_by_seq(session, negotiation, seq)
    proposals = _proposals(session, negotiation, order)
    base_rows = drafts_repo.paragraphs_of_draft(session, base.id)
    base_paragraphs = [
        BaseParagraph(drafts_repo.paragraph_value(r), r.lineage_id) for r in base_rows
    ]
    bis = set(order.bis)
    amendments = [amendment_of(p, p.id in bis) for p in proposals]
    result = apply_proposals(base_paragraphs, amendments, order.order)
    resolved = find_collisions({b.lineage_id: b.paragraph for b in base_paragraphs}, amendments)
    labels = {r.lineage_id: r.label for r in base_rows}
    stored_seq = None
    if not order.dry_run:
        stored_seq = _store(session, actor, negotiation, base, result, proposals, order).seq
    return NextDraftView(
        dry_run=order.dry_run,
        seq=stored_seq,
        label=label,
        based_on=base.seq,
        paragraphs=tuple(
            NextParagraphView(
                n.lineage_id,
                n.paragraph.label,
                str(n.paragraph.kind),
                n.paragraph.number,
                n.paragraph.lead,
                n.paragraph.text,
                n.paragraph.level,
                n.proposal_ids,
            )
            for n in result.paragraphs
        ),
        deleted=tuple(
            DeletedView(d.lineage_id, labels.get(d.lineage_id, ""), d.proposal_ids)
            for d in result.deleted
        ),
        collisions=tuple(
            CollisionView((c.first, c.second), c.lineage_id, c.label, c.words) for c in resolved
        ),
    )


def _proposals(session: Session, negotiation: Negotiation, order: NextDraftOrder) -> list[Proposal]:
    """The proposals to apply, checked: known, pending, listed once; order and bis among them."""
    if len(set(order.proposals)) != len(order.proposals):
        raise InvalidInput("A proposal is listed twice in 'proposals'.")
    stored = proposals_repo.proposals_by_ids(session, negotiation.id, order.proposals)
    found = []
    for proposal_id in order.proposals:
        proposal = stored.get(proposal_id)
        if proposal is None:
            raise InvalidInput(f"There is no proposal {proposal_id} in this negotiation.")
        if proposal.status != ProposalStatus.PENDING:
            raise InvalidInput(
                f"Proposal {proposal_id} is {proposal.status}: only pending proposals are applied."
            )
        found.append(proposal)
    chosen = {p.id: p for p in found}
    stray = [i for i in (*order.order, *order.bis) if i not in chosen]
    if stray:
        raise InvalidInput(
            f"'order' and 'bis' name only proposals listed in 'proposals'; {stray[0]} is not."
        )
    not_new = [i for i in order.bis if chosen[i].action != ProposalAction.NEW_PARAGRAPH]
    if not_new:
        raise InvalidInput(f"Proposal {not_new[0]} is not a new paragraph: it cannot be 'bis'.")
    return found


def _store(
    session: Session,
    actor: str,
    negotiation: Negotiation,
    base: Draft,
    result: NextDraft,
    proposals: Sequence[Proposal],
    order: NextDraftOrder,
) -> Draft:
    """Store the next draft, attribute its changes to the proposals, accept them."""
    paragraphs = [n.paragraph for n in result.paragraphs]
    text = clean_text(paragraphs)
    parsed = core.Draft(
        paragraphs=tuple(paragraphs),
        title=base.title,
        formula=base.formula,
        language=base.language,
        masthead=tuple((k, v) for k, v in base.masthead.items() if k not in OWN_FACTS),
    )
    upload = Upload(
        raw=text.encode("utf-8"),
        file_name=_file_name(negotiation.slug, order.label),
        media_type=TEXT_MEDIA_TYPE,
        label=order.label,
        symbol=order.symbol,
        stage=order.stage,
        circulated_on=order.circulated_on,
        based_on=base.seq,
    )
    seq = drafts_repo.claim_next_seq(session, negotiation.id)
    forced = {j: n.lineage_id for j, n in enumerate(result.paragraphs)}
    draft = store_draft(session, actor, negotiation, seq, base, parsed, upload, forced)
    _attribute(session, draft, result, proposals)
    for proposal in proposals:
        proposal.status = str(ProposalStatus.ACCEPTED)
    negotiation.updated_at = utcnow()
    tokens_repo.record_audit(
        session,
        actor,
        "draft.next",
        f"{negotiation.slug}/{seq}",
        {"based_on": base.seq, "proposals": [p.id for p in proposals], "sha256": draft.sha256},
    )
    session.flush()
    return draft


def _file_name(slug: str, label: str) -> str:
    """A plain file name for the generated text: the slug and the label, .txt."""
    stem = re.sub(r"[^A-Za-z0-9._-]+", "-", f"{slug}-{label}").strip("-.")
    return f"{stem or 'draft'}.txt"


POINT_SLACK = 1
"""Characters either side of a deletion's point within which a hunk is that deletion's (the
spacing tidied around a deleted span). Unit: characters; range 0-2."""


def _attribute(
    session: Session, draft: Draft, result: NextDraft, proposals: Sequence[Proposal]
) -> None:
    """Store an `applied` attribution on each change (or hunk) the proposals made."""
    codes = {p.id: list(p.delegation_codes) for p in proposals}
    position = {pid: at for pid, at, _ in drafts_repo.paragraph_places(session, draft.id)}
    deleted_by = {d.lineage_id: d.proposal_ids for d in result.deleted}
    base_lineage = {
        pid: lineage
        for pid, _, lineage in drafts_repo.paragraph_places(session, draft.based_on_id or 0)
    }
    for change in drafts_repo.changes_of_draft(session, draft.id):
        for hunk_index, proposal_id in _applied_by(
            change, result, position, base_lineage, deleted_by
        ):
            session.add(
                Attribution(
                    change_id=change.id,
                    hunk_index=hunk_index,
                    key=attribution_key(hunk_index, codes[proposal_id], proposal_id),
                    delegation_codes=codes[proposal_id],
                    proposal_id=proposal_id,
                    method=str(AttributionMethod.APPLIED),
                    confidence=1.0,
                    created_by=draft.created_by,
                )
            )
    session.flush()


def _applied_by(
    change: Change,
    result: NextDraft,
    position: dict[int, int],
    base_lineage: dict[int, str],
    deleted_by: dict[str, tuple[int, ...]],
) -> list[tuple[int | None, int]]:
    """(hunk index or None for the whole change, proposal id) pairs behind one change."""
    if not change.to_paragraph_ids:
        lineages = [base_lineage[i] for i in change.from_paragraph_ids if i in base_lineage]
        return [(None, pid) for lineage in lineages for pid in deleted_by.get(lineage, ())]
    made = result.paragraphs[position[change.to_paragraph_ids[0]]]
    if made.lineage_id is None:
        return [(None, pid) for pid in made.proposal_ids]
    pairs: list[tuple[int | None, int]] = []
    for hunk in change.hunks:
        start, end = int(hunk["new_start"]), int(hunk["new_end"])
        for pid in dict.fromkeys(s.proposal_id for s in made.spans if _touches(s, start, end)):
            pairs.append((int(hunk["index"]), pid))
    return pairs


def _touches(span: AppliedSpan, start: int, end: int) -> bool:
    """Whether a hunk at [start, end) of the new text holds (part of) a proposal's span."""
    if span.start == span.end or start == end:
        return start - POINT_SLACK <= span.end and span.start <= end + POINT_SLACK
    return span.start < end and start < span.end
