"""Compare any two drafts by following lineages through the drafts in between.

When `to` was aligned against `from` on upload, the stored changes are the answer. Otherwise
the net change is computed: every paragraph of `to` is traced back through its lineage (and
the origins of split and merged lineages) to the paragraphs of `from` it continues; each
connected group of `from` and `to` paragraphs is one change, classified by its shape (1→1
unchanged/modified, 0→1 added, 1→0 deleted, 1→n split, n→1 merged); a 1→1 group is `moved`
when it falls outside the longest run of groups that kept their relative order. Cost: one
query per table, O(P log P) for P paragraphs plus the word diffs of the changed groups.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from typing import Any

from sqlalchemy.orm import Session

from app.core.diffing import diff_paragraph, tokenize, words_changed
from app.core.errors import InvalidInput
from app.core.ordering import increasing
from app.db.models import Change, Draft, Lineage, Negotiation
from app.db.repositories import drafts as drafts_repo
from app.db.repositories import proposals as proposals_repo
from app.services.attribution import attributions_for_changes
from app.services.drafts import hunk_dict, summarise


def compare_drafts(session: Session, slug: str, from_seq: int, to_seq: int) -> dict[str, Any]:
    """The comparison of two drafts: a summary and the changes in document order."""
    negotiation = drafts_repo.negotiation_by_slug(session, slug)
    if from_seq > to_seq:
        raise InvalidInput(
            f"'from' ({from_seq}) must not come after 'to' ({to_seq}): compare an earlier "
            "draft with a later one."
        )
    old = drafts_repo.draft_by_seq(session, negotiation, from_seq)
    new = drafts_repo.draft_by_seq(session, negotiation, to_seq)
    old_rows = drafts_repo.paragraph_refs_of_draft(session, old.id)
    new_rows = (
        old_rows if old.id == new.id else drafts_repo.paragraph_refs_of_draft(session, new.id)
    )
    changes = comparison_changes(session, negotiation, old, new, old_rows, new_rows)
    paragraphs = {row.id: row for row in (*old_rows, *new_rows)}
    found = attributions_of_changes(session, negotiation, old, new, changes)
    return {
        "from": {"seq": old.seq, "label": old.label},
        "to": {"seq": new.seq, "label": new.label},
        "summary": summarise(changes),
        "changes": [
            served_change(c, paragraphs, by_hunk) for c, by_hunk in zip(changes, found, strict=True)
        ],
    }


def attributions_of_changes(
    session: Session, negotiation: Negotiation, old: Draft, new: Draft, changes: Sequence[Change]
) -> list[dict[Any, list[Any]]]:
    """Per change, its attributions by hunk index (None: the whole change).

    Stored changes carry their own. A net change between drafts further apart carries those
    of the intermediate steps on its lineages whose words it contains (`carried_attributions`).
    """
    stored = attributions_for_changes(session, [c.id for c in changes if c.id is not None])
    if all(c.id is not None for c in changes):
        return [stored.get(c.id, {}) for c in changes]
    steps = [
        d.id
        for d in drafts_repo.drafts_of_negotiation(session, negotiation.id)
        if old.seq < d.seq <= new.seq
    ]
    intermediate = proposals_repo.attributed_changes_of_drafts(session, steps)
    if not intermediate:
        return [{} for _ in changes]
    step_attributions = attributions_for_changes(session, [c.id for c in intermediate])
    lineages = drafts_repo.lineages_with_origins(session, negotiation.id)
    lineage_of = {
        row.id: row.lineage_id
        for draft_id in {old.id, new.id}
        for row in drafts_repo.paragraph_refs_of_draft(session, draft_id)
    }
    return [
        carried_attributions(c, intermediate, step_attributions, lineages, lineage_of)
        for c in changes
    ]


CARRY_MIN_SHARE = 0.5  # share (0-1] of an intermediate hunk's words that the net hunk must hold


def carried_attributions(
    change: Change,
    intermediate: Sequence[Change],
    step_attributions: dict[Any, dict[Any, list[Any]]],
    lineages: dict[str, Lineage],
    lineage_of: dict[int, str],
) -> dict[Any, list[Any]]:
    """The intermediate attributions a net change's hunks contain.

    An intermediate hunk on one of the net change's lineages (or their split/merge origins)
    lends its attributions to every net hunk holding at least `CARRY_MIN_SHARE` of the words
    it inserted (among the net hunk's inserted words) or deleted (among its deleted words).
    """
    involved = _lineage_family(
        [lineage_of[i] for i in (*change.from_paragraph_ids, *change.to_paragraph_ids)],
        lineages,
    )
    found: dict[Any, list[Any]] = {}
    for step in intermediate:
        by_hunk = step_attributions.get(step.id)
        if not by_hunk or step.lineage_id not in involved:
            continue
        for hunk in step.hunks:
            lent = by_hunk.get(hunk["index"], []) + by_hunk.get(None, [])
            if not lent:
                continue
            for net in change.hunks:
                if _contains(net["insert"], hunk["insert"]) or _contains(
                    net["delete"], hunk["delete"]
                ):
                    bucket = found.setdefault(net["index"], [])
                    bucket.extend(a for a in lent if a not in bucket)
    return found


def _lineage_family(lineage_ids: Sequence[str], lineages: dict[str, Lineage]) -> set[str]:
    family: set[str] = set()
    stack = list(lineage_ids)
    while stack:
        current = stack.pop()
        if current in family:
            continue
        family.add(current)
        lineage = lineages.get(current)
        if lineage is not None:
            stack.extend(str(o) for o in lineage.origins)
    return family


def _contains(net_text: str, step_text: str) -> bool:
    step_words = _words(step_text)
    if not step_words:
        return False
    held = len(step_words & _words(net_text))
    return held / len(step_words) >= CARRY_MIN_SHARE


def _words(text: str) -> set[str]:
    return {t.casefold() for t in tokenize(text) if t.strip() and (t[0].isalnum() or len(t) > 1)}


def comparison_changes(
    session: Session,
    negotiation: Negotiation,
    old: Draft,
    new: Draft,
    old_rows: Sequence[Any] | None = None,
    new_rows: Sequence[Any] | None = None,
) -> list[Change]:
    """The changes from `old` to `new`: stored ones when `new` was aligned against `old`."""
    if new.based_on_id == old.id:
        return drafts_repo.changes_of_draft(session, new.id)
    if old_rows is None:
        old_rows = drafts_repo.paragraph_refs_of_draft(session, old.id)
    if new_rows is None:
        new_rows = drafts_repo.paragraph_refs_of_draft(session, new.id)
    lineages = drafts_repo.lineages_with_origins(session, negotiation.id)
    return net_changes(old, new, old_rows, new_rows, lineages)


def net_changes(
    old: Draft,
    new: Draft,
    old_rows: Sequence[Any],
    new_rows: Sequence[Any],
    lineages: dict[str, Lineage],
) -> list[Change]:
    """Net changes between two drafts, through the lineage graph (not stored)."""
    old_at = {row.lineage_id: i for i, row in enumerate(old_rows)}
    parent = list(range(len(old_rows) + len(new_rows)))

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for j, row in enumerate(new_rows):
        for i in _ancestors_in(row.lineage_id, old_at, lineages):
            parent[find(len(old_rows) + j)] = find(i)
    groups: dict[int, tuple[list[int], list[int]]] = defaultdict(lambda: ([], []))
    for i in range(len(old_rows)):
        groups[find(i)][0].append(i)
    for j in range(len(new_rows)):
        groups[find(len(old_rows) + j)][1].append(j)
    shapes = list(groups.values())
    moved = _moved_groups(shapes)
    changes = [
        _net_change(old, new, olds, news, k in moved, old_rows, new_rows)
        for k, (olds, news) in enumerate(shapes)
    ]
    order = _document_order(shapes)
    return [changes[k] for k in order]


def _ancestors_in(
    lineage_id: str, present: dict[str, int], lineages: dict[str, Lineage]
) -> set[int]:
    found: set[int] = set()
    stack, seen = [lineage_id], set()
    while stack:
        current = stack.pop()
        if current in seen:
            continue
        seen.add(current)
        if current in present:
            found.add(present[current])
            continue
        lineage = lineages.get(current)
        if lineage is not None:
            stack.extend(str(o) for o in lineage.origins)
    return found


def _moved_groups(shapes: Sequence[tuple[list[int], list[int]]]) -> set[int]:
    """1→1 groups outside the longest increasing run of old positions (in new order)."""
    pairs = sorted(
        (news[0], olds[0], k)
        for k, (olds, news) in enumerate(shapes)
        if len(olds) == len(news) == 1
    )
    keep = {pairs[n][2] for n in increasing([(new, old) for new, old, _ in pairs])}
    return {k for _, _, k in pairs if k not in keep}


def _net_change(
    old: Draft,
    new: Draft,
    olds: list[int],
    news: list[int],
    moved: bool,
    old_rows: Sequence[Any],
    new_rows: Sequence[Any],
) -> Change:
    old_text = " ".join(old_rows[i].text for i in olds)
    new_text = " ".join(new_rows[j].text for j in news)
    if not olds:
        kind = "added"
    elif not news:
        kind = "deleted"
    elif len(olds) > 1:
        kind = "merged"
    elif len(news) > 1:
        kind = "split"
    elif moved:
        kind = "moved"
    else:
        kind = "unchanged" if old_text == new_text else "modified"
    diff = diff_paragraph(old_text, new_text)
    inserted, deleted = words_changed(diff)
    lineage = new_rows[news[0]].lineage_id if news else old_rows[olds[0]].lineage_id
    return Change(
        id=None,
        draft_id=new.id,
        base_draft_id=old.id,
        lineage_id=lineage,
        kind=kind,
        moved=moved,
        modified=old_text != new_text,
        similarity=1.0,
        from_paragraph_ids=[old_rows[i].id for i in olds],
        to_paragraph_ids=[new_rows[j].id for j in news],
        ops=[{"op": o.op, "text": o.text} for o in diff.ops],
        hunks=[hunk_dict(h) for h in diff.hunks],
        words_inserted=inserted,
        words_deleted=deleted,
    )


def _document_order(shapes: Sequence[tuple[list[int], list[int]]]) -> list[int]:
    """Groups by their first new position; deleted groups just after their old predecessor."""
    place_of_old: dict[int, float] = {}
    for olds, news in shapes:
        if news:
            for i in olds:
                place_of_old[i] = min(news)

    def key(k: int) -> tuple[float, int]:
        olds, news = shapes[k]
        if news:
            return (min(news), 0)
        before = [place_of_old[i] for i in range(min(olds)) if i in place_of_old]
        return ((max(before) if before else -1) + 0.5, min(olds))

    return sorted(range(len(shapes)), key=key)


def served_change(
    change: Change, paragraphs: dict[int, Any], by_hunk: dict[Any, list[Any]]
) -> dict[str, Any]:
    """A change as the API serves it, with the attributions on each hunk."""
    return {
        "change_id": change.id,
        "lineage_id": change.lineage_id,
        "kind": change.kind,
        "moved": change.moved,
        "modified": change.modified,
        "from": _side(paragraphs, change.from_paragraph_ids),
        "to": _side(paragraphs, change.to_paragraph_ids),
        "ops": change.ops,
        "hunks": [{**h, "attributions": by_hunk.get(h["index"], [])} for h in change.hunks],
        "attributions": by_hunk.get(None, []),
        "words_inserted": change.words_inserted,
        "words_deleted": change.words_deleted,
    }


def _side(paragraphs: dict[int, Any], paragraph_ids: Sequence[int]) -> dict[str, Any]:
    present = [paragraphs[pid] for pid in paragraph_ids if pid in paragraphs]
    labels = [r.label for r in present]
    return {
        "label": " + ".join(label for label in labels if label) if present else None,
        "labels": labels,
        "text": " ".join(r.text for r in present) if present else None,
        "paragraph_ids": list(paragraph_ids),
        "lineage_ids": [r.lineage_id for r in present],
    }
