"""Migrations on an empty database, both ways, and the models agreeing with them."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from alembic import command
from sqlalchemy import inspect, text

from app.db.migrate import alembic_config, downgrade_database, upgrade_database
from app.db.models import Base, is_search_index
from app.db.session import get_engine
from tests.databases import PG_URL, temp_database


@pytest.fixture(params=["sqlite", "postgres"])
def empty_url(request: pytest.FixtureRequest) -> Iterator[str]:
    """A brand-new, empty database of each kind, removed afterwards."""
    if request.param == "postgres" and not PG_URL:
        pytest.skip("PostgreSQL tests skipped: PENHOLDER_TEST_DATABASE_URL is not set")
    with temp_database(request.param, migrate=False) as url:
        yield url


def tables(url: str) -> set[str]:
    names = set(inspect(get_engine(url)).get_table_names()) - {"alembic_version"}
    return {name for name in names if not is_search_index(name)}


def test_an_empty_database_goes_to_head_and_back_to_base(empty_url: str) -> None:
    upgrade_database(empty_url)
    assert tables(empty_url) == set(Base.metadata.tables)
    command.check(alembic_config(empty_url))  # the models and the migrations agree
    downgrade_database(empty_url, "base")
    assert tables(empty_url) == set()
    upgrade_database(empty_url)
    assert tables(empty_url) == set(Base.metadata.tables)


def test_the_registry_is_seeded_by_the_migrations(empty_url: str) -> None:
    upgrade_database(empty_url)
    with get_engine(empty_url).connect() as conn:
        states = conn.execute(
            text("SELECT count(*) FROM delegations WHERE kind = 'member-state'")
        ).scalar()
    assert states == 193


def test_sqlite_runs_with_foreign_keys_and_wal(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'p.db'}"
    upgrade_database(url)
    with get_engine(url).connect() as conn:
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
