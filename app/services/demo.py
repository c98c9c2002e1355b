"""Drafts from files: the sample negotiation for `penholder demo`, and `penholder import`."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from app.core.errors import InvalidInput, PenholderError
from app.core.vocabulary import DraftStage, NegotiationStatus, ProposalAction, ProposalStatus
from app.db.models import Draft, Proposal
from app.db.repositories import drafts as drafts_repo
from app.db.repositories import tokens as tokens_repo
from app.services import negotiations
from app.services.delegations import registry_of
from app.services.drafts import file_upload, upload_draft
from app.services.negotiations import NewNegotiation
from app.services.proposals import NewProposal, new_proposal

Progress = Callable[[int, int, str], None]
ACTOR = "penholder-cli"


@dataclass(frozen=True, slots=True)
class RecordDraft:
    """One draft of a `record.json`: its file and what the penholder said of it."""

    file: str
    label: str
    stage: DraftStage
    symbol: str | None
    circulated_on: dt.date | None


@dataclass(frozen=True, slots=True)
class RecordProposal:
    """One proposal of a round, its `target` and `after` paragraphs named by label."""

    delegations: tuple[str, ...]
    action: ProposalAction
    target: str | None
    after: str | None
    find: str | None
    text: str | None
    note: str
    status: ProposalStatus = ProposalStatus.PENDING


@dataclass(frozen=True, slots=True)
class RecordRound:
    """One round of a `record.json`: the proposals made on the draft labelled `from_label`."""

    from_label: str
    source: str
    proposals: tuple[RecordProposal, ...]


@dataclass(frozen=True, slots=True)
class SampleRecord:
    """A `record.json` (see sample_drafts/README.md): a negotiation, its drafts, its rounds."""

    negotiation: NewNegotiation
    drafts: tuple[RecordDraft, ...]
    rounds: tuple[RecordRound, ...]


def read_record(folder: Path) -> SampleRecord:
    """The `record.json` of a folder of sample drafts, read into typed values."""
    record = json.loads((folder / "record.json").read_text(encoding="utf-8"))
    meta = record["negotiation"]
    return SampleRecord(
        negotiation=NewNegotiation(
            title=meta["title"],
            body=meta["body"],
            session=meta.get("session", ""),
            agenda_item=meta.get("agenda_item", ""),
            slug=meta.get("slug"),
            penholders=tuple(meta.get("penholders", ())),
            status=NegotiationStatus(meta.get("status", NegotiationStatus.INFORMALS)),
        ),
        drafts=tuple(_record_draft(entry) for entry in record["drafts"]),
        rounds=tuple(_record_round(entry) for entry in record["rounds"]),
    )


def _record_draft(entry: Any) -> RecordDraft:
    return RecordDraft(
        file=entry["file"],
        label=entry["label"],
        stage=DraftStage(entry.get("stage", DraftStage.REVISION)),
        symbol=entry.get("symbol"),
        circulated_on=_date(entry.get("circulated_on")),
    )


def _record_round(entry: Any) -> RecordRound:
    return RecordRound(
        from_label=entry["from"],
        source=entry.get("source", ""),
        proposals=tuple(
            RecordProposal(
                delegations=tuple(item["delegations"]),
                action=ProposalAction(item["action"]),
                target=item.get("target"),
                after=item.get("after"),
                find=item.get("find"),
                text=item.get("text"),
                note=item.get("note", ""),
                status=ProposalStatus(item.get("status", ProposalStatus.PENDING)),
            )
            for item in entry["proposals"]
        ),
    )


def _quiet(done: int, total: int, name: str) -> None:
    """Report nothing."""


def load_sample_negotiation(session: Session, folder: Path, *, progress: Progress = _quiet) -> str:
    """Load the sample negotiation described by `folder/record.json` unless any negotiation exists.

    Each round's proposals are stored as pending against the round's first draft before the
    next draft is uploaded, so matching attributes the changes as it would in real use; then
    each takes the status the record gives it (rejected and withdrawn ones too).
    """
    record = read_record(folder)
    rows, total = drafts_repo.negotiations_page(session, limit=1, offset=0)
    if total:
        return str(rows[0].slug)
    slug = negotiations.create_negotiation(session, ACTOR, record.negotiation).slug
    for done, entry in enumerate(record.drafts):
        progress(done, len(record.drafts), entry.file)
        made: list[tuple[Proposal, RecordProposal]] = []
        if done > 0:
            made = record_round_proposals(session, ACTOR, slug, record.rounds[done - 1])
        upload = file_upload(
            folder / entry.file,
            entry.label,
            symbol=entry.symbol,
            stage=entry.stage,
            circulated_on=entry.circulated_on,
        )
        upload_draft(session, ACTOR, slug, upload)
        for proposal, item in made:
            proposal.status = str(item.status)
        session.flush()
    progress(len(record.drafts), len(record.drafts), "done")
    return slug


def record_round_proposals(
    session: Session, actor: str, slug: str, round_: RecordRound
) -> list[tuple[Proposal, RecordProposal]]:
    """Store one round of a `record.json` as pending proposals; return each with its entry.

    Each proposal goes against the round's `from` draft, its `target` and `after` labels read
    as lineages there; restructuring entries are not proposals and are left out.
    """
    negotiation = drafts_repo.negotiation_by_slug(session, slug)
    drafts = {d.label: d for d in drafts_repo.drafts_of_negotiation(session, negotiation.id)}
    draft = drafts.get(round_.from_label)
    if draft is None:
        raise InvalidInput(f"There is no draft labelled '{round_.from_label}' to propose against.")
    lineage_by_label = {
        p.label: p.lineage_id for p in drafts_repo.paragraphs_of_draft(session, draft.id)
    }
    registry = registry_of(session)
    made = []
    for item in round_.proposals:
        new = NewProposal(
            delegations=item.delegations,
            action=item.action,
            lineage_id=_lineage_of_label(lineage_by_label, item.target, draft),
            after_lineage_id=_lineage_of_label(lineage_by_label, item.after, draft),
            find=item.find,
            text=item.text,
            source=round_.source,
            note=item.note,
        )
        proposal = new_proposal(session, registry, negotiation, draft, new, actor)
        session.add(proposal)
        made.append((proposal, item))
    session.flush()
    tokens_repo.record_audit(
        session,
        actor,
        "proposal.import-round",
        f"{slug}/{draft.seq}",
        {"count": len(round_.proposals)},
    )
    return made


def _lineage_of_label(
    lineage_by_label: dict[str, str], label: str | None, draft: Draft
) -> str | None:
    if label is None:
        return None
    lineage = lineage_by_label.get(label)
    if lineage is None:
        raise InvalidInput(f"Draft {draft.seq} ({draft.label}) has no paragraph {label}.")
    return lineage


def import_draft_files(
    session: Session,
    slug: str,
    paths: Sequence[Path],
    *,
    labels: Sequence[str] | None = None,
    title: str | None = None,
    body: str = "HRC",
    session_name: str = "",
    progress: Progress = _quiet,
) -> list[int]:
    """Upload files as a negotiation's next drafts, in order; create the negotiation if new.

    The files are named on purpose, so a Word file's tracked changes are read as accepted."""
    if not drafts_repo.slug_exists(session, slug):
        negotiations.create_negotiation(
            session,
            ACTOR,
            NewNegotiation(title=title or slug, body=body, session=session_name, slug=slug),
        )
    seqs = []
    for done, path in enumerate(paths):
        progress(done, len(paths), path.name)
        if not path.is_file():
            raise PenholderError(f"There is no file {path}.")
        first = done == 0 and not repo_has_drafts(session, slug)
        upload = file_upload(
            path,
            labels[done] if labels else path.stem,
            stage=DraftStage.ZERO if first else DraftStage.REVISION,
        )
        draft = upload_draft(session, ACTOR, slug, replace(upload, accept_tracked_changes=True))
        seqs.append(draft.seq)
    progress(len(paths), len(paths), "done")
    return seqs


def repo_has_drafts(session: Session, slug: str) -> bool:
    """Whether the negotiation already has drafts."""
    negotiation = drafts_repo.negotiation_by_slug(session, slug)
    return bool(drafts_repo.drafts_of_negotiation(session, negotiation.id))


def _date(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None
