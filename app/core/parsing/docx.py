"""Reading a Word draft (.docx) into `Block`s and a `Draft`.

The pipeline: `open_docx_package` checks the zip before anything parses it (see
`docx_safety`); the main document part is found through the package relationships and its
styles, numbering, settings, footnotes, endnotes and comments parts through the document's;
`StoryWalker` reads the body in document order in the requested view of tracked changes
(`docx_walk`); paragraphs whose paragraph mark is absent in that view merge into the next one
(as Word shows them); `ListNumbering` computes each paragraph's displayed number
(`docx_numbering`); numbers typed as text are split off; empty paragraphs are dropped, and
their revisions and comments move to the next block. Headers and footers are never read.

What a block carries: `revisions` in document order, whatever the view, a run of one
author's change split over several elements joined into one, and a paragraph mark inserted
or deleted recorded with the text "\\n"; `footnotes` with the marker Word displays (footnotes
1, 2, 3…, endnotes i, ii, iii… unless settings say otherwise; a custom mark such as "*" as
typed); `comments` with their paragraphs joined by "\\n" and the text they are anchored on,
attached to the paragraph where their range starts.
"""

from __future__ import annotations

import posixpath
from collections.abc import Iterable

from lxml import etree

from app.core.errors import UnreadableDraft
from app.core.model import Comment, Draft, Footnote, Revision
from app.core.parsing.docx_names import OFFICE_DOC_REL, REL_NS, STRICT_DOC_REL, attr, int_attr, w
from app.core.parsing.docx_numbering import ListNumbering, format_number
from app.core.parsing.docx_safety import (
    NOT_A_DOCX,
    DocxLimits,
    DocxPackage,
    open_docx_package,
    parse_part,
)
from app.core.parsing.docx_styles import StyleSheet, read_styles
from app.core.parsing.docx_text import split_typed_number, visible_text
from app.core.parsing.docx_walk import RawParagraph, StoryWalker
from app.core.parsing.limits import check_block_count
from app.core.parsing.structure import Block, structure_draft
from app.core.vocabulary import TrackedChangesView

__all__ = ["DocxLimits", "parse_docx", "read_docx_blocks"]

_NOTE_DEFAULTS = {"footnote": ("decimal", 1), "endnote": ("lowerRoman", 1)}
_SEPARATOR_NOTES = {"separator", "continuationSeparator", "continuationNotice"}


def parse_docx(raw: bytes, limits: DocxLimits = DocxLimits()) -> Draft:  # noqa: B008
    """Read a .docx draft (tracked changes accepted) into a structured `Draft`."""
    return structure_draft(read_docx_blocks(raw, limits))


def read_docx_blocks(
    raw: bytes,
    limits: DocxLimits = DocxLimits(),  # noqa: B008
    *,
    view: TrackedChangesView = TrackedChangesView.ACCEPTED,
) -> list[Block]:
    """Read a .docx into printed paragraphs, its tracked changes accepted or rejected."""
    package = open_docx_package(raw, limits)
    main = _main_part_name(package)
    document = parse_part(package.read(main), main)
    body = document.find(w("body"))
    if document.tag != w("document") or body is None:
        raise UnreadableDraft(NOT_A_DOCX)
    related = _related_parts(package, main)
    styles = read_styles(_optional_part(package, related.get("styles")))
    numbering = ListNumbering(_optional_part(package, related.get("numbering")), styles)
    notes = {
        kind: _read_notes(_optional_part(package, related.get(f"{kind}s")), kind, styles, view)
        for kind in ("footnote", "endnote")
    }
    comments_root = _optional_part(package, related.get("comments"))
    markers = _NoteMarkers(_optional_part(package, related.get("settings")))
    walker = StoryWalker(styles, view)
    drafts = _assemble(walker.paragraphs(body), numbering, notes, markers)
    comments = _read_comments(comments_root, styles, view, walker.anchor_texts)
    blocks = [
        Block(
            text=d.text,
            number=d.number,
            level_hint=d.level,
            italics=d.italics,
            footnotes=d.footnotes,
            revisions=tuple(d.revisions),
            comments=tuple(comments[c] for c in d.comment_ids if c in comments),
        )
        for d in drafts
    ]
    if not blocks:
        raise UnreadableDraft("The document has no text.")
    return blocks


class _BlockDraft:
    """A block before its comments' anchors are known."""

    __slots__ = ("comment_ids", "footnotes", "italics", "level", "number", "revisions", "text")

    def __init__(self, text: str, number: str, level: int | None) -> None:
        self.text, self.number, self.level = text, number, level
        self.italics: tuple[tuple[int, int], ...] = ()
        self.footnotes: tuple[Footnote, ...] = ()
        self.revisions: list[Revision] = []
        self.comment_ids: list[str] = []


class _NoteMarkers:
    """Displayed footnote and endnote numbers, in the order the references appear."""

    def __init__(self, settings: etree._Element | None) -> None:
        self._formats: dict[str, tuple[str, int]] = dict(_NOTE_DEFAULTS)
        self._seen: dict[str, int] = {"footnote": 0, "endnote": 0}
        for kind in self._formats:
            pr = settings.find(w(f"{kind}Pr")) if settings is not None else None
            if pr is not None:
                fmt, start = self._formats[kind]
                fmt = attr(pr.find(w("numFmt"))) or fmt
                start = int_attr(pr.find(w("numStart"))) or start
                self._formats[kind] = (fmt, start)

    def next(self, kind: str) -> str:
        """The marker of the next reference of this kind."""
        fmt, start = self._formats[kind]
        self._seen[kind] += 1
        return format_number(start + self._seen[kind] - 1, fmt)


def _assemble(
    paragraphs: Iterable[RawParagraph],
    numbering: ListNumbering,
    notes: dict[str, dict[str, str]],
    markers: _NoteMarkers,
) -> list[_BlockDraft]:
    """Merge paragraphs without a mark, number them, and keep those with text."""
    out: list[_BlockDraft] = []
    pending: list[RawParagraph] = []
    carried_revisions: list[Revision] = []
    carried_comments: list[str] = []
    for para in paragraphs:
        if not para.mark_present:
            pending.append(para)
            continue
        merged = _merge([*pending, para]) if pending else para
        pending = []
        label = numbering.label_paragraph(para.p_pr)
        seen = visible_text(merged)
        footnotes = [
            Footnote(
                merged.custom_marks.get((kind, note_id)) or markers.next(kind),
                notes[kind].get(note_id, ""),
                offset,
            )
            for offset, kind, note_id in seen.notes
        ]
        carried_revisions.extend(merged.revisions)
        carried_comments.extend(merged.comment_ids)
        if not seen.text:
            continue
        text, italics = seen.text, seen.italics
        if label is not None:
            draft = _BlockDraft(text, label.text.strip(), label.level)
        else:
            number, cut = split_typed_number(text)
            draft = _BlockDraft(text[cut:], number, None)
            if cut:
                italics = tuple((max(a - cut, 0), b - cut) for a, b in italics if b > cut)
                footnotes = [Footnote(f.marker, f.text, max(f.offset - cut, 0)) for f in footnotes]
        draft.italics = italics
        draft.footnotes = tuple(footnotes)
        draft.revisions, carried_revisions = carried_revisions, []
        draft.comment_ids, carried_comments = carried_comments, []
        out.append(draft)
        check_block_count(len(out))
    if out:
        out[-1].revisions.extend(carried_revisions)
        out[-1].comment_ids.extend(carried_comments)
    return out


def _merge(group: list[RawParagraph]) -> RawParagraph:
    """One paragraph from several whose marks are absent in the view; the last one's mark."""
    merged = RawParagraph(group[-1].p_pr)
    for para in group:
        merged.notes.extend((i + len(merged.pieces), k, n) for i, k, n in para.notes)
        merged.pieces.extend(para.pieces)
        merged.revisions.extend(para.revisions)
        merged.comment_ids.extend(para.comment_ids)
        merged.custom_marks.update(para.custom_marks)
    return merged


def _story_text(
    container: etree._Element, styles: StyleSheet, view: TrackedChangesView, sep: str
) -> str:
    """The text of a footnote or comment: its paragraphs joined by `sep`."""
    walker = StoryWalker(styles, view)
    texts = (visible_text(p).text for p in walker.paragraphs(container))
    return sep.join(t for t in texts if t)


def _read_notes(
    root: etree._Element | None, kind: str, styles: StyleSheet, view: TrackedChangesView
) -> dict[str, str]:
    """Footnote (or endnote) texts by id, separators left out."""
    if root is None:
        return {}
    return {
        attr(el, w("id")) or "": _story_text(el, styles, view, " ")
        for el in root.iterfind(w(kind))
        if attr(el, w("type")) not in _SEPARATOR_NOTES
    }


def _read_comments(
    root: etree._Element | None,
    styles: StyleSheet,
    view: TrackedChangesView,
    anchors: dict[str, str],
) -> dict[str, Comment]:
    """Comments by id, with the text they are anchored on."""
    if root is None:
        return {}
    comments = {}
    for el in root.iterfind(w("comment")):
        cid = attr(el, w("id")) or ""
        comments[cid] = Comment(
            author=attr(el, w("author")) or "",
            date=attr(el, w("date")),
            text=_story_text(el, styles, view, "\n"),
            anchor=anchors.get(cid, ""),
        )
    return comments


def _relationships(package: DocxPackage, rels_name: str) -> list[tuple[str, str]]:
    """(type, target) of every internal relationship in a .rels part."""
    if not package.has(rels_name):
        return []
    root = parse_part(package.read(rels_name), rels_name)
    return [
        (el.get("Type", ""), el.get("Target", ""))
        for el in root.iterfind(f"{{{REL_NS}}}Relationship")
        if el.get("TargetMode", "Internal") != "External"
    ]


def _resolve(base: str, target: str) -> str:
    """A relationship target as a part name inside the zip."""
    if target.startswith("/"):
        return target.lstrip("/")
    return posixpath.normpath(posixpath.join(posixpath.dirname(base), target))


def _main_part_name(package: DocxPackage) -> str:
    """The main document part, found through `_rels/.rels` (else `word/document.xml`)."""
    for rel_type, target in _relationships(package, "_rels/.rels"):
        if rel_type in (OFFICE_DOC_REL, STRICT_DOC_REL):
            name = _resolve("", target)
            if package.has(name):
                return name
    if package.has("word/document.xml"):
        return "word/document.xml"
    raise UnreadableDraft(
        "This file is not a Word document (.docx): it has no document text part. "
        "Save it from Word as a .docx file and upload again."
    )


def _related_parts(package: DocxPackage, main: str) -> dict[str, str]:
    """Part names related to the main document, by the last word of the relationship type."""
    rels_name = posixpath.join(posixpath.dirname(main), "_rels", posixpath.basename(main) + ".rels")
    related: dict[str, str] = {}
    for rel_type, target in _relationships(package, rels_name):
        related.setdefault(rel_type.rsplit("/", 1)[-1], _resolve(main, target))
    return related


def _optional_part(package: DocxPackage, name: str | None) -> etree._Element | None:
    """A related part, parsed, or None when the package does not hold it."""
    if name is None or not package.has(name):
        return None
    return parse_part(package.read(name), name)
