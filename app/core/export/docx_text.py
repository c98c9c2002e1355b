"""A paragraph's words as WordprocessingML runs: italics, footnote references, tracked changes.

Every exporter turns a `Paragraph` into a `StyledText` (its text, the italic ranges, the
footnotes with their offsets and the number typed in front when Word cannot print it) and asks
for runs over a character range. A range becomes plain runs, or runs wrapped in one revision
element (`w:ins`, `w:del`, `w:moveFrom`, `w:moveTo`); deleted runs carry `w:delText`.
Text and attribute values pass `characters.xml_safe`, so a stored character XML cannot hold
(only rows stored before uploads were checked for them) never makes an export fail.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from lxml import etree

from app.core.characters import xml_safe
from app.core.model import Footnote, Paragraph

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"

# Revision wrappers a run may sit in; deleted ones hold w:delText instead of w:t.
DELETING = frozenset({"del", "moveFrom"})


def w(tag: str) -> str:
    """The Clark name of a WordprocessingML tag: `w("p")` is `{…/main}p`."""
    return f"{{{W_NS}}}{tag}"


def element(tag: str, parent: etree._Element | None = None, **attrs: str) -> etree._Element:
    """A new `w:` element with `w:` attributes, appended to `parent` when given."""
    node = etree.Element(w(tag)) if parent is None else etree.SubElement(parent, w(tag))
    for name, value in attrs.items():
        node.set(w(name), xml_safe(value))
    return node


@dataclass(frozen=True, slots=True)
class StyledText:
    """A paragraph's printable content.

    `prefix` is a number typed before the text ("5 bis.") and printed followed by a tab, ""
    when Word numbers the paragraph itself or it has no number; `italics` are half-open ranges
    into `text`; `notes` are footnotes whose `offset` is where the reference goes in `text`
    (-1 or past the end: at the end).
    """

    text: str
    prefix: str = ""
    italics: tuple[tuple[int, int], ...] = ()
    notes: tuple[Footnote, ...] = ()


def italic_ranges(paragraph: Paragraph, *, formula: bool = False) -> tuple[tuple[int, int], ...]:
    """Where a paragraph prints in italics: its own ranges, else its lead, else the formula."""
    text = paragraph.text
    if paragraph.italics:
        return tuple((max(0, a), min(len(text), b)) for a, b in paragraph.italics if a < b)
    if formula:
        return ((0, len(text.rstrip(",.;: "))),) if text.strip() else ()
    lead = paragraph.lead
    if lead and text.startswith(lead):
        return ((0, len(lead)),)
    return ()


def styled_text(paragraph: Paragraph, prefix: str = "", *, formula: bool = False) -> StyledText:
    """The styled content of `paragraph`, with `prefix` typed in front of it."""
    return StyledText(
        text=paragraph.text,
        prefix=prefix,
        italics=italic_ranges(paragraph, formula=formula),
        notes=paragraph.footnotes,
    )


FootnoteSink = Callable[[Footnote], etree._Element]
"""Registers a footnote with the document and returns the run that references it."""


def text_run(text: str, *, italic: bool = False, bold: bool = False) -> etree._Element:
    """One `w:r` printing `text` (tabs become `w:tab`)."""
    run = element("r")
    if italic or bold:
        props = element("rPr", run)
        if bold:
            element("b", props)
        if italic:
            element("i", props)
    for index, piece in enumerate(text.split("\t")):
        if index:
            element("tab", run)
        if piece:
            node = element("t", run)
            node.text = xml_safe(piece)
            node.set(XML_SPACE, "preserve")
    return run


def note_offset(note: Footnote, length: int) -> int:
    """Where a footnote's reference sits in a text of `length` characters."""
    return length if note.offset < 0 or note.offset > length else note.offset


def range_runs(
    styled: StyledText,
    start: int,
    end: int,
    footnote: FootnoteSink | None,
    *,
    notes_at_edges: bool = True,
) -> list[etree._Element]:
    """Runs printing `styled.text[start:end]`, cut at italic edges, with footnote references.

    A footnote at offset `o` follows the character `o - 1`; it belongs to this range when
    `start < o <= end` (or `o == start == 0`). With `notes_at_edges=False` only references
    strictly inside the range are printed: a deleted span leaves edge notes to its neighbours.
    """
    text = styled.text
    length = len(text)
    cuts = {start, end}
    for a, b in styled.italics:
        cuts.update(x for x in (a, b) if start < x < end)
    placed: dict[int, list[Footnote]] = {}
    if footnote is not None:
        for note in styled.notes:
            at = note_offset(note, length)
            inside = start < at < end
            edge = at == end or at == start == 0
            if inside or (notes_at_edges and edge and start <= at <= end):
                placed.setdefault(at, []).append(note)
                cuts.add(at)
    points = sorted(c for c in cuts if start <= c <= end)
    runs: list[etree._Element] = []
    for index, left in enumerate(points):
        if footnote is not None:
            runs.extend(footnote(note) for note in placed.get(left, ()))
        right = points[index + 1] if index + 1 < len(points) else left
        if right > left:
            italic = any(a <= left and right <= b for a, b in styled.italics)
            runs.append(text_run(text[left:right], italic=italic))
    return runs


def delete_runs(runs: Iterable[etree._Element]) -> list[etree._Element]:
    """The same runs with every `w:t` renamed `w:delText`, as a deletion requires."""
    out = list(runs)
    for run in out:
        for node in run.iter(w("t")):
            node.tag = w("delText")
    return out


@dataclass(slots=True)
class RevisionMarks:
    """Hands out unique revision ids and builds revision elements dated `date` ("": undated)."""

    date: str
    next_id: int = 1

    def new_id(self) -> str:
        """A revision id never used before in this document."""
        value = self.next_id
        self.next_id += 1
        return str(value)

    def mark(self, kind: str, author: str, parent: etree._Element | None = None) -> etree._Element:
        """An empty revision element (`ins`, `del`, `moveFrom`, `moveTo`, `pPrChange`)."""
        node = element(kind, parent, id=self.new_id(), author=author)
        if self.date:
            node.set(w("date"), self.date)
        return node

    def wrap(
        self, kind: str | None, author: str, runs: list[etree._Element]
    ) -> list[etree._Element]:
        """`runs` inside one revision of `kind`, or unchanged when `kind` is None."""
        if kind is None or not runs:
            return runs
        wrapper = self.mark(kind, author)
        wrapper.extend(delete_runs(runs) if kind in DELETING else runs)
        return [wrapper]


def iso_timestamp(date: str) -> str:
    """An ISO date ("2026-11-28") or timestamp as Word's `w:date` wants it ("…T00:00:00Z")."""
    date = date.strip()
    if not date:
        return "1970-01-01T00:00:00Z"
    if "T" not in date:
        return f"{date}T00:00:00Z"
    return date
