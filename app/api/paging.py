"""The `offset` of every list route: bounded, so no database is asked for a row past 2^63."""

from __future__ import annotations

from typing import Annotated

from fastapi import Query

# Largest offset a list accepts; no list holds this many items. Unit: items.
MAX_OFFSET = 1_000_000

Offset = Annotated[int, Query(ge=0, le=MAX_OFFSET, description="items to skip")]
