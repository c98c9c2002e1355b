"""Through the API, in process: upload, compare and paragraph history on generated drafts.

    penholder bench api            # or: python tests/bench/bench_api.py [--quick]

A temporary SQLite database (and PostgreSQL when PENHOLDER_TEST_DATABASE_URL is set) gets a
negotiation of 20 typical drafts (`gen_drafts.py --size typical --revisions 19`). Medians of:
uploading one typical draft (parse, align, diff, store, attribute), `compare` of two
consecutive typical drafts, `compare` of the first and last, and one paragraph's history
across the 20 drafts, each computed afresh (the read cache emptied first) and
answered again from the cache. Targets (issue 4): upload ≤ 150 ms on SQLite, compare ≤ 30 ms,
history ≤ 15 ms.
"""

from __future__ import annotations

import argparse
import contextlib
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Callable
from functools import partial
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent.parent))
sys.path.insert(0, str(HERE))

from fastapi.testclient import TestClient  # noqa: E402
from workload import load_generator  # noqa: E402

from app.api.read_cache import ReadCache  # noqa: E402
from app.db.session import get_engine, transaction  # noqa: E402
from app.main import create_app  # noqa: E402
from app.services.tokens import create_token  # noqa: E402
from app.settings import Settings  # noqa: E402
from tests.databases import PG_URL, temp_database  # noqa: E402

TARGETS = {"upload": 150.0, "compare (consecutive)": 30.0, "history (20 drafts)": 15.0}


def median_ms(action: Callable[[], object], repeat: int) -> float:
    """The median wall time of `action` in milliseconds."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def measure(url: str, drafts: list[bytes], repeat: int) -> dict[str, float]:
    """Load the drafts through the API and time the read paths."""
    with transaction(get_engine(url), write=True) as session:
        token = create_token(session, f"bench-{uuid.uuid4().hex[:6]}", "editor")
    client = TestClient(create_app(Settings(database_url=url)))
    client.headers["Authorization"] = f"Bearer {token}"
    slug = client.post(
        "/api/v1/negotiations", json={"title": f"Bench {uuid.uuid4().hex[:6]}", "body": "GA"}
    ).json()["slug"]
    upload_times = []
    for k, raw in enumerate(drafts):
        start = time.perf_counter()
        response = client.post(
            f"/api/v1/negotiations/{slug}/drafts",
            data={"label": f"v{k}"},
            files={"file": (f"v{k}.txt", raw, "text/plain")},
        )
        upload_times.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 201, response.text
    last = len(drafts)
    lineage = client.get(f"/api/v1/negotiations/{slug}/drafts/1").json()["paragraphs"][5]
    reads = {
        "compare (consecutive)": (f"/api/v1/negotiations/{slug}/compare", {"from": 1, "to": 2}),
        "compare (first to last)": (
            f"/api/v1/negotiations/{slug}/compare",
            {"from": 1, "to": last},
        ),
        "history (20 drafts)": (
            f"/api/v1/negotiations/{slug}/paragraphs/{lineage['lineage_id']}/history",
            {},
        ),
    }
    cache: ReadCache = client.app.state.read_cache  # type: ignore[attr-defined]
    figures = {"upload": statistics.median(upload_times[1:])}
    for name, (path, params) in reads.items():

        def cold(path: str = path, params: dict[str, int] = params) -> object:
            cache.clear()
            return client.get(path, params=params)

        figures[name] = median_ms(cold, repeat)
        figures[f"{name}, cached"] = median_ms(partial(client.get, path, params=params), repeat)
    client.close()
    return figures


def main(argv: list[str] | None = None) -> int:
    """Print the API figures per database."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true")
    args = parser.parse_args(argv)
    repeat = 10 if args.quick else 40
    gen = load_generator()
    kinds = {"SQLite": "sqlite"} | ({"PostgreSQL": "postgres"} if PG_URL else {})
    with tempfile.TemporaryDirectory() as folder, contextlib.ExitStack() as stack:
        gen.generate_series("typical", 19, 7, folder)
        drafts = [(Path(folder) / f"v{k}.txt").read_bytes() for k in range(20)]
        databases = {name: stack.enter_context(temp_database(kind)) for name, kind in kinds.items()}
        print(
            f"{'measure (median ms)':<32}" + "".join(f"{db:>12}" for db in databases) + "  target"
        )
        results = {db: measure(url, drafts, repeat) for db, url in databases.items()}
        for key in next(iter(results.values())):
            row = "".join(f"{results[db][key]:>12.1f}" for db in databases)
            target = f"  ≤ {TARGETS[key]:.0f}" if key in TARGETS else ""
            print(f"{key:<32}{row}{target}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
