"""Word tracked changes read as proposals, and their authors read onto the hunks of a change.

A delegation's Word file with tracked changes is read twice, with its changes rejected (the
original) and accepted (the revised text); `read_tracked_edits` aligns the two like drafts and
makes each difference a `TrackedEdit`: a proposal on the original text, with the authors Word
recorded and the comments anchored on it. `locate_paragraph` then finds each original paragraph
among the stored draft's. When a draft itself comes with tracked changes, `revision_authors`
names, per hunk of a change, who typed its words.

Cost: one alignment of the file's two readings and one word diff per changed paragraph.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from app.core.alignment import align_paragraphs
from app.core.diffing import diff_paragraph
from app.core.matching import HunkEdit
from app.core.model import Comment, Paragraph, Revision
from app.core.script import diff_tokens, find_spans, is_word
from app.core.similarity import normalise_text, paragraph_similarity
from app.core.vocabulary import ChangeKind, ProposalAction, RevisionKind

LOCATE_MIN = 0.6
"""Lowest bigram Dice at which a Word paragraph is taken for a stored one. Range 0.4-0.9."""
CONTEXT_WORDS = 4
"""Words of context before an insertion (its `find`). Unit: words; range 1-10."""


@dataclass(frozen=True, slots=True)
class TrackedEdit:
    """A Word tracked change read as a proposal on the file's original (rejected-view) text.

    `paragraph` indexes the original paragraphs (None for a new paragraph, which goes after
    the original paragraph `after`, None: at the start); `index` numbers the edits of one file
    in document order; `authors` are the revisions' authors as written in the file.
    """

    index: int
    action: str
    paragraph: int | None
    after: int | None
    find: str | None
    text: str | None
    authors: tuple[str, ...]
    comments: tuple[Comment, ...] = ()


def read_tracked_edits(
    original: Sequence[Paragraph], revised: Sequence[Paragraph]
) -> list[TrackedEdit]:
    """The proposals a Word file's tracked changes make, in document order.

    `original` and `revised` are the file read with its changes rejected and accepted. They
    are aligned like two drafts: an added paragraph is a new-paragraph proposal, a deleted one
    a delete-paragraph, and each hunk of a modified paragraph a replace, delete or insert (an
    insert's `find` is the `CONTEXT_WORDS` words before it; a `find` that occurs more than once
    is widened with the words before it). Moves, splits and merges propose nothing. A
    paragraph's comments become notes of its edit whose words they are anchored on, else of
    its first edit.
    """
    edits: list[TrackedEdit] = []
    after: int | None = None
    for step in align_paragraphs(original, revised).steps:
        if step.kind == ChangeKind.ADDED:
            added = revised[step.new[0]]
            edits.append(
                _paragraph_edit(
                    len(edits), ProposalAction.NEW_PARAGRAPH, added, after=after, text=added.text
                )
            )
        elif step.kind == ChangeKind.DELETED:
            at = step.old[0]
            edits.append(
                _paragraph_edit(len(edits), ProposalAction.DELETE_PARAGRAPH, original[at], at=at)
            )
        elif step.kind in (ChangeKind.MODIFIED, ChangeKind.MOVED) and len(step.old) == 1:
            i = step.old[0]
            edits.extend(_hunk_edits(len(edits), i, original[i], revised[step.new[0]]))
        if step.old:
            after = max(step.old)
    return edits


def _paragraph_edit(
    index: int,
    action: ProposalAction,
    paragraph: Paragraph,
    *,
    at: int | None = None,
    after: int | None = None,
    text: str | None = None,
) -> TrackedEdit:
    """A whole-paragraph edit, by the authors of the paragraph's insertions (a new paragraph)
    or deletions (a deleted one), with the paragraph's comments."""
    kind = RevisionKind.INSERT if action == ProposalAction.NEW_PARAGRAPH else RevisionKind.DELETE
    authors = _authors(paragraph, kind)
    return TrackedEdit(index, str(action), at, after, None, text, authors, paragraph.comments)


def _authors(paragraph: Paragraph, kind: RevisionKind | None = None) -> tuple[str, ...]:
    """The distinct authors of a paragraph's revisions (of one kind first, if any)."""
    chosen = [r.author for r in paragraph.revisions if kind is None or r.kind == kind]
    chosen = chosen or [r.author for r in paragraph.revisions]
    return tuple(dict.fromkeys(a for a in chosen if a.strip()))


def _hunk_edits(start: int, i: int, old: Paragraph, new: Paragraph) -> list[TrackedEdit]:
    """One edit per hunk of a paragraph changed in Word, with its authors and comments."""
    edits: list[TrackedEdit] = []
    for hunk in diff_paragraph(old.text, new.text).hunks:
        before = old.text[: hunk.old_start]
        find: str | None
        if hunk.delete:
            find, text = _unique(before, hunk.delete, hunk.insert, old.text)
            action = ProposalAction.REPLACE if text else ProposalAction.DELETE
        else:
            find, text, action = _context(before) or None, hunk.insert, ProposalAction.INSERT
        authors = _revision_authors(new.revisions, hunk.delete, hunk.insert) or _authors(new)
        edits.append(
            TrackedEdit(start + len(edits), str(action), i, None, find, text or None, authors)
        )
    if not edits:
        return edits
    notes: dict[int, list[Comment]] = {}
    for comment in new.comments:
        anchored = next(
            (k for k, e in enumerate(edits) if _anchored(comment.anchor, e.find, e.text)), 0
        )
        notes.setdefault(anchored, []).append(comment)
    return [
        TrackedEdit(
            e.index,
            e.action,
            e.paragraph,
            e.after,
            e.find,
            e.text,
            e.authors,
            tuple(notes.get(k, ())),
        )
        for k, e in enumerate(edits)
    ]


def _context(before: str) -> str:
    """The last `CONTEXT_WORDS` words (and what lies between them) of `before`, trimmed."""
    tokens = diff_tokens(before)
    words, k = 0, len(tokens)
    while k > 0 and words < CONTEXT_WORDS:
        k -= 1
        words += is_word(tokens[k])
    return "".join(tokens[k:]).strip()


def _unique(before: str, delete: str, insert: str, text: str) -> tuple[str, str]:
    """The find and text of a replacement, widened with preceding words until find is unique."""
    tokens = diff_tokens(before)
    k = len(tokens)
    prefix = ""
    while len(find_spans(text, prefix + delete)) > 1 and k > 0:
        k -= 1
        prefix = "".join(tokens[k:])
    if prefix:
        return (prefix + delete).strip(), (prefix + insert).strip()
    return delete, insert


def revision_authors(
    hunks: Sequence[HunkEdit], revisions: Sequence[Revision]
) -> dict[int, tuple[str, ...]]:
    """Per hunk of a change, the authors of the Word tracked changes that show its words.

    A revision shows a hunk when its text (stripped) lies within the hunk's inserted words
    (insertions) or deleted words (deletions), or the hunk's words within it. Hunks no
    revision shows are left out.
    """
    found = {hunk.index: _revision_authors(revisions, hunk.delete, hunk.insert) for hunk in hunks}
    return {index: authors for index, authors in found.items() if authors}


def _revision_authors(revisions: Sequence[Revision], delete: str, insert: str) -> tuple[str, ...]:
    """Authors of the revisions whose text overlaps these deleted or inserted words."""
    found = []
    for revision in revisions:
        words = revision.text.strip()
        if not words:
            continue
        inserted = revision.kind in (RevisionKind.INSERT, RevisionKind.MOVE_TO)
        side = insert if inserted else delete
        if side.strip() and (words in side or side.strip() in words):
            found.append(revision.author)
    return tuple(dict.fromkeys(a for a in found if a.strip()))


def _anchored(anchor: str, find: str | None, text: str | None) -> bool:
    anchor = anchor.strip()
    return bool(anchor) and any(
        part and (anchor in part or part.strip() in anchor) for part in (find, text)
    )


def locate_paragraph(text: str, candidates: Sequence[str]) -> int | None:
    """The candidate with the same wording as `text`, else the most like it (bigram Dice at
    least `LOCATE_MIN`), or None."""
    wanted = normalise_text(text)
    for k, candidate in enumerate(candidates):
        if normalise_text(candidate) == wanted:
            return k
    scored = [(paragraph_similarity(text, c), k) for k, c in enumerate(candidates)]
    best = max(scored, default=(0.0, -1))
    return best[1] if best[0] >= LOCATE_MIN else None
