"""The browser session: who is signed in, with which role, until when."""

from __future__ import annotations

from pydantic import Field

from app.api.schemas import Read, Stamp, Strict
from app.core.vocabulary import Role


class SessionCreate(Strict):
    """The token to exchange for a session cookie (or send it as the bearer header)."""

    token: str | None = Field(default=None, max_length=200)


class SessionRead(Read):
    name: str
    role: Role
    expires_at: Stamp | None = None
