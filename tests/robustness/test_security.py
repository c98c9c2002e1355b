"""Nobody let in, nothing leaked: tokens, roles on every route, error bodies, headers, CORS,
the audit log, revocation and expiry.

The role walk is generated from the app's own OpenAPI, so a route added later is checked
without touching this file: it must refuse a request without a token (401), and a write must
refuse a viewer (403). Only the routes in `ADMIN_ONLY` may refuse an editor; the session routes
(`SESSION`) serve every role. The walk runs again with the session cookie instead of the
bearer header: reads pass, and every write without the web app's CSRF header is refused (403).
"""

from __future__ import annotations

import asyncio
import datetime as dt
import hashlib
import hmac
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.orm import Session
from starlette.types import Message, Receive, Scope, Send

from app import cli
from app.api.deps import CSRF_HEADER
from app.api.errors import AnswerCrashes
from app.core.vocabulary import Role
from app.db.models import ApiToken, AuditEntry
from app.db.session import get_engine, transaction
from app.main import create_app
from app.services import negotiation_views, negotiations
from app.services import tokens as token_service
from app.services.negotiations import NewNegotiation
from app.settings import Settings, get_settings
from tests.api.rows import row_counts
from tests.robustness.servers import temp_database

OPEN = {("GET", "/api/v1/health")}
ADMIN_ONLY: set[tuple[str, str]] = set()
SESSION = {("POST", "/api/v1/session"), ("DELETE", "/api/v1/session")}
WRITES = {"POST", "PUT", "PATCH", "DELETE"}
SHORT = (
    "The Human Rights Council,\n\nRecalling its earlier resolutions,\n\n"
    "1. Urges States to protect human rights defenders;\n\n2. Decides to remain seized.\n"
)
LEAKS = ("Traceback", "SELECT", "INSERT", "sqlalchemy", "psycopg", "sqlite3", "secret_table")


def every_operation() -> list[tuple[str, str]]:
    """Every (method, path) in the app's OpenAPI."""
    schema = create_app(Settings(database_url="sqlite://")).openapi()
    return sorted(
        (method.upper(), path)
        for path, operations in schema["paths"].items()
        for method in operations
        if method in ("get", "post", "put", "patch", "delete")
    )


OPERATIONS = every_operation()
GUARDED = [op for op in OPERATIONS if op not in OPEN]


@pytest.fixture
def slug(app_client: TestClient, tokens: dict[str, str]) -> str:
    """A negotiation (without drafts: a 404 past the role check is fine), made by the editor."""
    headers = {"Authorization": f"Bearer {tokens['editor']}"}
    created = app_client.post(
        "/api/v1/negotiations", json={"title": "Security", "body": "HRC"}, headers=headers
    )
    assert created.status_code == 201, created.text
    return str(created.json()["slug"])


def call(
    client: TestClient,
    method: str,
    path: str,
    slug: str,
    token: str | None,
    extra: dict[str, str] | None = None,
) -> Any:
    """Call one operation with placeholder parameters and an empty JSON body."""
    url = (
        path.replace("{slug}", slug)
        .replace("{seq}", "1")
        .replace("{ref}", "OP1")
        .replace("{paragraph_id}", "1")
        .replace("{proposal_id}", "1")
        .replace("{attribution_id}", "1")
    )
    url += "?from=1&to=1" if "compare" in path else ""
    url += "?q=OP1" if path.endswith("/search") else ""
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    body: dict[str, Any] | None = {} if method in WRITES else None
    return client.request(method, url, headers={**headers, **(extra or {})}, json=body)


def test_the_walk_covers_every_route_and_the_open_ones_are_only_health() -> None:
    assert len(GUARDED) == len(OPERATIONS) - 1 and len(GUARDED) >= 15
    assert set(OPERATIONS) >= SESSION
    assert set(ADMIN_ONLY) <= set(OPERATIONS)


@pytest.mark.parametrize(("method", "path"), GUARDED, ids=[f"{m} {p}" for m, p in GUARDED])
def test_every_route_refuses_a_request_without_a_token(
    app_client: TestClient, db: Session, slug: str, method: str, path: str
) -> None:
    before = row_counts(db)
    for token in (None, "ph_not-a-real-token"):
        response = call(app_client, method, path, slug, token)
        assert response.status_code == 401, response.text
        assert response.headers["www-authenticate"] == "Bearer"
        assert response.headers["content-type"].startswith("application/problem+json")
    assert row_counts(db) == before


@pytest.mark.parametrize(("method", "path"), GUARDED, ids=[f"{m} {p}" for m, p in GUARDED])
def test_a_viewer_may_read_every_route_but_write_none(
    app_client: TestClient,
    db: Session,
    tokens: dict[str, str],
    slug: str,
    method: str,
    path: str,
) -> None:
    before = row_counts(db)
    response = call(app_client, method, path, slug, tokens["viewer"])
    if method in WRITES and (method, path) not in SESSION:
        assert response.status_code == 403, response.text
        assert "viewer role" in response.json()["detail"]
        assert row_counts(db) == before
    else:
        assert response.status_code not in (401, 403), response.text


WRITE_OPERATIONS = [op for op in GUARDED if op[0] in WRITES]


@pytest.mark.parametrize(
    ("method", "path"), WRITE_OPERATIONS, ids=[f"{m} {p}" for m, p in WRITE_OPERATIONS]
)
def test_an_editor_may_write_everywhere_but_the_admin_routes(
    app_client: TestClient,
    db: Session,
    tokens: dict[str, str],
    slug: str,
    method: str,
    path: str,
) -> None:
    before = row_counts(db)
    response = call(app_client, method, path, slug, tokens["editor"])
    if (method, path) in ADMIN_ONLY:
        assert response.status_code == 403, response.text
        assert row_counts(db) == before
        admitted = call(app_client, method, path, slug, tokens["admin"])
        assert admitted.status_code not in (401, 403), admitted.text
    else:
        assert response.status_code not in (401, 403), response.text


COOKIE_WALK = [op for op in GUARDED if op != ("POST", "/api/v1/session")]


@pytest.mark.parametrize(("method", "path"), COOKIE_WALK, ids=[f"{m} {p}" for m, p in COOKIE_WALK])
def test_with_the_session_cookie_reads_pass_and_no_write_passes_without_the_csrf_header(
    app_client: TestClient,
    db: Session,
    tokens: dict[str, str],
    slug: str,
    method: str,
    path: str,
) -> None:
    opened = app_client.post("/api/v1/session", json={"token": tokens["viewer"]})
    assert opened.status_code == 201, opened.text
    before = row_counts(db)
    response = call(app_client, method, path, slug, None)
    if method not in WRITES:
        assert response.status_code not in (401, 403), response.text
        return
    assert response.status_code == 403, response.text
    assert CSRF_HEADER in response.json()["detail"]
    assert row_counts(db) == before
    forged = call(
        app_client, method, path, slug, None, {CSRF_HEADER: "1", "Origin": "https://x.example"}
    )
    assert forged.status_code == 403, forged.text
    with_header = call(app_client, method, path, slug, None, {CSRF_HEADER: "1"})
    if (method, path) in SESSION:
        assert with_header.status_code == 204, with_header.text
    else:
        assert with_header.status_code == 403, with_header.text
        assert "viewer role" in with_header.json()["detail"]
        assert row_counts(db) == before


def test_an_editor_may_add_an_ad_hoc_group_but_only_an_admin_another_kind(
    app_client: TestClient, tokens: dict[str, str]
) -> None:
    editor = {"Authorization": f"Bearer {tokens['editor']}"}
    group = {"code": "CORE-T", "name": "Core group T", "kind": "group", "members": ["Norway"]}
    assert app_client.post("/api/v1/delegations", json=group, headers=editor).status_code == 201
    state = {"code": "ZZT", "name": "Testland", "kind": "member-state"}
    refused = app_client.post("/api/v1/delegations", json=state, headers=editor)
    assert refused.status_code == 403 and "admin role" in refused.json()["detail"]
    admin = {"Authorization": f"Bearer {tokens['admin']}"}
    assert app_client.post("/api/v1/delegations", json=state, headers=admin).status_code == 201


def test_tokens_are_stored_as_their_sha256_only(db: Session) -> None:
    token = token_service.create_token(db, "hash-check", Role.EDITOR)
    stored = db.scalars(select(ApiToken).where(ApiToken.name == "hash-check")).one()
    assert stored.token_hash == hashlib.sha256(token.encode()).hexdigest()
    assert token not in {str(getattr(stored, c.key)) for c in ApiToken.__table__.columns}


def test_a_token_is_compared_in_constant_time(db: Session, monkeypatch: pytest.MonkeyPatch) -> None:
    token = token_service.create_token(db, "timing", Role.VIEWER)
    compared: list[tuple[str, str]] = []
    compare_digest = hmac.compare_digest

    def spy(a: str, b: str) -> bool:
        compared.append((a, b))
        return compare_digest(a, b)

    monkeypatch.setattr(token_service.hmac, "compare_digest", spy)
    assert token_service.authenticate(db, f"Bearer {token}").name == "timing"
    assert compared == [(token_service.hash_token(token),) * 2]


@pytest.fixture
def crashing(monkeypatch: pytest.MonkeyPatch) -> Iterator[Any]:
    """Make reading a negotiation raise the given exception."""

    def install(error: BaseException) -> None:
        def boom(*_: object, **__: object) -> None:
            raise error

        monkeypatch.setattr(negotiation_views, "read_negotiation", boom)

    yield install


@pytest.mark.parametrize(
    ("error", "status"),
    [
        (RuntimeError("Traceback: SELECT token_hash FROM secret_table WHERE 1=1"), 500),
        (OperationalError("SELECT * FROM secret_table", {}, Exception("sqlite3 locked")), 503),
        (IntegrityError("INSERT INTO secret_table", {}, Exception("psycopg unique")), 409),
    ],
    ids=["crash", "database-busy", "integrity"],
)
def test_an_internal_error_shows_no_stack_trace_or_sql(
    client: TestClient, slug: str, crashing: Any, error: BaseException, status: int
) -> None:
    crashing(error)
    response = client.get(f"/api/v1/negotiations/{slug}")
    assert response.status_code == status
    assert response.headers["content-type"].startswith("application/problem+json")
    assert response.json()["detail"]
    for leak in LEAKS:
        assert leak.lower() not in response.text.lower(), leak


@pytest.mark.parametrize("path", ["/api/v1/health", "/api/v1/negotiations", "/", "/docs"])
def test_security_headers_are_on_api_and_web_responses(app_client: TestClient, path: str) -> None:
    response = app_client.get(path)
    assert response.status_code in (200, 401), response.text
    assert "frame-ancestors 'none'" in response.headers["content-security-policy"]
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["referrer-policy"] == "no-referrer"


def test_the_web_app_is_served_with_a_strict_script_policy(app_client: TestClient) -> None:
    response = app_client.get("/")
    assert response.status_code == 200 and "<html" in response.text.lower()
    policy = response.headers["content-security-policy"]
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy


def test_cors_is_closed_unless_origins_are_configured() -> None:
    preflight = {
        "Origin": "https://evil.example",
        "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "Authorization",
    }
    with TestClient(create_app(Settings(database_url="sqlite://"))) as closed:
        answer = closed.options("/api/v1/negotiations", headers=preflight)
        assert "access-control-allow-origin" not in answer.headers
        simple = closed.get("/api/v1/health", headers={"Origin": "https://evil.example"})
        assert "access-control-allow-origin" not in simple.headers
    configured = Settings(database_url="sqlite://", cors_origins=["https://delegates.example"])
    with TestClient(create_app(configured)) as opened:
        allowed = opened.options(
            "/api/v1/negotiations", headers={**preflight, "Origin": "https://delegates.example"}
        )
        assert allowed.headers["access-control-allow-origin"] == "https://delegates.example"
        refused = opened.options("/api/v1/negotiations", headers=preflight)
        assert "access-control-allow-origin" not in refused.headers


def test_every_write_is_in_the_audit_log_with_the_token_name(
    client: TestClient, db: Session, slug: str
) -> None:
    uploaded = client.post(
        f"/api/v1/negotiations/{slug}/drafts", json={"label": "Zero", "text": SHORT}
    )
    assert uploaded.status_code == 201, uploaded.text
    patched = client.patch(f"/api/v1/negotiations/{slug}", json={"status": "tabled"})
    assert patched.status_code == 200, patched.text
    entries = db.scalars(select(AuditEntry).order_by(AuditEntry.id)).all()
    seen = {(e.actor, e.action, e.target) for e in entries}
    assert ("test-editor", "negotiation.create", slug) in seen
    assert ("test-editor", "draft.upload", f"{slug}/1") in seen
    assert ("test-editor", "negotiation.update", slug) in seen
    before = len(entries)
    assert client.get(f"/api/v1/negotiations/{slug}/drafts/1").status_code == 200
    assert len(db.scalars(select(AuditEntry)).all()) == before


@pytest.fixture
def cli_database(monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """A fresh SQLite database that `penholder` commands run in this process will use."""
    with temp_database("sqlite") as url:
        monkeypatch.setenv("PENHOLDER_DATABASE_URL", url)
        get_settings.cache_clear()
        try:
            yield url
        finally:
            get_settings.cache_clear()


def status_with(url: str, token: str) -> tuple[int, str]:
    """What the API answers `token` on the database at `url`."""
    with TestClient(create_app(Settings(database_url=url))) as client:
        answer = client.get("/api/v1/negotiations", headers={"Authorization": f"Bearer {token}"})
        return answer.status_code, answer.json().get("detail", "")


def test_penholder_token_revoke_shuts_a_token_out(
    cli_database: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert cli.main(["token", "create", "--name", "leaver", "--role", "editor"]) == 0
    token = capsys.readouterr().out.strip()
    assert status_with(cli_database, token) == (200, "")
    assert cli.main(["token", "revoke", "--name", "leaver"]) == 0
    assert status_with(cli_database, token) == (401, "This API token has been revoked.")
    assert cli.main(["token", "revoke", "--name", "leaver"]) == 1
    assert "no active token" in capsys.readouterr().err


def test_a_token_created_with_an_expiry_stops_working_after_it(
    cli_database: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    assert (
        cli.main(["token", "create", "--name", "guest", "--role", "viewer", "--expires-days", "2"])
        == 0
    )
    token = capsys.readouterr().out.strip()
    with transaction(get_engine(cli_database)) as session:
        stored = session.scalars(select(ApiToken).where(ApiToken.name == "guest")).one()
        expires = stored.expires_at
    assert expires is not None
    assert status_with(cli_database, token) == (200, "")
    later = token_service.aware(expires) + dt.timedelta(seconds=1)
    monkeypatch.setattr(token_service, "utcnow", lambda: later)
    assert status_with(cli_database, token) == (401, "This API token has expired.")


def test_a_negotiation_created_through_a_service_is_audited_under_its_actor(db: Session) -> None:
    negotiations.create_negotiation(db, "Ambassador X", NewNegotiation(title="Audit", body="GA"))
    actors = set(db.scalars(select(AuditEntry.actor)))
    assert "Ambassador X" in actors


def test_a_crash_is_answered_and_not_raised_further_so_the_connection_stays_open() -> None:
    sent: list[Message] = []

    async def crashing(scope: Scope, receive: Receive, send: Send) -> None:
        raise RuntimeError("SELECT secret FROM tokens")

    async def receive() -> Message:
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message: Message) -> None:
        sent.append(message)

    scope = {"type": "http", "method": "GET", "path": "/", "headers": [], "query_string": b""}
    asyncio.run(AnswerCrashes(crashing)(scope, receive, send))  # raises nothing
    assert sent[0]["status"] == 500
    assert b"application/problem+json" in dict(sent[0]["headers"])[b"content-type"]
    assert b"secret" not in sent[1]["body"] and b"nothing was stored" in sent[1]["body"]


def test_a_crash_after_the_answer_began_still_closes_the_connection() -> None:
    async def half(scope: Scope, receive: Receive, send: Send) -> None:
        await send({"type": "http.response.start", "status": 200, "headers": []})
        raise RuntimeError("midway")

    async def receive() -> Message:
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message: Message) -> None:
        return None

    scope = {"type": "http", "method": "GET", "path": "/", "headers": [], "query_string": b""}
    with pytest.raises(RuntimeError, match="midway"):
        asyncio.run(AnswerCrashes(half)(scope, receive, send))
