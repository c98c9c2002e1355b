"""Alembic environment: the database comes from the caller's config or PENHOLDER_DATABASE_URL."""

from __future__ import annotations

from alembic import context

from app.db.models import Base, is_search_index
from app.db.session import get_engine
from app.settings import get_settings

config = context.config
target_metadata = Base.metadata


def run_migrations_online() -> None:
    """Run the migrations on a live connection (SQLite in batch mode)."""
    connection = config.attributes.get("connection")
    if connection is not None:
        _run(connection)
        return
    url = config.get_main_option("sqlalchemy.url") or get_settings().database_url
    with get_engine(url).connect() as connection:
        _run(connection)
        connection.commit()


def _run(connection) -> None:  # type: ignore[no-untyped-def]
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
        include_object=_compared,
    )
    with context.begin_transaction():
        context.run_migrations()


def _compared(obj, name, type_, reflected, compare_to) -> bool:  # type: ignore[no-untyped-def]
    """Leave the full-text search structures (made by the migrations only) out of comparisons."""
    return not (type_ in ("table", "index") and name is not None and is_search_index(name))


if context.is_offline_mode():
    raise SystemExit("Penholder's migrations run online only.")
run_migrations_online()
