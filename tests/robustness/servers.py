"""Real Penholder servers for the robustness tests and the load benchmark.

`temp_database(kind)` (from `tests/databases.py`) yields the URL of a fresh migrated database.
`ServerProcess` runs `uvicorn app.main:create_app` on a free
loopback port against such a database, in its own process group so that it (and its workers)
can be stopped, or killed with SIGKILL, by that group's id alone.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import IO

import httpx

from app.api.protocol import UVICORN_HTTP
from app.db.session import get_engine, transaction
from app.services.tokens import create_token
from tests.databases import PG_URL, temp_database

ROOT = Path(__file__).resolve().parents[2]
ROLES = ("viewer", "editor", "admin")
STARTUP_SECONDS = 40


def free_port() -> int:
    """A loopback TCP port nobody listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def create_tokens(url: str) -> dict[str, str]:
    """One token per role in the database at `url`, named `robust-<role>`."""
    with transaction(get_engine(url), write=True) as session:
        return {role: create_token(session, f"robust-{role}", role) for role in ROLES}


class ServerProcess:
    """`uvicorn app.main:create_app` on a loopback port, against the database at `url`."""

    def __init__(
        self,
        url: str,
        *,
        workers: int = 1,
        log_dir: Path | None = None,
        env: dict[str, str] | None = None,
    ) -> None:
        self.url = url
        self.workers = workers
        self.env = env or {}
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self._log_dir = Path(log_dir or tempfile.mkdtemp(prefix="penholder-server-"))
        self._own_log_dir = log_dir is None
        self._process: subprocess.Popen[bytes] | None = None
        self._log: IO[bytes] | None = None

    def start(self) -> ServerProcess:
        """Start the server and wait until /api/v1/health answers."""
        env = {**os.environ, **self.env, "PENHOLDER_DATABASE_URL": self.url}
        command = [
            sys.executable, "-m", "uvicorn", "app.main:create_app", "--factory",
            "--host", "127.0.0.1", "--port", str(self.port), "--log-level", "warning",
            "--http", UVICORN_HTTP,
        ]  # fmt: skip
        if self.workers > 1:
            command += ["--workers", str(self.workers)]
        log = open(self._log_dir / "server.log", "ab")  # noqa: SIM115 - closed in stop()
        self._log = log
        self._process = subprocess.Popen(
            command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
            start_new_session=True,
        )  # fmt: skip
        self._wait_for_health()
        return self

    @property
    def pid(self) -> int:
        """The server's process id (uvicorn's supervisor when it runs several workers)."""
        assert self._process is not None, "the server is not running"
        return self._process.pid

    def log_text(self) -> str:
        """What the server has written so far."""
        path = self._log_dir / "server.log"
        return path.read_text(errors="replace") if path.exists() else ""

    def _wait_for_health(self) -> None:
        assert self._process is not None
        deadline = time.monotonic() + STARTUP_SECONDS
        # With several workers, wait until a burst of requests all succeed (every worker up).
        while time.monotonic() < deadline:
            if self._process.poll() is not None:
                raise RuntimeError(f"the server exited:\n{self.log_text()}")
            try:
                answers = [
                    httpx.get(self.base + "/api/v1/health", timeout=2).status_code
                    for _ in range(self.workers)
                ]
                if all(code == 200 for code in answers):
                    return
            except httpx.HTTPError:
                pass
            time.sleep(0.1)
        self.stop()
        raise RuntimeError(f"the server did not answer within {STARTUP_SECONDS} s")

    def kill(self) -> None:
        """SIGKILL the server and its workers (its process group), as a crash would."""
        if self._process is None:
            return
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self._process.pid, signal.SIGKILL)
        self._process.wait(timeout=10)
        self._process = None
        self._close_log()

    def stop(self) -> None:
        """Stop the server politely (SIGTERM to its group), then by force after 10 s."""
        if self._process is None:
            return
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self._process.pid, signal.SIGTERM)
        try:
            self._process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self._process.pid, signal.SIGKILL)
            self._process.wait(timeout=10)
        self._process = None
        self._close_log()

    def _close_log(self) -> None:
        log = self._log
        self._log = None
        if log is not None:
            log.close()

    def cleanup(self) -> None:
        """Stop the server and delete its log folder if it made one."""
        self.stop()
        if self._own_log_dir:
            shutil.rmtree(self._log_dir, ignore_errors=True)


@contextlib.contextmanager
def running_server(
    url: str, *, workers: int = 1, env: dict[str, str] | None = None
) -> Iterator[ServerProcess]:
    """A started server on `url` (with `env` added to its environment), stopped afterwards."""
    server = ServerProcess(url, workers=workers, env=env)
    try:
        yield server.start()
    finally:
        server.cleanup()


__all__ = ["PG_URL", "ServerProcess", "create_tokens", "free_port", "temp_database"]
