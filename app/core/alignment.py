"""Paragraph lineage across two drafts: which base paragraph(s) each new paragraph continues.

`align_paragraphs(old, new)` returns an `Alignment` whose steps hold every base and every new
paragraph exactly once, ordered by the new document (a deleted paragraph comes right after the
step of the base paragraph before it). Only `text` is compared, never `label` or `number`, so
renumbering alone is `unchanged`; so is a change of the closing mark alone (";" becoming "."
when an operative paragraph becomes the last: see `similarity.wording`).

Paragraphs align within their family: titles with titles, `other` paragraphs with `other`
ones, and preambular, operative and sub-paragraphs together (a preambular paragraph may become
operative). In each family:

1. **Exact matches.** Identical text, then identical normal form (`similarity.normalise_text`).
   A text found once on each side is paired at once; repeated texts are paired nearest first
   to the positions the unique pairs predict (in document order beyond `REPEATED_PAIRS`).
2. **Candidates** (`candidates.find_candidates`): in-gap pairs by character ratio, shingle
   overlaps for the paragraphs without a sure partner, and a global search for moves.
3. **Splits and merges** (`regrouping.find_regroupings`): a paragraph covered by several pieces
   on the other side, each lying mostly inside it; after step 4, a pair whose unmatched
   neighbour is the other piece of a merge or split edited in the same round
   (`_regroup_neighbours`).
4. **One-to-one matches**, greedy, best score first: a pair in document order (between its
   anchors, see `ordering`) needs Dice ≥ `MATCH_MIN` (or a sure ratio) and gets `ORDER_BONUS`,
   so near-ties resolve in favour of the order; a pair out of order (a move) needs Dice ≥
   `MOVE_MIN`.
5. A lone unmatched title on each side is paired whatever its similarity (a changed title).

**Moves.** Of all one-to-one pairs sorted by new index, a longest run of increasing base
indices stays in place (counting paragraphs first and sub-paragraphs only to break ties, so a
paragraph moved with its sub-paragraphs is what moved); every other pair is `moved` (and
`modified` when its wording changed).
Split and merged steps are reported as such. `Step.similarity` is the character ratio of the
normal forms (joined by a space for splits and merges; shingle Dice for very long ones, see
`similarity.text_ratio`): 1.0 for an exact match.

Complexity: with W words in all, the exact passes are O(W); the rest is bounded by the
candidate stages (see `candidates`) plus O(p log p) for sorting p scored pairs and the longest
increasing run. Deterministic: every tie is broken by paragraph index.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from enum import Enum, auto

from app.core.candidates import Candidates, find_candidates
from app.core.model import Alignment, Paragraph, Step
from app.core.ordering import anchors_of, expected_old, heaviest_increasing, in_order, increasing
from app.core.regrouping import find_regroupings
from app.core.similarity import Shingles, normalise_text, shingle_order, text_ratio, wording
from app.core.vocabulary import ChangeKind, ParagraphKind

# Dice (of word-bigram sets) a one-to-one pair in document order needs, and one that moves.
# Unit: Dice; ranges 0.25-0.5 and MATCH_MIN-0.8. Unrelated paragraphs built from the same
# stock phrases reach about 0.4 at most; edited ones rarely fall below 0.4.
MATCH_MIN = 0.3
MOVE_MIN = 0.5
# Largest (base x new) count of one repeated text paired nearest first; above it, in order.
# Unit: pairs; range 100-100,000.
REPEATED_PAIRS = 10_000
# Added to a pair's score when it keeps document order. Unit: Dice; range 0-0.1.
ORDER_BONUS = 0.05
# Weight of a paragraph against a sub-paragraph when choosing what stayed in place: an
# operative paragraph moved with its four sub-paragraphs over four others is the one moved.
# Unit: sub-paragraphs; any number above the sub-paragraphs a draft can hold.
SUBPARAGRAPHS_PER_PARAGRAPH = 1 << 20
# A merge's (split's) piece next to the paired one, edited in the same round: share of its
# shingles inside the whole, and share of the whole the two pieces cover. Units: share;
# ranges 0.2-PIECE_NEAR and 0.4-WHOLE_COVERED (see `regrouping`).
NEIGHBOUR_INSIDE = 0.3
NEIGHBOUR_COVERED = 0.5
# Share of the whole's shingles the neighbour must add to the paired piece's. Unit: share;
# range 0.05-PIECE_GAIN: lower than for `regrouping`, since the neighbour sits right there.
NEIGHBOUR_GAIN = 0.1
# Shingles at each end of the whole, one of which the piece on that side must hold. Unit:
# word bigrams; range 2-10.
NEIGHBOUR_ENDS = 5


@dataclass(slots=True)
class _Links:
    """The links found so far: one-to-one pairs, splits and merges."""

    pairs: dict[int, int] = field(default_factory=dict)  # new index -> base index
    splits: list[tuple[int, tuple[int, ...]]] = field(default_factory=list)
    merges: list[tuple[tuple[int, ...], int]] = field(default_factory=list)
    used_old: set[int] = field(default_factory=set)
    used_new: set[int] = field(default_factory=set)
    norm_old: dict[int, str] = field(default_factory=dict)  # normal forms computed so far
    norm_new: dict[int, str] = field(default_factory=dict)

    def pair(self, i: int, j: int) -> None:
        """Link base paragraph i and new paragraph j one to one."""
        self.pairs[j] = i
        self.used_old.add(i)
        self.used_new.add(j)


class _Family(Enum):
    """Paragraphs align only within their family: titles, body paragraphs, other text."""

    TITLE = auto()
    BODY = auto()
    OTHER = auto()


def _family(kind: ParagraphKind) -> _Family:
    if kind is ParagraphKind.TITLE:
        return _Family.TITLE
    if kind is ParagraphKind.OTHER:
        return _Family.OTHER
    return _Family.BODY


def align_paragraphs(old: Sequence[Paragraph], new: Sequence[Paragraph]) -> Alignment:
    """Align a new draft's paragraphs with its base draft's: lineage steps in new order."""
    links = _Links()
    family_old = [_family(p.kind) for p in old]
    family_new = [_family(p.kind) for p in new]
    for family in _Family:
        olds = [i for i, f in enumerate(family_old) if f == family]
        news = [j for j, f in enumerate(family_new) if f == family]
        if olds and news:
            _link_family(old, new, olds, news, links)
            if family is _Family.TITLE:
                _pair_lone_titles(olds, news, links)
    return _steps(old, new, links)


def _link_family(
    old: Sequence[Paragraph],
    new: Sequence[Paragraph],
    olds: list[int],
    news: list[int],
    links: _Links,
) -> None:
    _match_equal({i: old[i].text for i in olds}, {j: new[j].text for j in news}, links)
    norm_old = {i: normalise_text(old[i].text) for i in olds if i not in links.used_old}
    norm_new = {j: normalise_text(new[j].text) for j in news if j not in links.used_new}
    if not norm_old or not norm_new:
        return
    links.norm_old.update(norm_old)
    links.norm_new.update(norm_new)
    _match_equal(norm_old, norm_new, links)
    norm_old = {i: t for i, t in norm_old.items() if i not in links.used_old}
    norm_new = {j: t for j, t in norm_new.items() if j not in links.used_new}
    if not norm_old or not norm_new:
        return
    anchors = anchors_of(links.pairs)
    found = find_candidates(norm_old, norm_new, anchors)

    def keeps_order(i: int, j: int) -> bool:
        return in_order(anchors, i, j)

    for regrouping in find_regroupings(found.sh_old, found.sh_new, found.overlaps, keeps_order):
        if regrouping.kind is ChangeKind.SPLIT:
            links.splits.append((regrouping.old[0], regrouping.new))
        else:
            links.merges.append((regrouping.old, regrouping.new[0]))
        links.used_old.update(regrouping.old)
        links.used_new.update(regrouping.new)
    _match_greedy(found, anchors, links)
    _regroup_neighbours(found, links)


def _regroup_neighbours(found: Candidates, links: _Links) -> None:
    """Turn a one-to-one pair and an unmatched neighbour of one side into a merge or a split.

    A paragraph edited in the round it was merged (or split) often lies too little inside the
    whole for `find_regroupings`; the aligner then pairs the whole with the other piece and
    reports the edited one deleted (or added). When that neighbour, next to the paired piece
    on its side, lies at least `NEIGHBOUR_INSIDE` inside the whole, adds at least
    `NEIGHBOUR_GAIN` of the whole's shingles, and with the paired piece covers at least
    `NEIGHBOUR_COVERED` of it, the three are a merge (or a split) after all.
    """
    for j, i in sorted(links.pairs.items()):
        if i not in found.norm_old or j not in found.norm_new or links.pairs.get(j) != i:
            continue
        olds = [n for n in (i - 1, i + 1) if n in found.norm_old and n not in links.used_old]
        merged = (
            _neighbour(
                (found.norm_new[j], found.shingles_new(j)),
                (i, found.shingles_old(i)),
                olds,
                found.shingles_old,
            )
            if olds
            else None
        )
        if merged is not None:
            del links.pairs[j]
            links.merges.append((tuple(sorted((i, merged))), j))
            links.used_old.add(merged)
            continue
        news = [n for n in (j - 1, j + 1) if n in found.norm_new and n not in links.used_new]
        split = (
            _neighbour(
                (found.norm_old[i], found.shingles_old(i)),
                (j, found.shingles_new(j)),
                news,
                found.shingles_new,
            )
            if news
            else None
        )
        if split is not None:
            del links.pairs[j]
            links.splits.append((i, tuple(sorted((j, split)))))
            links.used_new.add(split)


def _neighbour(
    whole: tuple[str, Shingles],
    paired: tuple[int, Shingles],
    neighbours: list[int],
    shingles: Callable[[int], Shingles],
) -> int | None:
    """The neighbour that is the whole's other piece (see `_regroup_neighbours`), or None.

    `whole` is the whole's normal form and shingles, `paired` the paired piece's index and
    shingles. The pieces must cover the whole in their own order: the earlier piece holds one
    of the whole's first `NEIGHBOUR_ENDS` shingles, the later one one of its last.
    """
    text, whole_shingles = whole
    at, paired_shingles = paired
    if not whole_shingles:
        return None
    for n in neighbours:
        piece = shingles(n)
        inside = whole_shingles & piece
        if not piece or len(inside) < NEIGHBOUR_INSIDE * len(piece):
            continue
        if len(inside - paired_shingles) < NEIGHBOUR_GAIN * len(whole_shingles):
            continue
        if len(whole_shingles & (paired_shingles | piece)) < NEIGHBOUR_COVERED * len(
            whole_shingles
        ):
            continue
        order = shingle_order(text)
        first, last = (piece, paired_shingles) if n < at else (paired_shingles, piece)
        ends = NEIGHBOUR_ENDS
        if not first.isdisjoint(order[:ends]) and not last.isdisjoint(order[-ends:]):
            return n
    return None


def _match_equal(old_keys: dict[int, str], new_keys: dict[int, str], links: _Links) -> None:
    """Pair paragraphs with equal keys: unique keys at once, repeated ones nearest first."""
    by_key: dict[str, list[int]] = {}
    for i, key in old_keys.items():
        if i not in links.used_old:
            by_key.setdefault(key, []).append(i)
    new_by_key: dict[str, list[int]] = {}
    for j, key in new_keys.items():
        if key in by_key and j not in links.used_new:
            new_by_key.setdefault(key, []).append(j)
    repeated: list[tuple[list[int], list[int]]] = []
    for key, js in new_by_key.items():
        is_ = by_key[key]
        if len(is_) == 1 and len(js) == 1:
            links.pair(is_[0], js[0])
        else:
            repeated.append((is_, js))
    if not repeated:
        return
    anchors = anchors_of(links.pairs)
    for is_, js in repeated:
        if len(is_) * len(js) > REPEATED_PAIRS:  # e.g. hundreds of "[…]": in document order
            for i, j in zip(is_, js, strict=False):
                links.pair(i, j)
            continue
        expected = {j: expected_old(anchors, j) for j in js}
        for _, j, i in sorted((abs(i - expected[j]), j, i) for j in js for i in is_):
            if i not in links.used_old and j not in links.used_new:
                links.pair(i, j)


def _match_greedy(found: Candidates, anchors: list[tuple[int, int]], links: _Links) -> None:
    """Pair the best-scoring free paragraphs first, preferring pairs that keep order."""
    ranked = []
    for (i, j), (_, d) in found.overlaps.items():
        if i in links.used_old or j in links.used_new:
            continue
        if in_order(anchors, i, j):
            if d >= MATCH_MIN:
                ranked.append((-(d + ORDER_BONUS), j, i))
        elif d >= MOVE_MIN:
            ranked.append((-d, j, i))
    for (i, j), r in found.sure.items():  # in-gap pairs, so in order
        if i not in links.used_old and j not in links.used_new:
            ranked.append((-(r + ORDER_BONUS), j, i))
    ranked.sort()
    for _, j, i in ranked:
        if i not in links.used_old and j not in links.used_new:
            links.pair(i, j)


def _pair_lone_titles(olds: list[int], news: list[int], links: _Links) -> None:
    free_old = [i for i in olds if i not in links.used_old]
    free_new = [j for j in news if j not in links.used_new]
    if len(free_old) == 1 and len(free_new) == 1:
        links.pair(free_old[0], free_new[0])


def _similarity(
    old: Sequence[Paragraph],
    new: Sequence[Paragraph],
    links: _Links,
    is_: tuple[int, ...],
    js: tuple[int, ...],
) -> float:
    """`similarity.text_ratio` of the normal forms (joined by a space), in [0, 1]."""
    a = " ".join(links.norm_old.get(i) or normalise_text(old[i].text) for i in is_)
    b = " ".join(links.norm_new.get(j) or normalise_text(new[j].text) for j in js)
    return text_ratio(a, b)


def _steps(old: Sequence[Paragraph], new: Sequence[Paragraph], links: _Links) -> Alignment:
    """Assemble the steps in new-document order, deleted ones after their base predecessor."""
    pairs = sorted(links.pairs.items())
    if any(p.level for p in new):  # a paragraph outweighs any number of sub-paragraphs
        weights = [1 if new[j].level else SUBPARAGRAPHS_PER_PARAGRAPH for j, _ in pairs]
        in_place = {pairs[k][0] for k in heaviest_increasing(pairs, weights)}
    else:
        in_place = {pairs[k][0] for k in increasing(pairs)}
    ordered: list[tuple[tuple[int, int, int], Step]] = []
    placed: dict[int, int] = {}  # base index -> first new index of its step
    for j, i in pairs:
        a, b = old[i].text, new[j].text
        same = a == b or wording(a) == wording(b)
        similarity = 1.0 if same else _similarity(old, new, links, (i,), (j,))
        if j not in in_place:
            step = Step(ChangeKind.MOVED, (i,), (j,), True, not same, similarity)
        elif same:
            step = Step(ChangeKind.UNCHANGED, (i,), (j,), False, False, similarity)
        else:
            step = Step(ChangeKind.MODIFIED, (i,), (j,), False, True, similarity)
        ordered.append(((j, 0, 0), step))
        placed[i] = j
    for i, js in links.splits:
        js = tuple(sorted(js))
        step = Step(ChangeKind.SPLIT, (i,), js, False, True, _similarity(old, new, links, (i,), js))
        ordered.append(((js[0], 0, 0), step))
        placed[i] = js[0]
    for is_, j in links.merges:
        is_ = tuple(sorted(is_))
        step = Step(
            ChangeKind.MERGED, is_, (j,), False, True, _similarity(old, new, links, is_, (j,))
        )
        ordered.append(((j, 0, 0), step))
        placed.update((i, j) for i in is_)
    for j in range(len(new)):
        if j not in links.used_new:
            ordered.append(((j, 0, 0), Step(ChangeKind.ADDED, (), (j,), False, False, 0.0)))
    after = -1
    for i in range(len(old)):
        if i in placed:
            after = placed[i]
        else:
            step = Step(ChangeKind.DELETED, (i,), (), False, False, 0.0)
            ordered.append(((after, 1, i), step))
    ordered.sort(key=lambda entry: entry[0])
    return Alignment(tuple(step for _, step in ordered))
