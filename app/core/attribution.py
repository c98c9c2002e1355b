"""Proposals matched to the changes of a new draft: which delegations asked for which hunk.

When a draft is uploaded, the proposals made against its base draft are compared with the
changes the aligner and the differ found. Nothing here knows about databases: a proposal is a
`ProposalEdit`, a change a `ChangeEdit` with its `HunkEdit`s, and the answer is a list of
`Match`es.

Text proposals (`replace`, `insert`, `delete`) and hunks. A proposal only ever meets the hunks
of a change whose base paragraphs carry its lineage. Each hunk gets a **score** in [0, 1]
against each such proposal, from two things:

- **Place**, where the hunk sits in the base text relative to the proposal's span (the `find`
  of a replace or delete; the point just after the `find` of an insert; the whole paragraph of
  a delete-paragraph): *inside* when they overlap (an insertion strictly inside the span, or a
  hunk containing an insert's point), *touching* when only spaces and punctuation lie between
  them, else *elsewhere*, which scores 0. An insert without `find` may land anywhere.
- **Content**, the share of the hunk's net tokens (words and punctuation marks, casefolded;
  words re-typed on both sides cancel out) that the proposal explains: an inserted token is
  explained when the proposal's `text` holds it, a deleted one when its `find` does.

  score = base + (1 - base) * content, base = `INSIDE_BASE`, `TOUCHING_BASE`, or 0 for an
  insert without `find` (whose score is then its content alone).

A hunk inside a span the proposal named is thus half-explained by place alone: a partly
accepted proposal is usually rewritten in the very words it targeted. A delete-paragraph
proposal on a paragraph that survived explains hunks only at `SURVIVED_DISCOUNT` of that score.
A hunk is attributed to the best-scoring proposals: those scoring at least `MIN_SCORE` and
within `TIE_MARGIN` of the best, so a neighbour that merely touches loses to the proposal that
wrote the words.

Then per proposal, over all the hunks it won, **realised** in [0, 1] is the share of the
proposal's own net tokens (tokens of `text` not in `find`, and of `find` not in `text`) that the
hunks added or removed; the proposal shows up **in full** when realised is 1 and its hunks
changed nothing it did not ask for. Each hunk's **confidence** is score * (1 + realised) / 2: a
hunk inserting "urges" for a proposal inserting "urges strongly" scores 1.0 but has confidence
0.75 and leaves the proposal partly accepted.

Paragraph proposals. A `delete-paragraph` matches the `deleted` change of its lineage in full
(confidence 1.0). A `new-paragraph` matches `added` changes by the Dice coefficient of word
bigrams (see `app.core.similarity`) of the two texts' wording: at least `NEW_PARAGRAPH_MIN`, best
first with the same `TIE_MARGIN`; in full from `FULL_SIMILARITY`. Both attribute the whole change
(hunk `None`). Split, merged and moved changes are text changes like any other: their base text
is the base paragraphs' texts joined by a space.

Cost: O(hunks of a paragraph x proposals on it x tokens) plus O(added x new-paragraph proposals)
similarity computations; a round is a few hundred of each.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum

from app.core.alignment import align_paragraphs
from app.core.diffing import diff_paragraph
from app.core.model import Comment, Paragraph, Revision
from app.core.script import diff_tokens, find_spans, is_word
from app.core.similarity import dice, normalise_text, shingle
from app.core.vocabulary import ChangeKind, RevisionKind

MIN_SCORE = 0.2
"""Lowest score that attributes a hunk. Unit: score; range 0.1-0.5. Below TOUCHING_BASE so that a
proposal rewritten in other words next to its span still counts; above 0 so elsewhere never does.
"""
TIE_MARGIN = 0.1
"""Proposals within this much of a hunk's best score share it. Unit: score; range 0-0.3."""
INSIDE_BASE = 0.5
"""Score a hunk earns by lying inside the proposal's span. Unit: score; range 0.3-0.8."""
TOUCHING_BASE = 0.25
"""Score a hunk earns by touching the proposal's span. Unit: score; range 0.1-0.5."""
SURVIVED_DISCOUNT = 0.5
"""Factor on a delete-paragraph proposal's score on a paragraph that survived. Range 0-1."""
NEW_PARAGRAPH_MIN = 0.5
"""Lowest bigram Dice between a proposed and an added paragraph that matches. Range 0.3-0.9."""
FULL_SIMILARITY = 0.9
"""Bigram Dice from which a new-paragraph proposal counts as adopted in full. Range 0.7-1."""
LOCATE_MIN = 0.6
"""Lowest bigram Dice at which a Word paragraph is taken for a stored one. Range 0.4-0.9."""
CONTEXT_WORDS = 4
"""Words of context before an insertion (its `find`). Unit: words; range 1-10."""


class Action(StrEnum):
    """What a proposal asks for."""

    REPLACE = "replace"
    INSERT = "insert"
    DELETE = "delete"
    NEW_PARAGRAPH = "new-paragraph"
    DELETE_PARAGRAPH = "delete-paragraph"


TEXT_ACTIONS = (Action.REPLACE, Action.INSERT, Action.DELETE)


@dataclass(frozen=True, slots=True)
class ProposalEdit:
    """A proposal as the matcher sees it: its action and words, and its paragraph in the base.

    `lineage_id` and `target_text` are the target paragraph's (None and "" for a new paragraph);
    `find` and `text` are as the proposal gave them (see the design's "Proposal").
    """

    id: int
    action: str
    lineage_id: str | None = None
    find: str | None = None
    text: str | None = None
    target_text: str = ""


@dataclass(frozen=True, slots=True)
class HunkEdit:
    """A stored hunk: its number, words deleted and inserted, and its span in the base text."""

    index: int
    delete: str
    insert: str
    old_start: int
    old_end: int


@dataclass(frozen=True, slots=True)
class ChangeEdit:
    """A stored change: its kind, the lineages of its base paragraphs, its texts and hunks."""

    id: int
    kind: str
    old_lineages: tuple[str, ...]
    old_text: str
    new_text: str
    hunks: tuple[HunkEdit, ...] = ()


@dataclass(frozen=True, slots=True)
class Match:
    """A proposal found in a change (`hunk_index` None: the whole change), with its confidence.

    `full` is the same on every match of one proposal: whether it shows up in full.
    """

    proposal_id: int
    change_id: int
    hunk_index: int | None
    confidence: float
    full: bool


def match_proposals(
    proposals: Sequence[ProposalEdit], changes: Sequence[ChangeEdit]
) -> list[Match]:
    """Attribute the changes' hunks, and added and deleted paragraphs, to the proposals."""
    by_lineage: dict[str, list[ProposalEdit]] = {}
    for proposal in proposals:
        if proposal.lineage_id is not None:
            by_lineage.setdefault(proposal.lineage_id, []).append(proposal)
    new_paragraphs = [p for p in proposals if p.action == Action.NEW_PARAGRAPH]
    won: dict[int, list[tuple[ChangeEdit, HunkEdit, float]]] = {}
    matches: list[Match] = []
    for change in changes:
        on_paragraph = [p for lineage in change.old_lineages for p in by_lineage.get(lineage, [])]
        if change.kind == "added":
            matches.extend(_added_matches(change, new_paragraphs))
        elif change.kind == "deleted":
            matches.extend(
                Match(p.id, change.id, None, 1.0, True)
                for p in on_paragraph
                if p.action == Action.DELETE_PARAGRAPH
            )
        else:
            for hunk in change.hunks:
                for proposal, score in _best(_hunk_scores(change, hunk, on_paragraph)):
                    won.setdefault(proposal.id, []).append((change, hunk, score))
    by_id = {p.id: p for p in proposals}
    for proposal_id, hunks in won.items():
        realised, full = _realised(by_id[proposal_id], [hunk for _, hunk, _ in hunks])
        matches.extend(
            Match(proposal_id, change.id, hunk.index, round(score * (1 + realised) / 2, 3), full)
            for change, hunk, score in hunks
        )
    return sorted(matches, key=lambda m: (m.change_id, _order(m.hunk_index), m.proposal_id))


def proposal_outcomes(matches: Iterable[Match]) -> dict[int, str]:
    """Each matched proposal's new status: `accepted` if ever in full, else `partly-accepted`."""
    outcome: dict[int, str] = {}
    for match in matches:
        if match.full or outcome.get(match.proposal_id) != "accepted":
            outcome[match.proposal_id] = "accepted" if match.full else "partly-accepted"
    return outcome


def _order(hunk_index: int | None) -> int:
    return -1 if hunk_index is None else hunk_index


def _tokens(text: str | None) -> Counter[str]:
    """Casefolded word and punctuation tokens (spaces dropped), counted."""
    return Counter(t.casefold() for t in diff_tokens(text or "") if not t.isspace())


def _spans(proposal: ProposalEdit, old_text: str) -> list[tuple[int, int]] | None:
    """The proposal's spans in the base text (points for an insert); None: anywhere."""
    if proposal.action == Action.DELETE_PARAGRAPH:
        return [(0, len(old_text))]
    if not proposal.find:
        return None
    spans = find_spans(old_text, proposal.find)
    if proposal.action == Action.INSERT:
        return [(end, end) for _, end in spans]
    return spans


def _place(old_text: str, hunk: HunkEdit, start: int, end: int) -> float:
    """The base score of where a hunk sits against a span (see the module docstring)."""
    hs, he = hunk.old_start, hunk.old_end
    inside = (hs < end and he > start) if start < end else hs <= start <= he
    if inside:
        return INSIDE_BASE
    gap = old_text[he:start] if he <= start else old_text[end:hs]
    if not any(is_word(t) for t in _tokens(gap)):
        return TOUCHING_BASE
    return 0.0


def _net(delete: Counter[str], insert: Counter[str]) -> tuple[Counter[str], Counter[str]]:
    """Tokens removed and added once words re-typed on both sides cancel out."""
    removed, added = delete - insert, insert - delete
    if not removed and not added:  # a pure reordering: keep the gross tokens
        return delete, insert
    return removed, added


def _content(proposal: ProposalEdit, hunk: HunkEdit) -> float:
    """Share of the hunk's net tokens the proposal explains, in [0, 1]."""
    removed, added = _net(_tokens(hunk.delete), _tokens(hunk.insert))
    total = sum(removed.values()) + sum(added.values())
    if not total:
        return 0.0
    action = proposal.action
    may_add = _tokens(proposal.text) if action in (Action.REPLACE, Action.INSERT) else Counter()
    if action == Action.DELETE_PARAGRAPH:
        may_remove = _tokens(proposal.target_text)
    elif action in (Action.REPLACE, Action.DELETE):
        may_remove = _tokens(proposal.find)
    else:
        may_remove = Counter()
    explained = sum(n for t, n in added.items() if t in may_add)
    explained += sum(n for t, n in removed.items() if t in may_remove)
    return explained / total


def _hunk_scores(
    change: ChangeEdit, hunk: HunkEdit, proposals: Iterable[ProposalEdit]
) -> list[tuple[ProposalEdit, float]]:
    """Every text or delete-paragraph proposal on the change's paragraphs, with its score."""
    scored = []
    for proposal in proposals:
        if proposal.action not in (*TEXT_ACTIONS, Action.DELETE_PARAGRAPH):
            continue
        spans = _spans(proposal, change.old_text)
        if spans is None:
            base = 0.0
        else:
            base = max((_place(change.old_text, hunk, s, e) for s, e in spans), default=0.0)
            if base == 0.0:
                continue
        score = base + (1 - base) * _content(proposal, hunk)
        if proposal.action == Action.DELETE_PARAGRAPH:
            score *= SURVIVED_DISCOUNT
        scored.append((proposal, score))
    return scored


def _best(
    scored: list[tuple[ProposalEdit, float]],
) -> list[tuple[ProposalEdit, float]]:
    """The proposals a hunk goes to: at least MIN_SCORE and within TIE_MARGIN of the best."""
    if not scored:
        return []
    best = max(score for _, score in scored)
    return [(p, s) for p, s in scored if s >= MIN_SCORE and s >= best - TIE_MARGIN]


def _realised(proposal: ProposalEdit, hunks: Sequence[HunkEdit]) -> tuple[float, bool]:
    """How much of the proposal its hunks carried out, in [0, 1], and whether in full."""
    if proposal.action == Action.DELETE_PARAGRAPH:  # the paragraph survived
        wanted_removed, wanted_added = _tokens(proposal.target_text), Counter[str]()
    else:
        find = _tokens(proposal.find) if proposal.action != Action.INSERT else Counter()
        text = _tokens(proposal.text) if proposal.action != Action.DELETE else Counter()
        wanted_removed, wanted_added = find - text, text - find
    deleted, inserted = Counter[str](), Counter[str]()
    for hunk in hunks:
        deleted += _tokens(hunk.delete)
        inserted += _tokens(hunk.insert)
    removed, added = deleted - inserted, inserted - deleted
    wanted = sum(wanted_removed.values()) + sum(wanted_added.values())
    hit = sum((removed & wanted_removed).values()) + sum((added & wanted_added).values())
    extra = sum((removed - wanted_removed).values()) + sum((added - wanted_added).values())
    realised = hit / wanted if wanted else 1.0
    full = realised == 1.0 and extra == 0 and proposal.action != Action.DELETE_PARAGRAPH
    return realised, full


def paragraph_similarity(a: str, b: str) -> float:
    """Likeness of two paragraphs' wording in [0, 1]: 1.0 for the same normal form."""
    if normalise_text(a) == normalise_text(b):
        return 1.0
    sa, sb = shingle(normalise_text(a)), shingle(normalise_text(b))
    return dice(sa, sb, len(sa & sb))


def _added_matches(change: ChangeEdit, proposals: Sequence[ProposalEdit]) -> list[Match]:
    """New-paragraph proposals whose text is the added paragraph's, best first."""
    scored = [(p, paragraph_similarity(p.text or "", change.new_text)) for p in proposals]
    scored = [(p, s) for p, s in scored if s >= NEW_PARAGRAPH_MIN]
    if not scored:
        return []
    best = max(s for _, s in scored)
    return [
        Match(p.id, change.id, None, round(s, 3), s >= FULL_SIMILARITY)
        for p, s in scored
        if s >= best - TIE_MARGIN
    ]


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
            paragraph = revised[step.new[0]]
            edits.append(
                TrackedEdit(
                    len(edits),
                    str(Action.NEW_PARAGRAPH),
                    None,
                    after,
                    None,
                    paragraph.text,
                    _authors(paragraph, RevisionKind.INSERT),
                    paragraph.comments,
                )
            )
        elif step.kind == ChangeKind.DELETED:
            paragraph = original[step.old[0]]
            edits.append(
                TrackedEdit(
                    len(edits),
                    str(Action.DELETE_PARAGRAPH),
                    step.old[0],
                    None,
                    None,
                    None,
                    _authors(paragraph, RevisionKind.DELETE),
                    paragraph.comments,
                )
            )
        elif step.kind in (ChangeKind.MODIFIED, ChangeKind.MOVED) and len(step.old) == 1:
            i = step.old[0]
            edits.extend(_hunk_edits(len(edits), i, original[i], revised[step.new[0]]))
        if step.old:
            after = max(step.old)
    return edits


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
            action = Action.REPLACE if text else Action.DELETE
        else:
            find, text, action = _context(before) or None, hunk.insert, Action.INSERT
        authors = _hunk_authors(new, hunk.delete, hunk.insert) or _authors(new)
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
    found = {}
    for hunk in hunks:
        authors = _revision_authors(revisions, hunk.delete, hunk.insert)
        if authors:
            found[hunk.index] = authors
    return found


def _hunk_authors(paragraph: Paragraph, delete: str, insert: str) -> tuple[str, ...]:
    """Authors of the paragraph's revisions whose text overlaps the hunk's words."""
    return _revision_authors(paragraph.revisions, delete, insert)


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
