"""Request dependencies: the transaction and the caller."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated

from fastapi import Depends, Request
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from app.core.errors import Forbidden
from app.core.vocabulary import Role
from app.db.session import transaction
from app.services.tokens import Caller, authenticate
from app.services.web_sessions import session_caller
from app.settings import Settings

READS = {"GET", "HEAD", "OPTIONS"}
SESSION_COOKIE = "penholder_session"
CSRF_HEADER = "X-Penholder-CSRF"


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
    """The caller behind the bearer token, or else behind the session cookie.

    A read checks the token in the request's own transaction; a write checks it in a short
    transaction of its own, so that SQLite's write lock is taken only when the work begins.
    """
    if request.method in READS:
        caller = caller_of_request(session, request)
    else:
        with transaction(get_engine(request)) as own:
            caller = caller_of_request(own, request)
    request.state.caller = caller
    return caller


def caller_of_request(session: Session, request: Request) -> Caller:
    """Who sent `request`: the bearer header wins; else the session cookie, and a write made
    with the cookie must also prove it comes from the web app (`check_same_site`)."""
    header = request.headers.get("authorization")
    cookie = None if header else request.cookies.get(SESSION_COOKIE)
    if not cookie:
        return authenticate(session, header)
    if request.method not in READS:
        check_same_site(request)
    return session_caller(session, cookie)


def check_same_site(request: Request) -> None:
    """Refuse a cookie-authenticated write another site could have sent: it must carry the
    `X-Penholder-CSRF` header (which a cross-site form cannot set, and CORS does not allow),
    and an `Origin`, when the browser sends one, must be this server's own."""
    if request.headers.get(CSRF_HEADER) != "1":
        raise Forbidden(
            f"A write signed in with the session cookie must carry the header '{CSRF_HEADER}: 1'."
        )
    origin = request.headers.get("origin")
    if origin and origin != own_origin(request):
        raise Forbidden("This write comes from another site and was refused.")


def is_https(request: Request) -> bool:
    """Whether the browser reached us over HTTPS (X-Forwarded-Proto only from trusted proxies)."""
    if get_settings(request).trust_forwarded_proto:
        forwarded = request.headers.get("x-forwarded-proto", "").split(",")[0].strip()
        if forwarded:
            return forwarded.lower() == "https"
    return request.url.scheme == "https"


def own_origin(request: Request) -> str:
    """This server's origin as the browser sees it."""
    return f"{'https' if is_https(request) else 'http'}://{request.headers.get('host', '')}"


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
