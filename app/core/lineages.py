"""Giving a new draft's paragraphs their lineages, and planning the changes against its base.

The aligner says which base paragraphs each new paragraph continues (`app/core/alignment.py`);
this module turns its steps into lineage ids: a paragraph that continues one base paragraph
keeps that paragraph's lineage, an added one gets a new lineage, the pieces of a split and the
result of a merge get new lineages that record their origins. An editor's corrections pin
paragraphs to a lineage (or to none) before the rest is aligned automatically.

Lineage ids are permanent: when a draft's changes are recomputed after a correction, the
lineages it created before are reused, by position, for the paragraphs that again need one.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from app.core.alignment import align_paragraphs
from app.core.diffing import diff_paragraph, words_changed
from app.core.model import Diff, Paragraph, Step
from app.core.vocabulary import ChangeKind, OriginKind


@dataclass(frozen=True, slots=True)
class LineageBirth:
    """A lineage the new draft creates: new, or born of a split or merge of `origins`.

    `reused` is true when the id is one the draft had created before a recomputation.
    """

    id: str
    origin_kind: OriginKind | None
    origins: tuple[str, ...]
    reused: bool = False


@dataclass(frozen=True, slots=True)
class PlannedChange:
    """One change of the new draft against its base; `old`/`new` are paragraph positions."""

    lineage_id: str
    kind: ChangeKind
    moved: bool
    modified: bool
    similarity: float
    old: tuple[int, ...]
    new: tuple[int, ...]
    diff: Diff
    words_inserted: int
    words_deleted: int


@dataclass(frozen=True, slots=True)
class LineageAssignment:
    """Each new paragraph's lineage (by position), the lineages born, the changes in order."""

    lineage_of: tuple[str, ...]
    births: tuple[LineageBirth, ...]
    changes: tuple[PlannedChange, ...]


def new_lineage_id() -> str:
    """A fresh lineage id: 32 hex digits, never derived from a paragraph's number."""
    return uuid.uuid4().hex


def assign_lineages(
    base: Sequence[Paragraph],
    base_lineages: Sequence[str],
    new: Sequence[Paragraph],
    *,
    forced: Mapping[int, str | None] | None = None,
    reusable: Mapping[int, str] | None = None,
    make_id: Callable[[], str] = new_lineage_id,
) -> LineageAssignment:
    """The lineages of `new`'s paragraphs and the changes from `base` (lineages by position).

    `forced` maps a new paragraph's position to the lineage an editor said it continues (None:
    a new lineage); those paragraphs are taken out of the automatic alignment. `reusable` maps
    a position to a lineage id this draft created before, to be used again for that position.
    """
    spare = dict(reusable or {})
    births: list[LineageBirth] = []
    lineage_of: dict[int, str] = {}

    def born(
        origin_kind: OriginKind | None = None, origins: Sequence[str] = (), at: int = -1
    ) -> str:
        if at in spare:
            kept = spare.pop(at)
            births.append(LineageBirth(kept, origin_kind, tuple(origins), reused=True))
            return kept
        lineage_id = make_id()
        births.append(LineageBirth(lineage_id, origin_kind, tuple(origins)))
        return lineage_id

    planned: list[PlannedChange] = []
    for step in _steps_with_corrections(base, new, base_lineages, forced or {}):
        old_ids = [base_lineages[i] for i in step.old]
        if step.kind == ChangeKind.SPLIT:
            for j in step.new:
                lineage_of[j] = born(OriginKind.SPLIT, old_ids, j)
            primary = old_ids[0]
        elif step.kind == ChangeKind.MERGED:
            lineage_of[step.new[0]] = born(OriginKind.MERGED, old_ids, step.new[0])
            primary = lineage_of[step.new[0]]
        elif step.kind == ChangeKind.ADDED:
            for j in step.new:
                lineage_of[j] = born(at=j)
            primary = lineage_of[step.new[0]]
        elif step.kind == ChangeKind.DELETED:
            primary = old_ids[0]
        else:
            lineage_of[step.new[0]] = primary = old_ids[0]
        planned.append(_planned_change(step, primary, base, new))
    return LineageAssignment(
        lineage_of=tuple(lineage_of[j] for j in range(len(new))),
        births=tuple(births),
        changes=tuple(planned),
    )


def _planned_change(
    step: Step, lineage_id: str, base: Sequence[Paragraph], new: Sequence[Paragraph]
) -> PlannedChange:
    old_text = " ".join(base[i].text for i in step.old)
    new_text = " ".join(new[j].text for j in step.new)
    diff = diff_paragraph(old_text, new_text)
    inserted, deleted = words_changed(diff)
    return PlannedChange(
        lineage_id=lineage_id,
        kind=step.kind,
        moved=step.moved,
        modified=step.modified or old_text != new_text,
        similarity=step.similarity,
        old=step.old,
        new=step.new,
        diff=diff,
        words_inserted=inserted,
        words_deleted=deleted,
    )


def _steps_with_corrections(
    old: Sequence[Paragraph],
    new: Sequence[Paragraph],
    old_lineages: Sequence[str],
    forced: Mapping[int, str | None],
) -> list[Step]:
    """The alignment's steps, with the paragraphs an editor pinned taken out and put back."""
    if not forced:
        return list(align_paragraphs(list(old), list(new)).steps)
    by_lineage = {lineage: i for i, lineage in enumerate(old_lineages)}
    pinned = {j: by_lineage.get(lineage) if lineage else None for j, lineage in forced.items()}
    taken_old = {i for i in pinned.values() if i is not None}
    free_old = [i for i in range(len(old)) if i not in taken_old]
    free_new = [j for j in range(len(new)) if j not in pinned]
    auto = align_paragraphs([old[i] for i in free_old], [new[j] for j in free_new])
    steps = [
        Step(
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
            steps.append(Step(ChangeKind.ADDED, (), (j,)))
        else:
            same = old[i].text == new[j].text
            kind = ChangeKind.UNCHANGED if same else ChangeKind.MODIFIED
            steps.append(Step(kind, (i,), (j,), modified=not same, similarity=1.0))
    return sorted(steps, key=lambda s: (min(s.new) if s.new else _after(s.old, steps), 1))


def _after(old: tuple[int, ...], steps: list[Step]) -> float:
    """Where a deleted step sorts: just after the step holding the old paragraph before it."""
    before = min(old) - 1
    for s in steps:
        if before in s.old and s.new:
            return min(s.new) + 0.5
    return -0.5
