"""Walking a WordprocessingML story (body, footnote, comment) in document order.

`StoryWalker.paragraphs(container)` yields one `RawParagraph` per `w:p`, including the
paragraphs of tables (nested too), content controls and text boxes (read once: of an
`mc:AlternateContent` only the first `mc:Choice`, else the `mc:Fallback`, is read). Text boxes
follow the paragraph that anchors them.

A view decides which tracked changes count: "accepted" keeps `w:ins`/`w:moveTo` and drops
`w:del`/`w:moveFrom`; "rejected" the reverse. Every revision is recorded whatever the view.
Field codes (`w:instrText`, and everything between `fldChar` begin and separate) are skipped;
field results are kept (a field whose code is still open at the end of its paragraph is
treated as past its separator, so a damaged field never hides the rest of the document).
Runs hidden with `w:vanish` are skipped.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from lxml import etree

from app.core.model import Revision
from app.core.parsing.docx_names import MC_ALTERNATE, MC_CHOICE, MC_FALLBACK, attr, on_off, w
from app.core.parsing.docx_styles import StyleSheet
from app.core.vocabulary import RevisionKind, TrackedChangesView

PARAGRAPH_MARK = "\n"  # the text of a revision that inserted or deleted a paragraph mark

W_P, W_R, W_PPR, W_RPR = w("p"), w("r"), w("pPr"), w("rPr")
W_T, W_DELTEXT = w("t"), w("delText")
W_TXBX = w("txbxContent")
_CONTAINERS = {w(t) for t in ("tbl", "tr", "tc", "sdt", "sdtContent", "customXml")}
_INLINE_CONTAINERS = {
    w(t) for t in ("hyperlink", "smartTag", "customXml", "sdt", "sdtContent", "fldSimple", "dir")
} | {w("bdo")}
_REVISIONS = {
    w("ins"): RevisionKind.INSERT,
    w("del"): RevisionKind.DELETE,
    w("moveFrom"): RevisionKind.MOVE_FROM,
    w("moveTo"): RevisionKind.MOVE_TO,
}
_HIDDEN_IN = {
    TrackedChangesView.ACCEPTED: {RevisionKind.DELETE, RevisionKind.MOVE_FROM},
    TrackedChangesView.REJECTED: {RevisionKind.INSERT, RevisionKind.MOVE_TO},
}
_SPACES = {w(t) for t in ("tab", "ptab", "br", "cr")}
_NOTE_REFS = {w("footnoteReference"): "footnote", w("endnoteReference"): "endnote"}
_DRAWINGS = {w("drawing"), w("pict"), w("object")}
_WS = re.compile(r"\s+")


@dataclass(slots=True)
class RawParagraph:
    """A paragraph as found: text pieces with their italics, note references, revisions.

    `notes` are (piece index, kind, note id): the reference sat before `pieces[index]`.
    `custom_marks` holds the marks typed after references with `w:customMarkFollows` ("*"),
    by (kind, note id); such text is the note's marker, not paragraph text.
    `mark_present` is False when the paragraph mark does not exist in the view (it then merges
    with the next paragraph).
    """

    p_pr: etree._Element | None
    pieces: list[tuple[str, bool]] = field(default_factory=list)
    notes: list[tuple[int, str, str]] = field(default_factory=list)
    revisions: list[Revision] = field(default_factory=list)
    comment_ids: list[str] = field(default_factory=list)
    custom_marks: dict[tuple[str, str], str] = field(default_factory=dict)
    mark_present: bool = True
    last_revision_end: int = -1  # len(pieces) right after the last revision ended


def choose_alternative(el: etree._Element) -> list[etree._Element]:
    """The one branch of an `mc:AlternateContent` we read: first Choice, else Fallback."""
    branch = el.find(MC_CHOICE)
    if branch is None:
        branch = el.find(MC_FALLBACK)
    return [] if branch is None else [branch]


def plain_text(el: etree._Element) -> str:
    """All text inside an element, deleted text included, whitespace runs collapsed."""
    parts = []
    for node in el.iter(W_T, W_DELTEXT, *_SPACES, w("noBreakHyphen")):
        if node.tag in (W_T, W_DELTEXT):
            parts.append(node.text or "")
        else:
            parts.append("-" if node.tag == w("noBreakHyphen") else " ")
    return _WS.sub(" ", "".join(parts))


class StoryWalker:
    """Reads paragraphs of one story in one view; keeps field and comment-anchor state."""

    def __init__(
        self, styles: StyleSheet, view: TrackedChangesView = TrackedChangesView.ACCEPTED
    ) -> None:
        if view not in set(TrackedChangesView):
            raise ValueError(f"view must be a TrackedChangesView, not {view!r}")
        self._styles = styles
        self._hidden = _HIDDEN_IN[view]
        self._rejected = view == TrackedChangesView.REJECTED
        self._custom_mark: tuple[str, str] | None = None
        self._fields: list[bool] = []  # per open field: True once past its separator
        self._visible_fields = True
        self._anchors: dict[str, list[str]] = {}
        self.anchor_texts: dict[str, str] = {}
        self._para_style: str | None = None

    def paragraphs(self, container: etree._Element) -> Iterator[RawParagraph]:
        """Every paragraph under `container`, in document order."""
        for child in container:
            tag = child.tag
            if tag == W_P:
                yield from self._paragraph(child)
            elif tag in _CONTAINERS:
                yield from self.paragraphs(child)
            elif tag == MC_ALTERNATE:
                for branch in choose_alternative(child):
                    yield from self.paragraphs(branch)

    def _paragraph(self, p: etree._Element) -> Iterator[RawParagraph]:
        p_pr = p.find(W_PPR)
        if self._rejected and p_pr is not None:
            before = p_pr.find(f"{w('pPrChange')}/{W_PPR}")
            p_pr = p_pr if before is None else before
        para = RawParagraph(p_pr)
        self._custom_mark = None
        self._para_style = attr(p_pr.find(w("pStyle"))) if p_pr is not None else None
        boxes: list[etree._Element] = []
        self._inline(p, para, True, boxes)
        mark = p.find(f"{W_PPR}/{W_RPR}")
        if mark is not None:  # the paragraph mark comes last, after the paragraph's content
            for child in mark:
                kind = _REVISIONS.get(child.tag)
                if kind is not None:
                    para.revisions.append(_revision(child, kind, PARAGRAPH_MARK))
                    para.mark_present = para.mark_present and kind not in self._hidden
        if not self._visible_fields:  # a field code never spans paragraphs: show what follows
            self._fields = [True] * len(self._fields)
            self._visible_fields = True
        for words in self._anchors.values():
            words.append(" ")
        yield para
        for box in boxes:
            yield from self.paragraphs(box)

    def _inline(
        self, el: etree._Element, para: RawParagraph, visible: bool, boxes: list[etree._Element]
    ) -> None:
        for child in el:
            tag = child.tag
            if tag == W_R:
                if visible:
                    self._run(child, para, boxes)
            elif tag in _REVISIONS:
                kind = _REVISIONS[tag]
                self._record(para, _revision(child, kind, plain_text(child)))
                self._inline(child, para, visible and kind not in self._hidden, boxes)
                para.last_revision_end = len(para.pieces)
            elif tag in _INLINE_CONTAINERS:
                self._inline(child, para, visible, boxes)
            elif tag == MC_ALTERNATE:
                for branch in choose_alternative(child):
                    self._inline(branch, para, visible, boxes)
            elif tag == w("commentRangeStart"):
                cid = attr(child, w("id")) or ""
                self._anchors[cid] = []
                if cid not in para.comment_ids:
                    para.comment_ids.append(cid)
            elif tag == w("commentRangeEnd"):
                cid = attr(child, w("id")) or ""
                if cid in self._anchors:
                    self.anchor_texts[cid] = _WS.sub(" ", "".join(self._anchors.pop(cid))).strip()

    def _record(self, para: RawParagraph, revision: Revision) -> None:
        """Add a revision, joining it to the previous one when nothing came between them."""
        last = para.revisions[-1] if para.revisions else None
        if (
            last is not None
            and para.last_revision_end == len(para.pieces)
            and (last.kind, last.author, last.date)
            == (revision.kind, revision.author, revision.date)
        ):
            para.revisions[-1] = Revision(
                last.kind, last.author, last.date, last.text + revision.text
            )
        else:
            para.revisions.append(revision)

    def _run(self, r: etree._Element, para: RawParagraph, boxes: list[etree._Element]) -> None:
        r_pr = r.find(W_RPR)
        italic = None
        if r_pr is not None:
            if on_off(r_pr.find(w("vanish"))):
                return
            italic = on_off(r_pr.find(w("i")))
            char_style = attr(r_pr.find(w("rStyle")))
        else:
            char_style = None
        if italic is None:
            italic = self._styles.italic(self._para_style, char_style)
        for child in r:
            tag = child.tag
            if tag in (W_T, W_DELTEXT):
                if self._custom_mark is not None and child.text:
                    para.custom_marks[self._custom_mark] = child.text.strip()
                    self._custom_mark = None
                elif self._visible_fields and child.text:
                    self._emit(para, child.text, italic)
            elif tag in _SPACES:
                if self._visible_fields:
                    self._emit(para, " ", italic)
            elif tag == w("noBreakHyphen"):
                if self._visible_fields:
                    self._emit(para, "-", italic)
            elif tag == w("sym"):
                code = int_attr_hex(child, w("char"))
                if self._visible_fields and 0x20 <= code < 0xE000:
                    self._emit(para, chr(code), italic)
            elif tag == w("fldChar"):
                self._field(attr(child, w("fldCharType")))
            elif tag in _NOTE_REFS:
                if self._visible_fields:
                    note = (_NOTE_REFS[tag], attr(child, w("id")) or "")
                    para.notes.append((len(para.pieces), *note))
                    if attr(child, w("customMarkFollows")) in ("1", "true", "on"):
                        self._custom_mark = note
            elif tag == w("commentReference"):
                cid = attr(child, w("id")) or ""
                unanchored = cid not in self.anchor_texts and cid not in self._anchors
                if unanchored and cid not in para.comment_ids:
                    para.comment_ids.append(cid)
            elif tag == MC_ALTERNATE:
                for branch in choose_alternative(child):
                    _find_text_boxes(branch, boxes)
            elif tag in _DRAWINGS:
                _find_text_boxes(child, boxes)

    def _emit(self, para: RawParagraph, text: str, italic: bool) -> None:
        para.pieces.append((text, italic))
        for words in self._anchors.values():
            words.append(text)

    def _field(self, kind: str | None) -> None:
        if kind == "begin":
            self._fields.append(False)
        elif kind == "separate" and self._fields:
            self._fields[-1] = True
        elif kind == "end" and self._fields:
            self._fields.pop()
        self._visible_fields = all(self._fields)


def int_attr_hex(el: etree._Element, name: str) -> int:
    """A hexadecimal attribute (`w:sym/@w:char`) as a number, 0 when missing or malformed."""
    try:
        return int(attr(el, name) or "0", 16)
    except ValueError:
        return 0


def _revision(el: etree._Element, kind: RevisionKind, text: str) -> Revision:
    return Revision(kind, attr(el, w("author")) or "", attr(el, w("date")), text)


def _find_text_boxes(el: etree._Element, out: list[etree._Element]) -> None:
    """Collect the `w:txbxContent`s under `el`, reading one branch of each AlternateContent."""
    for child in el:
        if child.tag == W_TXBX:
            out.append(child)
        elif child.tag == MC_ALTERNATE:
            for branch in choose_alternative(child):
                _find_text_boxes(branch, out)
        elif isinstance(child.tag, str):
            _find_text_boxes(child, out)
