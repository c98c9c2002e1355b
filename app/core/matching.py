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
  them, *near* when one or two words do (`NEAR_WORDS`: "women and girls" may be diffed as
  "and" kept and "girls and" inserted; a near hunk must be at least `NEAR_MIN_CONTENT`
  explained), else *elsewhere*, which scores 0. An insert without `find`, and a proposal whose
  `find` is no longer in the base text (an earlier edit of the same round changed those
  words), may land anywhere.
- **Content**, the share of the hunk's net tokens (words and punctuation, casefolded; words
  re-typed on both sides cancel out) that the proposal explains: an inserted token is explained
  when the proposal's `text` holds it, a deleted one when its `find` does.

  score = base + (1 - base) * content, base = `INSIDE_BASE`, `TOUCHING_BASE`, `NEAR_BASE`, or
  0 for a proposal that may land anywhere (whose score is then its content alone).

A hunk inside a span the proposal named is thus half-explained by place alone: a partly
accepted proposal is usually rewritten in the very words it targeted. A delete-paragraph
proposal on a paragraph that survived explains hunks only at `SURVIVED_DISCOUNT` of that score.
A hunk goes to the best-scoring proposals among those that explain some of its words (when none
does, among those whose span it lies in or touches): those scoring at least `MIN_SCORE` and
within `TIE_MARGIN` of the best, so a neighbour that merely touches loses to the proposal that
wrote the words. Then every other proposal on the paragraph that explains words of the hunk the
chosen ones do not is added: one hunk often merges two delegations' edits, and both are named.

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

from app.core.script import diff_tokens, find_spans, is_word
from app.core.similarity import paragraph_similarity
from app.core.vocabulary import ChangeKind, ProposalAction, ProposalStatus

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
NEAR_BASE = 0.1
"""Score a hunk earns by lying a word or two from the proposal's span ("women and girls" may be
diffed as "and" kept, "girls and" inserted). Unit: score; range 0-0.2."""
NEAR_WORDS = 2
"""Most words between a span and a hunk that is near it. Unit: words; range 0-3."""
NEAR_MIN_CONTENT = 0.5
"""Least share of a near hunk's words a proposal must explain to score. Range 0.3-1."""
SURVIVED_DISCOUNT = 0.5
"""Factor on a delete-paragraph proposal's score on a paragraph that survived. Range 0-1."""
NEW_PARAGRAPH_MIN = 0.5
"""Lowest bigram Dice between a proposed and an added paragraph that matches. Range 0.3-0.9."""
FULL_SIMILARITY = 0.9
"""Bigram Dice from which a new-paragraph proposal counts as adopted in full. Range 0.7-1."""

TEXT_ACTIONS = (ProposalAction.REPLACE, ProposalAction.INSERT, ProposalAction.DELETE)


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
    new_paragraphs = [p for p in proposals if p.action == ProposalAction.NEW_PARAGRAPH]
    won: dict[int, list[tuple[ChangeEdit, HunkEdit, float]]] = {}
    matches: list[Match] = []
    for change in changes:
        on_paragraph = [p for lineage in change.old_lineages for p in by_lineage.get(lineage, [])]
        if change.kind == ChangeKind.ADDED:
            matches.extend(_added_matches(change, new_paragraphs))
        elif change.kind == ChangeKind.DELETED:
            matches.extend(
                Match(p.id, change.id, None, 1.0, True)
                for p in on_paragraph
                if p.action == ProposalAction.DELETE_PARAGRAPH
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


def proposal_outcomes(matches: Iterable[Match]) -> dict[int, ProposalStatus]:
    """Each matched proposal's new status: `accepted` if ever in full, else `partly-accepted`."""
    outcome: dict[int, ProposalStatus] = {}
    for match in matches:
        if match.full or outcome.get(match.proposal_id) != ProposalStatus.ACCEPTED:
            outcome[match.proposal_id] = (
                ProposalStatus.ACCEPTED if match.full else ProposalStatus.PARTLY_ACCEPTED
            )
    return outcome


def _order(hunk_index: int | None) -> int:
    return -1 if hunk_index is None else hunk_index


def _tokens(text: str | None) -> Counter[str]:
    """Casefolded word and punctuation tokens (spaces dropped), counted."""
    return Counter(t.casefold() for t in diff_tokens(text or "") if not t.isspace())


def _spans(proposal: ProposalEdit, old_text: str) -> list[tuple[int, int]] | None:
    """The proposal's spans in the base text (points for an insert); None: anywhere."""
    if proposal.action == ProposalAction.DELETE_PARAGRAPH:
        return [(0, len(old_text))]
    if not proposal.find:
        return None
    spans = find_spans(old_text, proposal.find)
    if proposal.action == ProposalAction.INSERT:
        return [(end, end) for _, end in spans]
    return spans


def _place(old_text: str, hunk: HunkEdit, start: int, end: int) -> float:
    """The base score of where a hunk sits against a span (see the module docstring)."""
    hs, he = hunk.old_start, hunk.old_end
    inside = (hs < end and he > start) if start < end else hs <= start <= he
    if inside:
        return INSIDE_BASE
    gap = old_text[he:start] if he <= start else old_text[end:hs]
    words_between = sum(1 for t in _tokens(gap).elements() if is_word(t))
    if not words_between:
        return TOUCHING_BASE
    if words_between <= NEAR_WORDS:
        return NEAR_BASE
    return 0.0


def _net(delete: Counter[str], insert: Counter[str]) -> tuple[Counter[str], Counter[str]]:
    """Tokens removed and added once words re-typed on both sides cancel out."""
    removed, added = delete - insert, insert - delete
    if not removed and not added:  # a pure reordering: keep the gross tokens
        return delete, insert
    return removed, added


def _explained(proposal: ProposalEdit, hunk: HunkEdit) -> tuple[float, frozenset[str]]:
    """Share of the hunk's net tokens the proposal explains, in [0, 1], and the words it
    explains ("+word" added, "-word" removed)."""
    removed, added = _net(_tokens(hunk.delete), _tokens(hunk.insert))
    total = sum(removed.values()) + sum(added.values())
    if not total:
        return 0.0, frozenset()
    action = proposal.action
    may_add = (
        _tokens(proposal.text)
        if action in (ProposalAction.REPLACE, ProposalAction.INSERT)
        else Counter()
    )
    if action == ProposalAction.DELETE_PARAGRAPH:
        may_remove = _tokens(proposal.target_text)
    elif action in (ProposalAction.REPLACE, ProposalAction.DELETE):
        may_remove = _tokens(proposal.find)
    else:
        may_remove = Counter()
    explained = sum(n for t, n in added.items() if t in may_add)
    explained += sum(n for t, n in removed.items() if t in may_remove)
    words = frozenset(
        [f"+{t}" for t in added if t in may_add and is_word(t)]
        + [f"-{t}" for t in removed if t in may_remove and is_word(t)]
    )
    return explained / total, words


@dataclass(frozen=True, slots=True)
class _Scored:
    """A proposal's score on one hunk, and the hunk's words it explains."""

    proposal: ProposalEdit
    score: float
    words: frozenset[str]
    placed: bool


def _hunk_scores(
    change: ChangeEdit, hunk: HunkEdit, proposals: Iterable[ProposalEdit]
) -> list[_Scored]:
    """Every text or delete-paragraph proposal on the change's paragraphs, with its score."""
    scored = []
    for proposal in proposals:
        if proposal.action not in (*TEXT_ACTIONS, ProposalAction.DELETE_PARAGRAPH):
            continue
        spans = _spans(proposal, change.old_text)
        content, words = _explained(proposal, hunk)
        if not spans:  # anywhere: no `find`, or its words were gone before this round
            base = 0.0
        else:
            base = max(_place(change.old_text, hunk, s, e) for s, e in spans)
            if base == 0.0 or (base == NEAR_BASE and content < NEAR_MIN_CONTENT):
                continue
        score = base + (1 - base) * content
        if proposal.action == ProposalAction.DELETE_PARAGRAPH:
            score *= SURVIVED_DISCOUNT
        scored.append(_Scored(proposal, score, words, base > 0))
    return scored


def _best(scored: list[_Scored]) -> list[tuple[ProposalEdit, float]]:
    """The proposals a hunk goes to (see the module docstring): the best-scoring ones among
    those that explain some of its words (when none does, among those whose span it lies in or
    touches), then every other one that explains words the chosen ones do not."""
    eligible = [s for s in scored if s.score >= MIN_SCORE]
    pool = [s for s in eligible if s.words] or [s for s in eligible if s.placed]
    if not pool:
        return []
    best = max(s.score for s in pool)
    chosen = [s for s in pool if s.score >= best - TIE_MARGIN]
    covered = frozenset().union(*(s.words for s in chosen))
    for s in sorted(scored, key=lambda s: -s.score):
        if s not in chosen and s.words - covered:
            chosen.append(s)
            covered |= s.words
    return [(s.proposal, s.score) for s in chosen]


def _realised(proposal: ProposalEdit, hunks: Sequence[HunkEdit]) -> tuple[float, bool]:
    """How much of the proposal its hunks carried out, in [0, 1], and whether in full."""
    if proposal.action == ProposalAction.DELETE_PARAGRAPH:  # the paragraph survived
        wanted_removed, wanted_added = _tokens(proposal.target_text), Counter[str]()
    else:
        find = _tokens(proposal.find) if proposal.action != ProposalAction.INSERT else Counter()
        text = _tokens(proposal.text) if proposal.action != ProposalAction.DELETE else Counter()
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
    full = realised == 1.0 and extra == 0 and proposal.action != ProposalAction.DELETE_PARAGRAPH
    return realised, full


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
