"""Paragraph lineage across two drafts: which base paragraph(s) each new paragraph continues.

`align_paragraphs(old, new)` returns an `Alignment` whose steps cover every base and every new
paragraph exactly once, ordered by the new document (a deleted paragraph comes right after the
step of the base paragraph before it). Only `text` is compared, never `label` or `number`, so
renumbering alone is `unchanged`; so is a change of the closing mark alone (";" becoming "."
when an operative paragraph becomes the last: see `similarity.wording`).

Paragraphs align within their family: titles with titles, `other` paragraphs with `other`
ones, and preambular, operative and sub-paragraphs together (a preambular paragraph may become
operative). In each family:

1. **Exact matches.** Identical text, then identical normal form (`similarity.normalise_text`).
   A text that occurs once on each side is paired at once; repeated texts are paired by
   nearness to the position the unique pairs predict.
2. **Candidates.** For what is left, each new paragraph gets the base paragraphs sharing most
   rare word shingles (`similarity.ShingleIndex`, up to `INDEX_CANDIDATES`) plus the
   `WINDOW` unmatched base paragraphs nearest its expected position; when both sides are small
   (at most `EXHAUSTIVE_PAIRS` pairs) every pair is a candidate. Each candidate pair gets its
   shingle overlap.
3. **Splits and merges** (`regrouping.find_regroupings`): one side's paragraph is covered by
   several pieces of the other side, each piece lying mostly inside it.
4. **One-to-one matches.** Greedy on Dice similarity, best first, among pairs with Dice at least
   `MATCH_MIN`; a pair consistent with document order (between its neighbouring anchors) gets
   `ORDER_BONUS`, so near-ties resolve in favour of the order without hiding moves.
5. A lone unmatched title on each side is paired whatever its similarity (a changed title).

**Moves.** Among all one-to-one pairs (sorted by new index) the longest increasing
subsequence of base indices stays in place; every other pair is `moved`. Split and merged
steps are reported as such.

Complexity: with n paragraphs and W words, exact matching and the normal forms are O(W);
shingling the unmatched rest is linear in its words; candidate scoring is
O(m · (INDEX_CANDIDATES + 2·WINDOW)) set intersections for m unmatched new paragraphs; the
greedy sort and the LIS are O(p log p) in the number of pairs. Deterministic: every choice is
broken by index.
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence
from dataclasses import dataclass, field

from app.core.model import Alignment, ChangeKind, Paragraph, ParagraphKind, Step
from app.core.regrouping import Overlaps, find_regroupings
from app.core.similarity import ShingleIndex, Shingles, dice, normalise_text, shingle, wording

# Dice similarity (of word-bigram sets) a one-to-one match in document order needs, and one
# that moves. Unit: Dice; ranges 0.25-0.5 and MATCH_MIN-0.8. Unrelated paragraphs built from
# the same stock phrases reach about 0.4 at most; edited ones rarely fall below 0.4.
MATCH_MIN = 0.3
MOVE_MIN = 0.5
# Added to a pair's Dice when it keeps document order. Unit: Dice; range 0-0.1.
ORDER_BONUS = 0.05
# Candidates per new paragraph from the rare-shingle index. Unit: paragraphs; range 3-30.
INDEX_CANDIDATES = 8
# In a long gap, the unmatched base paragraphs on each side of a new paragraph's expected
# position that are its gap candidates. Unit: paragraphs; range 1-10.
WINDOW = 3
# Dice with a paragraph of its own gap that spares a new paragraph the global search.
# Unit: Dice; range 0.4-0.9 (higher: slower, more moves and splits found).
SURE_MATCH = 0.5
# Below this many (stray new × free base) pairs, the global search compares every pair.
# Unit: pairs; range 0-10,000.
EXHAUSTIVE_PAIRS = 1000


@dataclass(slots=True)
class _Links:
    """The links found so far: one-to-one pairs, splits and merges."""

    pairs: dict[int, int] = field(default_factory=dict)  # new index -> base index
    similarity: dict[int, float] = field(default_factory=dict)  # new index -> its pair's
    splits: list[tuple[int, tuple[int, ...], float]] = field(default_factory=list)
    merges: list[tuple[tuple[int, ...], int, float]] = field(default_factory=list)
    used_old: set[int] = field(default_factory=set)
    used_new: set[int] = field(default_factory=set)

    def pair(self, i: int, j: int, similarity: float) -> None:
        """Link base paragraph i and new paragraph j one to one."""
        self.pairs[j] = i
        self.similarity[j] = similarity
        self.used_old.add(i)
        self.used_new.add(j)


def _family(kind: ParagraphKind) -> str:
    if kind is ParagraphKind.TITLE:
        return "title"
    if kind is ParagraphKind.OTHER:
        return "other"
    return "body"


def align_paragraphs(old: Sequence[Paragraph], new: Sequence[Paragraph]) -> Alignment:
    """Align a new draft's paragraphs with its base draft's: lineage steps in new order."""
    links = _Links()
    words_old = [wording(p.text) for p in old]
    words_new = [wording(p.text) for p in new]
    family_old = [_family(p.kind) for p in old]
    family_new = [_family(p.kind) for p in new]
    for family in ("title", "body", "other"):
        olds = [i for i, f in enumerate(family_old) if f == family]
        news = [j for j, f in enumerate(family_new) if f == family]
        if olds and news:
            _link_family(old, new, olds, news, (words_old, words_new), links)
            if family == "title":
                _pair_lone_titles(old, new, olds, news, links)
    return _steps(words_old, words_new, links)


def _link_family(
    old: Sequence[Paragraph],
    new: Sequence[Paragraph],
    olds: list[int],
    news: list[int],
    words: tuple[list[str], list[str]],
    links: _Links,
) -> None:
    _match_equal(olds, news, words[0], words[1], links)
    olds = [i for i in olds if i not in links.used_old]
    news = [j for j in news if j not in links.used_new]
    if olds and news:
        norm_old = {i: normalise_text(words[0][i]) for i in olds}
        norm_new = {j: normalise_text(words[1][j]) for j in news}
        _match_equal(olds, news, norm_old, norm_new, links)
        olds = [i for i in olds if i not in links.used_old]
        news = [j for j in news if j not in links.used_new]
    if not olds or not news:
        return
    anchors = _anchors(links)
    sh_old = {i: shingle(old[i].text) for i in olds}
    sh_new = {j: shingle(new[j].text) for j in news}
    overlaps = _candidate_overlaps(olds, news, sh_old, sh_new, anchors)

    def keeps_order(i: int, j: int) -> bool:
        return _in_order(anchors, i, j)

    for regrouping in find_regroupings(sh_old, sh_new, overlaps, keeps_order):
        if regrouping.kind is ChangeKind.SPLIT:
            (i,) = regrouping.old
            links.splits.append((i, regrouping.new, regrouping.similarity))
        else:
            (j,) = regrouping.new
            links.merges.append((regrouping.old, j, regrouping.similarity))
        links.used_old.update(regrouping.old)
        links.used_new.update(regrouping.new)
    _match_greedy(sh_old, sh_new, overlaps, anchors, links)


def _match_equal(
    olds: list[int],
    news: list[int],
    old_keys: Sequence[str] | dict[int, str],
    new_keys: Sequence[str] | dict[int, str],
    links: _Links,
) -> None:
    """Pair paragraphs with equal keys: unique keys at once, repeated ones by position."""
    by_key: dict[str, list[int]] = {}
    for i in olds:
        by_key.setdefault(old_keys[i], []).append(i)
    new_by_key: dict[str, list[int]] = {}
    for j in news:
        if new_keys[j] in by_key:  # only keys present on both sides matter
            new_by_key.setdefault(new_keys[j], []).append(j)
    repeated: list[tuple[list[int], list[int]]] = []
    for key, js in new_by_key.items():
        is_ = by_key[key]
        if len(is_) == 1 and len(js) == 1:
            links.pair(is_[0], js[0], 1.0)
        else:
            repeated.append((is_, js))
    if not repeated:
        return
    anchors = _anchors(links)
    for is_, js in repeated:
        expected = {j: _expected_old(anchors, j) for j in js}
        by_distance = sorted((abs(i - expected[j]), j, i) for j in js for i in is_)
        for _, j, i in by_distance:
            if i not in links.used_old and j not in links.used_new:
                links.pair(i, j, 1.0)


def _anchors(links: _Links) -> list[tuple[int, int]]:
    """The one-to-one pairs that keep document order, as (new, base) sorted by new."""
    pairs = sorted(links.pairs.items())
    keep = _increasing(pairs)
    return [pairs[k] for k in keep]


def _expected_old(anchors: list[tuple[int, int]], j: int) -> int:
    """Where new paragraph j's base would sit if it kept its place after the last anchor."""
    k = bisect.bisect_left(anchors, (j, -1)) - 1
    if k < 0:
        return j - (anchors[0][0] - anchors[0][1]) if anchors else j
    new_a, old_a = anchors[k]
    return old_a + (j - new_a)


def _in_order(anchors: list[tuple[int, int]], i: int, j: int) -> bool:
    """Whether pairing base i with new j fits between j's neighbouring anchors."""
    k = bisect.bisect_left(anchors, (j, -1))
    lo = anchors[k - 1][1] if k > 0 else -1
    hi = anchors[k][1] if k < len(anchors) else 1 << 62
    return lo < i < hi


def _candidate_overlaps(
    olds: list[int],
    news: list[int],
    sh_old: dict[int, Shingles],
    sh_new: dict[int, Shingles],
    anchors: list[tuple[int, int]],
) -> Overlaps:
    """Shared shingle counts and Dice for the candidate (base, new) pairs that share any.

    First within each gap between anchors (where an edited paragraph, a split's pieces and a
    merge's parts stay); then every new paragraph without a sure partner there (Dice at least
    `SURE_MATCH`) is compared with every base paragraph without one either (moved, deleted),
    or only with the best of them by rare shingles when that would be too many pairs.
    """
    overlaps: Overlaps = {}

    def score(i: int, j: int) -> float:
        if (i, j) in overlaps:
            return overlaps[i, j][1]
        a, b = sh_old[i], sh_new[j]
        common = len(a & b)
        d = 2.0 * common / (len(a) + len(b)) if common else 0.0
        if common:
            overlaps[i, j] = (common, d)
        return d

    anchor_olds = [i for _, i in anchors]
    gap_olds: dict[int, list[int]] = {}
    for i in olds:
        gap_olds.setdefault(bisect.bisect_left(anchor_olds, i), []).append(i)
    strays = []
    sure_olds = set()
    for j in news:
        in_gap = gap_olds.get(bisect.bisect_left(anchors, (j, -1)), [])
        if len(in_gap) > 2 * WINDOW:
            at = bisect.bisect_left(in_gap, _expected_old(anchors, j))
            in_gap = in_gap[max(0, at - WINDOW) : at + WINDOW]
        sure = [i for i in in_gap if score(i, j) >= SURE_MATCH]
        if sure:
            sure_olds.update(sure)
        else:
            strays.append(j)
    stray_olds = [i for i in olds if i not in sure_olds]
    if len(strays) * len(stray_olds) <= EXHAUSTIVE_PAIRS:
        for j in strays:
            for i in stray_olds:
                score(i, j)
        return overlaps
    index = ShingleIndex((i, sh_old[i]) for i in stray_olds)
    for j in strays:
        for i in index.candidates(sh_new[j], INDEX_CANDIDATES):
            score(i, j)
    return overlaps


def _match_greedy(
    sh_old: dict[int, Shingles],
    sh_new: dict[int, Shingles],
    overlaps: Overlaps,
    anchors: list[tuple[int, int]],
    links: _Links,
) -> None:
    """Pair the most similar free paragraphs first, preferring pairs that keep order."""
    ranked = []
    for (i, j), (_, d) in overlaps.items():
        if d >= MATCH_MIN and i not in links.used_old and j not in links.used_new:
            if _in_order(anchors, i, j):
                ranked.append((-(d + ORDER_BONUS), j, i, d))
            elif d >= MOVE_MIN:
                ranked.append((-d, j, i, d))
    ranked.sort()
    for _, j, i, d in ranked:
        if i not in links.used_old and j not in links.used_new:
            links.pair(i, j, d)


def _pair_lone_titles(
    old: Sequence[Paragraph],
    new: Sequence[Paragraph],
    olds: list[int],
    news: list[int],
    links: _Links,
) -> None:
    free_old = [i for i in olds if i not in links.used_old]
    free_new = [j for j in news if j not in links.used_new]
    if len(free_old) == 1 and len(free_new) == 1:
        i, j = free_old[0], free_new[0]
        a, b = shingle(old[i].text), shingle(new[j].text)
        links.pair(i, j, dice(a, b, len(a & b)))


def _increasing(pairs: Sequence[tuple[int, int]]) -> list[int]:
    """Positions of a longest run of `pairs` whose second items strictly increase (O(p log p))."""
    tails: list[int] = []  # tails[L] = second item ending the best run of length L+1
    tail_at: list[int] = []  # position in `pairs` of that item
    before = [-1] * len(pairs)
    for k, (_, value) in enumerate(pairs):
        at = bisect.bisect_left(tails, value)
        if at == len(tails):
            tails.append(value)
            tail_at.append(k)
        else:
            tails[at] = value
            tail_at[at] = k
        before[k] = tail_at[at - 1] if at else -1
    run: list[int] = []
    k = tail_at[-1] if tail_at else -1
    while k >= 0:
        run.append(k)
        k = before[k]
    return run[::-1]


def _steps(old: list[str], new: list[str], links: _Links) -> Alignment:
    """Assemble the steps in new-document order, deleted ones after their base predecessor."""
    pairs = sorted(links.pairs.items())
    in_place = {pairs[k][0] for k in _increasing(pairs)}
    steps: list[Step] = []
    for j, i in pairs:
        moved = j not in in_place
        same = old[i] == new[j]
        if moved:
            kind = ChangeKind.MOVED
        else:
            kind = ChangeKind.UNCHANGED if same else ChangeKind.MODIFIED
        steps.append(Step(kind, (i,), (j,), moved, not same, links.similarity[j]))
    for i, js, sim in links.splits:
        steps.append(Step(ChangeKind.SPLIT, (i,), tuple(sorted(js)), False, True, sim))
    for is_, j, sim in links.merges:
        steps.append(Step(ChangeKind.MERGED, tuple(sorted(is_)), (j,), False, True, sim))
    for j in range(len(new)):
        if j not in links.used_new:
            steps.append(Step(ChangeKind.ADDED, (), (j,), False, False, 0.0))
    position = {}
    for step in steps:
        for i in step.old:
            position[i] = (step.new[0], 0, 0)
    ordered = [((step.new[0], 0, 0), step) for step in steps]
    anchor = (-1, 0, 0)
    for i in range(len(old)):
        if i in position:
            anchor = position[i]
        else:
            key = (anchor[0], 1, i)
            ordered.append((key, Step(ChangeKind.DELETED, (i,), (), False, False, 0.0)))
    ordered.sort(key=lambda entry: entry[0])
    return Alignment(tuple(step for _, step in ordered))
