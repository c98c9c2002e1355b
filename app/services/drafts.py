"""Drafts: upload (parse, align, diff, store — whole or not at all) and read."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from pathlib import Path

from sqlalchemy import insert, update
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import set_committed_value

from app.core import model as core
from app.core.errors import (
    DuplicateUpload,
    InvalidInput,
    TrackedChangesFound,
    UnreadableDraft,
)
from app.core.lineages import PlannedChange, assign_lineages
from app.core.negotiation import summarise
from app.core.parsing import PDF_MEDIA_TYPE, media_type_for, read_draft
from app.core.parsing.docx_safety import DocxLimits
from app.core.parsing.pdf_safety import PdfLimits
from app.core.vocabulary import DraftStage, ParagraphKind
from app.db.models import Change, Draft, Lineage, Negotiation, Paragraph, utcnow
from app.db.repositories import drafts as drafts_repo
from app.db.repositories import tokens as tokens_repo
from app.services.attribution import attribute_new_draft
from app.services.pdf_isolation import read_pdf_isolated
from app.services.workers import Budget, run_in_worker


@dataclass(frozen=True, slots=True)
class Upload:
    """An upload as the API received it: the file and what the user said of it."""

    raw: bytes
    file_name: str
    media_type: str
    label: str
    symbol: str | None = None
    stage: DraftStage = DraftStage.REVISION
    circulated_on: dt.date | None = None
    based_on: int | None = None
    allow_duplicate: bool = False
    accept_tracked_changes: bool = False


def file_upload(
    path: Path,
    label: str,
    *,
    symbol: str | None = None,
    stage: DraftStage = DraftStage.REVISION,
    circulated_on: dt.date | None = None,
) -> Upload:
    """An upload of a file on disk, its media type read from its name."""
    return Upload(
        raw=path.read_bytes(),
        file_name=path.name,
        media_type=media_type_for(path.name),
        label=label,
        symbol=symbol,
        stage=stage,
        circulated_on=circulated_on,
    )


def upload_draft(
    session: Session,
    actor: str,
    slug: str,
    upload: Upload,
    docx_limits: DocxLimits | None = None,
    pdf_limits: PdfLimits | None = None,
    budget_s: float | None = None,
) -> Draft:
    """Parse, align against the base draft, diff and store a new draft in one transaction,
    within `budget_s` seconds of work (None: unlimited)."""
    budget = Budget.of(budget_s)
    if not upload.label.strip():
        raise InvalidInput("A draft needs a label, such as 'Rev.1'.")
    if upload.media_type == PDF_MEDIA_TYPE:  # PDFium is C: never in the server's own process
        parsed = read_pdf_isolated(upload.raw, pdf_limits or PdfLimits())
    else:
        parsed = run_in_worker(  # caps: parsing.limits
            budget, "reading it", len(upload.raw), read_draft, upload.raw, upload.media_type,
            docx_limits,
        )  # fmt: skip
    if not any(
        p.kind in (ParagraphKind.PREAMBULAR, ParagraphKind.OPERATIVE) for p in parsed.paragraphs
    ):
        raise UnreadableDraft("No preambular or operative paragraphs were found in this draft.")
    if not upload.accept_tracked_changes and any(p.revisions for p in parsed.paragraphs):
        raise TrackedChangesFound(
            f"{upload.file_name} holds tracked changes. Store it as a draft with the changes "
            "accepted (send accept_tracked_changes=true), or import its changes as proposals.",
            reason="tracked-changes",
            revisions=sum(len(p.revisions) for p in parsed.paragraphs),
        )
    negotiation = drafts_repo.negotiation_by_slug(session, slug)
    sha256 = hashlib.sha256(upload.raw).hexdigest()
    same = drafts_repo.draft_with_file(session, negotiation.id, sha256)
    if same is not None and not upload.allow_duplicate:
        raise DuplicateUpload(
            f"This file is already stored as {same.label} (draft {same.seq}). Send "
            "allow_duplicate=true to store it again.",
            reason="duplicate",
            draft={"seq": same.seq, "label": same.label},
        )
    seq = drafts_repo.claim_next_seq(session, negotiation.id)
    base = _base_draft(session, negotiation, seq, upload.based_on)
    draft = store_draft(session, actor, negotiation, seq, base, parsed, upload, budget=budget)
    attribute_new_draft(session, negotiation, draft)
    negotiation.updated_at = utcnow()
    tokens_repo.record_audit(
        session,
        actor,
        "draft.upload",
        f"{slug}/{seq}",
        {"file": upload.file_name, "sha256": draft.sha256},
    )
    session.flush()
    return draft


def store_draft(
    session: Session,
    actor: str,
    negotiation: Negotiation,
    seq: int,
    base: Draft | None,
    parsed: core.Draft,
    upload: Upload,
    forced: dict[int, str | None] | None = None,
    budget: Budget | None = None,
) -> Draft:
    """Store a draft read from `upload` as `seq`: its row, paragraphs, lineages and changes
    against `base` (`forced` pins paragraph positions to lineages, as an editor's corrections
    do; the comparison within `budget`). Attribution and the audit entry are the caller's."""
    draft = Draft(
        negotiation_id=negotiation.id,
        seq=seq,
        label=upload.label.strip(),
        symbol=upload.symbol or parsed.masthead_value("symbol"),
        stage=upload.stage,
        circulated_on=upload.circulated_on,
        language=parsed.language,
        based_on_id=base.id if base else None,
        title=parsed.title,
        formula=parsed.formula,
        masthead=dict(parsed.masthead),
        file_name=upload.file_name,
        media_type=upload.media_type,
        sha256=hashlib.sha256(upload.raw).hexdigest(),
        size=len(upload.raw),
        content=upload.raw,
        created_by=actor,
    )
    session.add(draft)
    session.flush()
    base_rows = drafts_repo.paragraphs_of_draft(session, base.id) if base else []
    rows = [_paragraph_row(draft.id, i, p) for i, p in enumerate(parsed.paragraphs)]
    store_lineages_and_changes(
        session, negotiation, draft, base, base_rows, rows, forced, budget=budget
    )
    return draft


def _base_draft(
    session: Session, negotiation: Negotiation, seq: int, based_on: int | None
) -> Draft | None:
    if based_on is not None:
        if based_on >= seq:
            raise InvalidInput(f"A draft can only be based on an earlier draft, not on {based_on}.")
        return drafts_repo.draft_by_seq(session, negotiation, based_on)
    drafts = [d for d in drafts_repo.drafts_of_negotiation(session, negotiation.id) if d.seq < seq]
    return drafts[-1] if drafts else None


def _paragraph_row(draft_id: int, position: int, p: core.Paragraph) -> Paragraph:
    return Paragraph(
        draft_id=draft_id,
        position=position,
        kind=str(p.kind),
        label=p.label,
        number=p.number,
        lead=p.lead,
        text=p.text,
        level=p.level,
        italics=[list(span) for span in p.italics],
        footnotes=[{"marker": f.marker, "text": f.text, "offset": f.offset} for f in p.footnotes],
        revisions=[
            {"kind": str(r.kind), "author": r.author, "date": r.date, "text": r.text}
            for r in p.revisions
        ],
        comments=[
            {"author": c.author, "date": c.date, "text": c.text, "anchor": c.anchor}
            for c in p.comments
        ],
    )


def store_lineages_and_changes(
    session: Session,
    negotiation: Negotiation,
    draft: Draft,
    base: Draft | None,
    base_rows: Sequence[Paragraph],
    rows: Sequence[Paragraph],
    forced: dict[int, str | None] | None = None,
    reusable: dict[int, Lineage] | None = None,
    budget: Budget | None = None,
) -> list[Change]:
    """Give `rows` their lineages from the alignment with `base_rows`, and store the changes
    (within `budget`, when given).

    `forced` maps a new paragraph's position to the lineage an editor said it continues
    (None: a new lineage). `reusable` maps a position to the lineage this draft created for
    it before a recomputation, so lineage ids stay permanent when the answer does not change.
    """
    kept = dict(reusable or {})
    plan = run_in_worker(
        budget or Budget.of(None),
        "comparing it",
        sum(len(r.text) for r in base_rows) + sum(len(r.text) for r in rows),
        assign_lineages,
        [drafts_repo.paragraph_value(r) for r in base_rows],
        [r.lineage_id for r in base_rows],
        [drafts_repo.paragraph_value(r) for r in rows],
        forced=forced,
        reusable={at: lineage.id for at, lineage in kept.items()},
    )
    reused = {lineage.id: lineage for lineage in kept.values()}
    for birth in plan.births:
        if birth.reused:
            lineage = reused[birth.id]
            lineage.origin_kind, lineage.origins = birth.origin_kind, list(birth.origins)
    session.flush()
    created = [
        {
            "id": birth.id,
            "negotiation_id": negotiation.id,
            "created_in_draft_id": draft.id,
            "origin_kind": birth.origin_kind,
            "origins": list(birth.origins),
        }
        for birth in plan.births
        if not birth.reused
    ]
    if created:
        session.execute(insert(Lineage), created)
    _store_paragraph_lineages(session, rows, plan.lineage_of)
    if plan.changes:
        session.execute(
            insert(Change),
            [
                _change_row(draft, base, position, change, base_rows, rows)
                for position, change in enumerate(plan.changes)
            ],
        )
    draft.summary = asdict(summarise(plan.changes))
    changes = drafts_repo.changes_of_draft(session, draft.id)
    session.flush()
    return changes


def _store_paragraph_lineages(
    session: Session, rows: Sequence[Paragraph], lineage_of: Sequence[str]
) -> None:
    """Insert new paragraph rows with their lineages (ids read back), or re-point stored ones."""
    if rows and rows[0].id is None:
        values = [
            {column: getattr(row, column) for column in PARAGRAPH_COLUMNS}
            | {"lineage_id": lineage_of[position]}
            for position, row in enumerate(rows)
        ]
        ids = session.scalars(
            insert(Paragraph).returning(Paragraph.id, sort_by_parameter_order=True), values
        ).all()
        for row, paragraph_id, value in zip(rows, ids, values, strict=True):
            row.id, row.lineage_id = paragraph_id, str(value["lineage_id"])
        return
    changed = [
        {"id": row.id, "lineage_id": lineage_of[position]}
        for position, row in enumerate(rows)
        if row.lineage_id != lineage_of[position]
    ]
    if changed:
        session.execute(update(Paragraph), changed)
        for row in rows:
            set_committed_value(row, "lineage_id", lineage_of[row.position])


PARAGRAPH_COLUMNS = (
    "draft_id",
    "position",
    "kind",
    "label",
    "number",
    "lead",
    "text",
    "level",
    "italics",
    "footnotes",
    "revisions",
    "comments",
)


def _change_row(
    draft: Draft,
    base: Draft | None,
    position: int,
    change: PlannedChange,
    base_rows: Sequence[Paragraph],
    rows: Sequence[Paragraph],
) -> dict[str, object]:
    """The column values of one planned change, paragraph positions turned into row ids."""
    return {
        "draft_id": draft.id,
        "base_draft_id": base.id if base else None,
        "position": position,
        "lineage_id": change.lineage_id,
        "kind": change.kind,
        "moved": change.moved,
        "modified": change.modified,
        "similarity": change.similarity,
        "from_paragraph_ids": [base_rows[i].id for i in change.old],
        "to_paragraph_ids": [rows[j].id for j in change.new],
        "ops": [{"op": o.op, "text": o.text} for o in change.diff.ops],
        "hunks": [
            {
                "index": h.index,
                "delete": h.delete,
                "insert": h.insert,
                "old_start": h.old_start,
                "old_end": h.old_end,
                "new_start": h.new_start,
                "new_end": h.new_end,
            }
            for h in change.diff.hunks
        ],
        "words_inserted": change.words_inserted,
        "words_deleted": change.words_deleted,
    }
