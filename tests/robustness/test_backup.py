"""`penholder backup` and `penholder restore`: everything survives a trip between databases.

A SQLite database holding the sample negotiation (with proposals, matched and manual
attributions, a lineage correction, a delegation added by hand, tokens and the audit log) is
backed up, restored into an empty PostgreSQL database, backed up again and restored into an
empty SQLite database: every API answer is the same at each step.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import subprocess
import sys
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from app.core.errors import InvalidInput
from app.core.vocabulary import Role
from app.db.models import ApiToken, Base
from app.db.repositories import drafts as drafts_repo
from app.db.session import get_engine, transaction
from app.main import create_app
from app.services import attribution, delegations, lineage
from app.services.attribution import NewAttribution
from app.services.backup import backup_database, restore_database
from app.services.delegations import NewDelegation
from app.services.demo import load_sample_negotiation
from app.services.library_files import load_demo_library
from app.services.tokens import create_token, hash_token
from app.settings import Settings
from tests.conftest import SAMPLES
from tests.robustness.servers import PG_URL, temp_database

TARGETS = [
    "sqlite",
    pytest.param(
        "postgres",
        marks=pytest.mark.skipif(not PG_URL, reason="needs PENHOLDER_TEST_DATABASE_URL"),
    ),
]
STAMP = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})?$")


@pytest.fixture(scope="module")
def source() -> Iterator[tuple[str, str]]:
    """A SQLite database with the sample negotiation and every kind of row; (url, admin token)."""
    with temp_database("sqlite") as url:
        with transaction(get_engine(url), write=True) as session:
            slug = load_sample_negotiation(session, SAMPLES)
            load_demo_library(session, SAMPLES / "library")
            token = create_token(session, "backup-admin", Role.ADMIN)
            create_token(session, "old-viewer", Role.VIEWER)
            delegations.add_delegation(
                session, "backup-admin", NewDelegation(code="CORE-HRD", name="Core group")
            )
        with transaction(get_engine(url), write=True) as session:
            _add_manual_attribution_and_correction(session, slug)
        yield url, token


def _add_manual_attribution_and_correction(session: Session, slug: str) -> None:
    negotiation = drafts_repo.negotiation_by_slug(session, slug)
    second = drafts_repo.draft_by_seq(session, negotiation, 2)
    modified = next(c for c in drafts_repo.changes_of_draft(session, second.id) if c.hunks)
    attribution.add_attribution(
        session,
        "backup-admin",
        slug,
        NewAttribution(to=2, lineage_id=modified.lineage_id, hunk=0, delegations=("CORE-HRD",)),
    )
    third = drafts_repo.draft_by_seq(session, negotiation, 3)
    last = drafts_repo.paragraphs_of_draft(session, third.id)[-1]
    lineage.correct_lineage(session, "backup-admin", slug, 3, last.id, None)


def api_answers(url: str, token: str) -> dict[str, Any]:
    """What the API answers about every negotiation on the database at `url`."""
    answers: dict[str, Any] = {}
    with TestClient(create_app(Settings(database_url=url))) as client:
        client.headers["Authorization"] = f"Bearer {token}"

        def get(path: str) -> Any:
            response = client.get("/api/v1" + path)
            assert response.status_code == 200, (path, response.text)
            answers[path] = (
                response.json() if "json" in response.headers["content-type"] else response.content
            )
            return answers[path]

        for negotiation in get("/negotiations")["items"]:
            slug = negotiation["slug"]
            get(f"/negotiations/{slug}")
            seqs = [d["seq"] for d in get(f"/negotiations/{slug}/drafts")["items"]]
            for seq in seqs:
                get(f"/negotiations/{slug}/drafts/{seq}")
                get(f"/negotiations/{slug}/drafts/{seq}/source")
                get(f"/negotiations/{slug}/compare?from={seqs[0]}&to={seq}")
            get(f"/negotiations/{slug}/map")
            get(f"/negotiations/{slug}/proposals")
            latest = answers[f"/negotiations/{slug}/drafts/{seqs[-1]}"]
            for paragraph in latest["paragraphs"][::3]:
                get(f"/negotiations/{slug}/paragraphs/{paragraph['lineage_id']}/history")
        get("/delegations?q=core")
        get("/delegations?limit=500")
        for document in get("/library/documents")["items"]:
            get(f"/library/documents/{document['id']}")
        for mode in ("phrase", "words", "similar"):
            get(f"/library/search?mode={mode}&q=human+rights+defenders+in+exile")
        for negotiation in answers["/negotiations"]["items"]:
            slug = negotiation["slug"]
            get(f"/negotiations/{slug}/compare?from=1&to=3&precedents=true")
            first = answers[f"/negotiations/{slug}/drafts/1"]["paragraphs"]
            for paragraph in first[::6]:
                get(f"/negotiations/{slug}/drafts/1/paragraphs/{paragraph['id']}/precedents")
    return answers


def in_utc(value: Any) -> Any:
    """`value` with every timestamp written the same way (SQLite keeps no time zone)."""
    if isinstance(value, dict):
        return {k: in_utc(v) for k, v in value.items()}
    if isinstance(value, list):
        return [in_utc(v) for v in value]
    if isinstance(value, str) and STAMP.match(value):
        moment = dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
        return (moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)).isoformat()
    return value


def all_rows(url: str) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table, by primary key, timestamps made comparable."""
    with transaction(get_engine(url)) as session:
        return {
            table.name: [
                tuple(in_utc(_plain(v)) for v in row)
                for row in session.execute(select(table).order_by(*table.primary_key.columns))
            ]
            for table in Base.metadata.sorted_tables
        }


def _plain(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        return (value if value.tzinfo else value.replace(tzinfo=dt.UTC)).isoformat()
    return value


@pytest.mark.parametrize("middle", TARGETS)
def test_restored_copies_answer_every_request_exactly_as_the_original(
    source: tuple[str, str], middle: str, tmp_path: Path
) -> None:
    url, token = source
    original = api_answers(url, token)
    with temp_database(middle) as there, temp_database("sqlite") as back:
        backup_database_at(url, tmp_path / "first.zip")
        restore_database_at(there, tmp_path / "first.zip")
        assert in_utc(api_answers(there, token)) == in_utc(original)
        backup_database_at(there, tmp_path / "second.zip")
        restore_database_at(back, tmp_path / "second.zip")
        assert api_answers(back, token) == original
        assert all_rows(back) == all_rows(url)


def backup_database_at(url: str, path: Path) -> dict[str, int]:
    """Back up the database at `url` to `path`."""
    with transaction(get_engine(url)) as session:
        return backup_database(session, path)


def restore_database_at(url: str, path: Path) -> dict[str, int]:
    """Restore `path` into the database at `url`."""
    with transaction(get_engine(url), write=True) as session:
        return restore_database(session, path)


def test_archive_holds_a_manifest_one_file_per_table_and_the_original_uploads(
    source: tuple[str, str], tmp_path: Path
) -> None:
    url, _ = source
    counts = backup_database_at(url, tmp_path / "b.zip")
    with zipfile.ZipFile(tmp_path / "b.zip") as archive:
        manifest = json.loads(archive.read("manifest.json"))
        names = set(archive.namelist())
        first_file = archive.read("files/1")
    assert manifest["format"] == 1 and manifest["alembic_revision"]
    assert manifest["counts"] == counts and manifest["tables"][0] == "api_tokens"
    assert {f"tables/{t}.jsonl" for t in manifest["tables"]} <= names
    assert counts["drafts"] == 5 and counts["api_tokens"] == 2 and counts["attributions"] > 1
    assert counts["lineage_corrections"] == 1 and counts["audit_log"] > 0
    assert first_file == (SAMPLES / "01-zero-draft.txt").read_bytes()


def test_tokens_keep_only_their_hash_and_still_work_after_a_restore(
    source: tuple[str, str], tmp_path: Path
) -> None:
    url, token = source
    backup_database_at(url, tmp_path / "b.zip")
    assert token.encode() not in (tmp_path / "b.zip").read_bytes()
    with temp_database("sqlite") as there:
        restore_database_at(there, tmp_path / "b.zip")
        with transaction(get_engine(there)) as session:
            hashes = set(session.scalars(select(ApiToken.token_hash)))
        assert hash_token(token) in hashes
        with TestClient(create_app(Settings(database_url=there))) as client:
            answer = client.get(
                "/api/v1/negotiations", headers={"Authorization": f"Bearer {token}"}
            )
            assert answer.status_code == 200 and answer.json()["total"] == 1


@pytest.mark.parametrize("target", TARGETS)
def test_new_rows_after_a_restore_get_fresh_ids(
    source: tuple[str, str], target: str, tmp_path: Path
) -> None:
    url, token = source
    backup_database_at(url, tmp_path / "b.zip")
    with temp_database(target) as there:
        restore_database_at(there, tmp_path / "b.zip")
        with TestClient(create_app(Settings(database_url=there))) as client:
            client.headers["Authorization"] = f"Bearer {token}"
            created = client.post("/api/v1/negotiations", json={"title": "New", "body": "GA"})
            assert created.status_code == 201, created.text
            slug = created.json()["slug"]
            text = (SAMPLES / "01-zero-draft.txt").read_text(encoding="utf-8")
            uploaded = client.post(
                f"/api/v1/negotiations/{slug}/drafts", json={"label": "Zero", "text": text}
            )
            assert uploaded.status_code == 201, uploaded.text
            assert uploaded.json()["seq"] == 1


def test_restore_refuses_a_database_that_is_not_empty(
    source: tuple[str, str], tmp_path: Path
) -> None:
    url, _ = source
    backup_database_at(url, tmp_path / "b.zip")
    before = all_rows(url)
    with pytest.raises(InvalidInput, match="not empty"):
        restore_database_at(url, tmp_path / "b.zip")
    assert all_rows(url) == before


def test_restore_refuses_a_damaged_archive_and_stores_nothing(
    source: tuple[str, str], tmp_path: Path
) -> None:
    url, _ = source
    backup_database_at(url, tmp_path / "b.zip")
    with (
        zipfile.ZipFile(tmp_path / "b.zip") as good,
        zipfile.ZipFile(tmp_path / "bad.zip", "w") as bad,
    ):
        for item in good.infolist():
            data = good.read(item)
            bad.writestr(item, data + b"tampered" if item.filename == "files/3" else data)
    with temp_database("sqlite") as there:
        empty = all_rows(there)
        with pytest.raises(InvalidInput, match="draft 3's file does not match"):
            restore_database_at(there, tmp_path / "bad.zip")
        assert all_rows(there) == empty


def test_restore_refuses_a_file_that_is_not_a_backup(tmp_path: Path) -> None:
    (tmp_path / "notes.zip").write_bytes(b"just some text")
    with temp_database("sqlite") as there, pytest.raises(InvalidInput, match="not a Penholder"):
        restore_database_at(there, tmp_path / "notes.zip")


def test_backup_and_restore_commands_copy_a_database(
    source: tuple[str, str], tmp_path: Path
) -> None:
    url, _ = source

    def penholder(*args: str, database: str) -> subprocess.CompletedProcess[str]:
        env = {**os.environ, "PENHOLDER_DATABASE_URL": database}
        return subprocess.run(
            [sys.executable, "-m", "app.cli", *args],
            env=env, capture_output=True, text=True, timeout=120, check=False,
        )  # fmt: skip

    archive = tmp_path / "penholder-backup.zip"
    made = penholder("backup", str(archive), database=url)
    assert made.returncode == 0, made.stderr
    assert "5 drafts" in made.stderr
    with temp_database("sqlite") as there:
        restored = penholder("restore", str(archive), database=there)
        assert restored.returncode == 0, restored.stderr
        again = penholder("restore", str(archive), database=there)
        assert again.returncode == 1 and "not empty" in again.stderr
        assert "Traceback" not in again.stderr
        assert all_rows(there) == all_rows(url)
