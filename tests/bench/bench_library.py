"""The library of adopted resolutions on the shared library: import, search, agreed language.

    penholder bench library        # or: python tests/bench/bench_library.py [--quick]

For SQLite (and PostgreSQL when PENHOLDER_TEST_DATABASE_URL is set), a fresh database gets a
quarter of ../shared/library/un-resolutions.tar.xz (every fourth resolution), then another
fresh one all of it (1,977 resolutions), imported as `penholder library import` does. On each:
the import's wall and CPU time; p50/p95 of `phrase` (8 words in a row from a random paragraph,
as printed), `words` (3 distinct words of 4 letters or more from a random paragraph) and
`similar` (a random paragraph with one word changed), each a service call in its own read
transaction; and `compare` of the sample negotiation's Rev.1 and Rev.2 through the API with
and without `precedents=true` (read cache emptied each time), with the library loaded.
Targets (issue 15): import ≤ 60 s; phrase and words p95 ≤ 50 ms; similar p95 ≤ 150 ms;
precedents add ≤ 100 ms to compare.
"""

from __future__ import annotations

import argparse
import random
import re
import statistics
import sys
import time
import uuid
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
sys.path.insert(0, str(ROOT))

from fastapi.testclient import TestClient  # noqa: E402
from sqlalchemy import select  # noqa: E402

from app.api.read_cache import ReadCache  # noqa: E402
from app.core.vocabulary import SearchMode  # noqa: E402
from app.db.models import LibraryParagraph  # noqa: E402
from app.db.repositories.library import LibraryScope  # noqa: E402
from app.db.session import get_engine, transaction  # noqa: E402
from app.main import create_app  # noqa: E402
from app.services.library_files import import_library, library_entries  # noqa: E402
from app.services.library_search import search_library  # noqa: E402
from app.services.tokens import create_token  # noqa: E402
from app.settings import Settings  # noqa: E402
from tests.databases import PG_URL, temp_database  # noqa: E402

ARCHIVE = ROOT.parent / "shared/library/un-resolutions.tar.xz"
SAMPLES = ROOT / "sample_drafts"
TARGETS = {"import (s)": 60.0, "phrase p95": 50.0, "words p95": 50.0, "similar p95": 150.0}


def percentiles(times: list[float]) -> tuple[float, float]:
    """p50 and p95 in milliseconds."""
    ordered = sorted(times)
    return statistics.median(ordered), ordered[min(len(ordered) - 1, int(0.95 * len(ordered)))]


def timed(action: Callable[[], object]) -> float:
    start = time.perf_counter()
    action()
    return (time.perf_counter() - start) * 1000


def queries(texts: list[str], n: int, seed: int) -> dict[SearchMode, list[str]]:
    """Random phrase, words and similar queries from stored paragraphs."""
    rng = random.Random(seed)
    long_enough = [t for t in texts if len(re.findall(r"\w+", t)) >= 12]
    phrase, words, similar = [], [], []
    for _ in range(n):
        text = rng.choice(long_enough)
        spans = [m.span() for m in re.finditer(r"\w+", text)]
        start = rng.randrange(len(spans) - 7)
        phrase.append(text[spans[start][0] : spans[start + 7][1]])
        text = rng.choice(long_enough)
        pool = sorted({w.lower() for w in re.findall(r"\w{4,}", text)})
        words.append(" ".join(rng.sample(pool, min(3, len(pool)))))
        tokens = rng.choice(long_enough).split(" ")
        tokens[rng.randrange(len(tokens))] = "further"
        similar.append(" ".join(tokens))
    return {SearchMode.PHRASE: phrase, SearchMode.WORDS: words, SearchMode.SIMILAR: similar}


def compare_overhead(url: str, repeat: int) -> tuple[float, float]:
    """Median compare of the sample Rev.1 -> Rev.2 without and with precedents, ms."""
    with transaction(get_engine(url), write=True) as session:
        token = create_token(session, f"bench-{uuid.uuid4().hex[:6]}", "editor")
    client = TestClient(create_app(Settings(database_url=url)))
    client.headers["Authorization"] = f"Bearer {token}"
    slug = client.post("/api/v1/negotiations", json={"title": "HRD", "body": "HRC"}).json()["slug"]
    for k, name in enumerate(["01-zero-draft.txt", "02-rev1.txt", "03-rev2.txt"]):
        raw = (SAMPLES / name).read_bytes()
        client.post(
            f"/api/v1/negotiations/{slug}/drafts",
            data={"label": f"D{k}"},
            files={"file": (name, raw, "text/plain")},
        )
    cache: ReadCache = client.app.state.read_cache  # type: ignore[attr-defined]
    figures = []
    for precedents in ("false", "true"):
        params = {"from": 2, "to": 3, "precedents": precedents}
        times = []
        for _ in range(repeat):
            cache.clear()
            times.append(
                timed(lambda p=params: client.get(f"/api/v1/negotiations/{slug}/compare", params=p))
            )
        figures.append(statistics.median(times))
    client.close()
    return figures[0], figures[1]


def measure(kind: str, share: int, n: int, repeat: int) -> dict[str, float]:
    """Import every `share`-th resolution into a fresh database of `kind` and time it all."""
    entries = library_entries(ARCHIVE, 20 * 2**20)[::share]
    figures: dict[str, float] = {}
    with temp_database(kind) as url:
        engine = get_engine(url)
        wall, cpu = time.perf_counter(), time.process_time()
        report = import_library(engine, entries, actor="bench")
        figures["import (s)"] = time.perf_counter() - wall
        figures["import, CPU of this process (s)"] = time.process_time() - cpu
        assert not report.problems, report.problems[:3]
        with transaction(engine) as session:
            texts = list(session.scalars(select(LibraryParagraph.text)))
        figures["paragraphs"] = len(texts)
        for mode, qs in queries(texts, n, seed=15).items():
            times = []
            for q in qs:
                with transaction(engine) as session:
                    times.append(
                        timed(
                            lambda q=q, s=session, m=mode: search_library(
                                s, q, m, LibraryScope(), limit=20, offset=0
                            )
                        )
                    )
            figures[f"{mode} p50"], figures[f"{mode} p95"] = percentiles(times)
        plain, agreed = compare_overhead(url, repeat)
        figures["compare Rev.1->Rev.2"] = plain
        figures["  with precedents=true"] = agreed
        figures["  precedents add"] = agreed - plain
    return figures


def main(argv: list[str] | None = None) -> int:
    """Print the library figures per database, a quarter of the library and all of it."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true")
    args = parser.parse_args(argv)
    if not ARCHIVE.exists():
        print(f"bench library: the shared library is absent ({ARCHIVE}); nothing measured")
        return 0
    n, repeat = (40, 5) if args.quick else (200, 20)
    kinds = {"SQLite": "sqlite"} | ({"PostgreSQL": "postgres"} if PG_URL else {})
    columns = [(f"{db} 1/4", kind, 4) for db, kind in kinds.items()]
    columns += [(f"{db} all", kind, 1) for db, kind in kinds.items()]
    results = {name: measure(kind, share, n, repeat) for name, kind, share in columns}
    print(f"{'measure (ms unless said)':<34}" + "".join(f"{c:>16}" for c in results) + "  target")
    for key in next(iter(results.values())):
        row = "".join(f"{results[c][key]:>16.1f}" for c in results)
        target = f"  ≤ {TARGETS[key]:.0f}" if key in TARGETS else ""
        target = "  ≤ 100" if key == "  precedents add" else target
        print(f"{key:<34}{row}{target}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
