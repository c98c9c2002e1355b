"""Text reader benchmark (a script, not a test): `python tests/bench/bench_parsing.py`.

Times `read_text_draft` (decoding, lines, footnotes, blocks and `structure_draft`) on generated
drafts (`gen_drafts.py`, seed 7, the first version: typical 65 paragraphs and ~7,000 words,
large 360 and ~35,000, huge 1,120 and ~110,000) and on the sample drafts in `sample_drafts/`.
It prints, per draft, the median wall time (`time.perf_counter`) and the median CPU time
(`time.process_time`, steadier on a shared machine) over `--repeat` runs, and the target where
there is one: parsing is a small part of the 150 ms an upload may take end to end, so typical
≤ 15 ms and large ≤ 60 ms (medians). `main(argv)` is what `penholder bench parsing` calls.
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import statistics
import sys
import time
from pathlib import Path
from types import ModuleType

from app.bundled import sample_drafts_folder
from app.core.parsing.text import read_text_draft

SIZES = ("typical", "large", "huge")
SEED = 7
TARGETS_MS = {"typical": 15.0, "large": 60.0}
REPEAT = 20  # runs per draft; huge gets a quarter, --quick a fifth


def _generator() -> ModuleType:
    """tests/bench/gen_drafts.py, imported by path (tests/bench is a folder of scripts)."""
    name = "penholder_bench_gen_drafts"
    if name not in sys.modules:
        spec = importlib.util.spec_from_file_location(
            name, Path(__file__).with_name("gen_drafts.py")
        )
        assert spec is not None and spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module
        spec.loader.exec_module(module)
    return sys.modules[name]


def time_reading(raw: bytes, repeat: int) -> tuple[float, float]:
    """Median wall and CPU milliseconds of `read_text_draft(raw)` over `repeat` runs."""
    read_text_draft(raw)  # warm the regex cache and the imports
    wall: list[float] = []
    cpu: list[float] = []
    for _ in range(repeat):
        started, started_cpu = time.perf_counter(), time.process_time()
        read_text_draft(raw)
        wall.append(time.perf_counter() - started)
        cpu.append(time.process_time() - started_cpu)
    return statistics.median(wall) * 1000, statistics.median(cpu) * 1000


def drafts(sizes: list[str]) -> list[tuple[str, bytes]]:
    """(name, bytes) of the generated drafts of `sizes`, then of every sample draft."""
    generator = _generator()
    found = [
        (f"generated {size}", generator.generate(size, SEED).render().encode("utf-8"))
        for size in sizes
    ]
    samples = sample_drafts_folder()
    found += [(path.name, path.read_bytes()) for path in sorted(samples.glob("*.txt"))]
    return found


def main(argv: list[str] | None = None) -> int:
    """Time the text reader on generated and sample drafts, print one table; 0 on success."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default=",".join(SIZES), help="comma-separated sizes")
    parser.add_argument("--repeat", type=int, help=f"timed runs per draft (default {REPEAT})")
    parser.add_argument("--quick", action="store_true", help="fewer runs")
    args = parser.parse_args(argv)
    sizes = [s for s in args.sizes.split(",") if s]
    unknown = [s for s in sizes if s not in SIZES]
    if unknown:
        parser.error(f"unknown size(s): {', '.join(unknown)}")
    repeat = args.repeat or (REPEAT // 5 if args.quick else REPEAT)
    if hasattr(os, "getloadavg"):  # wall times stretch with the machine's load; say what it was
        print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs", flush=True)
    print(f"  {'draft':28}{'KiB':>8}{'paras':>7}{'wall ms':>10}{'CPU ms':>10}{'target':>10}")
    for name, raw in drafts(sizes):
        runs = max(repeat // 4, 3) if name.endswith("huge") else repeat
        wall, cpu = time_reading(raw, runs)
        paragraphs = len(read_text_draft(raw).paragraphs)
        target = TARGETS_MS.get(name.removeprefix("generated "))
        verdict = "" if target is None else f"≤ {target:.0f}" + (" over" if wall > target else "")
        print(
            f"  {name:28}{len(raw) / 1024:>8.0f}{paragraphs:>7}{wall:>10.1f}{cpu:>10.1f}"
            f"{verdict:>10}",
            flush=True,
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
