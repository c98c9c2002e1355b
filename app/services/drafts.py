"""Drafts: upload (parse, align, diff, store — whole or not at all) and read."""

from __future__ import annotations

import datetime as dt
import hashlib
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import insert, update
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import set_committed_value

from app.core import model as core
from app.core.alignment import align_paragraphs
from app.core.diffing import diff_paragraph, words_changed
from app.core.errors import InvalidInput, TooLarge, UnreadableDraft
from app.core.parsing import read_draft
from app.core.parsing.docx_safety import DocxLimits
from app.db.models import Change, Draft, Lineage, Negotiation, Paragraph, utcnow
from app.db.repositories import drafts as drafts_repo
from app.db.repositories import tokens as tokens_repo
from app.services.attribution import attribute_new_draft

STAGES = ("zero", "revision", "tabled", "oral-revision", "adopted")
MAX_PARAGRAPHS = 5_000  # most paragraphs in one draft; the longest resolutions have ~500


@dataclass(frozen=True, slots=True)
class Upload:
    """An upload as the API received it: the file and what the user said of it."""

    raw: bytes
    file_name: str
    media_type: str
    label: str
    symbol: str | None = None
    stage: str = "revision"
    circulated_on: dt.date | None = None
    based_on: int | None = None


def upload_draft(
    session: Session, actor: str, slug: str, upload: Upload, docx_limits: DocxLimits | None = None
) -> Draft:
    """Parse, align against the base draft, diff and store a new draft in one transaction."""
    if upload.stage not in STAGES:
        raise InvalidInput(f"Unknown stage '{upload.stage}': use one of {', '.join(STAGES)}.")
    if not upload.label.strip():
        raise InvalidInput("A draft needs a label, such as 'Rev.1'.")
    parsed = read_draft(upload.raw, upload.media_type, docx_limits)
    if len(parsed.paragraphs) > MAX_PARAGRAPHS:
        raise TooLarge(
            f"The draft has {len(parsed.paragraphs):,} paragraphs; Penholder stores at most "
            f"{MAX_PARAGRAPHS:,} per draft."
        )
    if not any(
        p.kind in (core.ParagraphKind.PREAMBULAR, core.ParagraphKind.OPERATIVE)
        for p in parsed.paragraphs
    ):
        raise UnreadableDraft("No preambular or operative paragraphs were found in this draft.")
    negotiation = drafts_repo.negotiation_by_slug(session, slug)
    seq = drafts_repo.claim_next_seq(session, negotiation.id)
    base = _base_draft(session, negotiation, seq, upload.based_on)
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
    store_lineages_and_changes(session, negotiation, draft, base, base_rows, rows)
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


def core_paragraph(row: Paragraph) -> core.Paragraph:
    """The core view of a stored paragraph (what alignment and export consume)."""
    return core.Paragraph(
        kind=core.ParagraphKind(row.kind),
        label=row.label,
        number=row.number,
        lead=row.lead,
        text=row.text,
        level=row.level,
        italics=tuple((int(a), int(b)) for a, b in row.italics),
        footnotes=tuple(
            core.Footnote(f["marker"], f["text"], int(f.get("offset", -1))) for f in row.footnotes
        ),
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
) -> list[Change]:
    """Give `rows` their lineages from the alignment with `base_rows`, and store the changes.

    `forced` maps a new paragraph's position to the lineage an editor said it continues
    (None: a new lineage); those paragraphs are taken out of the automatic alignment.
    `reusable` maps a position to the lineage this draft created for it before a
    recomputation, so lineage ids stay permanent when the answer does not change.
    """
    forced = forced or {}
    reusable = dict(reusable or {})
    old_core = [core_paragraph(r) for r in base_rows]
    new_core = [core_paragraph(r) for r in rows]
    steps = list(_steps_with_corrections(old_core, new_core, base_rows, forced))
    lineage_of: dict[int, str] = {}
    created: list[dict[str, object]] = []
    change_rows: list[dict[str, Any]] = []

    def new_lineage(
        origin_kind: str | None = None, origins: Sequence[str] = (), at: int = -1
    ) -> str:
        if at in reusable:
            kept = reusable.pop(at)
            kept.origin_kind, kept.origins = origin_kind, list(origins)
            return kept.id
        lineage_id = uuid.uuid4().hex
        created.append(
            {
                "id": lineage_id,
                "negotiation_id": negotiation.id,
                "created_in_draft_id": draft.id,
                "origin_kind": origin_kind,
                "origins": list(origins),
            }
        )
        return lineage_id

    for step in steps:
        old_ids = [base_rows[i].lineage_id for i in step.old]
        if step.kind == core.ChangeKind.SPLIT:
            for j in step.new:
                lineage_of[j] = new_lineage("split", old_ids, j)
            primary = old_ids[0]
        elif step.kind == core.ChangeKind.MERGED:
            lineage_of[step.new[0]] = new_lineage("merged", old_ids, step.new[0])
            primary = lineage_of[step.new[0]]
        elif step.kind == core.ChangeKind.ADDED:
            for j in step.new:
                lineage_of[j] = new_lineage(at=j)
            primary = lineage_of[step.new[0]]
        elif step.kind == core.ChangeKind.DELETED:
            primary = old_ids[0]
        else:
            lineage_of[step.new[0]] = primary = old_ids[0]
        change_rows.append(_change_row(draft, base, step, primary, base_rows, rows))
    session.flush()
    if created:
        session.execute(insert(Lineage), created)
    _store_paragraph_lineages(session, rows, lineage_of)
    for index, change in enumerate(change_rows):
        change["position"] = index
        change["from_paragraph_ids"] = [base_rows[i].id for i in change["from_paragraph_ids"]]
        change["to_paragraph_ids"] = [rows[j].id for j in change["to_paragraph_ids"]]
    if change_rows:
        session.execute(insert(Change), change_rows)
    changes = drafts_repo.changes_of_draft(session, draft.id)
    draft.summary = summarise(changes)
    session.flush()
    return changes


def _store_paragraph_lineages(
    session: Session, rows: Sequence[Paragraph], lineage_of: dict[int, str]
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


def _steps_with_corrections(
    old: list[core.Paragraph],
    new: list[core.Paragraph],
    base_rows: Sequence[Paragraph],
    forced: dict[int, str | None],
) -> list[core.Step]:
    if not forced:
        return list(align_paragraphs(old, new).steps)
    by_lineage = {row.lineage_id: i for i, row in enumerate(base_rows)}
    pinned = {j: by_lineage.get(lineage) if lineage else None for j, lineage in forced.items()}
    taken_old = {i for i in pinned.values() if i is not None}
    free_old = [i for i in range(len(old)) if i not in taken_old]
    free_new = [j for j in range(len(new)) if j not in pinned]
    auto = align_paragraphs([old[i] for i in free_old], [new[j] for j in free_new])
    steps = [
        core.Step(
            s.kind,
            tuple(free_old[i] for i in s.old),
            tuple(free_new[j] for j in s.new),
            s.moved,
            s.modified,
            s.similarity,
        )
        for s in auto.steps
    ]
    for j, i in pinned.items():
        if i is None:
            steps.append(core.Step(core.ChangeKind.ADDED, (), (j,)))
        else:
            same = old[i].text == new[j].text
            kind = core.ChangeKind.UNCHANGED if same else core.ChangeKind.MODIFIED
            steps.append(core.Step(kind, (i,), (j,), modified=not same, similarity=1.0))
    return sorted(steps, key=lambda s: (min(s.new) if s.new else _after(s.old, steps), 1))


def _after(old: tuple[int, ...], steps: list[core.Step]) -> float:
    """Where a deleted step sorts: just after the step holding the old paragraph before it."""
    before = min(old) - 1
    for s in steps:
        if before in s.old and s.new:
            return min(s.new) + 0.5
    return -0.5


def _change_row(
    draft: Draft,
    base: Draft | None,
    step: core.Step,
    lineage_id: str,
    base_rows: Sequence[Paragraph],
    rows: Sequence[Paragraph],
) -> dict[str, Any]:
    old_text = " ".join(base_rows[i].text for i in step.old)
    new_text = " ".join(rows[j].text for j in step.new)
    diff = diff_paragraph(old_text, new_text)
    inserted, deleted = words_changed(diff)
    return dict(
        draft_id=draft.id,
        base_draft_id=base.id if base else None,
        position=0,
        lineage_id=lineage_id,
        kind=str(step.kind),
        moved=step.moved,
        modified=step.modified or old_text != new_text,
        similarity=step.similarity,
        from_paragraph_ids=list(step.old),
        to_paragraph_ids=list(step.new),
        ops=[{"op": o.op, "text": o.text} for o in diff.ops],
        hunks=[hunk_dict(h) for h in diff.hunks],
        words_inserted=inserted,
        words_deleted=deleted,
    )


def hunk_dict(h: core.Hunk) -> dict[str, object]:
    """A hunk as stored and served (attributions are added when served)."""
    return {
        "index": h.index,
        "delete": h.delete,
        "insert": h.insert,
        "old_start": h.old_start,
        "old_end": h.old_end,
        "new_start": h.new_start,
        "new_end": h.new_end,
    }


def summarise(changes: Sequence[Change]) -> dict[str, int]:
    """Counts per change kind plus words inserted and deleted."""
    summary = {kind.value: 0 for kind in core.ChangeKind}
    for change in changes:
        summary[change.kind] += 1
    summary["words_inserted"] = sum(c.words_inserted for c in changes)
    summary["words_deleted"] = sum(c.words_deleted for c in changes)
    return summary
