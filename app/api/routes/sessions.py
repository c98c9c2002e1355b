"""The browser session: exchange a token for an HttpOnly cookie every tab shares; sign out."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Body, Request, Response

from app.api.deps import SESSION_COOKIE, AppSettings, DbSession, Viewer, is_https
from app.api.schemas.sessions import SessionCreate, SessionRead
from app.services import web_sessions
from app.services.tokens import Caller
from app.services.web_sessions import OpenedSession

router = APIRouter(prefix="/api/v1/session", tags=["session"])


@router.post("", status_code=201, response_model=SessionRead)
def open_session(
    request: Request,
    response: Response,
    session: DbSession,
    settings: AppSettings,
    body: Annotated[SessionCreate | None, Body()] = None,
) -> OpenedSession:
    """Check the token (`{"token": …}` or the bearer header) and set the session cookie:
    HttpOnly, SameSite=Strict, Secure when served over HTTPS."""
    header = f"Bearer {body.token}" if body and body.token else request.headers.get("authorization")
    opened = web_sessions.open_session(session, header, settings.session_hours)
    response.set_cookie(
        SESSION_COOKIE,
        opened.key,
        max_age=settings.session_hours * 3600,
        path="/api/",
        httponly=True,
        samesite="strict",
        secure=is_https(request),
    )
    return opened


@router.get("", response_model=SessionRead)
def who_am_i(caller: Viewer) -> Caller:
    """Who the bearer token or the session cookie speaks for, and with which role."""
    return caller


@router.delete("", status_code=204, response_class=Response)
def close_session(request: Request, session: DbSession, caller: Viewer) -> Response:
    """Sign out: the session ends now and the cookie is cleared."""
    web_sessions.end_session(session, request.cookies.get(SESSION_COOKIE), caller.name)
    response = Response(status_code=204)
    response.delete_cookie(SESSION_COOKIE, path="/api/", httponly=True, samesite="strict")
    return response
