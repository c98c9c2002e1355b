"""How alike two paragraphs are, for the aligner: normal form, tokens, shingles, candidates.

- **Wording** (`wording`): the text without the closing punctuation mark a paragraph's place
  dictates (a preambular paragraph ends with a comma, an operative one with a semicolon, the
  last with a full stop, a paragraph introducing sub-paragraphs with a colon; Chinese full-width
  and Arabic marks too). Moving an operative paragraph to the end changes its ";" to "." and
  nothing a negotiator would call a change: equal wording is `unchanged`.
- **Normal form** (`normalise_text`): the wording casefolded, runs of whitespace collapsed to
  one space. Two paragraphs with the same normal form are an exact match.
- **Tokens**: `app.core.script.word_tokens`, casefolded words without punctuation, each
  Chinese or Japanese character a word, so text without spaces is tokenised as finely as English.
- **Shingles** (`shingle`): the set of pairs of consecutive tokens (word bigrams), or the set of
  single tokens when a paragraph has fewer than two, each kept as its hash (an int hashes to
  itself, so set intersections never rehash; a collision, about 2^-60 per pair, could at worst
  nudge one similarity). One changed word removes at most two shingles, so edits cost little
  while word order still counts.
- **Ratio** (`text_ratio`): rapidfuzz's `fuzz.ratio` / 100, the character-level Indel
  similarity 2·LCS / (|a| + |b|), bit-parallel in C but O(|a|·|b|/64); so only for pairs whose
  length product is at most `LONG_PAIR`. Longer pairs are scored by the Dice of their shingles,
  linear in their length: for paragraphs that long one changed word moves either score by
  under 1%, so the aligner's thresholds mean the same on both.
- **Overlap**: with A the base and B the new shingle set and I = |A ∩ B|, `dice` = 2I/(|A|+|B|)
  is their likeness in [0, 1]; I/|A| is how much of A lies inside B (see `regrouping`).
- **Candidates** (`ShingleIndex`): an inverted index from shingle to the base paragraphs that
  hold it. Boilerplate shingles ("of the") sit in most paragraphs; only *rare* ones, held by at
  most `RARE_DF` base paragraphs, vote for candidates, so a look-up costs O(|B| · RARE_DF)
  instead of O(|B| · n). A paragraph whose shingles are all boilerplate gets no candidate from
  the index (the aligner still compares it with its neighbours, see `candidates`).

Complexity: tokenising and shingling are linear in the text, and so is `text_ratio` beyond
`LONG_PAIR`; building the index is linear in
the total number of shingles; `candidates` is O(|B| · RARE_DF + k log k).
"""

from __future__ import annotations

import heapq
from collections import Counter
from collections.abc import Iterable
from itertools import chain, pairwise

from rapidfuzz import fuzz

from app.core.script import word_tokens

Shingles = frozenset[int]

# Closing marks: comma, semicolon, full stop, colon; full-width and Arabic forms.
_CLOSING = ",;.:\uff0c\uff1b\u3002\uff1a\u060c\u061b"

# Largest |a|·|b| (characters squared) scored by the character ratio; longer pairs by shingle
# Dice. Unit: characters²; range 10^6-10^8. 4·10^6 is two 2,000-character paragraphs (about
# 0.1 ms); UN paragraphs rarely pass 1,500 characters.
LONG_PAIR = 4_000_000
# A shingle held by more than this many base paragraphs does not vote for candidates.
# Unit: paragraphs; range 2-50. Lower is faster; too low loses paragraphs made of stock phrases.
RARE_DF = 6


def wording(text: str) -> str:
    """The text without surrounding whitespace and without its one closing punctuation mark."""
    text = text.strip()
    return text[:-1].rstrip() if text and text[-1] in _CLOSING else text


def normalise_text(text: str) -> str:
    """The paragraph's normal form: its wording casefolded, whitespace runs collapsed."""
    return " ".join(wording(text).casefold().split())


def shingle(text: str) -> Shingles:
    """The set of word bigrams of `text` (single tokens when it has fewer than two)."""
    tokens = word_tokens(text)
    if len(tokens) < 2:
        return frozenset(map(hash, tokens))
    return frozenset(map(hash, pairwise(tokens)))


def shingle_order(text: str) -> list[int]:
    """The shingles of `text` in the order they occur (repeats kept), as `shingle` hashes them."""
    tokens = word_tokens(text)
    if len(tokens) < 2:
        return list(map(hash, tokens))
    return list(map(hash, pairwise(tokens)))


def text_ratio(a: str, b: str) -> float:
    """How alike two texts are, in [0, 1]: character ratio, or shingle Dice for long pairs."""
    if len(a) * len(b) <= LONG_PAIR:
        return fuzz.ratio(a, b) / 100
    sa, sb = shingle(a), shingle(b)
    return dice(sa, sb, len(sa & sb))


def dice(a: Shingles, b: Shingles, common: int) -> float:
    """Dice coefficient 2|A∩B| / (|A|+|B|) given |A∩B|, in [0, 1] (1.0 for two empty sets)."""
    total = len(a) + len(b)
    return 2.0 * common / total if total else 1.0


def paragraph_similarity(a: str, b: str) -> float:
    """Likeness of two paragraphs' wording in [0, 1]: 1.0 for the same normal form."""
    if normalise_text(a) == normalise_text(b):
        return 1.0
    sa, sb = shingle(normalise_text(a)), shingle(normalise_text(b))
    return dice(sa, sb, len(sa & sb))


class ShingleIndex:
    """Inverted index from rare shingles to the base paragraphs that hold them."""

    __slots__ = ("_postings",)

    def __init__(self, shingles: Iterable[tuple[int, Shingles]]) -> None:
        """Index each (paragraph index, shingle set); only rare shingles are kept."""
        postings: dict[int, list[int]] = {}
        for i, s in shingles:
            for sh in s:
                postings.setdefault(sh, []).append(i)
        self._postings = {sh: ids for sh, ids in postings.items() if len(ids) <= RARE_DF}

    def candidates(self, shingles: Shingles, limit: int) -> list[int]:
        """Up to `limit` base paragraphs sharing the most rare shingles, best first."""
        votes = Counter(chain.from_iterable(filter(None, map(self._postings.get, shingles))))
        return [i for i, _ in heapq.nsmallest(limit, votes.items(), key=_most_votes_first)]


def _most_votes_first(entry: tuple[int, int]) -> tuple[int, int]:
    return -entry[1], entry[0]
