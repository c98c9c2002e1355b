"""Drafts from files: the sample negotiation for `penholder demo`, and `penholder import`."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Sequence
from pathlib import Path

from sqlalchemy.orm import Session

from app.core.errors import PenholderError
from app.core.parsing import media_type_for
from app.core.vocabulary import DraftStage, NegotiationStatus
from app.db.repositories import drafts as drafts_repo
from app.services import negotiations
from app.services.drafts import Upload, upload_draft
from app.services.negotiations import NewNegotiation
from app.services.proposals import record_round_proposals

Progress = Callable[[int, int, str], None]
ACTOR = "penholder-cli"


def _quiet(done: int, total: int, name: str) -> None:
    """Report nothing."""


def load_sample_negotiation(session: Session, folder: Path, *, progress: Progress = _quiet) -> str:
    """Load the sample negotiation described by `folder/record.json` unless any negotiation exists.

    Each round's proposals are stored as pending against the round's first draft before the
    next draft is uploaded, so matching attributes the changes as it would in real use.
    """
    record = json.loads((folder / "record.json").read_text(encoding="utf-8"))
    meta = record["negotiation"]
    rows, total = drafts_repo.negotiations_page(session, limit=1, offset=0)
    if total:
        return str(rows[0].slug)
    negotiations.create_negotiation(
        session,
        ACTOR,
        NewNegotiation(
            title=meta["title"],
            body=meta["body"],
            session=meta.get("session", ""),
            agenda_item=meta.get("agenda_item", ""),
            slug=meta["slug"],
            penholders=tuple(meta.get("penholders", ())),
            status=NegotiationStatus(meta.get("status", NegotiationStatus.INFORMALS)),
        ),
    )
    drafts = record["drafts"]
    for done, entry in enumerate(drafts):
        progress(done, len(drafts), entry["file"])
        if done > 0:
            record_round_proposals(session, ACTOR, meta["slug"], record, done - 1)
        path = folder / entry["file"]
        upload_draft(
            session,
            ACTOR,
            meta["slug"],
            Upload(
                raw=path.read_bytes(),
                file_name=path.name,
                media_type=media_type_for(path.name),
                label=entry["label"],
                symbol=entry.get("symbol"),
                stage=entry.get("stage", DraftStage.REVISION),
                circulated_on=_date(entry.get("circulated_on")),
            ),
        )
    progress(len(drafts), len(drafts), "done")
    return str(meta["slug"])


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
    """Upload files as a negotiation's next drafts, in order; create the negotiation if new."""
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
        draft = upload_draft(
            session,
            ACTOR,
            slug,
            Upload(
                raw=path.read_bytes(),
                file_name=path.name,
                media_type=media_type_for(path.name),
                label=labels[done] if labels else path.stem,
                stage=DraftStage.ZERO
                if done == 0 and not repo_has_drafts(session, slug)
                else DraftStage.REVISION,
            ),
        )
        seqs.append(draft.seq)
    progress(len(paths), len(paths), "done")
    return seqs


def repo_has_drafts(session: Session, slug: str) -> bool:
    """Whether the negotiation already has drafts."""
    negotiation = drafts_repo.negotiation_by_slug(session, slug)
    return bool(drafts_repo.drafts_of_negotiation(session, negotiation.id))


def _date(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None
