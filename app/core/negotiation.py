"""The stored negotiation read back: any two drafts compared, one lineage's history, the map.

Typed values in (`app/core/records.py`), typed values out; no database. Services read the
rows, call these functions and serve what they return.

Comparing any two drafts. When the later draft was aligned against the earlier one on upload,
its stored changes are the answer. Otherwise the net change is computed (`net_changes`): every
paragraph of the later draft is traced back through its lineage (and the origins of split and
merged lineages) to the paragraphs of the earlier draft it continues; each connected group of
old and new paragraphs is one change, classified by its shape (1→1 unchanged/modified, 0→1
added, 1→0 deleted, 1→n split, n→1 merged); a 1→1 group is `moved` when it falls outside the
longest run of groups that kept their relative order. Cost: O(P log P) for P paragraphs plus
the word diffs of the changed groups. The delegations behind the intermediate steps are carried
onto the net hunks that contain their words (`carried_attributions`).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Protocol

from app.core.diffing import diff_paragraph, words_changed
from app.core.nature import Shift, change_nature, hunk_nature, lead_shift
from app.core.ordering import increasing
from app.core.records import (
    AttributionBrief,
    DraftStamp,
    LineageRecord,
    StoredChange,
    StoredHunk,
    StoredOp,
    StoredParagraph,
)
from app.core.script import word_set
from app.core.vocabulary import (
    ChangeKind,
    Departure,
    DiffOpKind,
    Nature,
    NatureFilter,
    OriginKind,
)

ByHunk = Mapping[int | None, Sequence[AttributionBrief]]
"""Attributions by hunk index; None holds those on the whole change."""


@dataclass(frozen=True, slots=True)
class DraftRef:
    """A draft named in an answer."""

    seq: int
    label: str


@dataclass(frozen=True, slots=True)
class ChangeSummary:
    """How many changes of each kind, and the words inserted and deleted in all of them."""

    unchanged: int = 0
    modified: int = 0
    added: int = 0
    deleted: int = 0
    moved: int = 0
    split: int = 0
    merged: int = 0
    words_inserted: int = 0
    words_deleted: int = 0


@dataclass(frozen=True, slots=True)
class ChangeSide:
    """One side of a change: the paragraphs it covers in one draft (none: `label` is None)."""

    label: str | None
    labels: tuple[str, ...]
    text: str | None
    paragraph_ids: tuple[int, ...]
    lineage_ids: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class AttributedHunk:
    """A hunk with the attributions on it, its nature, and the lead verb it swaps (if any)."""

    index: int
    delete: str
    insert: str
    old_start: int
    old_end: int
    new_start: int
    new_end: int
    attributions: tuple[AttributionBrief, ...]
    nature: Nature = Nature.SUBSTANTIVE
    shift: Shift | None = None


@dataclass(frozen=True, slots=True)
class ChangeView:
    """A change as answered: both sides, the ops, the hunks with their attributions."""

    change_id: int | None
    lineage_id: str
    kind: ChangeKind
    moved: bool
    modified: bool
    from_side: ChangeSide
    to_side: ChangeSide
    ops: tuple[StoredOp, ...]
    hunks: tuple[AttributedHunk, ...]
    attributions: tuple[AttributionBrief, ...]
    words_inserted: int
    words_deleted: int
    nature: Nature = Nature.SUBSTANTIVE


@dataclass(frozen=True, slots=True)
class Comparison:
    """Two drafts compared: the summary and the changes in document order."""

    from_draft: DraftRef
    to_draft: DraftRef
    summary: ChangeSummary
    changes: tuple[ChangeView, ...]


class CountedChange(Protocol):
    """What a summary reads of a change: stored, net or just planned for a new draft."""

    @property
    def kind(self) -> ChangeKind: ...
    @property
    def words_inserted(self) -> int: ...
    @property
    def words_deleted(self) -> int: ...


def summarise(changes: Iterable[CountedChange]) -> ChangeSummary:
    """Counts per change kind plus words inserted and deleted."""
    counts = dict.fromkeys(ChangeKind, 0)
    inserted = deleted = 0
    for change in changes:
        counts[change.kind] += 1
        inserted += change.words_inserted
        deleted += change.words_deleted
    return ChangeSummary(
        **{kind.value: n for kind, n in counts.items()},
        words_inserted=inserted,
        words_deleted=deleted,
    )


def compare_view(
    old: DraftRef,
    new: DraftRef,
    changes: Sequence[StoredChange],
    paragraphs: Mapping[int, StoredParagraph],
    attributions: Sequence[ByHunk],
) -> Comparison:
    """The comparison of two drafts from its changes and their attributions (one per change)."""
    return Comparison(
        from_draft=old,
        to_draft=new,
        summary=summarise(changes),
        changes=tuple(
            change_view(c, paragraphs, by_hunk)
            for c, by_hunk in zip(changes, attributions, strict=True)
        ),
    )


def change_view(
    change: StoredChange, paragraphs: Mapping[int, StoredParagraph], by_hunk: ByHunk
) -> ChangeView:
    """A change as answered, with the attributions, nature and lead shift of each hunk."""
    hunks = attributed_hunks(change.hunks, by_hunk, _old_text(change.ops))
    return ChangeView(
        change_id=change.id,
        lineage_id=change.lineage_id,
        kind=change.kind,
        moved=change.moved,
        modified=change.modified,
        from_side=_side(paragraphs, change.from_paragraph_ids),
        to_side=_side(paragraphs, change.to_paragraph_ids),
        ops=change.ops,
        hunks=hunks,
        attributions=tuple(by_hunk.get(None, ())),
        words_inserted=change.words_inserted,
        words_deleted=change.words_deleted,
        nature=change_nature(change.kind, change.moved, [h.nature for h in hunks]),
    )


def attributed_hunks(
    hunks: Iterable[StoredHunk], by_hunk: ByHunk, old_text: str = ""
) -> tuple[AttributedHunk, ...]:
    """Each hunk with the attributions on it, its nature and the lead verb it swaps
    (`old_text` is the text the hunks' old offsets point into)."""
    return tuple(
        AttributedHunk(
            h.index,
            h.delete,
            h.insert,
            h.old_start,
            h.old_end,
            h.new_start,
            h.new_end,
            tuple(by_hunk.get(h.index, ())),
            hunk_nature(h.delete, h.insert),
            lead_shift(old_text, h.old_start, h.old_end, h.insert) if old_text else None,
        )
        for h in hunks
    )


def _old_text(ops: Iterable[StoredOp]) -> str:
    """The text before a change: its equal and deleted ops."""
    return "".join(o.text for o in ops if o.op != DiffOpKind.INSERT)


def stored_change_nature(change: StoredChange) -> Nature:
    """Whether a stored change is editorial or substantive (see `app.core.nature`)."""
    natures = [hunk_nature(h.delete, h.insert) for h in change.hunks]
    return change_nature(change.kind, change.moved, natures)


def _side(paragraphs: Mapping[int, StoredParagraph], paragraph_ids: Sequence[int]) -> ChangeSide:
    present = [paragraphs[pid] for pid in paragraph_ids if pid in paragraphs]
    labels = tuple(r.label for r in present)
    return ChangeSide(
        label=" + ".join(label for label in labels if label) if present else None,
        labels=labels,
        text=" ".join(r.text for r in present) if present else None,
        paragraph_ids=tuple(paragraph_ids),
        lineage_ids=tuple(r.lineage_id for r in present),
    )


def net_changes(
    old: Sequence[StoredParagraph],
    new: Sequence[StoredParagraph],
    lineages: Mapping[str, LineageRecord],
    new_draft_id: int,
) -> list[StoredChange]:
    """Net changes between two drafts, through the lineage graph (not stored: `id` None).

    `lineages` holds at least the lineages born of a split or a merge, by id.
    """
    old_at = {row.lineage_id: i for i, row in enumerate(old)}
    parent = list(range(len(old) + len(new)))

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for j, row in enumerate(new):
        for i in _ancestors_in(row.lineage_id, old_at, lineages):
            parent[find(len(old) + j)] = find(i)
    groups: dict[int, tuple[list[int], list[int]]] = defaultdict(lambda: ([], []))
    for i in range(len(old)):
        groups[find(i)][0].append(i)
    for j in range(len(new)):
        groups[find(len(old) + j)][1].append(j)
    shapes = list(groups.values())
    moved = _moved_groups(shapes)
    changes = [
        _net_change(olds, news, k in moved, old, new, new_draft_id)
        for k, (olds, news) in enumerate(shapes)
    ]
    return [changes[k] for k in _document_order(shapes)]


def _ancestors_in(
    lineage_id: str, present: Mapping[str, int], lineages: Mapping[str, LineageRecord]
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
            stack.extend(lineage.origins)
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
    olds: list[int],
    news: list[int],
    moved: bool,
    old: Sequence[StoredParagraph],
    new: Sequence[StoredParagraph],
    new_draft_id: int,
) -> StoredChange:
    old_text = " ".join(old[i].text for i in olds)
    new_text = " ".join(new[j].text for j in news)
    if not olds:
        kind = ChangeKind.ADDED
    elif not news:
        kind = ChangeKind.DELETED
    elif len(olds) > 1:
        kind = ChangeKind.MERGED
    elif len(news) > 1:
        kind = ChangeKind.SPLIT
    elif moved:
        kind = ChangeKind.MOVED
    else:
        kind = ChangeKind.UNCHANGED if old_text == new_text else ChangeKind.MODIFIED
    diff = diff_paragraph(old_text, new_text)
    inserted, deleted = words_changed(diff)
    return StoredChange(
        id=None,
        draft_id=new_draft_id,
        lineage_id=new[news[0]].lineage_id if news else old[olds[0]].lineage_id,
        kind=kind,
        moved=moved,
        modified=old_text != new_text,
        from_paragraph_ids=tuple(old[i].id for i in olds),
        to_paragraph_ids=tuple(new[j].id for j in news),
        ops=tuple(StoredOp(DiffOpKind(o.op), o.text) for o in diff.ops),
        hunks=tuple(
            StoredHunk(h.index, h.delete, h.insert, h.old_start, h.old_end, h.new_start, h.new_end)
            for h in diff.hunks
        ),
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


CARRY_MIN_SHARE = 0.5
"""Share of an intermediate hunk's words that a net hunk must hold to carry its attributions.
Unit: fraction of the intermediate hunk's inserted (or deleted) words; range (0, 1]."""


def carried_attributions(
    change: StoredChange,
    intermediate: Sequence[StoredChange],
    step_attributions: Mapping[int, ByHunk],
    lineages: Mapping[str, LineageRecord],
    lineage_of: Mapping[int, str],
) -> dict[int | None, list[AttributionBrief]]:
    """The intermediate attributions a net change's hunks contain.

    An intermediate hunk on one of the net change's lineages (or their split/merge origins)
    lends its attributions (and those on its whole change) to every net hunk holding at least
    `CARRY_MIN_SHARE` of the words it inserted (among the net hunk's inserted words) or
    deleted (among its deleted words). `lineage_of` maps paragraph ids to their lineages.
    """
    involved = _lineage_family(
        [lineage_of[i] for i in (*change.from_paragraph_ids, *change.to_paragraph_ids)],
        lineages,
    )
    found: dict[int | None, list[AttributionBrief]] = {}
    for step in intermediate:
        by_hunk = step_attributions.get(step.id) if step.id is not None else None
        if not by_hunk or step.lineage_id not in involved:
            continue
        for hunk in step.hunks:
            lent = [*by_hunk.get(hunk.index, ()), *by_hunk.get(None, ())]
            if not lent:
                continue
            for net in change.hunks:
                if _holds(net.insert, hunk.insert) or _holds(net.delete, hunk.delete):
                    bucket = found.setdefault(net.index, [])
                    bucket.extend(a for a in lent if a not in bucket)
    return found


def _lineage_family(lineage_ids: Iterable[str], lineages: Mapping[str, LineageRecord]) -> set[str]:
    family: set[str] = set()
    stack = list(lineage_ids)
    while stack:
        current = stack.pop()
        if current in family:
            continue
        family.add(current)
        lineage = lineages.get(current)
        if lineage is not None:
            stack.extend(lineage.origins)
    return family


def _holds(net_text: str, step_text: str) -> bool:
    step_words = word_set(step_text)
    if not step_words:
        return False
    held = len(step_words & word_set(net_text))
    return held / len(step_words) >= CARRY_MIN_SHARE


@dataclass(frozen=True, slots=True)
class Relative:
    """A lineage related to another by a split or a merge, where it was last (or first) seen."""

    lineage_id: str
    kind: OriginKind | None
    label: str | None
    draft: int | None


@dataclass(frozen=True, slots=True)
class HistoryEntry:
    """The paragraph in one draft (or the draft where it went away), and what happened."""

    draft: DraftStamp
    paragraph_id: int | None
    label: str | None
    kind: str | None
    text: str | None
    change: ChangeKind | Departure
    moved: bool
    ops: tuple[StoredOp, ...]
    hunks: tuple[AttributedHunk, ...]
    attributions: tuple[AttributionBrief, ...]


@dataclass(frozen=True, slots=True)
class LineageHistory:
    """One paragraph lineage through every draft: where it came from and where it went."""

    lineage_id: str
    label: str
    origins: tuple[Relative, ...]
    successors: tuple[Relative, ...]
    entries: tuple[HistoryEntry, ...]


Appearance = tuple[int, str]
"""(draft seq, paragraph label) of one appearance of a lineage."""


def lineage_history(
    lineage: LineageRecord,
    drafts: Mapping[int, DraftStamp],
    rows: Sequence[StoredParagraph],
    changes: Sequence[StoredChange],
    attributions: Mapping[int, ByHunk],
    successors: Sequence[LineageRecord],
    appearances: Mapping[str, Sequence[Appearance]],
) -> LineageHistory:
    """The history of `lineage` from its paragraphs, the changes on it and its relatives.

    `drafts` holds the negotiation's drafts by id; `rows` the lineage's paragraphs; `changes`
    the stored changes of the lineage and of its origins; `successors` the lineages born of it;
    `appearances` each origin's and successor's appearances in seq order.
    """
    rows = sorted(rows, key=lambda r: drafts[r.draft_id].seq)
    mine = {r.id for r in rows}
    entries = []
    for row in rows:
        change = next((c for c in changes if row.id in c.to_paragraph_ids), None)
        entries.append(_entry(drafts[row.draft_id], row, change, attributions))
    for change in changes:
        deleted_here = change.kind == ChangeKind.DELETED and change.lineage_id == lineage.id
        went_away = (
            change.kind in (ChangeKind.SPLIT, ChangeKind.MERGED)
            and bool(set(change.from_paragraph_ids) & mine)
            and not set(change.to_paragraph_ids) & mine
        )
        if deleted_here or went_away:
            entries.append(_entry(drafts[change.draft_id], None, change, attributions))
    entries.sort(key=lambda e: e.draft.seq)
    return LineageHistory(
        lineage_id=lineage.id,
        label=rows[-1].label if rows else "",
        origins=tuple(
            _relative(o, lineage.origin_kind, appearances.get(o, ()), last=True)
            for o in lineage.origins
        ),
        successors=tuple(
            _relative(s.id, s.origin_kind, appearances.get(s.id, ()), last=False)
            for s in successors
        ),
        entries=tuple(entries),
    )


def _relative(
    lineage_id: str, kind: OriginKind | None, seen: Sequence[Appearance], *, last: bool
) -> Relative:
    if not seen:
        return Relative(lineage_id, kind, None, None)
    seq, label = seen[-1] if last else seen[0]
    return Relative(lineage_id, kind, label, seq)


def _entry(
    draft: DraftStamp,
    row: StoredParagraph | None,
    change: StoredChange | None,
    attributions: Mapping[int, ByHunk],
) -> HistoryEntry:
    by_hunk: ByHunk = attributions.get(change.id, {}) if change and change.id else {}
    return HistoryEntry(
        draft=draft,
        paragraph_id=row.id if row else None,
        label=row.label if row else None,
        kind=row.kind if row else None,
        text=row.text if row else None,
        change=_entry_kind(change, row),
        moved=bool(change and change.moved),
        ops=change.ops if change else (StoredOp(DiffOpKind.INSERT, row.text if row else ""),),
        hunks=attributed_hunks(
            change.hunks if change else (), by_hunk, _old_text(change.ops) if change else ""
        ),
        attributions=tuple(by_hunk.get(None, ())),
    )


def _entry_kind(change: StoredChange | None, row: StoredParagraph | None) -> ChangeKind | Departure:
    if change is None:
        return ChangeKind.ADDED
    if row is None and change.kind == ChangeKind.SPLIT:
        return Departure.SPLIT_AWAY
    if row is None and change.kind == ChangeKind.MERGED:
        return Departure.MERGED_AWAY
    return change.kind


@dataclass(frozen=True, slots=True)
class MapCell:
    """A lineage in one draft: its label there (None when deleted) and what happened."""

    seq: int
    label: str | None
    change: ChangeKind
    nature: Nature = Nature.SUBSTANTIVE


@dataclass(frozen=True, slots=True)
class MapRow:
    """One lineage across every draft; a cell is None where the lineage is absent."""

    lineage_id: str
    label: str
    cells: tuple[MapCell | None, ...]


@dataclass(frozen=True, slots=True)
class NegotiationMap:
    """Every lineage × every draft: the latest draft's paragraphs first, in its order."""

    drafts: tuple[DraftRef, ...]
    rows: tuple[MapRow, ...]


def negotiation_map(
    drafts: Sequence[DraftStamp],
    paragraphs: Sequence[StoredParagraph],
    changes: Sequence[StoredChange],
    counted: NatureFilter = NatureFilter.SUBSTANTIVE,
) -> NegotiationMap:
    """The map from the drafts in seq order, their paragraphs and their stored changes.

    Rows come in the order of the last draft each lineage appears in (latest first), then by
    its position there; `paragraphs` must come by draft, then position. Each cell carries its
    change's nature; when only substantive changes count (the default), a modification that
    is only editorial shows as `unchanged`.
    """
    column = {d.id: k for k, d in enumerate(drafts)}
    kind_of: dict[int, tuple[ChangeKind, Nature]] = {}
    for change in changes:
        nature = stored_change_nature(change)
        kind = change.kind
        if (
            counted == NatureFilter.SUBSTANTIVE
            and kind == ChangeKind.MODIFIED
            and nature == Nature.EDITORIAL
        ):
            kind = ChangeKind.UNCHANGED
        for pid in change.to_paragraph_ids:
            kind_of[pid] = (kind, nature)
    cells: dict[str, list[MapCell | None]] = {}
    label: dict[str, str] = {}
    place: dict[str, tuple[int, int]] = {}
    for p in paragraphs:
        k = column[p.draft_id]
        row = cells.setdefault(p.lineage_id, [None] * len(drafts))
        kind, nature = kind_of.get(p.id, (ChangeKind.ADDED, Nature.SUBSTANTIVE))
        row[k] = MapCell(drafts[k].seq, p.label, kind, nature)
        label[p.lineage_id] = p.label
        place[p.lineage_id] = (k, p.position)
    for change in changes:
        if change.kind == ChangeKind.DELETED and change.lineage_id in cells:
            k = column[change.draft_id]
            cells[change.lineage_id][k] = MapCell(drafts[k].seq, None, ChangeKind.DELETED)
    last = len(drafts) - 1
    order = sorted(cells, key=lambda lid: (place[lid][0] != last, -place[lid][0], place[lid][1]))
    return NegotiationMap(
        drafts=tuple(DraftRef(d.seq, d.label) for d in drafts),
        rows=tuple(MapRow(lid, label[lid], tuple(cells[lid])) for lid in order),
    )
