"""Word-level diff of two paragraph texts: tokens, diff-match-patch, semantic clean-up, hunks.

Tokens. The texts are cut by `app.core.script.diff_tokens`: words, whitespace runs and
punctuation, every character in exactly one token, each Chinese or Japanese character a token.

Diff. `diff_paragraph` maps each distinct token to one private code point (U+E000 upwards, so no
surrogate is ever used; room for 1,056,768 distinct tokens per pair) and diffs the mapped strings.
Only the changed middle is tokenised: see `_unchanged_ends`.

1. A shortest insert/delete script (a longest common subsequence of tokens) from rapidfuzz's
   `Indel.opcodes`: the common prefix and suffix are trimmed, then Hyyrö's bit-parallel LCS
   (Hyyrö 2004, "A Note on Bit-Parallel Alignment Computation") fills an N x M bit matrix, 64
   cells per machine word, and walks it back. Time O(N * M / 64), memory N * M / 8 bytes. It
   finds a script of the same (minimal) length as Myers's O(ND) algorithm (Myers 1986, "An
   O(ND) Difference Algorithm and Its Variations") that diff-match-patch's `diff_main` runs,
   but in C++: 0.06 ms instead of 115 ms for a 300-word paragraph rewritten heavily (see
   `tests/bench/bench_diffing.py`). Both are exact and deterministic.
2. diff-match-patch's `diff_cleanupSemantic` on the token level: an equality no longer than the
   edits on both sides of it is folded into them (so "encourages all" -> "urges every" is one
   change, not two around a lone space), overlaps between a deletion and an insertion become
   equalities, and each lone edit slides to the most readable token boundary, scored on the real
   tokens (edge of text, blank line, line break, after punctuation, at a space).
3. Map back: a replaced word reads as delete "encourages", insert "urges", never as letters.

Determinism and cost. Nothing depends on the clock (diff-match-patch's timeout is never used).
Beyond `MAX_TOKEN_PRODUCT` (changed middles, after trimming the common token prefix and suffix,
of more than about 10,000 x 10,000 tokens) the LCS bit matrix would be too large: the pair is
aligned instead by rapidfuzz's `Levenshtein.opcodes`, given the distance so that it can work in
a band around the diagonal (a substitution is shown as a deletion and an insertion), when it has
at most `MAX_LARGE_EDITS` token edits; otherwise its changed middle is shown as one replacement,
in linear time.

Ops and hunks. The ops rebuild both texts exactly (`Diff.old_text == old`, `Diff.new_text ==
new`), no op is empty, adjacent ops never share a kind, and inside a change the delete comes
before the insert. A hunk is a maximal run of non-equal ops (so one delete, one insert, or a
delete then an insert), numbered from 0 in text order.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterable, Iterator

from diff_match_patch import diff_match_patch
from rapidfuzz.distance import Indel, Levenshtein, Opcodes

from app.core.model import Diff, Hunk, Op
from app.core.script import count_words, diff_tokens, is_token_boundary, is_word
from app.core.vocabulary import DiffOpKind

MAX_TOKEN_PRODUCT = 100_000_000
"""Largest (old tokens) x (new tokens) product, after trimming, given an exact LCS.

Unit: token pairs; sensible range 10**6 .. 10**9 (memory is product / 8 bytes, time about
0.15 ms per million pairs). 10**8 is two 10,000-token middles, about 5,000 words each (13 MB,
~15 ms); real paragraphs (100-300 words, ~600 tokens) stay far below it.
"""

MAX_LARGE_EDITS = 2_000
"""Most token edits a pair beyond `MAX_TOKEN_PRODUCT` may have and still be diffed by word.

Unit: token insertions, deletions and substitutions (Levenshtein distance); sensible range
100 .. 10,000. The banded computation grows with (N + M) * MAX_LARGE_EDITS: two 70,000-token
texts 2,000 edits apart take about 85 ms and 5 MB. More edits than that in a text that long:
the changed middle is shown as one replacement.
"""

_BOUNDARY_WALK = 64  # characters; see `_unchanged_ends`
_ENDS = diff_match_patch()  # only its stateless common prefix and suffix searches are used

_FIRST_CODE_POINT = 0xE000  # start of the Private Use Area; everything above is past surrogates
_CODE_POINT_CAPACITY = sys.maxunicode + 1 - _FIRST_CODE_POINT

_EQUAL = diff_match_patch.DIFF_EQUAL
_INSERT = diff_match_patch.DIFF_INSERT
_DELETE = diff_match_patch.DIFF_DELETE
_OP_NAMES = {_EQUAL: DiffOpKind.EQUAL, _INSERT: DiffOpKind.INSERT, _DELETE: DiffOpKind.DELETE}


def words_changed(diff: Diff) -> tuple[int, int]:
    """Words inserted and words deleted by `diff`, in that order."""
    inserted = sum(count_words(op.text) for op in diff.ops if op.op == DiffOpKind.INSERT)
    deleted = sum(count_words(op.text) for op in diff.ops if op.op == DiffOpKind.DELETE)
    return inserted, deleted


def diff_paragraph(old: str, new: str) -> Diff:
    """The word-level diff from `old` to `new`: ops that rebuild both texts, and their hunks."""
    if old == new:
        return Diff(ops=(Op(DiffOpKind.EQUAL, old),) if old else (), hunks=())
    head, tail = _unchanged_ends(old, new)
    changed = _diff_tokens(
        diff_tokens(old[head : len(old) - tail]), diff_tokens(new[head : len(new) - tail])
    )
    return _number_hunks(
        [Op(DiffOpKind.EQUAL, old[:head]), *changed, Op(DiffOpKind.EQUAL, old[len(old) - tail :])]
    )


def _unchanged_ends(old: str, new: str) -> tuple[int, int]:
    """Lengths of the longest common head and tail that end on a token boundary in both texts.

    Only the changed middle is then tokenised and diffed, which matters when one word of a long
    paragraph changes. The ends are cut only where a token surely starts
    (`app.core.script.is_token_boundary`), so the middle tokenises as it would in place.
    The character-level common prefix and suffix are found by diff-match-patch's binary search;
    each is walked back to such a boundary, at most `_BOUNDARY_WALK` characters, else not
    trimmed. One difference from diffing whole texts: the first and last edit
    cannot slide into the trimmed ends when their boundaries are scored.
    """
    head = _snapped(old, new, _ENDS.diff_commonPrefix(old, new), lambda k: (k, k))
    tail = _snapped(
        old,
        new,
        _ENDS.diff_commonSuffix(old[head:], new[head:]),
        lambda k: (len(old) - k, len(new) - k),
    )
    return head, tail


def _snapped(old: str, new: str, length: int, positions: Callable[[int], tuple[int, int]]) -> int:
    """`length` walked down until `positions(length)` are token boundaries of old and new."""
    for walked in range(min(length, _BOUNDARY_WALK) + 1):
        at_old, at_new = positions(length - walked)
        if is_token_boundary(old, at_old) and is_token_boundary(new, at_new):
            return length - walked
    return 0


def _diff_tokens(old_tokens: list[str], new_tokens: list[str]) -> list[Op]:
    """The cleaned-up diff of two token lists, as ops (not yet normalised)."""
    if not old_tokens or not new_tokens:
        return [
            Op(DiffOpKind.DELETE, "".join(old_tokens)),
            Op(DiffOpKind.INSERT, "".join(new_tokens)),
        ]
    vocabulary = list(dict.fromkeys(old_tokens + new_tokens))
    if len(vocabulary) > _CODE_POINT_CAPACITY:
        return _replacement(old_tokens, new_tokens)
    codes = map(chr, range(_FIRST_CODE_POINT, sys.maxunicode + 1))
    code_of = dict(zip(vocabulary, codes, strict=False))  # strict=False: more codes than tokens
    token_of = dict(zip(code_of.values(), vocabulary, strict=True))
    old_codes = "".join(map(code_of.__getitem__, old_tokens))
    new_codes = "".join(map(code_of.__getitem__, new_tokens))
    differ = _TokenDiffer(token_of)
    prefix = differ.diff_commonPrefix(old_codes, new_codes)
    suffix = differ.diff_commonSuffix(old_codes[prefix:], new_codes[prefix:])
    if (len(old_codes) - prefix - suffix) * (len(new_codes) - prefix - suffix) <= MAX_TOKEN_PRODUCT:
        opcodes = Indel.opcodes(old_codes, new_codes)
    else:
        edits = Levenshtein.distance(old_codes, new_codes, score_cutoff=MAX_LARGE_EDITS)
        if edits > MAX_LARGE_EDITS:
            return _replacement(old_tokens, new_tokens)
        opcodes = Levenshtein.opcodes(old_codes, new_codes, score_hint=edits)
    diffs = _folded_small_equalities(opcodes, old_codes, new_codes)
    differ.diff_cleanupSemantic(diffs)
    return [Op(_OP_NAMES[kind], "".join(map(token_of.__getitem__, text))) for kind, text in diffs]


def _folded_small_equalities(
    opcodes: Opcodes, old_codes: str, new_codes: str
) -> list[tuple[int, str]]:
    """diff-match-patch diffs from opcodes, each equality dwarfed by both its changes folded.

    The rule is diff-match-patch's `diff_cleanupSemantic` first pass: an equality no longer than
    the larger side of the change before it and of the change after it becomes part of both
    sides of one change. That pass rewinds and inserts into a list, quadratic on a heavy
    rewrite (about 20 ms for 300 words); this one keeps a stack of changes and equalities and folds
    leftwards while the top equality qualifies, so each equality is folded at most once:
    linear. Invariant: no equality left on the stack qualifies against its final neighbours
    (a change only grows while it is on top), so diff-match-patch's pass then finds nothing.
    """
    # A change is [old_start, old_end, new_start, new_end]; the equality between two changes
    # is old_codes[left[1]:right[0]], so folding one is just moving the left change's ends.
    changes: list[list[int]] = [[0, 0, 0, 0]]
    for opcode in opcodes:
        i2, j2 = opcode.src_end, opcode.dest_end
        if opcode.tag == "equal":
            changes.append([i2, i2, j2, j2])
            continue
        changes[-1][1], changes[-1][3] = i2, j2
        while len(changes) > 1:
            left, right = changes[-2], changes[-1]
            size = right[0] - left[1]
            if size > max(left[1] - left[0], left[3] - left[2]):
                break
            if size > max(right[1] - right[0], right[3] - right[2]):
                break
            left[1], left[3] = right[1], right[3]
            changes.pop()
    diffs: list[tuple[int, str]] = []
    previous_end = 0
    for old_start, old_end, new_start, new_end in changes:
        if old_start > previous_end:
            diffs.append((_EQUAL, old_codes[previous_end:old_start]))
        if old_end > old_start:
            diffs.append((_DELETE, old_codes[old_start:old_end]))
        if new_end > new_start:
            diffs.append((_INSERT, new_codes[new_start:new_end]))
        previous_end = old_end
    if previous_end < len(old_codes):
        diffs.append((_EQUAL, old_codes[previous_end:]))
    return diffs


class _TokenDiffer(diff_match_patch):
    """diff-match-patch's clean-up on token code points, shifting edits by the real tokens."""

    def __init__(self, token_of: dict[str, str]) -> None:
        super().__init__()
        self._token_of = token_of

    def diff_cleanupSemanticLossless(self, diffs: list[tuple[int, str]]) -> None:
        """Slide each lone edit between two equalities to the most readable token boundary.

        diff-match-patch's own pass (the same walk, by Neil Fraser) scores the characters on
        either side of the edit; here the characters are token code points, so the score is
        taken from the tokens they stand for. Each edit slides at most across its neighbouring
        equality, one token a step; in practice a token or two.
        """
        pointer = 1
        while pointer < len(diffs) - 1:
            if diffs[pointer - 1][0] == _EQUAL and diffs[pointer + 1][0] == _EQUAL:
                equality1, edit, equality2 = (diffs[pointer + i][1] for i in (-1, 0, 1))
                common = self.diff_commonSuffix(equality1, edit)
                if common:
                    shared = edit[-common:]
                    equality1, edit = equality1[:-common], shared + edit[:-common]
                    equality2 = shared + equality2
                best = (equality1, edit, equality2)
                best_score = self._score(equality1, edit) + self._score(edit, equality2)
                while edit and equality2 and edit[0] == equality2[0]:
                    equality1 += edit[0]
                    edit = edit[1:] + equality2[0]
                    equality2 = equality2[1:]
                    score = self._score(equality1, edit) + self._score(edit, equality2)
                    if score >= best_score:  # ties go right: "and " rather than " and"
                        best_score, best = score, (equality1, edit, equality2)
                if diffs[pointer - 1][1] != best[0]:
                    diffs[pointer - 1 : pointer + 2] = [
                        (kind, text)
                        for (kind, _), text in zip(
                            diffs[pointer - 1 : pointer + 2], best, strict=True
                        )
                        if text or kind != _EQUAL
                    ]
                    pointer -= 1 if not best[0] else 0
            pointer += 1

    def _score(self, left: str, right: str) -> int:
        """How good a place the boundary between two token strings is, 6 (best) to 0."""
        if not left or not right:
            return 6  # the edge of the text
        before, after = self._token_of[left[-1]], self._token_of[right[0]]
        space_before, space_after = before[0].isspace(), after[0].isspace()
        if (space_before and before.count("\n") > 1) or (space_after and after.count("\n") > 1):
            return 5  # a blank line
        if (space_before and "\n" in before) or (space_after and "\n" in after):
            return 4  # a line break
        if space_after and not space_before and not is_word(before):
            return 3  # after a clause's punctuation
        if space_before or space_after:
            return 2
        if not is_word(before) or not is_word(after):
            return 1
        return 0  # between two CJK characters


def _replacement(old_tokens: list[str], new_tokens: list[str]) -> list[Op]:
    """The common token prefix and suffix kept, everything between them replaced."""
    prefix = 0
    limit = min(len(old_tokens), len(new_tokens))
    while prefix < limit and old_tokens[prefix] == new_tokens[prefix]:
        prefix += 1
    suffix = 0
    while suffix < limit - prefix and old_tokens[-1 - suffix] == new_tokens[-1 - suffix]:
        suffix += 1
    old_end, new_end = len(old_tokens) - suffix, len(new_tokens) - suffix
    return [
        Op(DiffOpKind.EQUAL, "".join(old_tokens[:prefix])),
        Op(DiffOpKind.DELETE, "".join(old_tokens[prefix:old_end])),
        Op(DiffOpKind.INSERT, "".join(new_tokens[prefix:new_end])),
        Op(DiffOpKind.EQUAL, "".join(old_tokens[old_end:])),
    ]


def _normalised(ops: Iterable[Op]) -> Iterator[Op]:
    """Drop empty ops; merge each run of changes into one delete followed by one insert."""
    deleted: list[str] = []
    inserted: list[str] = []
    equal: list[str] = []
    for op in ops:
        if not op.text:
            continue
        if op.op == DiffOpKind.EQUAL:
            if deleted or inserted:
                yield from _change(deleted, inserted)
                deleted, inserted = [], []
            equal.append(op.text)
            continue
        if equal:
            yield Op(DiffOpKind.EQUAL, "".join(equal))
            equal = []
        (deleted if op.op == DiffOpKind.DELETE else inserted).append(op.text)
    if equal:
        yield Op(DiffOpKind.EQUAL, "".join(equal))
    yield from _change(deleted, inserted)


def _change(deleted: list[str], inserted: list[str]) -> Iterator[Op]:
    """The delete, then the insert, of one change; either may be absent."""
    if deleted:
        yield Op(DiffOpKind.DELETE, "".join(deleted))
    if inserted:
        yield Op(DiffOpKind.INSERT, "".join(inserted))


def _number_hunks(raw_ops: Iterable[Op]) -> Diff:
    """Normalise `raw_ops` and number their hunks with character offsets into both texts."""
    ops = tuple(_normalised(raw_ops))
    hunks: list[Hunk] = []
    old_at = new_at = 0
    i = 0
    while i < len(ops):
        if ops[i].op == DiffOpKind.EQUAL:
            old_at += len(ops[i].text)
            new_at += len(ops[i].text)
            i += 1
            continue
        first = i
        delete = ops[i].text if ops[i].op == DiffOpKind.DELETE else ""
        if delete:
            i += 1
        insert = ops[i].text if i < len(ops) and ops[i].op == DiffOpKind.INSERT else ""
        if insert:
            i += 1
        hunks.append(
            Hunk(
                index=len(hunks),
                delete=delete,
                insert=insert,
                old_start=old_at,
                old_end=old_at + len(delete),
                new_start=new_at,
                new_end=new_at + len(insert),
                first_op=first,
                last_op=i - 1,
            )
        )
        old_at += len(delete)
        new_at += len(insert)
    return Diff(ops=ops, hunks=tuple(hunks))


def diff_from_ops(ops: Iterable[Op]) -> Diff:
    """A stored diff's ops back as a `Diff`, with the same hunk numbering as when computed."""
    return _number_hunks(ops)
