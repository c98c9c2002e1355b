"""One paragraph through every draft, and the map of all paragraphs across all drafts."""

from __future__ import annotations

import re
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.core.errors import NotFound
from app.db.models import Change, Draft, Lineage, Negotiation, Paragraph
from app.db.repositories import drafts as drafts_repo
from app.services.attribution import attributions_for_changes

LINEAGE_ID = re.compile(r"^[0-9a-f]{32}$")


def normalise_label(label: str) -> str:
    """'op 5 bis' and 'OP5bis' both read as 'OP5BIS'."""
    return re.sub(r"\s+", "", label).upper()


def resolve_reference(
    session: Session, negotiation: Negotiation, ref: str, draft_seq: str | int | None
) -> Lineage:
    """The lineage a history reference names: a lineage id, or a label read in a draft."""
    if LINEAGE_ID.match(ref):
        return drafts_repo.lineage_in_negotiation(session, negotiation.id, ref)
    rows = drafts_repo.labels_in_draft(session, negotiation.id, draft_seq or "latest")
    if not rows:
        drafts_repo.draft_by_seq(
            session, negotiation, draft_seq or "latest"
        )  # says which is missing
    wanted = normalise_label(ref)
    for _, label, lineage_id in rows:
        if label and normalise_label(label) == wanted:
            return drafts_repo.lineage_in_negotiation(session, negotiation.id, lineage_id)
    raise NotFound(f"{rows[0][0]} has no paragraph labelled '{ref}'.")


def paragraph_history(
    session: Session, slug: str, ref: str, draft_seq: str | int | None = None
) -> dict[str, Any]:
    """The paragraph in every draft in which it exists, where it came from and where it went."""
    negotiation = drafts_repo.negotiation_by_slug(session, slug)
    lineage = resolve_reference(session, negotiation, ref, draft_seq)
    by_id = {d.id: d for d in drafts_repo.draft_stamps(session, negotiation.id)}
    rows = session.scalars(select(Paragraph).where(Paragraph.lineage_id == lineage.id)).all()
    rows = sorted(rows, key=lambda r: by_id[r.draft_id].seq)
    related = {lineage.id, *map(str, lineage.origins)}
    changes = session.scalars(select(Change).where(Change.lineage_id.in_(related))).all()
    mine = {r.id for r in rows}
    attributions = attributions_for_changes(session, [c.id for c in changes])
    entries = []
    for row in rows:
        change = next((c for c in changes if row.id in c.to_paragraph_ids), None)
        entries.append(_entry(by_id[row.draft_id], row, change, attributions))
    for change in changes:
        deleted_here = change.kind == "deleted" and change.lineage_id == lineage.id
        went_away = (
            change.kind in ("split", "merged")
            and bool(set(change.from_paragraph_ids) & mine)
            and not set(change.to_paragraph_ids) & mine
        )
        if deleted_here or went_away:
            entries.append(_entry(by_id[change.draft_id], None, change, attributions))
    entries.sort(key=lambda e: e["draft"]["seq"])
    latest = rows[-1] if rows else None
    return {
        "lineage_id": lineage.id,
        "label": latest.label if latest else "",
        "origins": _relatives(session, [str(o) for o in lineage.origins], lineage.origin_kind),
        "successors": _successors(session, negotiation, lineage.id),
        "entries": entries,
    }


def _entry(
    draft: Any, row: Paragraph | None, change: Change | None, attributions: dict[Any, Any]
) -> dict[str, Any]:
    by_hunk = attributions.get(change.id, {}) if change else {}
    return {
        "draft": {
            "seq": draft.seq,
            "label": draft.label,
            "stage": draft.stage,
            "circulated_on": draft.circulated_on,
        },
        "paragraph_id": row.id if row else None,
        "label": row.label if row else None,
        "kind": row.kind if row else None,
        "text": row.text if row else None,
        "change": _entry_kind(change, row),
        "moved": bool(change and change.moved),
        "ops": change.ops if change else [{"op": "insert", "text": row.text if row else ""}],
        "hunks": [
            {**h, "attributions": by_hunk.get(h["index"], [])}
            for h in (change.hunks if change else [])
        ],
        "attributions": by_hunk.get(None, []),
    }


def _entry_kind(change: Change | None, row: Paragraph | None) -> str:
    if change is None:
        return "added"
    if change.kind in ("split", "merged") and row is None:
        return f"{change.kind}-away"
    return change.kind


def _relatives(session: Session, lineage_ids: list[str], kind: str | None) -> list[dict[str, Any]]:
    found = []
    for lineage_id in lineage_ids:
        last = _last_appearance(session, lineage_id)
        found.append(
            {
                "lineage_id": lineage_id,
                "kind": kind,
                "label": last[1].label if last else None,
                "draft": last[0].seq if last else None,
            }
        )
    return found


def _successors(
    session: Session, negotiation: Negotiation, lineage_id: str
) -> list[dict[str, Any]]:
    found = []
    for lineage in drafts_repo.lineages_with_origins(session, negotiation.id).values():
        if lineage_id in lineage.origins:
            first = _first_appearance(session, lineage.id)
            found.append(
                {
                    "lineage_id": lineage.id,
                    "kind": lineage.origin_kind,
                    "label": first[1].label if first else None,
                    "draft": first[0].seq if first else None,
                }
            )
    return found


def _appearances(session: Session, lineage_id: str) -> list[tuple[Draft, Paragraph]]:
    rows = session.execute(
        select(Draft, Paragraph)
        .join(Paragraph, Paragraph.draft_id == Draft.id)
        .where(Paragraph.lineage_id == lineage_id)
        .order_by(Draft.seq)
    ).all()
    return [(d, p) for d, p in rows]


def _last_appearance(session: Session, lineage_id: str) -> tuple[Draft, Paragraph] | None:
    rows = _appearances(session, lineage_id)
    return rows[-1] if rows else None


def _first_appearance(session: Session, lineage_id: str) -> tuple[Draft, Paragraph] | None:
    rows = _appearances(session, lineage_id)
    return rows[0] if rows else None


def negotiation_map(session: Session, slug: str) -> dict[str, Any]:
    """Every lineage × every draft: its label there and what happened to it."""
    negotiation = drafts_repo.negotiation_by_slug(session, slug)
    drafts = drafts_repo.drafts_of_negotiation(session, negotiation.id)
    column = {d.id: k for k, d in enumerate(drafts)}
    paragraphs = drafts_repo.paragraphs_of_drafts(session, [d.id for d in drafts])
    changes = drafts_repo.changes_of_drafts(session, [d.id for d in drafts])
    kind_of: dict[int, str] = {}
    for change in changes:
        for pid in change.to_paragraph_ids:
            kind_of[pid] = change.kind
    rows: dict[str, dict[str, Any]] = {}
    place: dict[str, tuple[int, int]] = {}
    for p in paragraphs:
        k = column[p.draft_id]
        row = rows.setdefault(
            p.lineage_id,
            {"lineage_id": p.lineage_id, "label": p.label, "cells": [None] * len(drafts)},
        )
        row["cells"][k] = {
            "seq": drafts[k].seq,
            "label": p.label,
            "change": kind_of.get(p.id, "added"),
        }
        row["label"] = p.label
        place[p.lineage_id] = (k, p.position)
    for change in changes:
        if change.kind == "deleted" and change.lineage_id in rows:
            k = column[change.draft_id]
            rows[change.lineage_id]["cells"][k] = {
                "seq": drafts[k].seq,
                "label": None,
                "change": "deleted",
            }
    last = len(drafts) - 1
    ordered = sorted(
        rows.values(),
        key=lambda r: (
            place[r["lineage_id"]][0] != last,
            -place[r["lineage_id"]][0],
            place[r["lineage_id"]][1],
        ),
    )
    return {"drafts": [{"seq": d.seq, "label": d.label} for d in drafts], "rows": ordered}
