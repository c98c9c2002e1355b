"""A real Penholder server in a subprocess, for the browser tests and the screenshot script.

`running_server()` migrates a temporary SQLite file, creates an admin token, starts uvicorn on
a free port and waits for /api/v1/health; on exit it stops the server and deletes the files.
`load_sample_negotiation()` uploads sample_drafts/*.txt in the order record.json gives.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = ROOT / "sample_drafts"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@dataclass(frozen=True)
class Server:
    """A running server: its base URL, an admin token, and its database (for tests that make
    or revoke tokens; empty for a server started elsewhere)."""

    base: str
    token: str
    database_url: str = ""

    def api(self, method: str, path: str, body: object | None = None) -> tuple[int, object]:
        """Call the JSON API; returns (status, parsed body or raw bytes)."""
        data = None if body is None else json.dumps(body).encode()
        request = urllib.request.Request(self.base + "/api/v1" + path, data=data, method=method)
        request.add_header("Authorization", f"Bearer {self.token}")
        if data is not None:
            request.add_header("Content-Type", "application/json")
        try:
            with urllib.request.urlopen(request, timeout=60) as response:
                return response.status, _parse(response.read(), response.headers)
        except urllib.error.HTTPError as error:
            return error.code, _parse(error.read(), error.headers)

    def upload(self, slug: str, file_name: str, raw: bytes, fields: dict[str, str]) -> object:
        """Upload a draft as multipart; raise on anything but 201."""
        return self.post_file(f"/negotiations/{slug}/drafts", file_name, raw, fields)

    def post_file(self, path: str, file_name: str, raw: bytes, fields: dict[str, str]) -> object:
        """POST a multipart form with a file to `path` under /api/v1; raise on an HTTP error."""
        boundary = uuid.uuid4().hex
        parts: list[bytes] = []
        for name, value in fields.items():
            parts.append(
                f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n'
                f"{value}\r\n".encode()
            )
        parts.append(
            f'--{boundary}\r\nContent-Disposition: form-data; name="file"; '
            f'filename="{file_name}"\r\nContent-Type: text/plain\r\n\r\n'.encode()
            + raw
            + b"\r\n"
        )
        parts.append(f"--{boundary}--\r\n".encode())
        request = urllib.request.Request(
            f"{self.base}/api/v1{path}", data=b"".join(parts), method="POST"
        )
        request.add_header("Authorization", f"Bearer {self.token}")
        request.add_header("Content-Type", f"multipart/form-data; boundary={boundary}")
        with urllib.request.urlopen(request, timeout=120) as response:
            return json.loads(response.read())


def _parse(raw: bytes, headers: object) -> object:
    kind = getattr(headers, "get", lambda _k, _d=None: "")("content-type", "") or ""
    if "json" in kind:
        return json.loads(raw or b"null")
    return raw


def free_port() -> int:
    """A TCP port nobody listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def _create_admin_token(url: str) -> str:
    from app.db.migrate import upgrade_database
    from app.db.session import get_engine, transaction
    from app.services.tokens import create_token

    upgrade_database(url)
    with transaction(get_engine(url), write=True) as session:
        return create_token(session, "web-test", "admin")


@contextlib.contextmanager
def running_server(port: int | None = None) -> Iterator[Server]:
    """Start a server on a fresh SQLite file; stop it and delete everything afterwards."""
    workdir = Path(tempfile.mkdtemp(prefix="penholder-web-"))
    url = f"sqlite:///{workdir / 'penholder.db'}"
    token = _create_admin_token(url)
    port = port or free_port()
    env = {**os.environ, "PENHOLDER_DATABASE_URL": url}
    log = open(workdir / "server.log", "wb")  # noqa: SIM115 - closed below
    process = subprocess.Popen(
        [sys.executable, "-m", "uvicorn", "app.main:create_app", "--factory",
         "--host", "127.0.0.1", "--port", str(port), "--log-level", "warning"],
        cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_for_health(base, process, workdir)
        yield Server(base=base, token=token, database_url=url)
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        log.close()
        shutil.rmtree(workdir, ignore_errors=True)


def _wait_for_health(base: str, process: subprocess.Popen[bytes], workdir: Path) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError((workdir / "server.log").read_text(errors="replace"))
        try:
            with urllib.request.urlopen(base + "/api/v1/health", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError("the server did not answer /api/v1/health within 30 s")


def load_sample_negotiation(server: Server, *, proposals: bool = True) -> str:
    """Create the sample negotiation and upload its drafts in order; return its slug.

    With `proposals`, each round's proposals from record.json are recorded against the draft
    they were made on, before the next draft is uploaded (so the server can match them).
    """
    record = json.loads((SAMPLES / "record.json").read_text(encoding="utf-8"))
    status, body = server.api("POST", "/negotiations", record["negotiation"])
    if status != 201:
        raise RuntimeError(f"creating the sample negotiation answered {status}: {body!r}")
    slug: str = body["slug"]  # type: ignore[index]
    rounds = {r["from"]: r for r in record.get("rounds", [])}
    settled: list[tuple[int, str]] = []
    for draft in record["drafts"]:
        fields = {"label": draft["label"], "stage": draft["stage"]}
        if draft.get("symbol"):
            fields["symbol"] = draft["symbol"]
        if draft.get("circulated_on"):
            fields["circulated_on"] = draft["circulated_on"]
        raw = (SAMPLES / draft["file"]).read_bytes()
        stored = server.upload(slug, draft["file"], raw, fields)
        _settle_proposals(server, slug, settled)
        if proposals and draft["label"] in rounds:
            settled = _record_proposals(server, slug, stored, rounds[draft["label"]])  # type: ignore[arg-type]
    return slug


def load_sample_library(server: Server) -> int:
    """Import the demo library (sample_drafts/library/) with its manifest's facts; how many."""
    entries = json.loads((SAMPLES / "library" / "manifest.json").read_text(encoding="utf-8"))
    for entry in entries:
        fields = {k: str(entry[k]) for k in ("symbol", "title", "adopted_on") if entry.get(k)}
        raw = (SAMPLES / "library" / entry["file"]).read_bytes()
        server.post_file("/library/documents", entry["file"], raw, fields)
    return len(entries)


def _settle_proposals(server: Server, slug: str, outcomes: list[tuple[int, str]]) -> None:
    """Give each proposal the status record.json says, where matching did not already."""
    for proposal_id, status in outcomes:
        server.api("PATCH", f"/negotiations/{slug}/proposals/{proposal_id}", {"status": status})


def _record_proposals(
    server: Server, slug: str, draft: dict, round_: dict
) -> list[tuple[int, str]]:
    """Post one round's proposals, pending, against `draft` (labels become lineage ids);
    return each one's id and the status record.json gives it."""
    outcomes: list[tuple[int, str]] = []
    lineage = {p["label"]: p["lineage_id"] for p in draft["paragraphs"] if p["label"]}
    for proposal in round_.get("proposals", []):
        body = {
            "delegations": proposal["delegations"],
            "draft": draft["seq"],
            "action": proposal["action"],
            "find": proposal.get("find"),
            "text": proposal.get("text"),
            "source": round_.get("source", ""),
            "note": proposal.get("note", ""),
            "status": "pending",
        }
        if proposal.get("target"):
            body["lineage_id"] = lineage.get(proposal["target"])
        if proposal.get("after"):
            body["after_lineage_id"] = lineage.get(proposal["after"])
        status, answer = server.api("POST", f"/negotiations/{slug}/proposals", body)
        if status in (404, 405):
            return outcomes
        if status != 201:
            print(f"sample proposal not recorded ({status}): {answer!r}", file=sys.stderr)
            continue
        outcomes.append((answer["id"], proposal.get("status", "pending")))  # type: ignore[index]
    return outcomes
