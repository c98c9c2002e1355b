"""Applying proposals to a draft to make the next one, and the proposals that collide.

Nothing here knows about databases: the base draft is a list of `BaseParagraph`s (a core
`Paragraph` and its lineage), a proposal an `Amendment`, and the answer a `NextDraft`.

**Where a proposal acts.** A `replace` or `delete` acts on the first place its `find` occurs in
its paragraph (runs of whitespace compared as one, as `app.core.script.find_spans` does); an
`insert` puts its `text` just after its `find` (at the end of the paragraph, before the closing
punctuation, when it has none); `delete-paragraph` takes the whole paragraph; `new-paragraph`
goes after its `after_lineage_id` paragraph and that paragraph's sub-paragraphs (none: before
the first preambular or operative paragraph).

**Collisions.** Two proposals on one paragraph collide when the words they rely on overlap (the
`find` of a replace, a delete or an insert: an insert relies on the words it follows; an
insertion without `find` is a point, which collides when strictly inside the other's span or at
the same point), or when one deletes the paragraph the other edits. Spans that merely touch do
not collide. Two delete-paragraphs of one paragraph agree and do not collide. New paragraphs
never collide.

**Applying.** `apply_proposals` refuses proposals whose paragraph or words the draft no longer
has (`StaleProposal`, 422, naming the proposal) and pairs that collide unless `order` lists both
(`CollidingProposals`, 409, naming the pair). Proposals apply one after another, those in
`order` first in that order, then the others by id; each finds its words in the text as the
proposals before it left it (the occurrence nearest to where its words stood in the base), so
an ordered proposal may act on words an earlier one wrote. Spacing is tidied around each edit
(no doubled space, no space before , ; : . or ")"); footnote offsets follow the text.

**Labels** are set the way the UN re-labels a clean text (`app.core.relabelling`): a new
paragraph after OP5 is OP6 and the later ones move up, unless it is asked for as `bis`.
Applying no proposal gives the base paragraphs back unchanged.

Cost: O(P + A x T) for P paragraphs, A proposals and T characters of a paragraph; collisions
O(A^2) within one paragraph.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace

from app.core.errors import CollidingProposals, StaleProposal
from app.core.model import Footnote, Paragraph
from app.core.parsing.leads import find_lead
from app.core.relabelling import Placed, relabel
from app.core.script import find_spans
from app.core.vocabulary import ParagraphKind, ProposalAction

_CLOSING = ";,.:；，。：،؛"
_NO_SPACE_BEFORE = ",;:.)]”’"
_SPACES = re.compile(r"\s+")


@dataclass(frozen=True, slots=True)
class BaseParagraph:
    """A paragraph of the draft proposals are applied to, with its lineage."""

    paragraph: Paragraph
    lineage_id: str


@dataclass(frozen=True, slots=True)
class Amendment:
    """A proposal to apply: its action, its paragraph (or the one a new paragraph follows),
    its words, and whether a new paragraph is numbered `bis` after the one it follows."""

    id: int
    action: ProposalAction
    lineage_id: str | None = None
    after_lineage_id: str | None = None
    find: str | None = None
    text: str | None = None
    bis: bool = False


@dataclass(frozen=True, slots=True)
class AppliedSpan:
    """Where a proposal's words landed in a new paragraph's text: [start, end) (a deletion
    leaves a point, start == end)."""

    proposal_id: int
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class NextParagraph:
    """A paragraph of the next draft: the base lineage it continues (None: new), the
    proposals that shaped it and where their words landed."""

    paragraph: Paragraph
    lineage_id: str | None
    proposal_ids: tuple[int, ...] = ()
    spans: tuple[AppliedSpan, ...] = ()


@dataclass(frozen=True, slots=True)
class DeletedParagraph:
    """A base paragraph the next draft drops, and the proposals that dropped it."""

    lineage_id: str
    proposal_ids: tuple[int, ...]


@dataclass(frozen=True, slots=True)
class NextDraft:
    """The next draft's paragraphs in order, and the base paragraphs it deleted."""

    paragraphs: tuple[NextParagraph, ...]
    deleted: tuple[DeletedParagraph, ...]


@dataclass(slots=True)
class _Slot:
    """A paragraph on its way out: new (`base_index` None) or a base one, maybe deleted."""

    paragraph: Paragraph
    lineage_id: str | None
    proposals: tuple[int, ...]
    spans: tuple[AppliedSpan, ...]
    bis: bool
    base_index: int | None
    gone: bool = False


@dataclass(frozen=True, slots=True)
class Collision:
    """Two proposals that act on the same words of one paragraph (`first` < `second`)."""

    first: int
    second: int
    lineage_id: str
    label: str
    words: str


# --- where a proposal acts ---------------------------------------------------------------


def _closing_point(text: str) -> int:
    """Where an insertion without `find` goes: the end, before the closing punctuation."""
    end = len(text.rstrip())
    while end and text[end - 1] in _CLOSING:
        end -= 1
    return end


def _region(amendment: Amendment, text: str) -> tuple[int, int] | None:
    """Where a proposal acts in `text` (first occurrence; a point for an insert), or None."""
    if amendment.action == ProposalAction.DELETE_PARAGRAPH:
        return (0, len(text))
    if amendment.action == ProposalAction.INSERT and not amendment.find:
        point = _closing_point(text)
        return (point, point)
    spans = find_spans(text, amendment.find or "")
    if not spans:
        return None
    start, end = spans[0]
    return (end, end) if amendment.action == ProposalAction.INSERT else (start, end)


def _reach(amendment: Amendment, text: str) -> tuple[int, int] | None:
    """The words a proposal relies on: its region, and for an insert the words it follows."""
    if amendment.action == ProposalAction.INSERT and amendment.find:
        spans = find_spans(text, amendment.find)
        return spans[0] if spans else None
    return _region(amendment, text)


def _overlap(a: tuple[int, int], b: tuple[int, int], text: str) -> str | None:
    """The words two regions share, or None when they do not collide."""
    (s1, e1), (s2, e2) = a, b
    if s1 == e1 and s2 == e2:
        return text[max(0, s1 - 40) : s1].split(" ", 1)[-1] if s1 == s2 else None
    if s1 == e1:
        return text[s2:e2] if s2 < s1 < e2 else None
    if s2 == e2:
        return text[s1:e1] if s1 < s2 < e1 else None
    return text[max(s1, s2) : min(e1, e2)] if s1 < e2 and s2 < e1 else None


def find_collisions(
    paragraphs: Mapping[str, Paragraph], amendments: Sequence[Amendment]
) -> list[Collision]:
    """Every pair of proposals that collide on a paragraph of `paragraphs` (by lineage).

    Proposals whose paragraph or words the draft no longer has collide with nothing.
    """
    by_lineage: dict[str, list[Amendment]] = {}
    for amendment in amendments:
        target = amendment.lineage_id
        acts_on_words = amendment.action != ProposalAction.NEW_PARAGRAPH
        if target is not None and target in paragraphs and acts_on_words:
            by_lineage.setdefault(target, []).append(amendment)
    found: list[Collision] = []
    for lineage_id, on_paragraph in by_lineage.items():
        if len(on_paragraph) < 2:
            continue
        paragraph = paragraphs[lineage_id]
        placed = [(a, _reach(a, paragraph.text)) for a in sorted(on_paragraph, key=_id)]
        for k, (a, region_a) in enumerate(placed):
            for b, region_b in placed[k + 1 :]:
                words = _colliding_words(a, region_a, b, region_b, paragraph.text)
                if words is not None:
                    found.append(Collision(a.id, b.id, lineage_id, paragraph.label, words))
    return sorted(found, key=lambda c: (c.first, c.second))


def _id(amendment: Amendment) -> int:
    return amendment.id


def _colliding_words(
    a: Amendment,
    region_a: tuple[int, int] | None,
    b: Amendment,
    region_b: tuple[int, int] | None,
    text: str,
) -> str | None:
    if region_a is None or region_b is None:
        return None
    deletes = [x.action == ProposalAction.DELETE_PARAGRAPH for x in (a, b)]
    if all(deletes):
        return None
    if any(deletes):
        other, region = (b, region_b) if deletes[0] else (a, region_a)
        return (other.find or text[region[0] : region[1]] or other.text or "").strip()
    words = _overlap(region_a, region_b, text)
    return None if words is None else words.strip()


# --- applying ----------------------------------------------------------------------------


def apply_proposals(
    base: Sequence[BaseParagraph], amendments: Sequence[Amendment], order: Sequence[int] = ()
) -> NextDraft:
    """The next draft: `amendments` applied to `base` (see the module docstring)."""
    at = {b.lineage_id: k for k, b in enumerate(base)}
    for amendment in amendments:
        _check_target(amendment, at)
    listed = {proposal_id: rank for rank, proposal_id in enumerate(order)}
    paragraphs = {b.lineage_id: b.paragraph for b in base}
    for collision in find_collisions(paragraphs, amendments):
        if collision.first not in listed or collision.second not in listed:
            raise CollidingProposals(
                f"Proposals {collision.first} and {collision.second} collide on "
                f"{collision.label or 'one paragraph'} ('{collision.words}'): apply one of "
                "them, or give the order to apply them in."
            )
    ordered = sorted(amendments, key=lambda a: (listed.get(a.id, len(listed)), a.id))
    edited = {k: _Edited(b.paragraph) for k, b in enumerate(base)}
    new_after: dict[int, list[Amendment]] = {}
    for amendment in ordered:
        if amendment.action == ProposalAction.NEW_PARAGRAPH:
            anchor = at[amendment.after_lineage_id] if amendment.after_lineage_id else -1
            new_after.setdefault(anchor, []).append(amendment)
        else:
            edited[at[amendment.lineage_id or ""]].apply(amendment)
    return _assemble(base, edited, new_after)


def _check_target(amendment: Amendment, at: dict[str, int]) -> None:
    """Refuse a proposal whose paragraph (or the one its new paragraph follows) is gone; its
    words are looked for when it is applied (an ordered one may act on words written before)."""
    if amendment.action == ProposalAction.NEW_PARAGRAPH:
        if amendment.after_lineage_id is not None and amendment.after_lineage_id not in at:
            raise StaleProposal(
                f"Proposal {amendment.id}: the paragraph its new paragraph follows is no "
                "longer in this draft."
            )
        return
    if amendment.lineage_id not in at:
        raise StaleProposal(f"Proposal {amendment.id}: its paragraph is no longer in this draft.")


class _Edited:
    """One base paragraph as the proposals change it, one after another."""

    def __init__(self, paragraph: Paragraph) -> None:
        self.base = paragraph
        self.text = paragraph.text
        self.spans: list[AppliedSpan] = []
        self.proposals: list[int] = []
        self.deleted_by: list[int] = []
        self.footnotes = [f.offset for f in paragraph.footnotes]
        self._edits: list[tuple[int, int, int]] = []  # (start, end, new length), in order

    def apply(self, amendment: Amendment) -> None:
        """Apply one proposal to the paragraph as the proposals before it left it."""
        label = self.base.label or "its paragraph"
        if self.deleted_by and amendment.action != ProposalAction.DELETE_PARAGRAPH:
            raise StaleProposal(
                f"Proposal {amendment.id}: {label} is deleted by proposal {self.deleted_by[0]}."
            )
        if amendment.action == ProposalAction.DELETE_PARAGRAPH:
            self.deleted_by.append(amendment.id)
            return
        start, end = self._locate(amendment, label)
        words = (amendment.text or "") if amendment.action != ProposalAction.DELETE else ""
        words = _SPACES.sub(" ", words)  # a paragraph's text holds no line breaks
        if amendment.action == ProposalAction.INSERT:
            words = self._spaced(words, start)
        self._replace(start, end, words)
        new_end = start + len(words)
        start, new_end = self._tidy(start, new_end)
        self.spans.append(AppliedSpan(amendment.id, start, new_end))
        self.proposals.append(amendment.id)

    def _locate(self, amendment: Amendment, label: str) -> tuple[int, int]:
        """Where the proposal acts now: the occurrence of its words nearest to where they
        stood in the base text, carried through the edits made so far."""
        region = _region(amendment, self.text)
        if region is None:
            raise StaleProposal(
                f"Proposal {amendment.id}: the words '{amendment.find}' are no longer in {label}."
            )
        if not amendment.find:
            return region
        in_base = _region(amendment, self.base.text)
        expected = self._mapped(in_base[0]) if in_base else region[0]
        inserts = amendment.action == ProposalAction.INSERT
        spans = [
            (end, end) if inserts else (start, end)
            for start, end in find_spans(self.text, amendment.find)
        ]
        return min(spans, key=lambda span: (abs(span[0] - expected), span[0]))

    def _mapped(self, position: int) -> int:
        """A base offset carried through the edits made so far."""
        for start, end, length in self._edits:
            if position >= end:
                position += length - (end - start)
            elif position > start:
                position = start
        return position

    def _spaced(self, words: str, at: int) -> str:
        """Inserted words with the spaces they need to sit between their neighbours."""
        before = self.text[at - 1] if at else " "
        after = self.text[at] if at < len(self.text) else " "
        if words and not before.isspace() and not words[0].isspace() and words[0].isalnum():
            words = " " + words
        if words and not after.isspace() and after not in _NO_SPACE_BEFORE and words[-1].isalnum():
            words = words + " "
        return words

    def _replace(self, start: int, end: int, words: str) -> None:
        self.text = self.text[:start] + words + self.text[end:]
        self._shift(start, end, len(words))

    def _shift(self, start: int, end: int, length: int) -> None:
        """Carry earlier spans and footnote offsets over one edit."""
        self._edits.append((start, end, length))

        def moved(position: int, closing: bool) -> int:
            if position >= end and not (position == start == end and not closing):
                return position + length - (end - start)
            if position > start:
                return start + length if closing else start
            return position

        self.spans = [
            AppliedSpan(s.proposal_id, moved(s.start, False), moved(s.end, True))
            for s in self.spans
        ]
        self.footnotes = [moved(f, True) if f >= 0 else f for f in self.footnotes]

    def _tidy(self, start: int, end: int) -> tuple[int, int]:
        """Drop a doubled space, or a space before punctuation, at either edge of an edit
        (its words are now at [start, end)); the edit's new bounds."""
        text = self.text
        if (
            start
            and text[start - 1] == " "
            and (start == len(text) or text[start] in " " + _NO_SPACE_BEFORE)
        ):
            self._replace(start - 1, start, "")
            start, end = start - 1, end - 1
        text = self.text
        if start < end < len(text) and text[end - 1] == " " and text[end] in " " + _NO_SPACE_BEFORE:
            self._replace(end - 1, end, "")
            end -= 1
        if start == 0 and self.text[:1] == " ":
            self._replace(0, 1, "")
            end = max(end - 1, 0)
        return start, end

    def paragraph(self) -> Paragraph:
        """The paragraph as the proposals left it (labels are set later)."""
        if self.text == self.base.text:
            return self.base
        lead = find_lead(self.text) if self.base.lead else ""
        return replace(
            self.base,
            text=self.text,
            lead=lead,
            italics=((0, len(lead)),) if lead and self.base.italics else (),
            footnotes=tuple(
                Footnote(f.marker, f.text, min(offset, len(self.text)) if offset >= 0 else offset)
                for f, offset in zip(self.base.footnotes, self.footnotes, strict=True)
            ),
            revisions=(),
            comments=(),
        )


def _new_paragraph(amendment: Amendment, after: Paragraph | None) -> Paragraph:
    """A proposed paragraph, its kind and level read from its neighbour and its ending."""
    text = " ".join((amendment.text or "").split())
    if after is not None and after.kind == ParagraphKind.SUBPARAGRAPH:
        kind, level = ParagraphKind.SUBPARAGRAPH, after.level
    elif text.endswith((",", "，", "،")):
        kind, level = ParagraphKind.PREAMBULAR, 0
    elif text.endswith(tuple(";.:；。：؛")) or (
        after is not None and after.kind == ParagraphKind.OPERATIVE
    ):
        kind, level = ParagraphKind.OPERATIVE, 0
    else:
        kind, level = ParagraphKind.PREAMBULAR, 0
    lead = "" if kind == ParagraphKind.SUBPARAGRAPH else find_lead(text)
    return Paragraph(kind, "", "", lead, text, level, ((0, len(lead)),) if lead else ())


def _assemble(
    base: Sequence[BaseParagraph],
    edited: Mapping[int, _Edited],
    new_after: Mapping[int, list[Amendment]],
) -> NextDraft:
    """The paragraphs in order, new ones in place, then labelled."""
    slots: dict[int, list[tuple[int, Amendment]]] = {}
    for anchor, amendments in new_after.items():
        slot = _slot_after(base, anchor)
        slots.setdefault(slot, []).extend((anchor, a) for a in amendments)
    out: list[_Slot] = []
    deleted: list[DeletedParagraph] = []

    def place_new(slot: int) -> None:
        for anchor, amendment in sorted(slots.get(slot, ()), key=lambda pair: -pair[0]):
            after = base[anchor].paragraph if anchor >= 0 else None
            paragraph = _new_paragraph(amendment, after)
            out.append(_Slot(paragraph, None, (amendment.id,), (), amendment.bis, None))

    place_new(-1)
    for k, b in enumerate(base):
        state = edited[k]
        if state.deleted_by:
            deleted.append(DeletedParagraph(b.lineage_id, tuple(state.deleted_by)))
            out.append(_Slot(b.paragraph, b.lineage_id, (), (), False, k, gone=True))
        else:
            out.append(
                _Slot(
                    state.paragraph(),
                    b.lineage_id,
                    tuple(state.proposals),
                    tuple(state.spans),
                    False,
                    k,
                )
            )
        place_new(k)
    labelled = relabel([Placed(s.paragraph, s.base_index is None, s.bis, s.gone) for s in out])
    return NextDraft(
        paragraphs=tuple(
            NextParagraph(p, s.lineage_id, s.proposals, s.spans)
            for s, p in zip(out, labelled, strict=True)
            if not s.gone
        ),
        deleted=tuple(deleted),
    )


def _slot_after(base: Sequence[BaseParagraph], anchor: int) -> int:
    """The base index a new paragraph after `anchor` follows: past its sub-paragraphs."""
    if anchor < 0:
        first = next(
            (
                k
                for k, b in enumerate(base)
                if b.paragraph.kind in (ParagraphKind.PREAMBULAR, ParagraphKind.OPERATIVE)
            ),
            0,
        )
        return first - 1
    level = base[anchor].paragraph.level
    slot = anchor
    while slot + 1 < len(base) and base[slot + 1].paragraph.level > level:
        slot += 1
    return slot


# --- the clean text ----------------------------------------------------------------------


def clean_text(paragraphs: Sequence[Paragraph]) -> str:
    """The draft as plain text, one paragraph a block, operative and sub-paragraph numbers
    printed before their text."""
    blocks = []
    for p in paragraphs:
        numbered = p.kind in (ParagraphKind.OPERATIVE, ParagraphKind.SUBPARAGRAPH) and p.number
        blocks.append(f"{p.number} {p.text}" if numbered else p.text)
    return "\n\n".join(blocks) + "\n"
