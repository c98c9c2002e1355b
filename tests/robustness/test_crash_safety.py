"""A server killed (SIGKILL) while uploads are in flight loses nothing it confirmed and keeps
nothing half-stored.

After the restart every draft is whole — its file matches its sha256 and one of the files sent,
it has paragraphs, every paragraph has a lineage, and a draft with a base has its changes — or
absent; seqs run 1..n without a gap or a duplicate; and the database passes an integrity check
(`PRAGMA integrity_check` and `foreign_key_check` on SQLite, consistency queries on both).
"""

from __future__ import annotations

import hashlib
import sqlite3
import threading
import time
from collections.abc import Iterator

import httpx
import pytest
from sqlalchemy import text
from sqlalchemy.engine import make_url

from app.db.session import get_engine, is_sqlite, transaction
from tests.conftest import SAMPLES
from tests.robustness.servers import PG_URL, ServerProcess, create_tokens, temp_database

UPLOADS = 10
KILL_AFTER = 2  # confirmed uploads before the kill; the rest are queued or in flight
FILES = [
    (SAMPLES / name).read_bytes()
    for name in ("02-rev1.txt", "03-rev2.txt", "04-l22.txt", "05-adopted.txt")
]
CONSISTENCY = {
    "drafts without paragraphs": """
        SELECT count(*) FROM drafts d
        WHERE NOT EXISTS (SELECT 1 FROM paragraphs p WHERE p.draft_id = d.id)""",
    "paragraphs without a lineage": """
        SELECT count(*) FROM paragraphs p
        WHERE NOT EXISTS (SELECT 1 FROM lineages l WHERE l.id = p.lineage_id)""",
    "drafts with a base but no changes": """
        SELECT count(*) FROM drafts d
        WHERE d.based_on_id IS NOT NULL
          AND NOT EXISTS (SELECT 1 FROM changes c WHERE c.draft_id = d.id)""",
    "changes of a draft that does not exist": """
        SELECT count(*) FROM changes c
        WHERE NOT EXISTS (SELECT 1 FROM drafts d WHERE d.id = c.draft_id)""",
    "seqs used twice": """
        SELECT count(*) FROM (
            SELECT negotiation_id, seq FROM drafts GROUP BY negotiation_id, seq
            HAVING count(*) > 1) twice""",
    "negotiations whose next seq is not after the last": """
        SELECT count(*) FROM negotiations n
        WHERE n.next_seq <> 1 + COALESCE(
            (SELECT max(d.seq) FROM drafts d WHERE d.negotiation_id = n.id), 0)""",
}
BACKENDS = [
    "sqlite",
    pytest.param(
        "postgres", marks=pytest.mark.skipif(not PG_URL, reason="needs PENHOLDER_TEST_DATABASE_URL")
    ),
]


@pytest.fixture(params=BACKENDS)
def database(request: pytest.FixtureRequest) -> Iterator[str]:
    """A fresh migrated database of each kind."""
    with temp_database(request.param) as url:
        yield url


def test_a_killed_server_leaves_every_draft_whole_or_absent(database: str) -> None:
    tokens = create_tokens(database)
    headers = {"Authorization": f"Bearer {tokens['editor']}"}
    server = ServerProcess(database).start()
    try:
        with httpx.Client(base_url=server.base + "/api/v1", headers=headers, timeout=60) as api:
            made = api.post(
                "/negotiations", json={"title": "Crash", "body": "HRC", "slug": "crash"}
            )
            assert made.status_code == 201, made.text
            zero = (SAMPLES / "01-zero-draft.txt").read_bytes()
            first = api.post(
                "/negotiations/crash/drafts",
                data={"label": "Zero"},
                files={"file": ("zero.txt", zero, "text/plain")},
            )
            assert first.status_code == 201, first.text
        confirmed, failures = fire_uploads_and_kill(server, headers)
        server.start()
        with httpx.Client(base_url=server.base + "/api/v1", headers=headers, timeout=60) as api:
            drafts = api.get("/negotiations/crash/drafts").json()["items"]
            after = api.post(
                "/negotiations/crash/drafts",
                data={"label": "After the crash", "allow_duplicate": "true"},
                files={"file": ("after.txt", FILES[0], "text/plain")},
            )
    finally:
        server.cleanup()
    assert failures, "the kill came after every upload had finished: nothing was in flight"
    assert all(isinstance(f, httpx.TransportError) for f in failures), failures
    seqs = [d["seq"] for d in drafts]
    assert seqs == list(range(1, len(seqs) + 1))
    assert set(confirmed) <= set(seqs), "an upload confirmed with 201 was lost"
    assert after.status_code == 201 and after.json()["seq"] == len(seqs) + 1
    assert_every_draft_is_whole(database, {hashlib.sha256(f).hexdigest() for f in FILES})
    assert_database_is_consistent(database)


def fire_uploads_and_kill(
    server: ServerProcess, headers: dict[str, str]
) -> tuple[list[int], list[Exception]]:
    """Start `UPLOADS` uploads at once, SIGKILL the server after `KILL_AFTER` are confirmed;
    the seqs confirmed, and the errors the other clients saw."""
    confirmed: list[int] = []
    failures: list[Exception] = []
    lock = threading.Lock()

    def upload(n: int) -> None:
        raw = FILES[n % len(FILES)]
        try:
            with httpx.Client(headers=headers, timeout=60) as own:
                response = own.post(
                    f"{server.base}/api/v1/negotiations/crash/drafts",
                    data={"label": f"Upload {n}", "allow_duplicate": "true"},
                    files={"file": (f"upload-{n}.txt", raw, "text/plain")},
                )
            with lock:
                assert response.status_code == 201, response.text
                confirmed.append(response.json()["seq"])
        except httpx.TransportError as exc:
            with lock:
                failures.append(exc)

    threads = [threading.Thread(target=upload, args=(n,)) for n in range(UPLOADS)]
    for thread in threads:
        thread.start()
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        with lock:
            if len(confirmed) >= KILL_AFTER:
                break
        time.sleep(0.005)
    server.kill()
    for thread in threads:
        thread.join(timeout=60)
    return confirmed, failures


def assert_every_draft_is_whole(url: str, sent: set[str]) -> None:
    """Every stored draft's file is one that was sent, intact, with paragraphs and lineages."""
    with transaction(get_engine(url)) as session:
        rows = session.execute(
            text("SELECT id, seq, sha256, size, content, based_on_id FROM drafts ORDER BY seq")
        ).all()
        paragraphs: dict[int, int] = dict(
            session.execute(
                text("SELECT draft_id, count(*) FROM paragraphs GROUP BY draft_id")
            ).all()
        )
        changes: dict[int, int] = dict(
            session.execute(text("SELECT draft_id, count(*) FROM changes GROUP BY draft_id")).all()
        )
    assert len(rows) > 1
    for draft_id, seq, sha256, size, content, based_on_id in rows:
        assert hashlib.sha256(content).hexdigest() == sha256 and len(content) == size, seq
        assert seq == 1 or sha256 in sent, seq
        assert paragraphs.get(draft_id, 0) > 0, seq
        assert based_on_id is None or changes.get(draft_id, 0) >= paragraphs[draft_id] // 2, seq


def assert_database_is_consistent(url: str) -> None:
    """SQLite's own checks, then the consistency queries, on both databases."""
    if is_sqlite(url):
        path = make_url(url).database
        with sqlite3.connect(str(path)) as connection:
            assert connection.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
            assert connection.execute("PRAGMA foreign_key_check").fetchall() == []
        connection.close()
    with transaction(get_engine(url)) as session:
        found = {name: session.scalar(text(query)) for name, query in CONSISTENCY.items()}
    assert found == dict.fromkeys(CONSISTENCY, 0)
