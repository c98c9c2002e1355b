"""Document order for the aligner: longest increasing runs and the anchors they give.

An **anchor** list holds one-to-one (new index, base index) pairs sorted by new index whose base
indices increase too: the pairs that kept their place. The anchors cut both drafts into
**gaps** (between two consecutive anchors); a paragraph edited in place, a split's pieces and a
merge's parts sit in the gap their base paragraphs left. Anchor k's gap is the one before it;
gap `len(anchors)` runs to the end.
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence

_FAR = 1 << 62  # past any paragraph index


def increasing(pairs: Sequence[tuple[int, int]]) -> list[int]:
    """Positions of a longest run of `pairs` whose second items strictly increase.

    Patience sorting with back links: O(p log p) for p pairs; ties go to the earliest pairs,
    so the result is deterministic.
    """
    tails: list[int] = []  # tails[L]: smallest second item ending a run of length L + 1
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


def heaviest_increasing(pairs: Sequence[tuple[int, int]], weights: Sequence[int]) -> list[int]:
    """Positions of a run of `pairs` with strictly increasing second items of greatest weight.

    A Fenwick tree over the ranks of the second items keeps, for every prefix of values, the
    heaviest run ending there: O(p log p) for p pairs. Ties go to the earliest run found.
    """
    rank = {v: r for r, v in enumerate(sorted({v for _, v in pairs}), 1)}
    size = len(rank)
    tree_weight = [0] * (size + 1)
    tree_at = [-1] * (size + 1)
    total = [0] * len(pairs)
    before = [-1] * len(pairs)
    for k, (_, value) in enumerate(pairs):
        r = rank[value]
        best, best_at, x = 0, -1, r - 1
        while x > 0:
            if tree_weight[x] > best:
                best, best_at = tree_weight[x], tree_at[x]
            x -= x & -x
        total[k], before[k] = best + weights[k], best_at
        x = r
        while x <= size:
            if total[k] > tree_weight[x]:
                tree_weight[x], tree_at[x] = total[k], k
            x += x & -x
    run: list[int] = []
    k = max(range(len(pairs)), key=lambda k: (total[k], -k)) if pairs else -1
    while k >= 0:
        run.append(k)
        k = before[k]
    return run[::-1]


def anchors_of(pairs: dict[int, int]) -> list[tuple[int, int]]:
    """The pairs (new -> base) that keep document order, as (new, base) sorted by new."""
    ordered = sorted(pairs.items())
    return [ordered[k] for k in increasing(ordered)]


def gap_of_new(anchors: list[tuple[int, int]], j: int) -> int:
    """The gap new paragraph j sits in."""
    return bisect.bisect_left(anchors, (j, -1))


def gap_of_old(anchor_olds: list[int], i: int) -> int:
    """The gap base paragraph i sits in, given the anchors' base indices in order."""
    return bisect.bisect_left(anchor_olds, i)


def expected_old(anchors: list[tuple[int, int]], j: int) -> int:
    """Where new paragraph j's base would be if it kept its distance from the anchor before."""
    k = gap_of_new(anchors, j) - 1
    if k < 0:
        return j - (anchors[0][0] - anchors[0][1]) if anchors else j
    new_a, old_a = anchors[k]
    return old_a + (j - new_a)


def in_order(anchors: list[tuple[int, int]], i: int, j: int) -> bool:
    """Whether pairing base i with new j fits between j's neighbouring anchors."""
    k = gap_of_new(anchors, j)
    low = anchors[k - 1][1] if k > 0 else -1
    high = anchors[k][1] if k < len(anchors) else _FAR
    return low < i < high
