"""Splits and merges: one paragraph covered by several pieces on the other side.

A **split** is a base paragraph W (the whole) and new paragraphs P1..Pk (k ≥ 2, the pieces); a
**merge** is the mirror image, several base pieces in one new whole. With shingle sets (see
`similarity`) and I = |P ∩ W|, a regrouping is accepted when

- each piece lies inside the whole more than it resembles anything else: I / |P| is above the
  piece's best Dice with any other candidate, so an edited paragraph is never taken for a piece
  of something else;
- the pieces, taken by decreasing I, lie inside the whole: the first with I / |P| ≥
  `PIECE_INSIDE`; a later one either as much, or at least `PIECE_NEAR` when it sits within
  `NEAR` paragraphs of a piece already taken (a piece edited in the same round keeps its place
  next to its sibling, while shared stock phrases alone rarely reach even `PIECE_NEAR`);
- each piece adds at least `PIECE_GAIN` of W's shingles not covered by the pieces before it (a
  paragraph and its near copy are not a split), and all together cover at least
  `WHOLE_COVERED` of W.

Proposals that keep document order (the whole sits where its pieces are, see the aligner's
anchors) come first, then the best covered; one that reuses a paragraph already taken is
dropped. Only the candidate pairs scored by the aligner are looked at, so the cost is linear in
their number plus the set unions of each proposal's pieces.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from app.core.similarity import Shingles
from app.core.vocabulary import ChangeKind

Overlaps = dict[tuple[int, int], tuple[int, float]]
"""Per candidate (base index, new index): shared shingles |A∩B| and Dice; pairs sharing none are
left out."""

# Share of the first piece's shingles that must lie in the whole. Unit: share; range 0.5-0.95.
PIECE_INSIDE = 0.7
# Share of a later piece's shingles that must lie in the whole when it sits near a piece
# already taken. Unit: share; range 0.3-PIECE_INSIDE.
PIECE_NEAR = 0.45
# How near "near" is: index distance on the pieces' side. Unit: paragraphs; range 1-3.
NEAR = 2
# Share of the whole's shingles each piece must add to the pieces before it. Range 0.05-0.4.
PIECE_GAIN = 0.15
# Share of the whole's shingles the pieces must cover together. Unit: share; range 0.5-0.95.
WHOLE_COVERED = 0.7


@dataclass(frozen=True, slots=True)
class Regrouping:
    """A split (one base, several new) or a merge (several base, one new) and its coverage."""

    kind: ChangeKind
    old: tuple[int, ...]
    new: tuple[int, ...]
    similarity: float


_Piece = tuple[int, int]  # (shared shingles with the whole, index of the piece)


def find_regroupings(
    sh_old: dict[int, Shingles],
    sh_new: dict[int, Shingles],
    overlaps: Overlaps,
    in_order: Callable[[int, int], bool],
) -> list[Regrouping]:
    """The splits and merges among the candidate pairs, disjoint; `in_order(i, j)` ranks them."""
    best_old, best_new = _Best(), _Best()
    for (i, j), (_, d) in overlaps.items():
        best_old.offer(i, d, j)
        best_new.offer(j, d, i)
    pieces_of_old: dict[int, list[_Piece]] = {}
    pieces_of_new: dict[int, list[_Piece]] = {}
    for (i, j), (common, _) in overlaps.items():
        size_new, size_old = len(sh_new[j]), len(sh_old[i])
        if common >= PIECE_NEAR * size_new and common > best_new.elsewhere(j, i) * size_new:
            pieces_of_old.setdefault(i, []).append((common, j))
        if common >= PIECE_NEAR * size_old and common > best_old.elsewhere(i, j) * size_old:
            pieces_of_new.setdefault(j, []).append((common, i))
    ranked: list[tuple[bool, float, Regrouping]] = []
    for i, pieces in pieces_of_old.items():
        found = _cover_whole(sh_old[i], pieces, sh_new)
        if found:
            js, covered = found
            keeps_order = all(in_order(i, j) for j in js)
            ranked.append((keeps_order, covered, Regrouping(ChangeKind.SPLIT, (i,), js, covered)))
    for j, pieces in pieces_of_new.items():
        found = _cover_whole(sh_new[j], pieces, sh_old)
        if found:
            is_, covered = found
            keeps_order = all(in_order(i, j) for i in is_)
            ranked.append((keeps_order, covered, Regrouping(ChangeKind.MERGED, is_, (j,), covered)))
    ranked.sort(key=lambda r: (not r[0], -r[1], r[2].kind.value, r[2].old, r[2].new))
    taken_old: set[int] = set()
    taken_new: set[int] = set()
    accepted = []
    for _, _, r in ranked:
        if taken_old.isdisjoint(r.old) and taken_new.isdisjoint(r.new):
            accepted.append(r)
            taken_old.update(r.old)
            taken_new.update(r.new)
    return accepted


class _Best:
    """Per paragraph of one side: its best (Dice, partner) and its second-best Dice."""

    __slots__ = ("first", "second")

    def __init__(self) -> None:
        self.first: dict[int, tuple[float, int]] = {}
        self.second: dict[int, float] = {}

    def offer(self, key: int, d: float, partner: int) -> None:
        """Record that `key` resembles `partner` with Dice d."""
        best = self.first.get(key)
        if best is None or d > best[0]:
            if best is not None:
                self.second[key] = best[0]
            self.first[key] = (d, partner)
        elif d > self.second.get(key, 0.0):
            self.second[key] = d

    def elsewhere(self, key: int, partner: int) -> float:
        """The best Dice of `key` with any candidate other than `partner`."""
        d, best_partner = self.first[key]
        return self.second.get(key, 0.0) if best_partner == partner else d


def _cover_whole(
    whole: Shingles, pieces: list[_Piece], shingles: dict[int, Shingles]
) -> tuple[tuple[int, ...], float] | None:
    """The pieces that together cover the whole, and the share covered; None if they do not."""
    if len(pieces) < 2 or not whole:
        return None
    ordered = sorted(pieces, key=lambda p: (-p[0], p[1]))
    first = next((k for common, k in ordered if common >= PIECE_INSIDE * len(shingles[k])), None)
    if first is None:
        return None
    covered = set(whole & shingles[first])
    chosen = [first]
    for common, k in ordered:
        piece = shingles[k]
        if k == first or (
            common < PIECE_INSIDE * len(piece) and all(abs(k - c) > NEAR for c in chosen)
        ):
            continue
        gain = whole & piece
        if len(gain - covered) >= PIECE_GAIN * len(whole):
            covered |= gain
            chosen.append(k)
    if len(chosen) < 2 or len(covered) < WHOLE_COVERED * len(whole):
        return None
    return tuple(sorted(chosen)), len(covered) / len(whole)
