"""Shared fixtures: a migrated database per backend, a rolled-back transaction per test.

Every database test runs on SQLite and, when `PENHOLDER_TEST_DATABASE_URL` is set, on
PostgreSQL. The PostgreSQL run creates a fresh database of its own next to the given one and
drops it at the end; each test runs inside an outer transaction that is rolled back, so tests
leave nothing behind (SQLite uses the SAVEPOINT recipe: Penholder emits BEGIN itself).
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi import FastAPI, Request
from fastapi.testclient import TestClient
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from app.api import deps
from app.db.migrate import upgrade_database
from app.db.session import get_engine
from app.main import create_app
from app.services.tokens import Caller, create_token
from app.settings import Settings
from tests.bench.un_layout import (
    SAMPLE_FURNITURE,
    SAMPLE_NAMES,
    convert_to_pdf,
    sample_docx,
    un_layout_docx,
)
from tests.databases import PG_URL, temp_database

BACKENDS = ["sqlite", "postgres"]


def pytest_report_header() -> list[str]:
    """Say which backends run."""
    pg = "PostgreSQL at PENHOLDER_TEST_DATABASE_URL" if PG_URL else "no PostgreSQL (unset)"
    return [f"penholder databases: SQLite and {pg}"]


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    """Say once per reason which tests were skipped, and how many."""
    reasons: dict[str, int] = {}
    for report in terminalreporter.stats.get("skipped", []):
        reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else str(report.longrepr)
        reason = reason.removeprefix("Skipped: ")
        reasons[reason] = reasons.get(reason, 0) + 1
    if reasons:
        terminalreporter.section("skipped, and why")
        for reason, count in sorted(reasons.items()):
            terminalreporter.write_line(f"{count:5d} skipped: {reason}")


@pytest.fixture(scope="session")
def sqlite_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    """A migrated SQLite file for this test session."""
    url = f"sqlite:///{tmp_path_factory.mktemp('db') / 'penholder.db'}"
    upgrade_database(url)
    return url


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    """A fresh, migrated PostgreSQL database for this test session, dropped at the end."""
    if not PG_URL:
        pytest.skip("PostgreSQL tests skipped: PENHOLDER_TEST_DATABASE_URL is not set")
    with temp_database("postgres") as url:
        yield url


@pytest.fixture(params=BACKENDS)
def database_url(request: pytest.FixtureRequest) -> str:
    """Each database test runs once per backend."""
    name = "sqlite_url" if request.param == "sqlite" else "postgres_url"
    url: str = request.getfixturevalue(name)
    return url


@pytest.fixture
def engine(database_url: str) -> Engine:
    """The engine Penholder uses for this backend."""
    return get_engine(database_url)


@pytest.fixture
def db(engine: Engine) -> Iterator[Session]:
    """A session inside an outer transaction that is rolled back after the test."""
    connection = engine.connect()
    outer = connection.begin()
    session = Session(bind=connection, join_transaction_mode="create_savepoint")
    try:
        yield session
    finally:
        session.close()
        outer.rollback()
        connection.close()


@pytest.fixture
def settings(database_url: str) -> Settings:
    """Settings for an app on the test database."""
    return Settings(database_url=database_url)


def override_database(app: FastAPI, db: Session) -> FastAPI:
    """Make `app` run every request inside the test's transaction."""

    def session_override() -> Iterator[Session]:
        nested = db.begin_nested()
        try:
            yield db
            db.flush()
            nested.commit()
        except BaseException:
            nested.rollback()
            raise

    def caller_override(request: Request) -> Caller:
        return deps.caller_of_request(db, request)

    app.dependency_overrides[deps.get_session] = session_override
    app.dependency_overrides[deps.get_caller] = caller_override
    return app


@pytest.fixture
def app_client(db: Session, settings: Settings) -> Iterator[TestClient]:
    """A client whose requests all run inside the test's transaction."""
    with TestClient(
        override_database(create_app(settings), db), raise_server_exceptions=False
    ) as client:
        yield client


@pytest.fixture
def tokens(db: Session) -> dict[str, str]:
    """One token per role, created in the test's transaction."""
    return {role: create_token(db, f"test-{role}", role) for role in ("viewer", "editor", "admin")}


@pytest.fixture
def client(app_client: TestClient, tokens: dict[str, str]) -> TestClient:
    """A client signed in as an editor."""
    app_client.headers["Authorization"] = f"Bearer {tokens['editor']}"
    return app_client


SAMPLES = Path(__file__).resolve().parent.parent / "sample_drafts"


@pytest.fixture(scope="session")
def un_layout_pdfs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[bytes, bytes]]:
    """Each sample draft as (its Word file with UN page furniture, that file printed to PDF by
    LibreOffice), made once per test session."""
    if shutil.which("soffice") is None:
        pytest.skip("LibreOffice (soffice) is not installed; the UN-layout PDF fixtures need it")
    files = {
        name: un_layout_docx(sample_docx(name), SAMPLE_FURNITURE[name]) for name in SAMPLE_NAMES
    }
    pdfs = convert_to_pdf(files, tmp_path_factory.mktemp("un-layout-pdfs"))
    return {name: (files[name], pdfs[name]) for name in SAMPLE_NAMES}
