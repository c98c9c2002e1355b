"""The penholder command: tokens on stdout alone, migrations from any folder, imports."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import httpx
import pytest
from sqlalchemy import create_engine, text

from app.core.vocabulary import Role
from tests.conftest import SAMPLES
from tests.pdf_builders import minimal_pdf, text_page

ROOT = Path(__file__).resolve().parents[1]

SAMPLE_LABELS = ["Zero draft", "Rev.1", "Rev.2", "L.22", "Adopted"]


def penholder(*args: str, cwd: Path, db: Path) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "PENHOLDER_DATABASE_URL": f"sqlite:///{db}",
        "PYTHONPATH": str(ROOT),  # this checkout's app, whichever one pip installed
    }
    return subprocess.run(
        [sys.executable, "-m", "app.cli", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


@pytest.fixture
def workdir(tmp_path: Path) -> Path:
    """A folder that is not the repository, so nothing is found from the working directory."""
    folder = tmp_path / "elsewhere"
    folder.mkdir()
    return folder


def test_migrate_works_from_any_folder(workdir: Path) -> None:
    db = workdir / "p.db"
    result = penholder("migrate", cwd=workdir, db=db)
    assert result.returncode == 0, result.stderr
    engine = create_engine(f"sqlite:///{db}")
    with engine.connect() as conn:
        assert conn.execute(text("select version_num from alembic_version")).scalar()
        tables = {r[0] for r in conn.execute(text("select name from sqlite_master"))}
    engine.dispose()
    assert {"negotiations", "drafts", "paragraphs", "api_tokens", "audit_log"} <= tables


def test_token_create_prints_the_token_alone(workdir: Path) -> None:
    db = workdir / "p.db"
    penholder("migrate", cwd=workdir, db=db)
    result = penholder("token", "create", "--name", "ci", "--role", "editor", cwd=workdir, db=db)
    assert result.returncode == 0, result.stderr
    token = result.stdout
    assert token.endswith("\n") and token.count("\n") == 1 and token.startswith("ph_")
    engine = create_engine(f"sqlite:///{db}")
    with engine.connect() as conn:
        stored = conn.execute(text("select token_hash, role from api_tokens")).one()
    engine.dispose()
    assert token.strip() not in stored[0] and stored[1] == "editor"


def test_token_revoke_and_unknown_role(workdir: Path) -> None:
    db = workdir / "p.db"
    penholder("migrate", cwd=workdir, db=db)
    penholder("token", "create", "--name", "old", "--role", "viewer", cwd=workdir, db=db)
    assert penholder("token", "revoke", "--name", "old", cwd=workdir, db=db).returncode == 0
    assert penholder("token", "revoke", "--name", "old", cwd=workdir, db=db).returncode == 1
    bad = penholder("token", "create", "--name", "x", "--role", "king", cwd=workdir, db=db)
    assert bad.returncode == 2


def test_token_create_takes_every_role_of_the_vocabulary(workdir: Path) -> None:
    db = workdir / "p.db"
    penholder("migrate", cwd=workdir, db=db)
    for role in Role:
        result = penholder("token", "create", "--name", role, "--role", role, cwd=workdir, db=db)
        assert result.returncode == 0, result.stderr
    engine = create_engine(f"sqlite:///{db}")
    with engine.connect() as conn:
        rows = conn.execute(text("select name, role from api_tokens")).all()
    engine.dispose()
    assert {tuple(row) for row in rows} == {(role.value, role.value) for role in Role}


def test_import_stores_drafts_in_order_with_a_progress_bar(workdir: Path) -> None:
    db = workdir / "p.db"
    penholder("migrate", cwd=workdir, db=db)
    files = [str(SAMPLES / "01-zero-draft.txt"), str(SAMPLES / "02-rev1.txt")]
    result = penholder(
        "import", *files, "--negotiation", "hrd", "--labels", "Zero draft,Rev.1", cwd=workdir, db=db
    )
    assert result.returncode == 0, result.stderr
    assert "2/2" in result.stderr and "stored drafts 1, 2" in result.stderr
    engine = create_engine(f"sqlite:///{db}")
    with engine.connect() as conn:
        labels = [r[0] for r in conn.execute(text("select label from drafts order by seq"))]
    engine.dispose()
    assert labels == ["Zero draft", "Rev.1"]


def test_import_reads_a_pdf_and_keeps_it_byte_for_byte(workdir: Path) -> None:
    db = workdir / "p.db"
    penholder("migrate", cwd=workdir, db=db)
    pdf = workdir / "L.22.pdf"
    pdf.write_bytes(
        minimal_pdf(
            [
                text_page(
                    ["The Human Rights Council,", "", "1. Urges States to act;", "", "2. Decides."]
                )
            ]
        )
    )
    result = penholder("import", str(pdf), "--negotiation", "hrd", cwd=workdir, db=db)
    assert result.returncode == 0, result.stderr
    engine = create_engine(f"sqlite:///{db}")
    with engine.connect() as conn:
        media_type, content = conn.execute(text("select media_type, content from drafts")).one()
        labels = [
            r[0] for r in conn.execute(text("select label from paragraphs order by position"))
        ]
    engine.dispose()
    assert media_type == "application/pdf" and bytes(content) == pdf.read_bytes()
    assert labels == ["", "OP1", "OP2"]


def test_import_of_an_unreadable_file_fails_cleanly(workdir: Path) -> None:
    db = workdir / "p.db"
    penholder("migrate", cwd=workdir, db=db)
    junk = workdir / "junk.txt"
    junk.write_bytes(b"\x00\x01\x02" * 100)
    result = penholder("import", str(junk), "--negotiation", "hrd", cwd=workdir, db=db)
    assert result.returncode == 1 and "penholder:" in result.stderr
    assert "Traceback" not in result.stderr


def test_export_writes_the_clean_draft_and_the_redline(workdir: Path) -> None:
    db = workdir / "p.db"
    penholder("migrate", cwd=workdir, db=db)
    files = [str(SAMPLES / "01-zero-draft.txt"), str(SAMPLES / "02-rev1.txt")]
    penholder(
        "import", *files, "--negotiation", "hrd", "--labels", "Zero draft,Rev.1", cwd=workdir, db=db
    )
    clean = penholder("export", "--negotiation", "hrd", "--draft", "2", cwd=workdir, db=db)
    assert clean.returncode == 0, clean.stderr
    assert (workdir / clean.stdout.strip()).read_bytes()[:2] == b"PK"
    redline = penholder(
        "export", "--negotiation", "hrd", "--compare", "1", "--out", "r.docx", cwd=workdir, db=db
    )
    assert redline.returncode == 0, redline.stderr
    assert b"<w:ins " in zipfile.ZipFile(workdir / "r.docx").read("word/document.xml")


def test_demo_serves_the_sample_negotiation_to_the_printed_token(workdir: Path) -> None:
    assert demo_draft_labels([sys.executable, "-m", "app.cli"], workdir) == SAMPLE_LABELS


def demo_draft_labels(penholder_command: list[str], workdir: Path) -> list[str]:
    """Run `penholder demo` in `workdir`; the labels of the drafts its printed token can read."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    env = {**os.environ, "PENHOLDER_DATABASE_URL": f"sqlite:///{workdir / 'demo.db'}"}
    server = subprocess.Popen(
        [*penholder_command, "demo", "--port", str(port)],
        cwd=workdir,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    try:
        assert server.stdout is not None
        lines = [server.stdout.readline() for _ in range(4)]
        token = next(line.split()[-1] for line in lines if line.startswith("API token"))
        assert f"http://127.0.0.1:{port}/#token={token}" in "".join(lines)
        base = f"http://127.0.0.1:{port}/api/v1"
        for _ in range(100):
            try:
                httpx.get(f"{base}/health", timeout=1)
                break
            except httpx.TransportError:
                time.sleep(0.2)
        drafts = httpx.get(
            f"{base}/negotiations/hrd-hrc58/drafts", headers={"Authorization": f"Bearer {token}"}
        ).json()
        return [d["label"] for d in drafts["items"]]
    finally:
        server.terminate()
        server.wait(timeout=30)
        if server.stdout is not None:
            server.stdout.close()


def test_next_applies_proposals_and_previews_with_dry_run(workdir: Path) -> None:
    from app.core.vocabulary import ProposalAction
    from app.db.repositories import drafts as drafts_repo
    from app.db.session import get_engine, transaction
    from app.services.proposals import NewProposal, create_proposal

    db = workdir / "p.db"
    penholder("migrate", cwd=workdir, db=db)
    zero = str(SAMPLES / "01-zero-draft.txt")
    penholder("import", zero, "--negotiation", "hrd", "--labels", "Zero draft", cwd=workdir, db=db)
    engine = get_engine(f"sqlite:///{db}")
    with transaction(engine, write=True) as session:
        negotiation = drafts_repo.negotiation_by_slug(session, "hrd")
        rows = drafts_repo.paragraphs_of_draft(
            session, drafts_repo.draft_by_seq(session, negotiation, 1).id
        )
        op1 = next(r for r in rows if r.label == "OP1")
        word = op1.text.split()[0]
        new = NewProposal(
            ("EU",), ProposalAction.REPLACE, lineage_id=op1.lineage_id, find=word, text="Demands"
        )
        proposal_id = create_proposal(session, "test", "hrd", new).id
    engine.dispose()
    args = ("next", "--negotiation", "hrd", "--label", "Rev.1", "--proposals", str(proposal_id))
    preview = penholder(*args, "--dry-run", cwd=workdir, db=db)
    assert preview.returncode == 0, preview.stderr
    assert "OP1          Demands " in preview.stdout and "stored" not in preview.stderr
    stored = penholder(*args, cwd=workdir, db=db)
    assert stored.returncode == 0, stored.stderr
    assert "stored 'Rev.1' as draft 2" in stored.stderr
    again = penholder(*args, cwd=workdir, db=db)
    assert again.returncode == 1 and f"Proposal {proposal_id} is accepted" in again.stderr
