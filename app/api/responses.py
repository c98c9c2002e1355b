"""JSON responses for large read results, serialised without FastAPI's generic encoder."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from fastapi import Response


def _iso(value: Any) -> str:
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat().replace("+00:00", "Z")
    raise TypeError(f"{type(value).__name__} is not JSON")


def json_response(content: Any) -> Response:
    """`content` (dicts, lists, text, numbers, dates) as an application/json response.

    FastAPI's `jsonable_encoder` walks every value in Python and cost as much as computing a
    comparison; `json.dumps` does the same work in C.
    """
    body = json.dumps(content, ensure_ascii=False, separators=(",", ":"), default=_iso)
    return Response(body.encode(), media_type="application/json")
