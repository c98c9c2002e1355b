"""Counting rows in every table, to prove a failed request stored nothing."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.db.models import Base


def row_counts(session: Session) -> dict[str, int]:
    """How many rows each table holds (audit log excluded: reads do not write it)."""
    return {
        table.name: session.scalar(select(func.count()).select_from(table)) or 0
        for table in Base.metadata.sorted_tables
    }
