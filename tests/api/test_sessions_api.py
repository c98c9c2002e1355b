"""The browser session: a token exchanged for a cookie every tab shares, guarded against
cross-site writes, ended by signing out, by revocation and by expiry."""

from __future__ import annotations

import datetime as dt

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from app.api.deps import CSRF_HEADER, SESSION_COOKIE
from app.db.models import ApiToken, AuditEntry, WebSession
from app.main import create_app
from app.services import tokens as token_service
from app.services.web_sessions import open_session
from app.settings import Settings
from tests.conftest import override_database

SAME_SITE = {CSRF_HEADER: "1"}


def sign_in(client: TestClient, token: str) -> str:
    """Open a session with `token` in the body; return the Set-Cookie header."""
    opened = client.post("/api/v1/session", json={"token": token})
    assert opened.status_code == 201, opened.text
    return opened.headers["set-cookie"]


def test_a_token_exchanged_for_a_session_sets_an_http_only_strict_cookie(
    app_client: TestClient, tokens: dict[str, str], db: Session
) -> None:
    cookie = sign_in(app_client, tokens["editor"])
    assert cookie.startswith(f"{SESSION_COOKIE}=")
    assert "HttpOnly" in cookie and "SameSite=strict" in cookie and "Path=/api/" in cookie
    assert "Secure" not in cookie  # served over plain http here
    assert tokens["editor"] not in cookie
    me = app_client.get("/api/v1/session")
    assert me.status_code == 200 and me.json()["name"] == "test-editor"
    assert me.json()["role"] == "editor"
    assert ("test-editor", "session.open") in {
        (e.actor, e.action) for e in db.scalars(select(AuditEntry))
    }


def test_the_bearer_header_can_open_a_session_too(
    app_client: TestClient, tokens: dict[str, str]
) -> None:
    opened = app_client.post(
        "/api/v1/session", headers={"Authorization": f"Bearer {tokens['viewer']}"}
    )
    assert opened.status_code == 201 and opened.json()["role"] == "viewer"
    assert app_client.get("/api/v1/negotiations").status_code == 200


def test_a_bad_token_opens_no_session(app_client: TestClient) -> None:
    refused = app_client.post("/api/v1/session", json={"token": "ph_nope"})
    assert refused.status_code == 401
    assert refused.headers["content-type"].startswith("application/problem+json")
    assert "set-cookie" not in refused.headers
    assert app_client.get("/api/v1/negotiations").status_code == 401


def test_the_cookie_is_secure_over_https(
    db: Session, settings: Settings, tokens: dict[str, str]
) -> None:
    with TestClient(
        override_database(create_app(settings), db), base_url="https://ph.example"
    ) as tls:
        assert "Secure" in sign_in(tls, tokens["viewer"])


@pytest.mark.parametrize("trusted", [False, True])
def test_x_forwarded_proto_counts_only_from_trusted_proxies(
    db: Session, database_url: str, tokens: dict[str, str], trusted: bool
) -> None:
    settings = Settings(database_url=database_url, trust_forwarded_proto=trusted)
    with TestClient(override_database(create_app(settings), db)) as behind:
        opened = behind.post(
            "/api/v1/session",
            json={"token": tokens["viewer"]},
            headers={"X-Forwarded-Proto": "https"},
        )
        assert ("Secure" in opened.headers["set-cookie"]) is trusted


def test_a_cookie_write_needs_the_web_apps_header(
    app_client: TestClient, tokens: dict[str, str]
) -> None:
    sign_in(app_client, tokens["editor"])
    body = {"title": "Cookie write", "body": "HRC"}
    forged = app_client.post("/api/v1/negotiations", json=body)
    assert forged.status_code == 403, forged.text
    assert forged.headers["content-type"].startswith("application/problem+json")
    assert CSRF_HEADER in forged.json()["detail"]
    cross = app_client.post(
        "/api/v1/negotiations", json=body, headers={**SAME_SITE, "Origin": "https://evil.example"}
    )
    assert cross.status_code == 403
    same = app_client.post(
        "/api/v1/negotiations", json=body, headers={**SAME_SITE, "Origin": "http://testserver"}
    )
    assert same.status_code == 201, same.text
    assert app_client.get("/api/v1/negotiations?q=Cookie").json()["total"] == 1


def test_signing_out_ends_the_session(app_client: TestClient, tokens: dict[str, str]) -> None:
    cookie = sign_in(app_client, tokens["viewer"])
    key = cookie.split(";")[0].split("=", 1)[1]
    assert app_client.delete("/api/v1/session").status_code == 403  # the header is missing
    out = app_client.delete("/api/v1/session", headers=SAME_SITE)
    assert out.status_code == 204
    assert (
        f'{SESSION_COOKIE}=""' in out.headers["set-cookie"]
        or "Max-Age=0" in out.headers["set-cookie"]
    )
    app_client.cookies.set(SESSION_COOKIE, key, path="/api/")
    replayed = app_client.get("/api/v1/negotiations")
    assert replayed.status_code == 401
    assert "session has ended" in replayed.json()["detail"]


def test_revoking_the_token_ends_its_sessions_at_once(
    app_client: TestClient, tokens: dict[str, str], db: Session
) -> None:
    sign_in(app_client, tokens["editor"])
    assert app_client.get("/api/v1/negotiations").status_code == 200
    token_service.revoke_tokens(db, "test-editor")
    refused = app_client.get("/api/v1/negotiations")
    assert refused.status_code == 401
    assert refused.json()["detail"] == "This API token has been revoked."


def test_an_expired_token_ends_its_sessions_and_says_it_expired(
    app_client: TestClient, tokens: dict[str, str], db: Session
) -> None:
    sign_in(app_client, tokens["viewer"])
    stored = db.scalars(select(ApiToken).where(ApiToken.name == "test-viewer")).one()
    stored.expires_at = dt.datetime.now(dt.UTC) - dt.timedelta(seconds=1)
    db.flush()
    refused = app_client.get("/api/v1/negotiations")
    assert refused.status_code == 401
    assert refused.json()["detail"] == "This API token has expired."


def test_a_session_never_outlives_its_token(db: Session, tokens: dict[str, str]) -> None:
    soon = dt.datetime.now(dt.UTC).replace(microsecond=0) + dt.timedelta(hours=1)
    stored = db.scalars(select(ApiToken).where(ApiToken.name == "test-viewer")).one()
    stored.expires_at = soon
    opened = open_session(db, f"Bearer {tokens['viewer']}", hours=24)
    assert opened.expires_at == soon


def test_opening_a_session_forgets_the_tokens_ended_ones(
    app_client: TestClient, tokens: dict[str, str], db: Session
) -> None:
    sign_in(app_client, tokens["viewer"])
    assert app_client.delete("/api/v1/session", headers=SAME_SITE).status_code == 204
    sign_in(app_client, tokens["viewer"])
    rows = db.scalars(select(WebSession)).all()
    assert len(rows) == 1 and rows[0].ended_at is None
