"""Temporary databases for tests and benchmarks: a SQLite file, or a PostgreSQL database
created next to `PENHOLDER_TEST_DATABASE_URL` (or a server URL given) and dropped afterwards."""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
import uuid
from collections.abc import Iterator
from pathlib import Path

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from app.db.migrate import upgrade_database
from app.db.session import get_engine
from app.settings import Settings

PG_URL = os.environ.get("PENHOLDER_TEST_DATABASE_URL")


def pg_url(server_url: str, database: str) -> str:
    """The URL of `database` on the PostgreSQL server of `server_url`, for psycopg 3."""
    url = make_url(server_url).set(drivername="postgresql+psycopg", database=database)
    return url.render_as_string(hide_password=False)


@contextlib.contextmanager
def temp_database(
    kind: str, server_url: str | None = None, *, migrate: bool = True
) -> Iterator[str]:
    """A fresh database of `kind` ("sqlite" or "postgres"), migrated unless told not to."""
    if kind == "sqlite":
        folder = Path(tempfile.mkdtemp(prefix="penholder-test-"))
        url = f"sqlite:///{folder / 'penholder.db'}"
        try:
            if migrate:
                upgrade_database(url)
            yield url
        finally:
            dispose(url)
            shutil.rmtree(folder, ignore_errors=True)
        return
    server_url = server_url or PG_URL
    if not server_url:
        raise RuntimeError("PostgreSQL needs PENHOLDER_TEST_DATABASE_URL or a server URL")
    name = f"penholder_test_{uuid.uuid4().hex[:10]}"
    admin = create_engine(pg_url(server_url, "postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    url = pg_url(server_url, name)
    try:
        if migrate:
            upgrade_database(url)
        yield url
    finally:
        dispose(url)
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def dispose(url: str) -> None:
    """Close this process's pooled connections to `url` (the app asks with the busy timeout)."""
    get_engine(url).dispose()
    get_engine(url, Settings().sqlite_busy_timeout_ms).dispose()
