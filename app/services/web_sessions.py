"""Browser sessions: a token exchanged for an HttpOnly cookie that every tab of a browser shares.

The cookie holds a random session key; only its SHA-256 is stored. Every request made with the
cookie checks the token behind the session again, so revoking or expiring the token ends the
session at once, exactly as it shuts out the bearer header.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from dataclasses import dataclass

from sqlalchemy.orm import Session

from app.core.errors import Unauthorized
from app.core.vocabulary import Role
from app.db.models import WebSession, utcnow
from app.db.repositories import tokens as tokens_repo
from app.services.tokens import Caller, aware, caller_of, check_token, token_behind

SIGNED_OUT = "Your session has ended. Sign in again with your token."


@dataclass(frozen=True, slots=True)
class OpenedSession:
    """A new browser session: the cookie's value (shown once) and who it speaks for."""

    key: str
    name: str
    role: Role
    expires_at: dt.datetime


def _hash(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def open_session(session: Session, authorization: str | None, hours: int) -> OpenedSession:
    """Check the token and open a session for it lasting `hours` (never past the token)."""
    token = token_behind(session, authorization)
    tokens_repo.purge_sessions(session, token.id, utcnow())
    expires = utcnow() + dt.timedelta(hours=hours)
    if token.expires_at is not None:
        expires = min(expires, aware(token.expires_at))
    key = secrets.token_urlsafe(32)
    session.add(WebSession(token_id=token.id, session_hash=_hash(key), expires_at=expires))
    tokens_repo.record_audit(session, token.name, "session.open", token.name)
    session.flush()
    return OpenedSession(key=key, name=token.name, role=Role(token.role), expires_at=expires)


def session_caller(session: Session, key: str) -> Caller:
    """The caller behind a session cookie, or Unauthorized (ended, expired, token gone)."""
    found = tokens_repo.session_by_hash(session, _hash(key))
    if found is None:
        raise Unauthorized(SIGNED_OUT)
    row, token = found
    check_token(token)
    if row.ended_at is not None or aware(row.expires_at) <= utcnow():
        raise Unauthorized(SIGNED_OUT)
    return caller_of(token)


def end_session(session: Session, key: str | None, actor: str) -> None:
    """Sign a browser out: its session stops working now."""
    found = tokens_repo.session_by_hash(session, _hash(key)) if key else None
    if found is None or found[0].ended_at is not None:
        return
    found[0].ended_at = utcnow()
    tokens_repo.record_audit(session, actor, "session.close", actor)
    session.flush()
