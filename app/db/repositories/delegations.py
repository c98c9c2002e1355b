"""Questions asked of the delegation registry.

Repositories flush; they never commit.
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.db.models import (
    Delegation,
)


def all_delegations(session: Session) -> list[Delegation]:
    """The whole delegation registry."""
    return list(session.scalars(select(Delegation).order_by(Delegation.name)).all())


def delegation_count(session: Session) -> int:
    """How many delegations the registry holds."""
    return session.scalar(select(func.count()).select_from(Delegation)) or 0


def delegation_by_code(session: Session, code: str) -> Delegation | None:
    """The delegation with exactly this code, or None."""
    return session.scalar(select(Delegation).where(Delegation.code == code))


def delegation_names(session: Session, codes: Iterable[str]) -> dict[str, str]:
    """The names of some delegations, by code (unknown codes left out)."""
    wanted = sorted(set(codes))
    if not wanted:
        return {}
    rows = session.execute(
        select(Delegation.code, Delegation.name).where(Delegation.code.in_(wanted))
    ).all()
    return {code: name for code, name in rows}
