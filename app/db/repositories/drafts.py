"""Questions asked of negotiations, drafts, their paragraphs, lineages and changes.

Repositories flush; they never commit.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from app.core import model as core
from app.core.errors import NotFound
from app.core.records import (
    DraftStamp,
    LineageRecord,
    ParagraphHit,
    StoredChange,
    StoredHunk,
    StoredOp,
    StoredParagraph,
)
from app.core.vocabulary import ChangeKind, DiffOpKind, OriginKind, ParagraphKind
from app.db.models import (
    Change,
    Draft,
    Lineage,
    LineageCorrection,
    Negotiation,
    Paragraph,
)


def negotiation_by_slug(session: Session, slug: str) -> Negotiation:
    """The negotiation with `slug`, or NotFound."""
    found = session.scalar(select(Negotiation).where(Negotiation.slug == slug))
    if found is None:
        raise NotFound(f"There is no negotiation '{slug}'.")
    return found


def slug_exists(session: Session, slug: str) -> bool:
    """Whether a negotiation already uses `slug`."""
    return session.scalar(select(Negotiation.id).where(Negotiation.slug == slug)) is not None


def negotiations_page(
    session: Session, *, limit: int, offset: int, q: str | None = None
) -> tuple[list[Negotiation], int]:
    """One page of negotiations, newest first, and the total."""
    query = select(Negotiation)
    if q:
        pattern = f"%{q.lower()}%"
        query = query.where(
            func.lower(Negotiation.title).like(pattern)
            | func.lower(Negotiation.slug).like(pattern)
            | func.lower(Negotiation.body).like(pattern)
        )
    total = session.scalar(select(func.count()).select_from(query.subquery())) or 0
    rows = session.scalars(
        query.order_by(Negotiation.updated_at.desc(), Negotiation.id.desc())
        .limit(limit)
        .offset(offset)
    ).all()
    return list(rows), total


def drafts_of_negotiation(
    session: Session, negotiation_id: int, *, withdrawn: bool = False
) -> list[Draft]:
    """The negotiation's drafts in seq order (without their files); withdrawn ones only when
    asked for."""
    query = select(Draft).where(Draft.negotiation_id == negotiation_id)
    if not withdrawn:
        query = query.where(Draft.withdrawn_at.is_(None))
    return list(session.scalars(query.order_by(Draft.seq)).all())


def draft_with_file(session: Session, negotiation_id: int, sha256: str) -> Draft | None:
    """The negotiation's first draft whose original upload has this SHA-256, withdrawn or not."""
    return session.scalar(
        select(Draft)
        .where(Draft.negotiation_id == negotiation_id, Draft.sha256 == sha256)
        .order_by(Draft.seq)
        .limit(1)
    )


def search_paragraphs(
    session: Session, negotiation_id: int, words: str, label: str, *, limit: int, offset: int
) -> tuple[list[ParagraphHit], int]:
    """Paragraphs of every draft (withdrawn ones aside) whose text holds `words` (any case) or
    whose label, spaces aside, is `label`; latest draft first, then document order."""
    escaped = words.lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    pattern = f"%{escaped}%"
    squeezed = func.upper(func.replace(Paragraph.label, " ", ""))
    query = (
        select(
            Paragraph.id,
            Paragraph.lineage_id,
            Draft.seq,
            Draft.label,
            Paragraph.label,
            Paragraph.kind,
            Paragraph.text,
        )
        .join(Draft, Paragraph.draft_id == Draft.id)
        .where(
            Draft.negotiation_id == negotiation_id,
            Draft.withdrawn_at.is_(None),
            func.lower(Paragraph.text).like(pattern, escape="\\") | (squeezed == label),
        )
    )
    total = session.scalar(select(func.count()).select_from(query.subquery())) or 0
    rows = session.execute(
        query.order_by((squeezed == label).desc(), Draft.seq.desc(), Paragraph.position)
        .limit(limit)
        .offset(offset)
    ).all()
    return [ParagraphHit(*row) for row in rows], total


def latest_drafts(session: Session, negotiation_ids: Sequence[int]) -> dict[int, Draft]:
    """Each negotiation's latest draft, by negotiation id."""
    if not negotiation_ids:
        return {}
    latest = (
        select(Draft.negotiation_id, func.max(Draft.seq).label("seq"))
        .where(Draft.negotiation_id.in_(negotiation_ids))
        .group_by(Draft.negotiation_id)
        .subquery()
    )
    rows = session.scalars(
        select(Draft).join(
            latest, (Draft.negotiation_id == latest.c.negotiation_id) & (Draft.seq == latest.c.seq)
        )
    ).all()
    return {d.negotiation_id: d for d in rows}


def draft_by_seq(session: Session, negotiation: Negotiation, seq: int | str) -> Draft:
    """The draft `seq` (or "latest") of a negotiation, or NotFound."""
    query = select(Draft).where(Draft.negotiation_id == negotiation.id)
    if seq == "latest":
        query = query.where(Draft.withdrawn_at.is_(None))
        found = session.scalar(query.order_by(Draft.seq.desc()).limit(1))
        if found is None:
            raise NotFound(f"The negotiation '{negotiation.slug}' has no drafts yet.")
        return found
    found = session.scalar(query.where(Draft.seq == int(seq)))
    if found is None:
        raise NotFound(f"The negotiation '{negotiation.slug}' has no draft {seq}.")
    return found


def effective_base(session: Session, draft: Draft) -> Draft | None:
    """The draft `draft` is compared with: its base, or the base's own base while withdrawn."""
    base_id = draft.based_on_id
    while base_id is not None:
        base = draft_by_id(session, base_id)
        if base.withdrawn_at is None:
            return base
        base_id = base.based_on_id
    return None


def draft_by_id(session: Session, draft_id: int) -> Draft:
    """The draft with primary key `draft_id`."""
    found = session.get(Draft, draft_id)
    if found is None:
        raise NotFound(f"There is no draft {draft_id}.")
    return found


def draft_source(session: Session, draft_id: int) -> bytes:
    """The original upload of a draft, byte for byte."""
    return session.scalar(select(Draft.content).where(Draft.id == draft_id)) or b""


def claim_next_seq(session: Session, negotiation_id: int) -> int:
    """Take the negotiation's next draft seq; the row stays locked until the commit."""
    taken = session.execute(
        update(Negotiation)
        .where(Negotiation.id == negotiation_id)
        .values(next_seq=Negotiation.next_seq + 1)
        .returning(Negotiation.next_seq)
    ).scalar_one()
    return int(taken) - 1


def paragraphs_of_draft(session: Session, draft_id: int) -> list[Paragraph]:
    """A draft's paragraphs in document order."""
    return list(
        session.scalars(
            select(Paragraph).where(Paragraph.draft_id == draft_id).order_by(Paragraph.position)
        ).all()
    )


def paragraph_places(session: Session, draft_id: int) -> list[tuple[int, int, str]]:
    """A draft's paragraphs as (id, position, lineage id), in document order: no rows loaded."""
    return [
        (int(pid), int(position), str(lineage))
        for pid, position, lineage in session.execute(
            select(Paragraph.id, Paragraph.position, Paragraph.lineage_id)
            .where(Paragraph.draft_id == draft_id)
            .order_by(Paragraph.position)
        ).all()
    ]


def paragraphs_of_drafts(session: Session, draft_ids: Sequence[int]) -> list[Paragraph]:
    """The paragraphs of several drafts, by draft then position."""
    return list(
        session.scalars(
            select(Paragraph)
            .where(Paragraph.draft_id.in_(draft_ids))
            .order_by(Paragraph.draft_id, Paragraph.position)
        ).all()
    )


def paragraph_in_draft(session: Session, draft_id: int, paragraph_id: int) -> Paragraph:
    """One paragraph of one draft, or NotFound."""
    found = session.scalar(
        select(Paragraph).where(Paragraph.id == paragraph_id, Paragraph.draft_id == draft_id)
    )
    if found is None:
        raise NotFound(f"This draft has no paragraph {paragraph_id}.")
    return found


def changes_of_draft(session: Session, draft_id: int) -> list[Change]:
    """A draft's stored changes against its base, in document order."""
    return list(
        session.scalars(
            select(Change).where(Change.draft_id == draft_id).order_by(Change.position)
        ).all()
    )


def changes_of_drafts(session: Session, draft_ids: Sequence[int]) -> list[Change]:
    """The stored changes of several drafts."""
    return list(
        session.scalars(
            select(Change)
            .where(Change.draft_id.in_(draft_ids))
            .order_by(Change.draft_id, Change.position)
        ).all()
    )


def stored_changes_of_draft(session: Session, draft_id: int) -> list[StoredChange]:
    """A draft's stored changes against its base, in document order, as typed values."""
    return [stored_change(row) for row in changes_of_draft(session, draft_id)]


def stored_changes_of_drafts(session: Session, draft_ids: Sequence[int]) -> list[StoredChange]:
    """The stored changes of several drafts as typed values, by draft then position."""
    return [stored_change(row) for row in changes_of_drafts(session, draft_ids)]


def stored_changes_on_lineages(session: Session, lineage_ids: Sequence[str]) -> list[StoredChange]:
    """Every stored change on some lineages, in any draft."""
    rows = session.scalars(select(Change).where(Change.lineage_id.in_(lineage_ids))).all()
    return [stored_change(row) for row in rows]


def stored_change(row: Change) -> StoredChange:
    """A stored change as a typed value."""
    return StoredChange(
        id=row.id,
        draft_id=row.draft_id,
        lineage_id=row.lineage_id,
        kind=ChangeKind(row.kind),
        moved=row.moved,
        modified=row.modified,
        from_paragraph_ids=tuple(row.from_paragraph_ids),
        to_paragraph_ids=tuple(row.to_paragraph_ids),
        ops=tuple(StoredOp(DiffOpKind(o["op"]), o["text"]) for o in row.ops),
        hunks=tuple(
            StoredHunk(
                h["index"],
                h["delete"],
                h["insert"],
                h["old_start"],
                h["old_end"],
                h["new_start"],
                h["new_end"],
            )
            for h in row.hunks
        ),
        words_inserted=row.words_inserted,
        words_deleted=row.words_deleted,
    )


def delete_changes_of_draft(session: Session, draft_id: int) -> None:
    """Remove a draft's computed changes (before recomputing them)."""
    for change in changes_of_draft(session, draft_id):
        session.delete(change)
    session.flush()


def lineages_of_negotiation(session: Session, negotiation_id: int) -> dict[str, Lineage]:
    """Every lineage of a negotiation, by id."""
    rows = session.scalars(select(Lineage).where(Lineage.negotiation_id == negotiation_id)).all()
    return {row.id: row for row in rows}


def lineages_created_in(session: Session, draft_id: int) -> list[Lineage]:
    """The lineages a draft created (new paragraphs, split pieces, merge results)."""
    return list(session.scalars(select(Lineage).where(Lineage.created_in_draft_id == draft_id)))


def lineage_in_negotiation(session: Session, negotiation_id: int, lineage_id: str) -> Lineage:
    """One lineage of a negotiation, or NotFound."""
    found = session.get(Lineage, lineage_id)
    if found is None or found.negotiation_id != negotiation_id:
        raise NotFound(f"There is no paragraph lineage '{lineage_id}' in this negotiation.")
    return found


def corrections_of_draft(session: Session, draft_id: int) -> list[LineageCorrection]:
    """An editor's lineage corrections on a draft, oldest first."""
    return list(
        session.scalars(
            select(LineageCorrection)
            .where(LineageCorrection.draft_id == draft_id)
            .order_by(LineageCorrection.id)
        ).all()
    )


def paragraph_counts(session: Session, draft_ids: Sequence[int]) -> dict[int, int]:
    """How many paragraphs each draft has."""
    if not draft_ids:
        return {}
    rows = session.execute(
        select(Paragraph.draft_id, func.count())
        .where(Paragraph.draft_id.in_(draft_ids))
        .group_by(Paragraph.draft_id)
    ).all()
    return {draft_id: count for draft_id, count in rows}


def stored_paragraphs_of_draft(session: Session, draft_id: int) -> list[StoredParagraph]:
    """A draft's paragraphs in order, as light typed values (no formatting, no footnotes)."""
    rows = session.execute(
        select(*_STORED_PARAGRAPH)
        .where(Paragraph.draft_id == draft_id)
        .order_by(Paragraph.position)
    ).all()
    return [StoredParagraph(*row) for row in rows]


def stored_paragraphs_of_drafts(
    session: Session, draft_ids: Sequence[int]
) -> list[StoredParagraph]:
    """The paragraphs of several drafts as light typed values, by draft then position."""
    rows = session.execute(
        select(*_STORED_PARAGRAPH)
        .where(Paragraph.draft_id.in_(draft_ids))
        .order_by(Paragraph.draft_id, Paragraph.position)
    ).all()
    return [StoredParagraph(*row) for row in rows]


def stored_paragraphs_of_lineage(session: Session, lineage_id: str) -> list[StoredParagraph]:
    """Every paragraph that continues one lineage, in any draft."""
    rows = session.execute(select(*_STORED_PARAGRAPH).where(Paragraph.lineage_id == lineage_id))
    return [StoredParagraph(*row) for row in rows.all()]


_STORED_PARAGRAPH = (
    Paragraph.id,
    Paragraph.draft_id,
    Paragraph.position,
    Paragraph.lineage_id,
    Paragraph.kind,
    Paragraph.label,
    Paragraph.text,
)


def appearances_of_lineages(
    session: Session, lineage_ids: Sequence[str]
) -> dict[str, list[tuple[int, str]]]:
    """(draft seq, paragraph label) of each appearance of some lineages in drafts not withdrawn,
    in seq order."""
    if not lineage_ids:
        return {}
    rows = session.execute(
        select(Paragraph.lineage_id, Draft.seq, Paragraph.label)
        .join(Draft, Paragraph.draft_id == Draft.id)
        .where(Paragraph.lineage_id.in_(lineage_ids), Draft.withdrawn_at.is_(None))
        .order_by(Draft.seq)
    ).all()
    found: dict[str, list[tuple[int, str]]] = {}
    for lineage_id, seq, label in rows:
        found.setdefault(lineage_id, []).append((seq, label))
    return found


def lineages_with_origins(session: Session, negotiation_id: int) -> dict[str, LineageRecord]:
    """The negotiation's lineages born of a split or a merge, by id."""
    rows = session.scalars(
        select(Lineage).where(
            Lineage.negotiation_id == negotiation_id, Lineage.origin_kind.is_not(None)
        )
    ).all()
    return {row.id: lineage_record(row) for row in rows}


def lineage_record(row: Lineage) -> LineageRecord:
    """A stored lineage as a typed value."""
    kind = OriginKind(row.origin_kind) if row.origin_kind else None
    return LineageRecord(row.id, kind, tuple(str(o) for o in row.origins))


def draft_stamps(session: Session, negotiation_id: int) -> list[DraftStamp]:
    """A negotiation's drafts, withdrawn ones aside, as light typed values (id, seq, label,
    stage, date), in order."""
    rows = session.execute(
        select(Draft.id, Draft.seq, Draft.label, Draft.stage, Draft.circulated_on)
        .where(Draft.negotiation_id == negotiation_id, Draft.withdrawn_at.is_(None))
        .order_by(Draft.seq)
    ).all()
    return [DraftStamp(*row) for row in rows]


def labels_in_draft(session: Session, negotiation_id: int, seq: int | str) -> list[Any]:
    """(draft label, paragraph label, lineage id) of every paragraph of draft `seq` or "latest"."""
    wanted = (
        select(func.max(Draft.seq))
        .where(Draft.negotiation_id == negotiation_id, Draft.withdrawn_at.is_(None))
        .scalar_subquery()
        if seq == "latest"
        else int(seq)
    )
    return list(
        session.execute(
            select(Draft.label, Paragraph.label, Paragraph.lineage_id)
            .join(Paragraph, Paragraph.draft_id == Draft.id)
            .where(Draft.negotiation_id == negotiation_id, Draft.seq == wanted)
            .order_by(Paragraph.position)
        ).all()
    )


def paragraph_value(row: Paragraph) -> core.Paragraph:
    """A stored paragraph as the core's `Paragraph` (what alignment and export consume)."""
    return core.Paragraph(
        kind=ParagraphKind(row.kind),
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
