"""Alignment benchmark (a script, not a test): `python tests/bench/bench_alignment.py`.

For each size of generated negotiation (`gen_drafts.py`: small, typical, large, huge; seeds
1..N, five revisions each) it prints one table comparing, on the same consecutive draft pairs:

- **penholder**: `align_paragraphs` on the paragraphs (parsing excluded), then
  `diff_paragraph` on every changed step (split and merged texts joined by a space): accuracy
  against the generator's truth (share of base paragraphs sent to exactly the right new
  paragraph(s), share of splits and merges recognised, unchanged paragraphs reported as
  changed), median time of the alignment alone and with the word diffs, median peak memory
  (tracemalloc) of alignment plus diffs. The row "sub-paragraphs" reads every "(a)" line as a
  paragraph of its own, as the text parser does, and judges it block by block.
- **difflib pipeline**: `difflib.SequenceMatcher` over the paragraph texts, a greedy pairing by
  word-level ratio ≥ 0.5 inside each replaced run, then a word diff inside changed pairs.
- **git diff**: `git diff --no-index --word-diff=porcelain` on the two files, wall time
  (process start included).
- **redlines**: `Redlines(old, new).output_markdown` on the whole text, typical and large only,
  one pair (it takes seconds).

Then **tracing over many drafts**: a typical series of `TRACE_REVISIONS` revisions (seeds
1..N) is given lineages draft after draft, as uploads do (`assign_lineages`), and every
paragraph of the last draft is traced back to where it was born: a lineage new in draft k was
born there; a merge continues its first paragraph and the first piece of a split continues the
paragraph split (as the generator's ids do: a merge keeps the first paragraph's id, a split's
second piece gets a new one). A paragraph is traced right when that draft and position are
where the generator's id first appears.

Times are medians over pairs of the median of `--repeat` runs per pair. `--quick` runs a few
seeds once each and skips redlines. `main(argv)` is what `penholder bench` calls.
"""

from __future__ import annotations

import argparse
import difflib
import importlib.util
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable, Sequence
from functools import partial
from pathlib import Path
from types import ModuleType
from typing import Any

from app.core.alignment import align_paragraphs
from app.core.diffing import diff_paragraph
from app.core.lineages import assign_lineages
from app.core.model import Alignment, Paragraph, Step
from app.core.vocabulary import ChangeKind, OriginKind

SIZES = ("small", "typical", "large", "huge")
SEEDS = {"small": 20, "typical": 20, "large": 20, "huge": 5}
QUICK_SEEDS = {"small": 3, "typical": 3, "large": 2, "huge": 1}
REVISIONS = 5
TRACE_REVISIONS = 20
TRACE_SEEDS, QUICK_TRACE_SEEDS = 20, 2


def _workload() -> ModuleType:
    """tests/bench/workload.py, imported by path (tests/bench is a folder of scripts)."""
    name = "penholder_bench_workload"
    if name not in sys.modules:
        spec = importlib.util.spec_from_file_location(name, Path(__file__).with_name("workload.py"))
        assert spec is not None and spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module
        spec.loader.exec_module(module)
    return sys.modules[name]


def diff_changes(old: Sequence[Paragraph], new: Sequence[Paragraph], alignment: Alignment) -> int:
    """Word-diff every changed step of `alignment`; return how many diffs were made."""
    made = 0
    for step in alignment.steps:
        if step.modified and step.old and step.new:
            before = " ".join(old[i].text for i in step.old)
            after = " ".join(new[j].text for j in step.new)
            diff_paragraph(before, after)
            made += 1
    return made


def align_and_diff(old: Sequence[Paragraph], new: Sequence[Paragraph]) -> Alignment:
    """What a comparison costs in the core: the alignment, then the word diffs of its changes."""
    alignment = align_paragraphs(old, new)
    diff_changes(old, new, alignment)
    return alignment


def difflib_pipeline(old: Sequence[str], new: Sequence[str]) -> dict[int, int]:
    """The plain pipeline: difflib paragraph matching, greedy ratio ≥ 0.5, word diffs inside."""
    pairs: dict[int, int] = {}  # new index -> old index
    outer = difflib.SequenceMatcher(None, list(old), list(new), autojunk=False)
    old_words = [t.split() for t in old]
    new_words = [t.split() for t in new]
    for tag, i1, i2, j1, j2 in outer.get_opcodes():
        if tag == "equal":
            pairs.update((j1 + k, i1 + k) for k in range(i2 - i1))
        elif tag == "replace":
            ranked = []
            for j in range(j1, j2):
                matcher = difflib.SequenceMatcher(None, autojunk=False)
                matcher.set_seq2(new_words[j])
                for i in range(i1, i2):
                    matcher.set_seq1(old_words[i])
                    if matcher.real_quick_ratio() >= 0.5 and matcher.quick_ratio() >= 0.5:
                        r = matcher.ratio()
                        if r >= 0.5:
                            ranked.append((-r, i, j))
            ranked.sort()
            used_old: set[int] = set()
            for _, i, j in ranked:
                if i not in used_old and j not in pairs:
                    pairs[j] = i
                    used_old.add(i)
    for j, i in pairs.items():
        if old[i] != new[j]:
            difflib.SequenceMatcher(None, old_words[i], new_words[j], autojunk=False).get_opcodes()
    return pairs


def _as_alignment(pairs: dict[int, int], old: Sequence[str], new: Sequence[str]) -> Alignment:
    steps = [
        Step(ChangeKind.UNCHANGED if old[i] == new[j] else ChangeKind.MODIFIED, (i,), (j,))
        for j, i in sorted(pairs.items())
    ]
    steps += [Step(ChangeKind.ADDED, (), (j,)) for j in range(len(new)) if j not in pairs]
    matched = set(pairs.values())
    steps += [Step(ChangeKind.DELETED, (i,), ()) for i in range(len(old)) if i not in matched]
    return Alignment(tuple(steps))


def _timed(run: Callable[[], object], repeat: int) -> float:
    """Median wall time of `repeat` runs, in milliseconds."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        run()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def _peak_mb(run: Callable[[], object]) -> float:
    """Peak memory allocated by one run, in megabytes (tracemalloc)."""
    tracemalloc.start()
    try:
        run()
        return tracemalloc.get_traced_memory()[1] / 1e6
    finally:
        tracemalloc.stop()


def _git_ms(old_file: Path, new_file: Path) -> float | None:
    if shutil.which("git") is None:
        return None
    start = time.perf_counter()
    subprocess.run(
        ["git", "diff", "--no-index", "--word-diff=porcelain", str(old_file), str(new_file)],
        capture_output=True,
        check=False,
    )
    return (time.perf_counter() - start) * 1000


def _redlines_ms(old_text: str, new_text: str) -> float | None:
    try:
        from redlines import Redlines
    except ImportError:
        return None
    start = time.perf_counter()
    _ = Redlines(old_text, new_text).output_markdown
    return (time.perf_counter() - start) * 1000


def measure_size(size: str, seeds: int, repeat: int, with_redlines: bool, tmp: Path) -> str:
    """Run every measurement on one size and return its table."""
    wl = _workload()
    ours, subs, plain = wl.Score(), wl.Score(), wl.Score()
    align_ms, full_ms, plain_ms, git_ms, peak = [], [], [], [], []
    paragraphs, words = [], []
    redlines_ms = None
    for seed in range(1, seeds + 1):
        pairs = wl.generate_pairs(size, seed, REVISIONS, tmp)
        split_pairs = wl.generate_pairs(size, seed, REVISIONS, tmp, True)
        for pair, split_pair in zip(pairs, split_pairs, strict=True):
            old, new = pair.old.paragraphs, pair.new.paragraphs
            paragraphs.append(len(new))
            words.append(len(pair.new.text.split()))
            ours.add(wl.score_alignment(pair, align_paragraphs(old, new)))
            sp_old, sp_new = split_pair.old.paragraphs, split_pair.new.paragraphs
            subs.add(wl.score_alignment(split_pair, align_paragraphs(sp_old, sp_new)))
            align_ms.append(_timed(partial(align_paragraphs, old, new), repeat))
            full_ms.append(_timed(partial(align_and_diff, old, new), repeat))
            peak.append(_peak_mb(partial(align_and_diff, old, new)))
            old_texts = [p.text for p in old]
            new_texts = [p.text for p in new]
            pairs_found = difflib_pipeline(old_texts, new_texts)
            plain.add(wl.score_alignment(pair, _as_alignment(pairs_found, old_texts, new_texts)))
            plain_ms.append(_timed(partial(difflib_pipeline, old_texts, new_texts), repeat))
            folder = tmp / f"{size}-{seed}"
            git = _git_ms(folder / f"v{pair.revision - 1}.txt", folder / f"v{pair.revision}.txt")
            if git is not None:
                git_ms.append(git)
            if with_redlines and redlines_ms is None:
                redlines_ms = _redlines_ms(pair.old.text, pair.new.text)
    med = statistics.median
    lines = [
        f"{size}: {seeds} seeds x {REVISIONS} revisions = {len(align_ms)} pairs, "
        f"~{med(paragraphs):.0f} paragraphs, ~{med(words):,.0f} words",
        f"  {'':28}{'assigned':>10}{'split/merge':>16}{'unch->chg':>10}"
        f"{'align ms':>10}{'+diff ms':>10}{'peak MB':>9}",
        _row("penholder", ours, med(align_ms), med(full_ms), max(peak)),
        _row("penholder, sub-paragraphs", subs, None, None, None),
        _row("difflib pipeline", plain, None, med(plain_ms), None),
        f"  {'git diff --word-diff':28}{'':46}{_ms(med(git_ms) if git_ms else None):>10}",
    ]
    if with_redlines:
        lines.append(f"  {'redlines (1 pair)':28}{'':46}{_ms(redlines_ms):>10}")
    return "\n".join(lines)


Birth = tuple[int, int, OriginKind | None, tuple[str, ...]]
"""(draft number, position there, how it was born, the lineages it was born of)."""


def trace_series(pairs: Sequence[Any]) -> tuple[int, int]:
    """Paragraphs of the series' last draft traced to their true origin, and how many there are."""
    lineages = [f"v0-{i}" for i in range(len(pairs[0].old.paragraphs))]
    births: dict[str, Birth] = {lineage: (0, i, None, ()) for i, lineage in enumerate(lineages)}
    counter = iter(range(10**9))
    for k, pair in enumerate(pairs, 1):
        plan = assign_lineages(
            pair.old.paragraphs,
            lineages,
            pair.new.paragraphs,
            make_id=lambda: f"n{next(counter)}",
        )
        where = {lineage: j for j, lineage in enumerate(plan.lineage_of)}
        for birth in plan.births:
            births[birth.id] = (k, where.get(birth.id, -1), birth.origin_kind, birth.origins)
        lineages = list(plan.lineage_of)
    first_seen: dict[str, tuple[int, int]] = {}
    for i, paragraph in enumerate(pairs[0].truth["old_paragraphs"]):
        first_seen.setdefault(paragraph["id"], (0, i))
    for k, pair in enumerate(pairs, 1):
        for j, paragraph in enumerate(pair.truth["new_paragraphs"]):
            first_seen.setdefault(paragraph["id"], (k, j))
    last = pairs[-1].truth["new_paragraphs"]
    right = sum(
        _origin(lineage, births) == first_seen[paragraph["id"]]
        for lineage, paragraph in zip(lineages, last, strict=True)
    )
    return right, len(last)


def _origin(lineage: str, births: dict[str, Birth]) -> tuple[int, int]:
    """Where a lineage's paragraph was born: through merges to their first paragraph, through
    the first piece of a split to the paragraph split."""
    while True:
        k, j, kind, origins = births[lineage]
        if kind is OriginKind.MERGED:
            lineage = origins[0]
            continue
        if kind is OriginKind.SPLIT:
            pieces = [
                b[1] for b in births.values() if b[0] == k and b[2] is kind and b[3] == origins
            ]
            if j == min(pieces):
                lineage = origins[0]
                continue
        return k, j


def measure_tracing(seeds: int, tmp: Path) -> str:
    """The tracing table: typical series of TRACE_REVISIONS revisions, seeds 1..`seeds`."""
    wl = _workload()
    right = total = 0
    for seed in range(1, seeds + 1):
        r, n = trace_series(wl.generate_pairs("typical", seed, TRACE_REVISIONS, tmp / "trace"))
        right, total = right + r, total + n
    return (
        f"tracing: typical, seeds 1-{seeds} x {TRACE_REVISIONS} revisions\n"
        f"  paragraphs of the last draft traced to their true origin: "
        f"{right / total:.2%} ({right}/{total})"
    )


def _ms(value: float | None) -> str:
    return "-" if value is None else f"{value:.1f}"


def _row(name: str, s: Any, align: float | None, full: float | None, peak: float | None) -> str:
    """One table row; `s` is a workload.Score."""
    groups = f"{s.grouping:.1%} ({s.groups_right}/{s.groups})"
    return (
        f"  {name:28}{s.assignment:>10.2%}{groups:>16}"
        f"{s.unchanged_misreported:>10}"
        f"{_ms(align):>10}{_ms(full):>10}{'-' if peak is None else f'{peak:.1f}':>9}"
    )


def main(argv: list[str] | None = None) -> int:
    """Run the alignment benchmark and print one table per size; 0 on success."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default=",".join(SIZES), help="comma-separated sizes")
    parser.add_argument("--seeds", type=int, help="seeds 1..N per size (default 20, huge 5)")
    parser.add_argument("--repeat", type=int, help="timed runs per pair (default 3, quick 1)")
    parser.add_argument("--quick", action="store_true", help="a few seeds, one run, no redlines")
    parser.add_argument(
        "--trace-seeds", type=int, help=f"tracing seeds 1..N (default {TRACE_SEEDS})"
    )
    args = parser.parse_args(argv)
    sizes = [s for s in args.sizes.split(",") if s]
    unknown = [s for s in sizes if s not in SIZES]
    if unknown:
        parser.error(f"unknown size(s): {', '.join(unknown)}")
    repeat = args.repeat or (1 if args.quick else 3)
    if hasattr(os, "getloadavg"):  # wall times stretch with the machine's load; say what it was
        print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs", flush=True)
    with tempfile.TemporaryDirectory(prefix="penholder-bench-") as tmp:
        for size in sizes:
            seeds = args.seeds or (QUICK_SEEDS if args.quick else SEEDS)[size]
            redlines = not args.quick and size in ("typical", "large")
            print(measure_size(size, seeds, repeat, redlines, Path(tmp)), flush=True)
            print()
        trace_seeds = args.trace_seeds
        if trace_seeds is None:
            trace_seeds = QUICK_TRACE_SEEDS if args.quick else TRACE_SEEDS
        if trace_seeds > 0:
            print(measure_tracing(trace_seeds, Path(tmp)), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
