"""The alignment workload: generated draft series read into core paragraphs, with their truth.

`gen_drafts.py` (the shared generator, copied here unchanged) writes v0..vN and one truth file
per consecutive pair. Truth indices count *blocks*: an operative paragraph with its "(a) …"
sub-paragraph lines is one block. Two readings of a draft are offered:

- by block (`split_subparagraphs=False`): one core `Paragraph` per block, sub-paragraph lines
  kept inside its text, joined by single spaces; paragraph index == block index;
- by paragraph (`split_subparagraphs=True`): what the real text parser does, the head of an
  operative paragraph and each "(a) …" line become separate paragraphs; `block_of[i]` maps
  paragraph i back to its block, so the truth still applies.

`score_alignment` judges an `Alignment` against the truth: a base block is right when the set
of new blocks it went to equals the truth's; a split (merge) is recognised when one step of
kind split (merged) holds exactly the truth's blocks; an unchanged block is misreported when
any of its paragraphs is in a step other than a plain `unchanged` one.
"""

from __future__ import annotations

import importlib.util
import json
import re
import sys
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType

from app.core.model import Alignment, Paragraph
from app.core.vocabulary import ChangeKind, ParagraphKind

HERE = Path(__file__).resolve().parent
SUB_RE = re.compile(r"^\(([a-z]+)\) ")


def load_generator() -> ModuleType:
    """The shared generator module, imported by path (the benchmarks run as scripts)."""
    name = "penholder_bench_gen_drafts"
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.spec_from_file_location(name, HERE / "gen_drafts.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


@dataclass(frozen=True, slots=True)
class ReadDraft:
    """A draft as core paragraphs; `block_of[i]` is the truth block of paragraph i."""

    text: str
    paragraphs: tuple[Paragraph, ...]
    block_of: tuple[int, ...]
    blocks: int


@dataclass(frozen=True, slots=True)
class DraftPair:
    """Two consecutive drafts of one generated series and the truth between them."""

    size: str
    seed: int
    revision: int
    old: ReadDraft
    new: ReadDraft
    truth: dict


def read_draft(text: str, split_subparagraphs: bool = False) -> ReadDraft:
    """Read a generated draft into core paragraphs, one per block or one per (sub-)paragraph."""
    gen = load_generator()
    paragraphs: list[Paragraph] = []
    block_of: list[int] = []
    blocks = gen.parse_paragraphs(text)
    pp = 0
    for b, block in enumerate(blocks):
        raw = block["text"]
        if block["kind"] == "PP":
            pp += 1
            paragraphs.append(_paragraph(ParagraphKind.PREAMBULAR, f"PP{pp}", "", raw))
            block_of.append(b)
            continue
        number = block["label"]
        body = gen.strip_label(raw)
        lines = body.split("\n")
        if not split_subparagraphs:
            text_ = " ".join(line.strip() for line in lines)
            paragraphs.append(_paragraph(ParagraphKind.OPERATIVE, f"OP{number}", number, text_))
            block_of.append(b)
            continue
        paragraphs.append(_paragraph(ParagraphKind.OPERATIVE, f"OP{number}", number, lines[0]))
        block_of.append(b)
        for line in lines[1:]:
            m = SUB_RE.match(line)
            letter = m.group(1) if m else "?"
            sub = line[m.end() :] if m else line
            paragraphs.append(
                _paragraph(
                    ParagraphKind.SUBPARAGRAPH, f"OP{number}({letter})", f"({letter})", sub, 1
                )
            )
            block_of.append(b)
    return ReadDraft(text, tuple(paragraphs), tuple(block_of), len(blocks))


def _paragraph(
    kind: ParagraphKind, label: str, number: str, text: str, level: int = 0
) -> Paragraph:
    lead = text.split(" ", 1)[0] if text else ""
    printed = f"{number}." if kind is ParagraphKind.OPERATIVE else number
    return Paragraph(kind, label, printed, lead, text, level)


def generate_pairs(
    size: str,
    seed: int,
    revisions: int,
    directory: Path,
    split_subparagraphs: bool = False,
) -> list[DraftPair]:
    """Generate one series into `directory` (once) and read each consecutive pair and truth."""
    gen = load_generator()
    out = directory / f"{size}-{seed}"
    if not (out / f"truth_v{revisions - 1}_v{revisions}.json").exists():
        gen.generate_series(size, revisions, seed, str(out))
    texts = [(out / f"v{k}.txt").read_text(encoding="utf-8") for k in range(revisions + 1)]
    drafts = [read_draft(t, split_subparagraphs) for t in texts]
    pairs = []
    for k in range(1, revisions + 1):
        truth = json.loads((out / f"truth_v{k - 1}_v{k}.json").read_text(encoding="utf-8"))
        pairs.append(DraftPair(size, seed, k, drafts[k - 1], drafts[k], truth))
    return pairs


@dataclass(slots=True)
class Score:
    """Counts of what an aligner got right against the truth (add them up over pairs)."""

    blocks: int = 0
    blocks_right: int = 0
    groups: int = 0
    groups_right: int = 0
    unchanged: int = 0
    unchanged_misreported: int = 0

    def add(self, other: Score) -> None:
        """Accumulate another pair's counts into this one."""
        for name in self.__slots__:
            setattr(self, name, getattr(self, name) + getattr(other, name))

    @property
    def assignment(self) -> float:
        """Share of base blocks sent to exactly the right new blocks, in [0, 1]."""
        return self.blocks_right / self.blocks if self.blocks else 1.0

    @property
    def grouping(self) -> float:
        """Share of true splits and merges recognised as such, in [0, 1]."""
        return self.groups_right / self.groups if self.groups else 1.0


def score_alignment(pair: DraftPair, alignment: Alignment) -> Score:
    """Judge an alignment of `pair` (at paragraph level) against its block-level truth."""
    old_of, new_of = pair.old.block_of, pair.new.block_of
    went: list[set[int]] = [set() for _ in range(pair.old.blocks)]
    changed_blocks: set[int] = set()
    group_steps: set[tuple[str, frozenset[int], frozenset[int]]] = set()
    for step in alignment.steps:
        olds = frozenset(old_of[i] for i in step.old)
        news = frozenset(new_of[j] for j in step.new)
        for b in olds:
            went[b] |= news
        if step.kind is not ChangeKind.UNCHANGED or step.moved:
            changed_blocks |= olds
        if step.kind in (ChangeKind.SPLIT, ChangeKind.MERGED):
            group_steps.add((step.kind.value, olds, news))
    score = Score()
    truth_to = pair.truth["old_to_new"]
    sources: dict[int, list[int]] = {}
    for i, targets in enumerate(truth_to):
        score.blocks += 1
        score.blocks_right += went[i] == set(targets)
        for j in targets:
            sources.setdefault(j, []).append(i)
        if len(targets) > 1:
            score.groups += 1
            score.groups_right += ("split", frozenset([i]), frozenset(targets)) in group_steps
    for j, bases in sources.items():
        if len(bases) > 1:
            score.groups += 1
            score.groups_right += ("merged", frozenset(bases), frozenset([j])) in group_steps
    for change in pair.truth["changes"]:
        if change["op"] == "unchanged":
            score.unchanged += 1
            score.unchanged_misreported += change["old"][0] in changed_blocks
    return score
