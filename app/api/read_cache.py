"""The read cache: large read answers (compare, history, the map) cached per data version.

Every write goes to the audit log in the same transaction as the data it changes, so the
newest audit entry's id is a version of everything stored. A read result computed at version
V is reused, by this process, only for requests that see version V too: two workers may hold
different entries but never serve different answers for the same data. The version also
serves as a weak ETag, so a browser that has an answer gets 304 without it being recomputed.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Hashable
from threading import Lock

from fastapi import Request, Response
from pydantic import BaseModel
from sqlalchemy.orm import Session

from app.db.repositories import tokens as tokens_repo

CACHE_ENTRIES = 512  # results kept per process (a comparison is ~10-200 KB)


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
    request: Request,
    session: Session,
    read: Hashable,
    compute: Callable[[], object],
    model: type[BaseModel],
) -> Response:
    """The JSON answer of `read`, from this process's cache when the data has not changed.

    `compute` returns the core's typed answer; `model` is the response model that mirrors it
    and serialises it (pydantic's serialiser runs in Rust, as fast as `json.dumps`).
    """
    version = tokens_repo.last_audit_id(session)
    etag = f'W/"{version}"'
    headers = {"ETag": etag, "Cache-Control": "private, no-cache"}
    if etag in request.headers.get("if-none-match", ""):
        return Response(status_code=304, headers=headers)
    cache: ReadCache = request.app.state.read_cache
    key = (read, version)
    body = cache.get(key)
    if body is None:
        body = model.model_validate(compute()).model_dump_json(by_alias=True).encode()
        cache.put(key, body)
    return Response(body, media_type="application/json", headers=headers)
