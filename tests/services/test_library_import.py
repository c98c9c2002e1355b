"""Importing a folder or an archive of resolutions: manifest facts, bad entries, reruns."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import tarfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import func, select

from app.core.errors import InvalidInput
from app.core.vocabulary import ImportOutcome
from app.db.models import LibraryDocument, LibraryParagraph
from app.db.repositories.library import term_counts
from app.db.session import get_engine, transaction
from app.services.library_files import import_library, library_entries
from tests.conftest import SAMPLES
from tests.databases import temp_database

ROOT = Path(__file__).resolve().parents[2]
LIBRARY = SAMPLES / "library"
MAX = 2**20


def copy_library(folder: Path) -> list[dict[str, object]]:
    """The demo library copied into `folder`; its manifest entries."""
    folder.mkdir(parents=True, exist_ok=True)
    for path in LIBRARY.glob("*.txt"):
        (folder / path.name).write_bytes(path.read_bytes())
    entries: list[dict[str, object]] = json.loads((LIBRARY / "manifest.json").read_text())
    return entries


def write_manifest(folder: Path, entries: list[dict[str, object]]) -> None:
    (folder / "manifest.json").write_text(json.dumps(entries), encoding="utf-8")


def stored(url: str) -> dict[str, int]:
    """Stored symbols and how many paragraphs each has."""
    with transaction(get_engine(url)) as session:
        rows = session.execute(
            select(LibraryDocument.symbol, func.count(LibraryParagraph.id))
            .join(LibraryParagraph, LibraryParagraph.document_id == LibraryDocument.id)
            .group_by(LibraryDocument.symbol)
        ).all()
    return {symbol: count for symbol, count in rows}


@pytest.fixture
def url() -> Iterator[str]:
    with temp_database("sqlite") as url:
        yield url


def test_bad_entries_get_a_message_each_and_the_others_are_imported(
    tmp_path: Path, url: str
) -> None:
    entries = copy_library(tmp_path)
    (tmp_path / "minutes.txt").write_text("Minutes.\n\nThe meeting rose at 6 p.m.\n")
    entries += [
        {"symbol": "A/RES/79/1", "file": "A-RES-79-1.txt"},
        {"symbol": "A/HRC/58/L.22", "file": "A-HRC-RES-55-12.txt"},
        {"symbol": "A/RES/79/2", "file": "minutes.txt"},
        {"symbol": "A/RES/79/3"},
    ]
    write_manifest(tmp_path, entries)
    report = import_library(get_engine(url), library_entries(tmp_path, MAX))
    assert report.outcomes == {ImportOutcome.STORED: 3}
    assert len(report.problems) == 4
    missing, symbol, minutes, no_file = report.problems
    assert "A-RES-79-1.txt" in missing and "no such file" in missing
    assert "'A/HRC/58/L.22' is not a resolution symbol" in symbol
    assert "minutes.txt" in minutes and "resolution" in minutes
    assert "names no 'file'" in no_file
    assert set(stored(url)) == {"A/HRC/RES/52/31", "A/RES/78/190", "A/HRC/RES/55/12"}


def test_a_tar_xz_imports_like_its_folder_and_again_changes_nothing(
    tmp_path: Path, url: str
) -> None:
    write_manifest(tmp_path / "lib", copy_library(tmp_path / "lib"))
    archive = tmp_path / "lib.tar.xz"
    with tarfile.open(archive, "w:xz") as tar:
        tar.add(tmp_path / "lib", arcname="lib")
    first = import_library(get_engine(url), library_entries(archive, MAX))
    assert first.outcomes == {ImportOutcome.STORED: 3} and not first.problems
    counts = stored(url)
    again = import_library(get_engine(url), library_entries(tmp_path / "lib", MAX))
    assert again.outcomes == {ImportOutcome.UNCHANGED: 3}
    assert stored(url) == counts
    with transaction(get_engine(url)) as session:
        texts = session.scalars(select(LibraryParagraph.text)).all()
        held = term_counts(session, ["defenders", "consultation"])
    for word in ("defenders", "consultation"):  # each word counted once per paragraph
        assert held[word] == sum(word in re.findall(r"\w+", t.lower()) for t in texts)


def test_without_a_manifest_the_masthead_gives_the_facts(tmp_path: Path, url: str) -> None:
    copy_library(tmp_path)
    report = import_library(get_engine(url), library_entries(tmp_path, MAX))
    assert report.outcomes == {ImportOutcome.STORED: 3}
    with transaction(get_engine(url)) as session:
        ga = session.scalars(
            select(LibraryDocument).where(LibraryDocument.symbol == "A/RES/78/190")
        ).one()
    assert (ga.body, ga.session, str(ga.adopted_on)) == ("GA", 78, "2023-12-19")
    assert ga.title.startswith("Implementing the Declaration")


def test_a_changed_resolution_is_refused_unless_replace_on_the_command_line(
    tmp_path: Path, url: str
) -> None:
    write_manifest(tmp_path, copy_library(tmp_path))
    env = {**os.environ, "PENHOLDER_DATABASE_URL": url, "PYTHONPATH": str(ROOT)}

    def penholder(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "app.cli", "library", "import", *args],
            cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120, check=False,
        )  # fmt: skip

    assert penholder(str(tmp_path)).returncode == 0
    changed = tmp_path / "A-RES-78-190.txt"
    changed.write_text(changed.read_text().replace("eightieth", "eighty-first"))
    refused = penholder(str(tmp_path))
    assert refused.returncode == 1
    assert "A/RES/78/190 is in the library already" in refused.stderr
    assert "2 unchanged" in refused.stderr and "1 not imported" in refused.stderr
    replaced = penholder(str(tmp_path), "--replace")
    assert replaced.returncode == 0 and "1 replaced" in replaced.stderr


def test_a_path_that_is_neither_folder_nor_archive_is_refused(tmp_path: Path) -> None:
    with pytest.raises(InvalidInput, match="no folder"):
        library_entries(tmp_path / "nowhere", MAX)
    junk = tmp_path / "junk.tar.xz"
    junk.write_bytes(b"not an archive")
    with pytest.raises(InvalidInput, match="not a readable"):
        library_entries(junk, MAX)
