"""Paragraph lineage against the generator's truth, on a few generated negotiations.

Seeds 1-3 of the small and typical sizes, five revisions each (30 draft pairs, 60 splits and
merges). The full sweep, large and huge drafts and the timings belong to
`tests/bench/bench_alignment.py`.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from app.core.alignment import align_paragraphs

BENCH = Path(__file__).resolve().parents[1] / "bench"
SIZES = ("small", "typical")
SEEDS = (1, 2, 3)


def _workload() -> ModuleType:
    """tests/bench/workload.py, imported by path (tests/bench is a folder of scripts)."""
    name = "penholder_bench_workload"
    if name not in sys.modules:
        spec = importlib.util.spec_from_file_location(name, BENCH / "workload.py")
        assert spec is not None and spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module
        spec.loader.exec_module(module)
    return sys.modules[name]


def _score(folder: Path, split_subparagraphs: bool) -> Any:
    wl = _workload()
    total = wl.Score()
    for size in SIZES:
        for seed in SEEDS:
            for pair in wl.generate_pairs(size, seed, 5, folder, split_subparagraphs):
                alignment = align_paragraphs(pair.old.paragraphs, pair.new.paragraphs)
                total.add(wl.score_alignment(pair, alignment))
    return total


@pytest.fixture(scope="module")
def series(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder for the generated series, shared by both readings."""
    return tmp_path_factory.mktemp("series")


@pytest.fixture(scope="module")
def by_block(series: Path) -> Any:
    """Scores with one paragraph per block, as the truth counts them."""
    return _score(series, split_subparagraphs=False)


@pytest.fixture(scope="module")
def by_subparagraph(series: Path) -> Any:
    """Scores with each "(a)" line a paragraph of its own, as the text parser reads them."""
    return _score(series, split_subparagraphs=True)


def test_the_workload_has_splits_merges_and_unchanged_paragraphs(by_block: Any) -> None:
    assert by_block.groups == 2 * len(SIZES) * len(SEEDS) * 5
    assert by_block.unchanged > by_block.blocks // 2


def test_base_paragraphs_go_to_the_right_new_paragraphs(by_block: Any) -> None:
    assert by_block.assignment >= 0.995


def test_splits_and_merges_are_recognised(by_block: Any) -> None:
    assert by_block.grouping >= 0.95


def test_no_unchanged_paragraph_is_reported_as_changed(by_block: Any) -> None:
    assert by_block.unchanged_misreported == 0


def test_reading_subparagraphs_apart_keeps_paragraphs_on_the_right_blocks(
    by_subparagraph: Any,
) -> None:
    assert by_subparagraph.assignment >= 0.995
    assert by_subparagraph.grouping >= 0.95
    assert by_subparagraph.unchanged_misreported == 0


def test_a_merge_whose_first_paragraph_was_edited_in_the_same_round_is_a_merge(
    series: Path,
) -> None:
    # typical seed 1, v1 -> v2: paragraphs 64 and 65 merged into 66 after 64 was rewritten, so
    # that only half of 64's shingles are left in the merged paragraph
    pair = _workload().generate_pairs("typical", 1, 2, series / "merge")[1]
    merged = [c for c in pair.truth["changes"] if c["op"] == "merged"]
    assert {(tuple(c["with"]), tuple(c["new"])) for c in merged} == {((64, 65), (66,))}
    steps = align_paragraphs(pair.old.paragraphs, pair.new.paragraphs).steps
    assert [(s.kind.value, s.old, s.new) for s in steps if 66 in s.new] == [
        ("merged", (64, 65), (66,))
    ]
