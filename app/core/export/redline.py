"""The redline: the new draft with every change since the old one as a native Word tracked change.

Layout of the body, in order: the new draft's paragraphs in new order, with each paragraph that
left the old draft (deleted, moved away, or the source of a split or merge) placed right after
the last paragraph that kept its place before it in the old draft. So accepting every change
leaves exactly the new draft, and rejecting every change leaves exactly the old one.

- unchanged / modified, in place: the paragraph with its word-level diff as `w:ins`/`w:del`,
  each hunk authored by its delegations; a changed style or number is a `w:pPrChange`.
- added / deleted: the whole paragraph and its paragraph mark inserted / deleted.
- moved (possibly modified): a `w:moveFrom` paragraph where it stood and a `w:moveTo` paragraph
  where it now stands, joined by move ranges of one name; its edits are `w:del` on the
  move-from side and `w:ins` on the move-to side.
- split / merged: the old paragraph(s) deleted and the new one(s) inserted.

Steps that claim to be in place but would break old order are written as moves (all but a
longest run in old order), so the rejected view is always the old draft in old order.
Operative numbering stays automatic (see `docx_numbering`): an inserted paragraph is one
revision, never a renumbering.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

from lxml import etree

from app.core.export.clean import (
    PrintedParagraph,
    formula_index,
    formula_line_position,
    formula_paragraph,
    printed_paragraphs,
    write_title_fallback,
)
from app.core.export.docx_layout import DocumentHeading, UnDocument
from app.core.export.docx_text import RevisionMarks, element, iso_timestamp, range_runs, text_run
from app.core.model import Diff, Draft, Op
from app.core.ordering import increasing
from app.core.vocabulary import ChangeKind, DiffOpKind

IN_PLACE = frozenset({ChangeKind.UNCHANGED, ChangeKind.MODIFIED})


@dataclass(frozen=True, slots=True)
class RedlineChange:
    """One lineage step from the old draft to the new one; a redline takes them in new order.

    `old` / `new` are paragraph indices; `diff` takes the old paragraph's text to the new one
    (for modified and moved-and-modified steps; without it a changed text is replaced whole);
    `hunk_authors[i]` names who is behind `diff.hunks[i]` ("European Union", "Mexico; Chile");
    `author` is behind the whole-paragraph part (added, deleted, moved, split, merged, a new
    number). None, or a missing entry, means the fallback author: the penholder.
    """

    kind: ChangeKind | str
    old: tuple[int, ...] = ()
    new: tuple[int, ...] = ()
    diff: Diff | None = None
    hunk_authors: tuple[str | None, ...] = ()
    author: str | None = None


@dataclass(frozen=True, slots=True)
class _Item:
    """One paragraph of the redline: `role` is kept, added, deleted, move-to or move-from."""

    role: Role
    old: int | None
    new: int | None
    change: RedlineChange
    move: str = ""


class Role(StrEnum):
    """What a paragraph of the redline is: kept, added, deleted, or one end of a move."""

    KEPT = "kept"
    ADDED = "added"
    DELETED = "deleted"
    MOVE_TO = "move-to"
    MOVE_FROM = "move-from"


# role -> (revision kind of its equal text, side its equal text is read from, paragraph mark)
ROLES = {
    Role.KEPT: (None, "new", None),
    Role.ADDED: ("ins", "new", "ins"),
    Role.DELETED: ("del", "old", "del"),
    Role.MOVE_TO: ("moveTo", "new", "moveTo"),
    Role.MOVE_FROM: ("moveFrom", "old", "moveFrom"),
}


def arrange_paragraphs(
    changes: Sequence[RedlineChange], old_count: int, new_count: int
) -> list[_Item]:
    """The redline's paragraphs in print order; ValueError unless each paragraph is in one step."""
    by_new: dict[int, RedlineChange] = {}
    by_old: dict[int, RedlineChange] = {}
    for change in changes:
        for index, seen, count in [(n, by_new, new_count) for n in change.new] + [
            (o, by_old, old_count) for o in change.old
        ]:
            if not 0 <= index < count or index in seen:
                raise ValueError(f"paragraph {index} is out of range or in two changes")
            seen[index] = change
    if len(by_new) != new_count or len(by_old) != old_count:
        raise ValueError("every old and new paragraph must appear in exactly one change")
    in_place = [
        new
        for new in range(new_count)
        if ChangeKind(by_new[new].kind) in IN_PLACE
        and len(by_new[new].old) == len(by_new[new].new) == 1
    ]
    olds = [(new, by_new[new].old[0]) for new in in_place]
    keep = {olds[k][1] for k in increasing(olds)}
    placed: list[_Item] = []
    ghosts: list[_Item] = []
    anchors: list[int] = []
    anchor_at: list[int] = []
    for new in range(new_count):
        change = by_new[new]
        kind = ChangeKind(change.kind)
        if len(change.old) == 1 and len(change.new) == 1 and kind in IN_PLACE | {ChangeKind.MOVED}:
            old = change.old[0]
            if kind in IN_PLACE and old in keep:
                anchors.append(old)
                anchor_at.append(len(placed))
                placed.append(_Item(Role.KEPT, old, new, change))
            else:
                name = f"move{len(ghosts) + 1}"
                placed.append(_Item(Role.MOVE_TO, old, new, change, name))
                ghosts.append(_Item(Role.MOVE_FROM, old, None, change, name))
        else:
            placed.append(_Item(Role.ADDED, None, new, change))
    handled = {item.old for item in placed if item.old is not None}
    ghosts.extend(
        _Item(Role.DELETED, o, None, by_old[o]) for o in range(old_count) if o not in handled
    )
    slots: dict[int, list[_Item]] = {}
    for ghost in ghosts:
        assert ghost.old is not None
        before = bisect_left(anchors, ghost.old) - 1
        slots.setdefault(anchor_at[before] if before >= 0 else -1, []).append(ghost)
    order = sorted(slots.get(-1, []), key=lambda g: g.old or 0)
    for position, item in enumerate(placed):
        order.append(item)
        order.extend(sorted(slots.get(position, []), key=lambda g: g.old or 0))
    return order


def paragraph_ops(
    change: RedlineChange, old_text: str, new_text: str
) -> list[tuple[Op, str | None]]:
    """The ops taking `old_text` to `new_text`, each with who is behind it (None: unknown)."""
    diff = change.diff
    if diff is not None and diff.old_text == old_text and diff.new_text == new_text:
        authors: dict[int, str | None] = {}
        for position, hunk in enumerate(diff.hunks):
            named = change.hunk_authors[position] if position < len(change.hunk_authors) else None
            for index in range(hunk.first_op, hunk.last_op + 1):
                authors[index] = named or change.author
        return [
            (op, authors.get(index, change.author)) for index, op in enumerate(diff.ops) if op.text
        ]
    if old_text == new_text:
        return [(Op(DiffOpKind.EQUAL, new_text), None)] if new_text else []
    ops = [
        (Op(DiffOpKind.DELETE, old_text), change.author),
        (Op(DiffOpKind.INSERT, new_text), change.author),
    ]
    return [(op, author) for op, author in ops if op.text]


def layout_key(printed: PrintedParagraph) -> tuple[str, int | None]:
    """What a paragraph's `w:pPr` depends on: its style and its automatic list level."""
    return printed.style, printed.choice.ilvl if printed.choice.auto else None


class _Writer:
    """Writes the redline's paragraphs into one `UnDocument`."""

    def __init__(self, doc: UnDocument, marks: RevisionMarks, fallback: str) -> None:
        self.doc = doc
        self.marks = marks
        self.fallback = fallback

    def paragraph(
        self, item: _Item, old: PrintedParagraph | None, new: PrintedParagraph | None
    ) -> etree._Element:
        """One `w:p` of the redline."""
        _, side, mark = ROLES[item.role]
        whole = item.change.author or self.fallback
        shown = new if side == "new" else old
        assert shown is not None
        props = self.doc.paragraph_properties(shown.style, shown.choice)
        if mark is not None:
            self.marks.mark(mark, whole, element("rPr", props))
        if item.role == Role.KEPT and old is not None and layout_key(old) != layout_key(shown):
            before = self.doc.paragraph_properties(old.style, old.choice)
            self.marks.mark("pPrChange", whole, props).append(before)
        para = element("p")
        para.append(props)
        range_tag = {Role.MOVE_TO: "moveTo", Role.MOVE_FROM: "moveFrom"}.get(item.role)
        range_id = ""
        if range_tag:
            range_id = self.marks.new_id()
            element(
                f"{range_tag}RangeStart",
                para,
                id=range_id,
                name=item.move,
                author=whole,
                date=self.marks.date,
            )
        pieces = self._prefix_pieces(item.role, old, new, whole)
        ops: list[tuple[Op, str | None]]
        if item.role in (Role.ADDED, Role.DELETED):
            ops = [(Op(DiffOpKind.EQUAL, shown.styled.text), None)] if shown.styled.text else []
        else:
            assert old is not None and new is not None
            ops = paragraph_ops(item.change, old.styled.text, new.styled.text)
        pieces += self._text_pieces(item.role, ops, old, new, whole)
        merged: list[tuple[str | None, str, list[etree._Element]]] = []
        for kind, author, runs in pieces:
            if merged and merged[-1][:2] == (kind, author):
                merged[-1][2].extend(runs)
            elif runs:
                merged.append((kind, author, list(runs)))
        for kind, author, runs in merged:
            para.extend(self.marks.wrap(kind, author, runs))
        if range_tag:
            element(f"{range_tag}RangeEnd", para, id=range_id)
        return para

    def _prefix_pieces(
        self, role: Role, old: PrintedParagraph | None, new: PrintedParagraph | None, author: str
    ) -> list[tuple[str | None, str, list[etree._Element]]]:
        """Typed numbers ("5 bis.") at the head of the paragraph, changed ones tracked."""
        equal_kind, side, _ = ROLES[role]
        old_prefix = old.styled.prefix if old is not None else ""
        new_prefix = new.styled.prefix if new is not None else ""
        if role != Role.KEPT:
            prefix = new_prefix if side == "new" else old_prefix
            return [(equal_kind, author, [text_run(f"{prefix}\t")])] if prefix else []
        if old_prefix == new_prefix:
            return [(None, author, [text_run(f"{new_prefix}\t")])] if new_prefix else []
        pieces: list[tuple[str | None, str, list[etree._Element]]] = []
        if old_prefix:
            pieces.append(("del", author, [text_run(f"{old_prefix}\t")]))
        if new_prefix:
            pieces.append(("ins", author, [text_run(f"{new_prefix}\t")]))
        return pieces

    def _text_pieces(
        self,
        role: Role,
        ops: list[tuple[Op, str | None]],
        old: PrintedParagraph | None,
        new: PrintedParagraph | None,
        whole: str,
    ) -> list[tuple[str | None, str, list[etree._Element]]]:
        """The paragraph's words as (revision kind, author, runs); equal words carry `whole`."""
        equal_kind, equal_side, _ = ROLES[role]
        sink = self.doc.footnote_reference
        at_old = at_new = 0
        pieces: list[tuple[str | None, str, list[etree._Element]]] = []
        for op, named in ops:
            size = len(op.text)
            author = named or self.fallback
            if op.op == DiffOpKind.EQUAL:
                if equal_side == "old":
                    assert old is not None
                    runs = range_runs(old.styled, at_old, at_old + size, sink)
                else:
                    assert new is not None
                    runs = range_runs(new.styled, at_new, at_new + size, sink)
                pieces.append((equal_kind, whole, runs))
                at_old += size
                at_new += size
            elif op.op == DiffOpKind.INSERT:
                if role != Role.MOVE_FROM:
                    assert new is not None
                    pieces.append(
                        ("ins", author, range_runs(new.styled, at_new, at_new + size, sink))
                    )
                at_new += size
            else:
                if role != Role.MOVE_TO:
                    assert old is not None
                    edges = role == Role.MOVE_FROM
                    runs = range_runs(old.styled, at_old, at_old + size, sink, notes_at_edges=edges)
                    pieces.append(("del", author, runs))
                at_old += size
        return pieces


def export_redline(
    old: Draft,
    new: Draft,
    changes: Sequence[RedlineChange],
    heading: DocumentHeading,
    date: str,
    fallback_author: str,
) -> bytes:
    """The new draft as a Word file whose tracked changes, per delegation, undo to the old one."""
    items = arrange_paragraphs(changes, len(old.paragraphs), len(new.paragraphs))
    old_printed = printed_paragraphs(old.paragraphs, formula_index(old))
    new_printed = printed_paragraphs(new.paragraphs, formula_index(new))
    doc = UnDocument(heading, new.language)
    doc.track_revisions()
    writer = _Writer(doc, RevisionMarks(iso_timestamp(date)), fallback_author or "Penholder")
    doc.write_masthead()
    write_title_fallback(doc, new)
    formula_at = formula_line_position(new)
    formula_pending = formula_at is not None
    for item in items:
        if formula_pending and item.new is not None and item.new >= (formula_at or 0):
            doc.append(formula_paragraph(doc, new.formula))
            formula_pending = False
        new_index = item.change.new[0] if item.role == Role.MOVE_FROM else item.new
        doc.append(
            writer.paragraph(
                item,
                old_printed[item.old] if item.old is not None else None,
                new_printed[new_index] if new_index is not None else None,
            )
        )
    if formula_pending:
        doc.append(formula_paragraph(doc, new.formula))
    doc.write_closing_rule()
    return doc.to_bytes()
