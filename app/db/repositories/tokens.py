"""Questions asked of API tokens, and the audit log every write adds to.

Repositories flush; they never commit.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import delete, func, or_, select, text
from sqlalchemy.orm import Session

from app.db.models import (
    ApiToken,
    AuditEntry,
    WebSession,
)


def token_by_hash(session: Session, token_hash: str) -> ApiToken | None:
    """The token whose SHA-256 is `token_hash`."""
    return session.scalar(select(ApiToken).where(ApiToken.token_hash == token_hash))


def token_count(session: Session) -> int:
    """How many tokens exist."""
    return session.scalar(select(func.count()).select_from(ApiToken)) or 0


def tokens_named(session: Session, name: str) -> list[ApiToken]:
    """Tokens with a given name."""
    return list(session.scalars(select(ApiToken).where(ApiToken.name == name)).all())


def session_by_hash(session: Session, session_hash: str) -> tuple[WebSession, ApiToken] | None:
    """The browser session whose SHA-256 is `session_hash`, with its token."""
    row = session.execute(
        select(WebSession, ApiToken)
        .join(ApiToken, WebSession.token_id == ApiToken.id)
        .where(WebSession.session_hash == session_hash)
    ).first()
    return (row[0], row[1]) if row else None


def purge_sessions(session: Session, token_id: int, now: dt.datetime) -> None:
    """Forget a token's browser sessions that have ended or expired."""
    session.execute(
        delete(WebSession).where(
            WebSession.token_id == token_id,
            or_(WebSession.ended_at.is_not(None), WebSession.expires_at <= now),
        )
    )


AUDIT_LOCK = 0x50454E  # PostgreSQL advisory lock key taken by every writing transaction


def record_audit(
    session: Session, actor: str, action: str, target: str, detail: dict[str, object] | None = None
) -> None:
    """Write one audit-log entry.

    The newest entry's id versions all stored data (`last_audit_id`), so ids must become
    visible in the order they are given: on PostgreSQL, where a sequence hands out ids before
    commit, a transaction-scoped advisory lock makes writers take their audit ids one
    transaction at a time (SQLite writers are one at a time already).
    """
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": AUDIT_LOCK})
    session.add(AuditEntry(actor=actor, action=action, target=target, detail=detail or {}))


def last_audit_id(session: Session) -> int:
    """The id of the newest audit-log entry: every write adds one, so it versions all data."""
    return session.scalar(select(func.max(AuditEntry.id))) or 0
