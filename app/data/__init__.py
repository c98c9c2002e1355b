"""Seed data shipped inside the package, read with `importlib.resources`.

`delegations.json` lists every delegation in its JSON shape (see `app.core.delegations`).
"""

from __future__ import annotations

import json
from importlib import resources
from typing import Any


def load_delegations() -> list[dict[str, Any]]:
    """Read the seed delegations: all member states, the observer states and the main groups."""
    text = resources.files(__package__).joinpath("delegations.json").read_text(encoding="utf-8")
    records: list[dict[str, Any]] = json.loads(text)
    return records
