"""No upload stalls the server: hostile uploads against a real server on 1 and 2 workers, on
SQLite and PostgreSQL.

For each hostile text (`hostile.hostile_texts`): the status and its reason, the time to the
refusal (the 20 MB one under 2 s), the server's peak memory growth (under 200 MB), no row
written, and the same worker processes alive afterwards. While they and a heavy accepted upload
(long paragraphs, every one edited) are processed, another process polls `GET /api/v1/health`
and a paragraph's history: both answer, p99 under 200 ms more than the same probe measured
just before with no upload running (issue 16's bound, 200 ms, on a machine otherwise idle; the
development machine is shared, and what its other work costs is not the upload's doing). The
figures themselves are reported by `penholder bench hostile`. A burst of the machine's other
work can spoil one measurement, so up to `ATTEMPTS` are made; a stalling server fails them all.
"""

from __future__ import annotations

import time
from collections.abc import Iterator

import httpx
import pytest

from app.db.session import get_engine, transaction
from tests.api.rows import row_counts
from tests.robustness.hostile import (
    LatencyProbe,
    edited,
    hostile_texts,
    long_paragraph_draft,
    server_memory_kb,
    worker_pids,
)
from tests.robustness.servers import PG_URL, ServerProcess, create_tokens, temp_database
from tests.robustness.test_bad_input import SHORT

SERVERS = [
    pytest.param(("sqlite", 1), id="sqlite-1-worker"),
    pytest.param(("sqlite", 2), id="sqlite-2-workers"),
    *(
        pytest.param(
            ("postgres", workers),
            id=f"postgres-{workers}-worker{'s' if workers > 1 else ''}",
            marks=pytest.mark.skipif(not PG_URL, reason="needs PENHOLDER_TEST_DATABASE_URL"),
        )
        for workers in (1, 2)
    ),
]
REFUSED_WITHIN_S = 2.0
MEMORY_GROWTH_MB = 200
P99_MS = 200.0
HEAVY_PARAGRAPHS = 60
ROUNDS = 2  # of the hostile texts, so that p99 is over a hundred requests or more
IDLE_SECONDS = 1.5  # of probing before the uploads: the machine's own latency
# Measurements, the first within the bound passing: a stall fails them all, while one burst of
# the shared machine's other work fails one. Unit: attempts.
ATTEMPTS = 3


class Running:
    """A started server, its tokens, a negotiation with a draft and a paragraph's history."""

    def __init__(self, process: ServerProcess, tokens: dict[str, str]) -> None:
        self.process = process
        self.tokens = tokens
        headers = {"Authorization": f"Bearer {tokens['editor']}"}
        self.api = httpx.Client(base_url=process.base + "/api/v1", headers=headers, timeout=120)
        made = self.api.post("/negotiations", json={"title": "Calm", "body": "HRC", "slug": "c"})
        assert made.status_code == 201, made.text
        for label, text in (("Zero", SHORT), ("Rev.1", SHORT.replace("protect", "shield"))):
            stored = self.api.post("/negotiations/c/drafts", json={"label": label, "text": text})
            assert stored.status_code == 201, stored.text
        lineage = stored.json()["paragraphs"][-1]["lineage_id"]
        self.history = f"/api/v1/negotiations/c/paragraphs/{lineage}/history"

    def upload_file(self, raw: bytes) -> httpx.Response:
        """Upload `raw` as a .txt draft."""
        return self.api.post(
            "/negotiations/c/drafts",
            data={"label": "Hostile"},
            files={"file": ("draft.txt", raw, "text/plain")},
        )

    def rows(self) -> dict[str, int]:
        """Rows in every table of the server's database."""
        with transaction(get_engine(self.process.url)) as session:
            return row_counts(session)


@pytest.fixture(params=SERVERS, scope="module")
def running(request: pytest.FixtureRequest) -> Iterator[Running]:
    """A server of the given backend and worker count, on a fresh database."""
    kind, workers = request.param
    with temp_database(kind) as url:
        tokens = create_tokens(url)
        process = ServerProcess(url, workers=workers)
        try:
            server = Running(process.start(), tokens)
            try:
                yield server
            finally:
                server.api.close()
        finally:
            process.cleanup()


@pytest.mark.parametrize("name", sorted(hostile_texts()))
def test_a_hostile_upload_is_refused_fast_small_and_harmless(running: Running, name: str) -> None:
    raw = hostile_texts()[name]
    rows, pids = running.rows(), worker_pids(running.process.pid)
    memory = server_memory_kb(running.process.pid)
    started = time.monotonic()
    response = running.upload_file(raw)
    seconds = time.monotonic() - started
    assert response.status_code == 413, response.text[:300]
    assert response.headers["content-type"].startswith("application/problem+json")
    assert "at most" in response.json()["detail"]
    assert seconds < REFUSED_WITHIN_S, f"{name}: refused after {seconds:.2f} s"
    growth_mb = (server_memory_kb(running.process.pid) - memory) / 1024
    assert growth_mb < MEMORY_GROWTH_MB, f"{name}: {growth_mb:.0f} MB more memory"
    assert running.rows() == rows
    assert worker_pids(running.process.pid) >= pids, "a worker was killed or restarted"
    assert httpx.get(running.process.base + "/api/v1/health").status_code == 200


def test_health_and_history_answer_fast_while_hostile_and_heavy_uploads_run(
    running: Running,
) -> None:
    heavy = long_paragraph_draft(paragraphs=HEAVY_PARAGRAPHS)
    stored = running.api.post("/negotiations/c/drafts", json={"label": "Long", "text": heavy})
    assert stored.status_code == 201, stored.text[:300]
    pids = worker_pids(running.process.pid)
    attempts = []
    for attempt in range(ATTEMPTS):
        calm, figures = measure_under_attack(running, heavy, attempt)
        attempts.append((figures, calm))
        if all(figures[f"{n} p99"] < P99_MS + calm[f"{n} p99"] for n in ("health", "history")):
            break
    else:
        raise AssertionError(f"p99 over the bound in every attempt: {attempts}")
    assert worker_pids(running.process.pid) >= pids, "a worker was killed or restarted"


def measure_under_attack(
    running: Running, heavy: str, attempt: int
) -> tuple[dict[str, float], dict[str, float]]:
    """Probe figures with no upload running, then while hostile and heavy uploads run."""
    idle = probe_of(running)
    with idle:
        time.sleep(IDLE_SECONDS)
    attacked = probe_of(running)
    with attacked:
        time.sleep(0.3)
        for _ in range(ROUNDS):
            for raw in hostile_texts().values():
                assert running.upload_file(raw).status_code == 413
        label = f"Long {attempt + 2}"
        revised = running.api.post(
            "/negotiations/c/drafts", json={"label": label, "text": edited(heavy, attempt)}
        )
        assert revised.status_code == 201, revised.text[:300]
        time.sleep(0.3)
    assert not attacked.failures, attacked.failures[:5]
    figures = attacked.summary()
    assert figures["health requests"] >= 20, figures
    return idle.summary(), figures


def probe_of(running: Running) -> LatencyProbe:
    """A probe of the server's health and the history, every 5 ms."""
    return LatencyProbe(
        running.process.base, running.history, running.tokens["viewer"], pause=0.005
    )
