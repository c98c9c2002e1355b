"""Engines, sessions, and the one place that commits.

A request is one transaction: `transaction()` opens a session, yields it, and commits when the
block ends without an error, or rolls back. Services and repositories only `flush()`.

SQLite: foreign keys on, WAL, a busy timeout, and `BEGIN IMMEDIATE` for writing transactions so
that two writers queue on the busy timeout instead of failing when one upgrades a read lock.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker

WRITE = "penholder_write"


def is_sqlite(url: str) -> bool:
    """True for a SQLite database URL."""
    return make_url(url).get_backend_name() == "sqlite"


def _configure_sqlite(engine: Engine, busy_timeout_ms: int) -> None:
    @event.listens_for(engine, "connect")
    def on_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None  # we emit BEGIN ourselves
        cursor = dbapi_connection.cursor()
        cursor.execute(f"PRAGMA busy_timeout = {int(busy_timeout_ms)}")
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.execute("PRAGMA journal_mode = WAL")
        cursor.execute("PRAGMA synchronous = NORMAL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def on_begin(connection: Any) -> None:
        immediate = connection.get_execution_options().get(WRITE, False)
        connection.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


@lru_cache(maxsize=8)
def get_engine(url: str, busy_timeout_ms: int = 30_000) -> Engine:
    """The process's engine for `url` (one pool per database)."""
    if is_sqlite(url):
        engine = create_engine(url, connect_args={"check_same_thread": False})
        _configure_sqlite(engine, busy_timeout_ms)
        return engine
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url.removeprefix("postgresql://")
    # no pre-ping round trip on every checkout: connections are recycled instead, and a
    # dropped connection fails one request with 503 (the error handler), not every request
    return create_engine(url, pool_recycle=1800, pool_size=10, max_overflow=10)


@lru_cache(maxsize=16)
def _session_factory(engine: Engine, write: bool) -> sessionmaker[Session]:
    bind = engine.execution_options(**{WRITE: True}) if write else engine
    return sessionmaker(bind=bind, expire_on_commit=False, autoflush=True)


@contextmanager
def transaction(engine: Engine, *, write: bool = False) -> Iterator[Session]:
    """One unit of work: commit when the block ends cleanly, roll back on any error.

    The transaction begins at the first query, so work done before it (parsing an upload)
    holds no lock; on SQLite a writing transaction begins with BEGIN IMMEDIATE.
    """
    session = _session_factory(engine, write)()
    try:
        yield session
        session.commit()
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()
