"""HTTP limits on a real server: request heads too large, too many headers, too slow; bodies
that stall; and `/docs` served without a CDN.

The server runs Penholder's own protocol (`app.api.protocol`) with short timeouts so that the
slow cases take seconds; raw sockets play the misbehaving clients. None of these touch the
database, so they run on SQLite only.
"""

from __future__ import annotations

import re
import socket
import time
from collections.abc import Iterator

import httpx
import pytest
from fastapi.testclient import TestClient

from tests.robustness.servers import ServerProcess, running_server, temp_database

TIMEOUTS = {"PENHOLDER_HEADER_TIMEOUT_S": "1", "PENHOLDER_BODY_TIMEOUT_S": "1"}


@pytest.fixture(scope="module")
def server() -> Iterator[ServerProcess]:
    """A server with one-second head and body timeouts."""
    with temp_database("sqlite") as url, running_server(url, env=TIMEOUTS) as process:
        yield process


def exchange(server: ServerProcess, pieces: list[bytes], pause: float = 0.0) -> tuple[bytes, float]:
    """Send `pieces` with `pause` seconds between them; the answer read until it is whole or
    the server closes (or 15 s pass), and the seconds until its first byte."""
    with socket.create_connection(("127.0.0.1", server.port), timeout=15) as sock:
        started = time.monotonic()
        first = None
        try:
            for piece in pieces:
                sock.sendall(piece)
                time.sleep(pause)
        except OSError:
            pass  # the server closed the connection while we were still sending
        answer = b""
        try:
            while not _complete(answer) and (chunk := sock.recv(65_536)):
                first = first or time.monotonic()
                answer += chunk
        except (TimeoutError, ConnectionResetError):
            pass
    return answer, (first or time.monotonic()) - started


def _complete(answer: bytes) -> bool:
    """Whether `answer` holds a whole response (its head and `content-length` bytes of body)."""
    head, separator, body = answer.partition(b"\r\n\r\n")
    length = re.search(rb"(?im)^content-length: *(\d+)", head)
    return bool(separator and length and len(body) >= int(length.group(1)))


def status_of(answer: bytes) -> int:
    """The status code of a raw HTTP answer."""
    match = re.match(rb"HTTP/1\.1 (\d{3}) ", answer)
    assert match, answer[:200]
    return int(match.group(1))


GET = b"GET /api/v1/health HTTP/1.1\r\nHost: penholder\r\n"


def test_a_plain_request_is_answered(server: ServerProcess) -> None:
    answer, _ = exchange(server, [GET + b"Connection: close\r\n\r\n"])
    assert status_of(answer) == 200


def test_a_one_megabyte_header_is_refused_with_431_at_once(server: ServerProcess) -> None:
    answer, seconds = exchange(server, [GET + b"X-Big: " + b"a" * 1_000_000 + b"\r\n\r\n"])
    assert status_of(answer) == 431
    assert b"application/problem+json" in answer and b"larger than 32 KB" in answer
    assert seconds < 5


def test_two_hundred_headers_are_refused_with_431(server: ServerProcess) -> None:
    headers = b"".join(b"X-H%d: 1\r\n" % i for i in range(200))
    answer, _ = exchange(server, [GET + headers + b"\r\n"])
    assert status_of(answer) == 431
    assert b"more than 100 headers" in answer


def test_a_request_head_sent_slowly_times_out_with_408(server: ServerProcess) -> None:
    answer, seconds = exchange(server, [GET] + [b"X-Slow: 1\r\n"] * 20, pause=0.25)
    assert status_of(answer) == 408
    assert b"did not arrive within 1 seconds" in answer
    assert 0.9 < seconds < 4


def test_a_connection_that_never_speaks_times_out_with_408(server: ServerProcess) -> None:
    answer, seconds = exchange(server, [b""])
    assert status_of(answer) == 408
    assert 0.9 < seconds < 4


def test_a_body_that_stalls_after_authentication_is_refused_with_408(
    server: ServerProcess,
) -> None:
    from tests.robustness.servers import create_tokens

    token = create_tokens(server.url)["editor"]
    with httpx.Client(base_url=server.base, headers={"Authorization": f"Bearer {token}"}) as api:
        assert api.post("/api/v1/negotiations", json={"title": "S", "body": "HRC", "slug": "s"})
    head = (
        b"POST /api/v1/negotiations/s/drafts HTTP/1.1\r\nHost: penholder\r\n"
        b"Authorization: Bearer " + token.encode() + b"\r\n"
        b"Content-Type: application/json\r\nContent-Length: 1000\r\n\r\n"
    )
    answer, seconds = exchange(server, [head, b'{"label": '], pause=0.1)
    assert status_of(answer) == 408, answer[:300]
    assert b"stalled: nothing arrived for 1 seconds" in answer
    assert 0.9 < seconds < 4


def test_the_server_still_answers_after_every_refusal(server: ServerProcess) -> None:
    assert httpx.get(server.base + "/api/v1/health").status_code == 200


def test_docs_load_swagger_ui_from_this_server_only(app_client: TestClient) -> None:
    page = app_client.get("/docs")
    assert page.status_code == 200
    assert not re.search(r"(?:src|href)=\"(?:https?:)?//", page.text), page.text
    policy = page.headers["content-security-policy"]
    assert "http" not in policy and "script-src 'self';" in policy
    for asset in re.findall(r"(?:src|href)=\"(/docs/[^\"]+)\"", page.text):
        served = app_client.get(asset)
        assert served.status_code == 200, asset
        assert len(served.content) > 100 or asset.endswith("start.js")
    assert "SwaggerUIBundle" in app_client.get("/docs/assets/swagger-ui-bundle.js").text
    assert "/openapi.json" in app_client.get("/docs/start.js").text
