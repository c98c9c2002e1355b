"""API tokens: create, check, revoke. Only a token's SHA-256 is ever stored."""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import secrets
from dataclasses import dataclass

from sqlalchemy.orm import Session

from app.core.errors import Forbidden, InvalidInput, NotFound, Unauthorized
from app.core.vocabulary import Role
from app.db.models import ApiToken, utcnow
from app.db.repositories import tokens as tokens_repo


@dataclass(frozen=True, slots=True)
class Caller:
    """Who is calling: the token's name and role."""

    name: str
    role: Role

    def require(self, role: Role) -> None:
        """Raise Forbidden unless this caller's role is at least `role`."""
        if not self.role.allows(role):
            raise Forbidden(f"This needs the {role} role; your token has the {self.role} role.")


def hash_token(token: str) -> str:
    """The stored form of a token."""
    return hashlib.sha256(token.encode()).hexdigest()


def create_token(
    session: Session, name: str, role: Role, *, expires_at: dt.datetime | None = None
) -> str:
    """Create a token and return it; only its hash is stored."""
    if role not in set(Role):
        raise InvalidInput(f"Unknown role '{role}': use viewer, editor or admin.")
    if not name.strip():
        raise InvalidInput("A token needs a name.")
    token = "ph_" + secrets.token_urlsafe(32)
    session.add(
        ApiToken(
            name=name.strip(), role=str(role), token_hash=hash_token(token), expires_at=expires_at
        )
    )
    tokens_repo.record_audit(session, "cli", "token.create", name, {"role": str(role)})
    session.flush()
    return token


def revoke_tokens(session: Session, name: str) -> int:
    """Revoke every token named `name`; how many were revoked."""
    tokens = [t for t in tokens_repo.tokens_named(session, name) if t.revoked_at is None]
    if not tokens:
        raise NotFound(f"There is no active token named '{name}'.")
    for token in tokens:
        token.revoked_at = utcnow()
    tokens_repo.record_audit(session, "cli", "token.revoke", name, {"count": len(tokens)})
    session.flush()
    return len(tokens)


def authenticate(session: Session, authorization: str | None) -> Caller:
    """The caller behind an `Authorization: Bearer` header, or Unauthorized."""
    return caller_of(token_behind(session, authorization))


def token_behind(session: Session, authorization: str | None) -> ApiToken:
    """The valid token an `Authorization: Bearer` header carries, or Unauthorized."""
    scheme, _, token = (authorization or "").partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise Unauthorized("Sign in: send your API token as 'Authorization: Bearer <token>'.")
    digest = hash_token(token.strip())
    found = tokens_repo.token_by_hash(session, digest)
    if found is None or not hmac.compare_digest(found.token_hash, digest):
        raise Unauthorized("This API token is not valid.")
    check_token(found)
    return found


def check_token(found: ApiToken) -> None:
    """Raise Unauthorized when a stored token is revoked or expired."""
    if found.revoked_at is not None:
        raise Unauthorized("This API token has been revoked.")
    if found.expires_at is not None and aware(found.expires_at) <= utcnow():
        raise Unauthorized("This API token has expired.")


def caller_of(found: ApiToken) -> Caller:
    """Who a valid stored token speaks for."""
    return Caller(name=found.name, role=Role(found.role))


def aware(moment: dt.datetime) -> dt.datetime:
    """A stored time in UTC (SQLite returns it without a zone)."""
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)
