"""The HTTP/1.1 protocol Penholder's uvicorn runs: httptools, with limits on each request head.

uvicorn's httptools protocol accepts a request head of any size, any number of headers, and
waits for it forever (a "slowloris" client holds a connection with one byte every few seconds).
`BoundedHttpProtocol` counts the request line and header bytes as the parser hands them over
and refuses a head over `PENHOLDER_MAX_HEADER_KB` or with more than `PENHOLDER_MAX_HEADERS`
headers with 431, and a head not complete within `PENHOLDER_HEADER_TIMEOUT_S` seconds of its
first byte (or of the connection, for a client that sends nothing) with 408; both close the
connection. Bodies are timed by `limits.BodyLimits`, inside the app.

`penholder serve` runs it (`UVICORN_HTTP`); so do the robustness tests' servers.
"""

from __future__ import annotations

import asyncio
import json
from typing import Any

from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

from app.settings import get_settings

UVICORN_HTTP = "app.api.protocol:BoundedHttpProtocol"
_REASONS = {408: b"Request Timeout", 431: b"Request Header Fields Too Large"}


class _HeadRefused(Exception):
    """Raised inside a parser callback to stop reading a refused request head."""


class BoundedHttpProtocol(HttpToolsProtocol):
    """uvicorn's httptools protocol refusing request heads too large, too many or too slow."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        settings = get_settings()
        self._max_head = settings.max_header_kb * 1024
        self._max_headers = settings.max_headers
        self._head_timeout = settings.header_timeout_s
        self._head_bytes = 0
        self._head_count = 0
        self._head_timer: asyncio.TimerHandle | None = None
        self._refusal: tuple[int, str] | None = None

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        """Start timing the first request head as soon as the client connects."""
        super().connection_made(transport)
        self._time_head()

    def connection_lost(self, exc: Exception | None) -> None:
        """Stop the head timer with the connection."""
        self._stop_head_timer()
        super().connection_lost(exc)

    def on_message_begin(self) -> None:
        """A new request head begins: count it from zero and time it."""
        super().on_message_begin()
        self._head_bytes = self._head_count = 0
        self._time_head()

    def on_url(self, url: bytes) -> None:
        """Count the request target's bytes."""
        self._count(len(url), 0)
        super().on_url(url)

    def on_header(self, name: bytes, value: bytes) -> None:
        """Count one header (its name and value may come in several pieces)."""
        self._count(len(name) + len(value), 1 if name else 0)
        super().on_header(name, value)

    def on_headers_complete(self) -> None:
        """The head is complete in time: the request goes on."""
        self._stop_head_timer()
        super().on_headers_complete()

    def send_400_response(self, msg: str) -> None:
        """Answer a refused head with its own status; anything else as uvicorn does."""
        if self._refusal is None:
            super().send_400_response(msg)
            return
        self._send_problem(*self._refusal)

    def _count(self, size: int, headers: int) -> None:
        self._head_bytes += size + 4 * headers  # ": " and CRLF
        self._head_count += headers
        if self._head_bytes > self._max_head:
            self._refusal = (431, f"The request head is larger than {self._max_head // 1024} KB.")
        elif self._head_count > self._max_headers:
            self._refusal = (431, f"The request has more than {self._max_headers} headers.")
        if self._refusal is not None:
            raise _HeadRefused

    def _time_head(self) -> None:
        if self._head_timer is None and self._head_timeout > 0:
            self._head_timer = self.loop.call_later(self._head_timeout, self._head_too_slow)

    def _stop_head_timer(self) -> None:
        if self._head_timer is not None:
            self._head_timer.cancel()
            self._head_timer = None

    def _head_too_slow(self) -> None:
        self._head_timer = None
        busy = self.cycle is not None and not self.cycle.response_complete
        if busy or self.transport.is_closing():
            return
        self._send_problem(
            408, f"The request head did not arrive within {self._head_timeout:g} seconds."
        )

    def _send_problem(self, status: int, detail: str) -> None:
        body = json.dumps(
            {"type": "about:blank", "title": _REASONS[status].decode(), "status": status,
             "detail": detail}
        ).encode()  # fmt: skip
        head = b"HTTP/1.1 %d %s\r\n" % (status, _REASONS[status]) + (
            b"content-type: application/problem+json\r\ncontent-length: %d\r\n"
            b"connection: close\r\n\r\n" % len(body)
        )
        self.transport.write(head + body)
        self.transport.close()
