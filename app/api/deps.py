"""Request dependencies: the transaction and the caller."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated

from fastapi import Depends, Request
from sqlalchemy import Engine
from sqlalchemy.orm import Session

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


def get_caller(request: Request) -> Caller:
    """The caller behind the bearer token (checked in a short read transaction of its own)."""
    with transaction(get_engine(request)) as session:
        caller = authenticate(session, request.headers.get("authorization"))
    request.state.caller = caller
    return caller


def viewer(caller: Annotated[Caller, Depends(get_caller)]) -> Caller:
    """Any valid token."""
    return caller


def editor(caller: Annotated[Caller, Depends(get_caller)]) -> Caller:
    """A token with the editor role or above."""
    caller.require("editor")
    return caller


def admin(caller: Annotated[Caller, Depends(get_caller)]) -> Caller:
    """A token with the admin role."""
    caller.require("admin")
    return caller


DbSession = Annotated[Session, Depends(get_session, scope="function")]
Viewer = Annotated[Caller, Depends(viewer)]
Editor = Annotated[Caller, Depends(editor)]
Admin = Annotated[Caller, Depends(admin)]
AppSettings = Annotated[Settings, Depends(get_settings)]
