"""Backup and restore: the whole database as one portable zip archive.

The archive holds, for any database (SQLite or PostgreSQL) at the same Alembic revision:

    manifest.json         {"format": 1, "alembic_revision", "created_at", "tables": [names in
                          dependency order], "counts": {table: rows}, "files": drafts with a file}
    tables/<table>.jsonl  one JSON object per row, columns by name, in primary-key order;
                          timestamps in ISO 8601 UTC, dates ISO 8601, JSON columns as JSON
    files/<draft id>      each draft's original upload, byte for byte (not in drafts.jsonl)

Restore goes into an empty migrated database only (the seeded built-in delegations aside, which
the archive's registry replaces), keeps every primary key, checks each file against its draft's
sha256, and moves PostgreSQL's id sequences past the restored ids. Both run in the caller's one
transaction: a failed restore leaves the database as empty as it found it.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import tempfile
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass
from pathlib import Path

from sqlalchemy import Date, DateTime, LargeBinary, Table, delete, func, insert, select, text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from app.core.errors import InvalidInput
from app.db.models import Base, Delegation

FORMAT = 1
BATCH = 500  # rows per INSERT while restoring; 1-10,000, memory against round trips

Row = dict[str, object]
"""One table row by column name: JSON values as written to `tables/<table>.jsonl`."""


@dataclass(frozen=True, slots=True)
class Manifest:
    """What `manifest.json` says of an archive (its shape is in the module docstring)."""

    format: int
    alembic_revision: str
    created_at: str
    tables: tuple[str, ...]
    counts: dict[str, int]
    files: int


def backup_tables() -> list[Table]:
    """Every table Penholder stores, parents before children."""
    return list(Base.metadata.sorted_tables)


def backup_database(session: Session, path: Path) -> dict[str, int]:
    """Write every row and original file to a zip archive at `path`; the rows per table.

    The archive is written to a temporary file next to `path` and renamed into place, so a
    failed backup never leaves a half-written archive under that name.
    """
    _read_one_snapshot(session)
    revision = alembic_revision(session)
    counts: dict[str, int] = {}
    files: list[int] = []
    path = Path(path)
    fd, temporary = tempfile.mkstemp(prefix=".penholder-backup-", dir=path.parent or ".")
    os.close(fd)
    try:
        with zipfile.ZipFile(temporary, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            for table in backup_tables():
                with archive.open(f"tables/{table.name}.jsonl", "w") as out:
                    counts[table.name] = 0
                    for row in _rows(session, table):
                        out.write(json.dumps(row, ensure_ascii=False).encode("utf-8") + b"\n")
                        counts[table.name] += 1
            drafts = Base.metadata.tables["drafts"]
            for (draft_id,) in session.execute(select(drafts.c.id).order_by(drafts.c.id)):
                content = session.scalar(select(drafts.c.content).where(drafts.c.id == draft_id))
                archive.writestr(f"files/{draft_id}", content or b"")
                files.append(draft_id)
            manifest = Manifest(
                format=FORMAT,
                alembic_revision=revision,
                created_at=dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
                tables=tuple(t.name for t in backup_tables()),
                counts=counts,
                files=len(files),
            )
            archive.writestr("manifest.json", json.dumps(asdict(manifest), indent=2))
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return counts


def restore_database(session: Session, path: Path) -> dict[str, int]:
    """Load an archive written by `backup_database` into this empty database; the rows per
    table. InvalidInput when the archive is not one, or the database is not empty or not at
    the archive's revision."""
    try:
        archive = zipfile.ZipFile(path)
    except (OSError, zipfile.BadZipFile) as exc:
        raise InvalidInput(f"{path} is not a Penholder backup: {exc}.") from None
    with archive:
        manifest = _manifest(archive, path)
        _check_target(session, manifest)
        session.execute(delete(Delegation))
        counts: dict[str, int] = {}
        for table in backup_tables():
            counts[table.name] = _restore_table(session, archive, table)
            expected = manifest.counts.get(table.name)
            if counts[table.name] != expected:
                raise InvalidInput(
                    f"The backup is damaged: {table.name} holds {counts[table.name]} rows, "
                    f"its manifest says {expected}."
                )
    reset_sequences(session)
    session.flush()
    return counts


def alembic_revision(session: Session) -> str:
    """The database's Alembic revision ('' before any migration)."""
    try:
        with session.begin_nested():
            revision = session.scalar(text("SELECT version_num FROM alembic_version"))
    except DBAPIError:  # no alembic_version table: the database was never migrated
        return ""
    return str(revision or "")


def reset_sequences(session: Session) -> None:
    """On PostgreSQL, move every integer id sequence past the largest id stored."""
    if session.get_bind().dialect.name != "postgresql":
        return
    for table in backup_tables():
        id_column = table.c.get("id")
        if id_column is None or id_column.type.python_type is not int:
            continue
        session.execute(
            text(
                f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'), "
                f"COALESCE(MAX(id), 1), MAX(id) IS NOT NULL) FROM {table.name}"
            )
        )


def _read_one_snapshot(session: Session) -> None:
    """On PostgreSQL, read every table from one snapshot (SQLite's read transaction is one)."""
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY"))


def _rows(session: Session, table: Table) -> Iterator[Row]:
    columns = [c for c in table.columns if not isinstance(c.type, LargeBinary)]
    order = list(table.primary_key.columns)
    result = session.execute(
        select(*columns).order_by(*order).execution_options(yield_per=BATCH)
    ).mappings()
    for row in result:
        yield {name: _dumped(value) for name, value in row.items()}


def _dumped(value: object) -> object:
    if isinstance(value, dt.datetime):
        aware = value if value.tzinfo else value.replace(tzinfo=dt.UTC)
        return aware.astimezone(dt.UTC).isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def _manifest(archive: zipfile.ZipFile, path: Path) -> Manifest:
    try:
        found = json.loads(archive.read("manifest.json"))
    except (KeyError, ValueError):
        raise InvalidInput(f"{path} is not a Penholder backup: it has no manifest.") from None
    if not isinstance(found, dict) or found.get("format") != FORMAT:
        shown = found.get("format") if isinstance(found, dict) else None
        raise InvalidInput(
            f"{path} is a backup of format {shown!r}; this Penholder reads format {FORMAT}."
        )
    try:
        manifest = Manifest(
            format=FORMAT,
            alembic_revision=str(found["alembic_revision"]),
            created_at=str(found.get("created_at", "")),
            tables=tuple(str(t) for t in found.get("tables", [])),
            counts={str(k): int(v) for k, v in dict(found["counts"]).items()},
            files=int(found.get("files", 0)),
        )
    except (KeyError, TypeError, ValueError):
        raise InvalidInput(
            f"The backup is damaged: {path} has a manifest that is not whole."
        ) from None
    unknown = set(manifest.tables) - {t.name for t in backup_tables()}
    if unknown:
        raise InvalidInput(f"The backup holds tables this Penholder does not know: {unknown}.")
    return manifest


def _check_target(session: Session, manifest: Manifest) -> None:
    revision = alembic_revision(session)
    if revision != manifest.alembic_revision:
        raise InvalidInput(
            f"The backup is of schema revision {manifest.alembic_revision!r} but this "
            f"database is at {revision or 'no revision'!r}: run `penholder migrate` on an empty "
            "database of the same Penholder version, then restore."
        )
    stored = {
        table.name: session.scalar(select(func.count()).select_from(table)) or 0
        for table in backup_tables()
        if table.name != "delegations"
    }
    stored["delegations (added by hand)"] = (
        session.scalar(select(func.count()).select_from(Delegation).where(~Delegation.builtin)) or 0
    )
    holding = [f"{count} {name}" for name, count in stored.items() if count]
    if holding:
        raise InvalidInput(
            "This database is not empty (it holds " + ", ".join(holding) + "). "
            "Restore only into a new database after `penholder migrate`."
        )


def _restore_table(session: Session, archive: zipfile.ZipFile, table: Table) -> int:
    name = f"tables/{table.name}.jsonl"
    if name not in archive.namelist():
        raise InvalidInput(f"The backup is damaged: it has no {name}.")
    converters = {c.name: _loader(c.type) for c in table.columns}
    blob = next((c.name for c in table.columns if isinstance(c.type, LargeBinary)), None)
    count = 0
    batch: list[Row] = []
    with archive.open(name) as lines:
        for line in lines:
            if not line.strip():
                continue
            row = {k: converters[k](v) for k, v in json.loads(line).items() if k in converters}
            if blob is not None:
                row[blob] = _file_of(archive, row)
            batch.append(row)
            count += 1
            if len(batch) >= BATCH:
                session.execute(insert(table), batch)
                batch = []
    if batch:
        session.execute(insert(table), batch)
    return count


def _file_of(archive: zipfile.ZipFile, draft: Row) -> bytes:
    try:
        content = archive.read(f"files/{draft['id']}")
    except KeyError:
        raise InvalidInput(f"The backup is damaged: draft {draft['id']} has no file.") from None
    if hashlib.sha256(content).hexdigest() != draft.get("sha256"):
        raise InvalidInput(f"The backup is damaged: draft {draft['id']}'s file does not match.")
    return content


def _loader(column_type: object) -> Callable[[object], object]:
    if isinstance(column_type, DateTime):
        return lambda v: None if v is None else dt.datetime.fromisoformat(str(v))
    if isinstance(column_type, Date):
        return lambda v: None if v is None else dt.date.fromisoformat(str(v))
    return lambda v: v
