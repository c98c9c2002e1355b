"""Racing clients against a real server: every upload stored once, with its own seq, and an
attribution never recorded twice.

PostgreSQL runs behind four uvicorn worker processes; SQLite behind one (WAL, BEGIN IMMEDIATE,
a busy timeout), where the race is between the worker's threads.
"""

from __future__ import annotations

import hashlib
import threading
from collections.abc import Callable, Iterator
from typing import Any

import httpx
import pytest

from tests.robustness.servers import PG_URL, ServerProcess, create_tokens, temp_database

CLIENTS = 20
ROUNDS = 8
TIMEOUT = httpx.Timeout(120.0)
BACKENDS = [
    pytest.param(("sqlite", 1), id="sqlite-1-worker"),
    pytest.param(
        ("postgres", 4),
        id="postgres-4-workers",
        marks=pytest.mark.skipif(not PG_URL, reason="needs PENHOLDER_TEST_DATABASE_URL"),
    ),
]


def draft_text(n: int) -> str:
    """A small draft whose OP1 differs from every other draft's by one word."""
    return (
        "The Human Rights Council,\n\nRecalling its earlier resolutions,\n\n"
        f"1. Urges States to protect human rights defenders in region {n};\n\n"
        "2. Decides to remain seized of the matter.\n"
    )


@pytest.fixture(params=BACKENDS, scope="module")
def server(request: pytest.FixtureRequest) -> Iterator[tuple[ServerProcess, dict[str, str]]]:
    """A running server on a fresh database, and its tokens."""
    kind, workers = request.param
    with temp_database(kind) as url:
        tokens = create_tokens(url)
        process = ServerProcess(url, workers=workers)
        try:
            yield process.start(), tokens
        finally:
            process.cleanup()


def at_once(calls: list[Callable[[], httpx.Response]]) -> list[httpx.Response | Exception]:
    """Run the calls in threads released together; each one's response or exception."""
    barrier = threading.Barrier(len(calls))
    results: list[httpx.Response | Exception] = [RuntimeError("not run")] * len(calls)

    def run(i: int) -> None:
        barrier.wait(timeout=30)
        try:
            results[i] = calls[i]()
        except Exception as exc:  # the test reports it below
            results[i] = exc

    threads = [threading.Thread(target=run, args=(i,)) for i in range(len(calls))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=180)
    assert not any(t.is_alive() for t in threads), "a client is still waiting after 180 s"
    return results


def statuses(results: list[Any]) -> list[int | str]:
    """Each result's status code, or the exception's name."""
    return [r.status_code if isinstance(r, httpx.Response) else type(r).__name__ for r in results]


def test_twenty_racing_uploads_are_all_stored_with_seqs_one_to_twenty(
    server: tuple[ServerProcess, dict[str, str]],
) -> None:
    process, tokens = server
    headers = {"Authorization": f"Bearer {tokens['editor']}"}
    with httpx.Client(base_url=process.base + "/api/v1", headers=headers, timeout=TIMEOUT) as api:
        made = api.post("/negotiations", json={"title": "Race", "body": "HRC", "slug": "race"})
        assert made.status_code == 201, made.text

    def uploader(n: int) -> Callable[[], httpx.Response]:
        def upload() -> httpx.Response:
            with httpx.Client(headers=headers, timeout=TIMEOUT) as own:
                return own.post(
                    f"{process.base}/api/v1/negotiations/race/drafts",
                    json={"label": f"Draft from client {n}", "text": draft_text(n)},
                )

        return upload

    results = at_once([uploader(n) for n in range(CLIENTS)])
    assert statuses(results) == [201] * CLIENTS, [
        r.text if isinstance(r, httpx.Response) else repr(r) for r in results
    ]
    with httpx.Client(base_url=process.base + "/api/v1", headers=headers, timeout=TIMEOUT) as api:
        drafts = api.get("/negotiations/race/drafts").json()["items"]
    assert sorted(d["seq"] for d in drafts) == list(range(1, CLIENTS + 1))
    sent = {hashlib.sha256(draft_text(n).encode()).hexdigest() for n in range(CLIENTS)}
    assert sorted(d["sha256"] for d in drafts) == sorted(sent)
    assert [d["based_on"] for d in drafts] == [None, *range(1, CLIENTS)]
    answered = sorted(r.json()["seq"] for r in results if isinstance(r, httpx.Response))
    assert answered == list(range(1, CLIENTS + 1))


def test_two_clients_attributing_the_same_hunk_record_it_once(
    server: tuple[ServerProcess, dict[str, str]],
) -> None:
    process, tokens = server
    headers = {"Authorization": f"Bearer {tokens['editor']}"}
    with httpx.Client(base_url=process.base + "/api/v1", headers=headers, timeout=TIMEOUT) as api:
        made = api.post("/negotiations", json={"title": "Hunks", "body": "GA", "slug": "hunks"})
        assert made.status_code == 201, made.text
        for n in range(ROUNDS + 1):
            stored = api.post(
                "/negotiations/hunks/drafts", json={"label": f"Rev.{n}", "text": draft_text(n)}
            )
            assert stored.status_code == 201, stored.text
        targets = []
        for seq in range(2, ROUNDS + 2):
            changes = api.get(f"/negotiations/hunks/compare?from={seq - 1}&to={seq}").json()
            modified = next(c for c in changes["changes"] if c["hunks"])
            targets.append((seq, modified["lineage_id"]))

        for seq, lineage_id in targets:
            body = {"to": seq, "lineage_id": lineage_id, "hunk": 0, "delegations": ["EU"]}

            def attribute(body: dict[str, Any] = body) -> httpx.Response:
                with httpx.Client(headers=headers, timeout=TIMEOUT) as own:
                    return own.post(
                        f"{process.base}/api/v1/negotiations/hunks/attributions", json=body
                    )

            results = at_once([attribute, attribute])
            assert sorted(statuses(results), key=str) == [201, 409], [
                r.text if isinstance(r, httpx.Response) else repr(r) for r in results
            ]
            refused = next(
                r for r in results if isinstance(r, httpx.Response) and r.status_code == 409
            )
            assert refused.headers["content-type"].startswith("application/problem+json")
            compared = api.get(f"/negotiations/hunks/compare?from={seq - 1}&to={seq}").json()
            change = next(c for c in compared["changes"] if c["lineage_id"] == lineage_id)
            recorded = change["hunks"][0]["attributions"]
            assert [[d["code"] for d in a["delegations"]] for a in recorded] == [["EU"]]
