"""Through the API, in process: upload, compare and paragraph history on generated drafts.

    penholder bench api            # or: python tests/bench/bench_api.py [--quick]

A temporary SQLite database (and PostgreSQL when PENHOLDER_TEST_DATABASE_URL is set) gets a
negotiation of 20 typical drafts (`gen_drafts.py --size typical --revisions 19`). Medians of:
uploading one typical draft (parse, align, diff, store, attribute), `compare` of two
consecutive typical drafts, `compare` of the first and last, and one paragraph's history
across the 20 drafts. Targets (issue 4): upload ≤ 150 ms on SQLite, compare ≤ 30 ms,
history ≤ 15 ms.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent.parent))
sys.path.insert(0, str(HERE))

from fastapi.testclient import TestClient  # noqa: E402
from sqlalchemy import create_engine, text  # noqa: E402
from sqlalchemy.engine import make_url  # noqa: E402
from workload import load_generator  # noqa: E402

from app.db.migrate import upgrade_database  # noqa: E402
from app.db.session import get_engine, transaction  # noqa: E402
from app.main import create_app  # noqa: E402
from app.services.tokens import create_token  # noqa: E402
from app.settings import Settings  # noqa: E402

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
    upgrade_database(url)
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
    figures = {"upload": statistics.median(upload_times[1:])}
    figures["compare (consecutive)"] = median_ms(
        lambda: client.get(f"/api/v1/negotiations/{slug}/compare", params={"from": 1, "to": 2}),
        repeat,
    )
    figures["compare (first to last)"] = median_ms(
        lambda: client.get(f"/api/v1/negotiations/{slug}/compare", params={"from": 1, "to": last}),
        repeat,
    )
    lineage = client.get(f"/api/v1/negotiations/{slug}/drafts/1").json()["paragraphs"][5]
    figures["history (20 drafts)"] = median_ms(
        lambda: client.get(
            f"/api/v1/negotiations/{slug}/paragraphs/{lineage['lineage_id']}/history"
        ),
        repeat,
    )
    client.close()
    return figures


def main(argv: list[str] | None = None) -> int:
    """Print the API figures per database."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true")
    args = parser.parse_args(argv)
    repeat = 10 if args.quick else 40
    gen = load_generator()
    with tempfile.TemporaryDirectory() as folder:
        gen.generate_series("typical", 19, 7, folder)
        drafts = [(Path(folder) / f"v{k}.txt").read_bytes() for k in range(20)]
        databases = {"SQLite": f"sqlite:///{folder}/bench.db"}
        pg = os.environ.get("PENHOLDER_TEST_DATABASE_URL")
        admin = None
        if pg:
            name = f"penholder_bench_{uuid.uuid4().hex[:8]}"
            server = make_url(pg).set(drivername="postgresql+psycopg")
            admin = create_engine(server.set(database="postgres"), isolation_level="AUTOCOMMIT")
            with admin.connect() as conn:
                conn.execute(text(f'CREATE DATABASE "{name}"'))
            databases["PostgreSQL"] = server.set(database=name).render_as_string(
                hide_password=False
            )
        try:
            print(
                f"{'measure (median ms)':<28}"
                + "".join(f"{db:>12}" for db in databases)
                + "  target"
            )
            results = {db: measure(url, drafts, repeat) for db, url in databases.items()}
            for key in next(iter(results.values())):
                row = "".join(f"{results[db][key]:>12.1f}" for db in databases)
                target = f"  ≤ {TARGETS[key]:.0f}" if key in TARGETS else ""
                print(f"{key:<28}{row}{target}")
        finally:
            get_engine.cache_clear()
            if admin is not None:
                with admin.connect() as conn:
                    conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
                admin.dispose()
    return 0


if __name__ == "__main__":
    sys.exit(main())
