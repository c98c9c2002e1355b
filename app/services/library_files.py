"""A folder or a `.tar.xz` of adopted resolutions, read into uploads for the library.

With a `manifest.json` beside the files (the shape of `../shared/library/`: a list of
`{"symbol", "file", "body", "session", "session_kind", "adopted_on", "title", "adoption"}`),
each entry names one file and its facts; files the manifest does not name are left alone.
Without one, every file is read and its facts come from its masthead. An entry that cannot be
read becomes a problem with a message; the others go on.
"""

from __future__ import annotations

import datetime as dt
import json
import tarfile
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

from sqlalchemy import Engine
from sqlalchemy.orm import Session

from app.core.errors import InvalidInput, PenholderError
from app.core.library import ResolutionFacts
from app.core.parsing import media_type_for
from app.core.parsing.docx_safety import DocxLimits
from app.core.vocabulary import ImportOutcome, SessionKind
from app.db.repositories.library import TermTally, write_terms
from app.db.session import transaction
from app.services.library import LibraryUpload, import_upload

MANIFEST = "manifest.json"
DEMO_MAX_BYTES = 2**20  # the demo's resolutions are a few KB each
IMPORT_BATCH = 100  # resolutions per transaction (each in a savepoint); 1-1,000
MAX_FILES = 200_000  # files in one folder or archive; a library of 100,000 resolutions fits


@dataclass(frozen=True, slots=True)
class LibraryEntry:
    """One resolution to import: an upload, or the problem that stops it (and a name for it)."""

    name: str
    upload: LibraryUpload | None = None
    problem: str | None = None


def library_entries(path: Path, max_bytes: int) -> list[LibraryEntry]:
    """The resolutions in a folder or a `.tar.xz` archive, in manifest (else name) order."""
    files = _archive_files(path, max_bytes) if path.is_file() else _folder_files(path, max_bytes)
    manifests = sorted((n for n in files if PurePosixPath(n).name == MANIFEST), key=len)
    if not manifests:
        return [_entry(name, raw, ResolutionFacts()) for name, raw in sorted(files.items())]
    folder = PurePosixPath(manifests[0]).parent
    try:
        listed = json.loads(files[manifests[0]] or b"[]")
    except (ValueError, UnicodeDecodeError) as exc:
        raise InvalidInput(f"{MANIFEST} is not valid JSON: {exc}.") from None
    if not isinstance(listed, list):
        raise InvalidInput(f"{MANIFEST} must be a list of entries, one per resolution.")
    return [_manifest_entry(i, item, files, folder) for i, item in enumerate(listed, start=1)]


def _manifest_entry(
    number: int, item: Any, files: Mapping[str, bytes | None], folder: PurePosixPath
) -> LibraryEntry:
    name = f"{MANIFEST} entry {number}"
    if not isinstance(item, dict) or not isinstance(item.get("file"), str):
        return LibraryEntry(name, problem=f"{name} names no 'file'.")
    name = f"{item['file']} ({item.get('symbol') or 'no symbol'})"
    key = str(folder / item["file"]) if str(folder) != "." else item["file"]
    if key not in files:
        return LibraryEntry(
            name, problem=f"{name}: the manifest names it, but there is no such file."
        )
    try:
        facts = _facts(item)
    except InvalidInput as exc:
        return LibraryEntry(name, problem=f"{name}: {exc.detail}")
    return _entry(name, files[key], facts, file_name=PurePosixPath(item["file"]).name)


def _facts(item: Mapping[str, Any]) -> ResolutionFacts:
    """A manifest entry's facts, checked for type."""

    def text(key: str) -> str | None:
        value = item.get(key)
        if value is not None and not isinstance(value, str):
            raise InvalidInput(f"'{key}' must be text.")
        return value

    session = item.get("session")
    if session is not None and (not isinstance(session, int) or isinstance(session, bool)):
        raise InvalidInput("'session' must be a whole number.")
    kind = text("session_kind")
    if kind is not None and kind not in set(SessionKind):
        raise InvalidInput(f"'session_kind' must be one of {', '.join(SessionKind)}.")
    adopted = text("adopted_on")
    try:
        adopted_on = dt.date.fromisoformat(adopted) if adopted else None
    except ValueError:
        raise InvalidInput(f"'adopted_on' {adopted!r} is not a date like 2023-12-19.") from None
    return ResolutionFacts(
        symbol=text("symbol"),
        body=text("body"),
        session=session,
        session_kind=SessionKind(kind) if kind else None,
        adopted_on=adopted_on,
        title=text("title"),
        adoption=text("adoption"),
    )


def _entry(
    name: str, raw: bytes | None, facts: ResolutionFacts, *, file_name: str | None = None
) -> LibraryEntry:
    file_name = file_name or PurePosixPath(name).name
    if raw is None:
        return LibraryEntry(name, problem=f"{name}: the file is too large to be a resolution.")
    try:
        media_type = media_type_for(file_name)
    except PenholderError as exc:
        return LibraryEntry(name, problem=f"{name}: {exc.detail}")
    return LibraryEntry(name, LibraryUpload(raw, file_name, media_type, facts))


def _folder_files(folder: Path, max_bytes: int) -> dict[str, bytes | None]:
    """Every regular, visible file under `folder` by relative path (None: over `max_bytes`)."""
    if not folder.is_dir():
        raise InvalidInput(f"There is no folder or .tar.xz archive at {folder}.")
    found: dict[str, bytes | None] = {}
    for path in sorted(folder.rglob("*")):
        relative = path.relative_to(folder)
        if not path.is_file() or any(part.startswith(".") for part in relative.parts):
            continue
        _check_count(found)
        found[relative.as_posix()] = path.read_bytes() if path.stat().st_size <= max_bytes else None
    return found


def _archive_files(archive: Path, max_bytes: int) -> dict[str, bytes | None]:
    """Every regular file of a `.tar.xz` (or other tar) archive, read in memory, never extracted."""
    found: dict[str, bytes | None] = {}
    try:
        with tarfile.open(archive, "r:*") as tar:
            for member in tar:
                parts = PurePosixPath(member.name).parts
                if not member.isreg() or any(p.startswith(".") or p == ".." for p in parts):
                    continue
                _check_count(found)
                name = str(PurePosixPath(*parts))
                stream = tar.extractfile(member) if member.size <= max_bytes else None
                found[name] = stream.read() if stream is not None else None
    except (tarfile.TarError, EOFError, OSError) as exc:
        raise InvalidInput(f"{archive.name} is not a readable .tar.xz archive: {exc}.") from None
    return found


def _check_count(found: Mapping[str, object]) -> None:
    if len(found) >= MAX_FILES:
        raise InvalidInput(f"More than {MAX_FILES:,} files: import the library in parts.")


def load_demo_library(session: Session, folder: Path, actor: str = "penholder-demo") -> int:
    """Import the demo's own library (`sample_drafts/library/`); how many were new."""
    stored = 0
    for entry in library_entries(folder, DEMO_MAX_BYTES):
        if entry.upload is None:
            raise InvalidInput(entry.problem or entry.name)
        if import_upload(session, actor, entry.upload).outcome != ImportOutcome.UNCHANGED:
            stored += 1
    return stored


@dataclass(frozen=True, slots=True)
class ImportReport:
    """What a library import did: resolutions per outcome, and a message per one not imported."""

    outcomes: dict[ImportOutcome, int]
    problems: tuple[str, ...]


def _quiet(done: int, total: int, name: str) -> None:
    """Report nothing."""


def import_library(
    engine: Engine,
    entries: Sequence[LibraryEntry],
    *,
    replace: bool = False,
    actor: str = "penholder-cli",
    docx_limits: DocxLimits | None = None,
    progress: Callable[[int, int, str], None] = _quiet,
) -> ImportReport:
    """Import entries in transactions of `IMPORT_BATCH`, each resolution in a savepoint of its
    own: one that fails leaves nothing of itself and the others go on."""
    outcomes: dict[ImportOutcome, int] = {}
    problems: list[str] = []
    for start in range(0, len(entries), IMPORT_BATCH):
        with transaction(engine, write=True) as session:
            batch = TermTally()  # the batch's word counts, written once at its end
            for done, entry in enumerate(entries[start : start + IMPORT_BATCH], start=start):
                progress(done, len(entries), entry.name)
                if entry.upload is None:
                    problems.append(entry.problem or entry.name)
                    continue
                counted = TermTally()
                try:
                    with session.begin_nested():
                        imported = import_upload(
                            session, actor, entry.upload, replace=replace,
                            docx_limits=docx_limits, tally=counted,
                        )  # fmt: skip
                except PenholderError as exc:
                    problems.append(f"{entry.name}: {exc.detail}")
                    continue
                batch.merge(counted)
                outcomes[imported.outcome] = outcomes.get(imported.outcome, 0) + 1
            write_terms(session, batch)
    progress(len(entries), len(entries), "done")
    return ImportReport(outcomes, tuple(problems))
