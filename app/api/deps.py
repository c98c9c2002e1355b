"""Request dependencies: the transaction and the caller."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated

from fastapi import Depends, Request
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from app.core.vocabulary import Role
from app.db.session import transaction
from app.services.tokens import Caller, authenticate
from app.settings import Settings

READS = {"GET", "HEAD", "OPTIONS"}


def get_engine(request: Request) -> Engine:
    """The app's database engine."""
    engine: Engine = request.app.state.engine
    return engine


def get_settings(request: Request) -> Settings:
    """The app's settings."""
    settings: Settings = request.app.state.settings
    return settings


def get_session(request: Request) -> Iterator[Session]:
    """The request's one transaction: committed before the response is sent."""
    with transaction(get_engine(request), write=request.method not in READS) as session:
        yield session


def get_caller(
    request: Request, session: Annotated[Session, Depends(get_session, scope="function")]
) -> Caller:
    """The caller behind the bearer token.

    A read checks the token in the request's own transaction; a write checks it in a short
    transaction of its own, so that SQLite's write lock is taken only when the work begins.
    """
    header = request.headers.get("authorization")
    if request.method in READS:
        caller = authenticate(session, header)
    else:
        with transaction(get_engine(request)) as own:
            caller = authenticate(own, header)
    request.state.caller = caller
    return caller


def viewer(caller: Annotated[Caller, Depends(get_caller)]) -> Caller:
    """Any valid token."""
    return caller


def editor(caller: Annotated[Caller, Depends(get_caller)]) -> Caller:
    """A token with the editor role or above."""
    caller.require(Role.EDITOR)
    return caller


def admin(caller: Annotated[Caller, Depends(get_caller)]) -> Caller:
    """A token with the admin role."""
    caller.require(Role.ADMIN)
    return caller


DbSession = Annotated[Session, Depends(get_session, scope="function")]
Viewer = Annotated[Caller, Depends(viewer)]
Editor = Annotated[Caller, Depends(editor)]
Admin = Annotated[Caller, Depends(admin)]
AppSettings = Annotated[Settings, Depends(get_settings)]
