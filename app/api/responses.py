"""JSON responses for large read results: serialised in C, cached per data version.

Every write goes to the audit log in the same transaction as the data it changes, so the
newest audit entry's id is a version of everything stored. A read result computed at version
V is reused, by this process, only for requests that see version V too: two workers may hold
different entries but never serve different answers for the same data. The version also
serves as a weak ETag, so a browser that has an answer gets 304 without it being recomputed.
"""

from __future__ import annotations

import datetime as dt
import json
from collections import OrderedDict
from collections.abc import Callable, Hashable
from threading import Lock
from typing import Any

from fastapi import Request, Response
from sqlalchemy.orm import Session

from app.db.repositories import tokens as tokens_repo

CACHE_ENTRIES = 512  # results kept per process (a comparison is ~10-200 KB)


def _iso(value: Any) -> str:
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat().replace("+00:00", "Z")
    raise TypeError(f"{type(value).__name__} is not JSON")


def json_bytes(content: Any) -> bytes:
    """`content` (dicts, lists, text, numbers, dates) as compact UTF-8 JSON.

    FastAPI's `jsonable_encoder` walks every value in Python and cost as much as computing a
    comparison; `json.dumps` does the same work in C.
    """
    return json.dumps(content, ensure_ascii=False, separators=(",", ":"), default=_iso).encode()


def json_response(content: Any) -> Response:
    """`content` as an application/json response."""
    return Response(json_bytes(content), media_type="application/json")


class ReadCache:
    """A small least-recently-used map from (read, version) to response bytes."""

    def __init__(self, size: int = CACHE_ENTRIES) -> None:
        self._entries: OrderedDict[Hashable, bytes] = OrderedDict()
        self._size = size
        self._lock = Lock()

    def get(self, key: Hashable) -> bytes | None:
        """The bytes stored under `key`, or None."""
        with self._lock:
            found = self._entries.get(key)
            if found is not None:
                self._entries.move_to_end(key)
            return found

    def clear(self) -> None:
        """Forget every entry (benchmarks measure the computation this way)."""
        with self._lock:
            self._entries.clear()

    def put(self, key: Hashable, body: bytes) -> None:
        """Keep `body` under `key`, forgetting the least recently used beyond the size."""
        with self._lock:
            self._entries[key] = body
            self._entries.move_to_end(key)
            while len(self._entries) > self._size:
                self._entries.popitem(last=False)


def versioned_json(
    request: Request, session: Session, read: Hashable, compute: Callable[[], Any]
) -> Response:
    """The JSON answer of `read`, from this process's cache when the data has not changed."""
    version = tokens_repo.last_audit_id(session)
    etag = f'W/"{version}"'
    headers = {"ETag": etag, "Cache-Control": "private, no-cache"}
    if etag in request.headers.get("if-none-match", ""):
        return Response(status_code=304, headers=headers)
    cache: ReadCache = request.app.state.read_cache
    key = (read, version)
    body = cache.get(key)
    if body is None:
        body = json_bytes(compute())
        cache.put(key, body)
    return Response(body, media_type="application/json", headers=headers)
