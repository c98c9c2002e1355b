"""Which (base, new) paragraph pairs the aligner scores, and their scores.

Two scores, both in [0, 1]:

- **ratio**: rapidfuzz's `fuzz.ratio` of the normal forms / 100, the character-level Indel
  similarity 2·LCS / (|a| + |b|); bit-parallel C, about 1 µs for two 100-word paragraphs, any
  script. It costs O(|a|·|b|/64), so a pair longer than `similarity.LONG_PAIR` is scored by
  its shingle Dice instead (linear, the shingles built once per paragraph).
- **Dice** of word-bigram sets (`similarity`): dearer (the shingles must be built) but it also
  measures how much of one paragraph lies inside another, which splits and merges need.

Stages, for the paragraphs left after the exact matches:

1. **Gaps.** Each new paragraph is compared by ratio with the base paragraphs of its gap (see
   `ordering`; in a long gap, the `WINDOW` nearest its expected position on each side). A pair
   reaching `SURE_RATIO` is *sure*. Most edited paragraphs end here and are never shingled.
2. **Strays** are the paragraphs, new or base, in no sure pair. Every gap holding a stray is
   scored again pair by pair with shingles, so a split's small piece meets its whole even when
   the big piece was sure, and a merge's second part meets the merged paragraph.
3. **Global.** Each stray new paragraph is compared with each stray base paragraph (a moved and
   edited paragraph is a stray on both sides), or, when that is more than `EXHAUSTIVE_PAIRS`
   pairs, with the `INDEX_CANDIDATES` sharing most rare shingles (`similarity.ShingleIndex`).

Complexity: stage 1 is O(m · 2·WINDOW) ratio calls for m unmatched new paragraphs, each
O(min(|a|·|b|/64, |a| + |b|)); stages 2 and 3 shingle only strays and their gap mates, and
score O(strays · (2·WINDOW + INDEX_CANDIDATES)) pairs, or at most EXHAUSTIVE_PAIRS.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field

from rapidfuzz import fuzz

from app.core.ordering import expected_old, gap_of_new, gap_of_old
from app.core.regrouping import Overlaps
from app.core.similarity import LONG_PAIR, ShingleIndex, Shingles, dice, shingle

# Character ratio that makes a pair in the same gap sure without shingles. Unit: ratio;
# range 0.7-0.95. Unrelated neighbours built from stock phrases reach about 0.6; edited
# paragraphs rarely fall below 0.65, and those between 0.65 and this go through shingles.
SURE_RATIO = 0.8
# In a long gap, base paragraphs on each side of a new paragraph's expected position that
# are compared with it. Unit: paragraphs; range 1-10.
WINDOW = 3
# Candidates per stray new paragraph from the rare-shingle index. Unit: paragraphs; range 3-30.
INDEX_CANDIDATES = 8
# Largest (stray new x stray base) product compared pair by pair, without the index.
# Unit: pairs; range 0-10,000.
EXHAUSTIVE_PAIRS = 300


@dataclass(slots=True)
class Candidates:
    """Scored pairs: `overlaps` by shingles, `sure` (ratio) for in-gap pairs not shingled."""

    norm_old: dict[int, str]
    norm_new: dict[int, str]
    overlaps: Overlaps = field(default_factory=dict)
    sure: dict[tuple[int, int], float] = field(default_factory=dict)
    sh_old: dict[int, Shingles] = field(default_factory=dict)
    sh_new: dict[int, Shingles] = field(default_factory=dict)

    def shingles_old(self, i: int) -> Shingles:
        """Base paragraph i's shingles, built on first use."""
        s = self.sh_old.get(i)
        if s is None:
            s = self.sh_old[i] = shingle(self.norm_old[i])
        return s

    def shingles_new(self, j: int) -> Shingles:
        """New paragraph j's shingles, built on first use."""
        s = self.sh_new.get(j)
        if s is None:
            s = self.sh_new[j] = shingle(self.norm_new[j])
        return s

    def ratio(self, i: int, j: int, cutoff: float) -> float:
        """Pair (i, j)'s ratio (shingle Dice when long), or 0.0 when under `cutoff`."""
        a, b = self.norm_old[i], self.norm_new[j]
        if len(a) * len(b) <= LONG_PAIR:
            return fuzz.ratio(a, b, score_cutoff=cutoff * 100) / 100
        sa, sb = self.shingles_old(i), self.shingles_new(j)
        score = dice(sa, sb, len(sa & sb))
        return score if score >= cutoff else 0.0

    def overlap(self, i: int, j: int) -> None:
        """Score the pair (i, j) by shingles, once; pairs sharing none are not kept."""
        if (i, j) in self.overlaps:
            return
        a, b = self.shingles_old(i), self.shingles_new(j)
        common = len(a & b)
        if common:
            self.overlaps[i, j] = (common, 2.0 * common / (len(a) + len(b)))


def find_candidates(
    norm_old: dict[int, str], norm_new: dict[int, str], anchors: list[tuple[int, int]]
) -> Candidates:
    """Score the pairs worth scoring among unmatched paragraphs (given by their normal forms)."""
    found = Candidates(norm_old, norm_new)
    anchor_olds = [i for _, i in anchors]
    gap_olds: dict[int, list[int]] = {}
    for i in sorted(norm_old):
        gap_olds.setdefault(gap_of_old(anchor_olds, i), []).append(i)
    gap_news: dict[int, list[int]] = {}
    for j in sorted(norm_new):
        gap_news.setdefault(gap_of_new(anchors, j), []).append(j)

    def mates(j: int, in_gap: list[int]) -> list[int]:
        if len(in_gap) <= 2 * WINDOW:
            return in_gap
        at = bisect.bisect_left(in_gap, expected_old(anchors, j))
        return in_gap[max(0, at - WINDOW) : at + WINDOW]

    ratios: dict[tuple[int, int], float] = {}
    for k, js in gap_news.items():
        in_gap = gap_olds.get(k, [])
        for j in js:
            for i in mates(j, in_gap):
                r = found.ratio(i, j, SURE_RATIO)
                if r:
                    ratios[i, j] = r
    sure_old = {i for i, _ in ratios}
    sure_new = {j for _, j in ratios}
    stray_olds = [i for i in sorted(norm_old) if i not in sure_old]
    stray_news = [j for j in sorted(norm_new) if j not in sure_new]
    stray_gaps = {gap_of_old(anchor_olds, i) for i in stray_olds}
    stray_gaps.update(gap_of_new(anchors, j) for j in stray_news)
    for k in sorted(stray_gaps):
        in_gap = gap_olds.get(k, [])
        for j in gap_news.get(k, []):
            for i in mates(j, in_gap):
                found.overlap(i, j)
    if len(stray_news) * len(stray_olds) <= EXHAUSTIVE_PAIRS:
        for j in stray_news:
            for i in stray_olds:
                found.overlap(i, j)
    else:
        index = ShingleIndex((i, found.shingles_old(i)) for i in stray_olds)
        for j in stray_news:
            for i in index.candidates(found.shingles_new(j), INDEX_CANDIDATES):
                found.overlap(i, j)
    found.sure = {pair: r for pair, r in ratios.items() if pair not in found.overlaps}
    return found
