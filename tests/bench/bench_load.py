"""Load benchmark (a script, not a test): `python tests/bench/bench_load.py`.

Starts a real server (`uvicorn --workers N` on a loopback port) on a temporary SQLite database,
and on a temporary PostgreSQL database when `--postgres URL` or `PENHOLDER_TEST_DATABASE_URL`
is given, loads the sample negotiation (`app.services.demo.load_sample_negotiation`), then
drives each path with `--clients` concurrent keep-alive connections for `--seconds`, from
Debian's `wrk` when it is installed (a C load generator that takes little of the CPU the
server needs) or else from Python threads with httpx (`--generator python`):

- **history**: `GET …/paragraphs/{lineage}/history`, cycling over every lineage of the latest
  draft;
- **compare**: `GET …/compare?from=A&to=B`, cycling over every pair of drafts.
- **health**: `GET /api/v1/health` (no token, no database): the ceiling of the HTTP stack and
  of this load generator on the machine, to read the other rows against.

Prints requests, errors, throughput and p50/p99 latency per database and path. The load
generator runs on the same machine as the server and takes CPU from it; the load average is
printed first. Target: ≥ 300 requests/s with p99 < 100 ms for history, 16 clients,
PostgreSQL, 2 workers. `--quick`: 8 clients for 3 s. `main(argv)` is what `penholder bench`
calls.
"""

from __future__ import annotations

import argparse
import itertools
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import httpx  # noqa: E402

from app.db.session import get_engine, transaction  # noqa: E402
from app.services.demo import load_sample_negotiation  # noqa: E402
from tests.robustness.servers import ServerProcess, create_tokens, temp_database  # noqa: E402

SAMPLES = ROOT / "sample_drafts"
TARGET_RPS = 300
TARGET_P99_MS = 100


@dataclass
class Run:
    """What one path answered under load (`measured` holds wrk's own count and percentiles)."""

    latencies_ms: list[float] = field(default_factory=list)
    errors: int = 0
    seconds: float = 0.0
    measured: dict[float, float] = field(default_factory=dict)
    requests: int = 0

    def percentile(self, share: float) -> float:
        """The latency below which `share` of the requests finished, in milliseconds."""
        if share in self.measured:
            return self.measured[share]
        if not self.latencies_ms:
            return float("nan")
        ordered = sorted(self.latencies_ms)
        return ordered[min(len(ordered) - 1, int(share * len(ordered)))]

    @property
    def count(self) -> int:
        """Successful requests."""
        return self.requests or len(self.latencies_ms)

    @property
    def throughput(self) -> float:
        """Successful requests per second."""
        return self.count / self.seconds if self.seconds else 0.0


WRK_SCRIPT = """
paths = {%(paths)s}
counter = %(offset)d
request = function()
  counter = counter + 1
  return wrk.format("GET", paths[(counter %% #paths) + 1], {["Authorization"] = "Bearer %(token)s"})
end
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("PENHOLDER %%d %%d %%d %%f %%f\\n", summary.requests,
    e.status + e.connect + e.read + e.write + e.timeout, summary.duration,
    latency:percentile(50), latency:percentile(99)))
end
"""


def drive_wrk(
    base: str, token: str, paths: list[str], clients: int, seconds: float, warmup: float
) -> Run:
    """The same load from `wrk` (C, two threads): the server measured, not this script."""
    with tempfile.TemporaryDirectory() as folder:
        script = Path(folder) / "cycle.lua"
        listed = ", ".join(f'"{path}"' for path in paths)
        script.write_text(WRK_SCRIPT % {"paths": listed, "offset": 0, "token": token})
        command = ["wrk", "-t2", f"-c{clients}", "-s", str(script), "--timeout", "30s", base]
        if warmup > 0:
            subprocess.run([*command[:1], "-d", f"{warmup:g}s", *command[1:]], capture_output=True)
        done = subprocess.run(
            [*command[:1], "-d", f"{seconds:g}s", *command[1:]],
            capture_output=True,
            text=True,
            timeout=seconds + 120,
        )
    fields = next(
        line.split()[1:] for line in done.stdout.splitlines() if line.startswith("PENHOLDER ")
    )
    requests, errors, duration_us = (int(x) for x in fields[:3])
    return Run(
        errors=errors,
        seconds=duration_us / 1e6,
        measured={0.5: float(fields[3]) / 1000, 0.99: float(fields[4]) / 1000},
        requests=requests - errors,
    )


def drive(
    base: str, token: str, paths: list[str], clients: int, seconds: float, warmup: float
) -> Run:
    """`clients` threads cycling over `paths` for `seconds` (after `warmup` s not counted)."""
    run = Run()
    lock = threading.Lock()
    start = time.perf_counter() + warmup
    stop = start + seconds

    def client(offset: int) -> None:
        mine: list[float] = []
        errors = 0
        cycle = itertools.islice(itertools.cycle(paths), offset, None)
        with httpx.Client(
            base_url=base, headers={"Authorization": f"Bearer {token}"}, timeout=30
        ) as http:
            while (now := time.perf_counter()) < stop:
                path = next(cycle)
                try:
                    ok = http.get(path).status_code == 200
                except httpx.HTTPError:
                    ok = False
                took = (time.perf_counter() - now) * 1000
                if now >= start:
                    if ok:
                        mine.append(took)
                    else:
                        errors += 1
        with lock:
            run.latencies_ms.extend(mine)
            run.errors += errors

    threads = [threading.Thread(target=client, args=(i * 7,)) for i in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=seconds + warmup + 60)
    run.seconds = seconds
    return run


def load_database(url: str) -> tuple[str, str]:
    """Load the sample negotiation into the database at `url`; (slug, viewer token)."""
    with transaction(get_engine(url), write=True) as session:
        slug = load_sample_negotiation(session, SAMPLES)
    return slug, create_tokens(url)["viewer"]


def workload(base: str, token: str, slug: str) -> dict[str, list[str]]:
    """The request paths of each benchmarked route."""
    headers = {"Authorization": f"Bearer {token}"}
    api = f"{base}/api/v1/negotiations/{slug}"
    latest = httpx.get(f"{api}/drafts/latest", headers=headers, timeout=30).json()
    seqs = range(1, latest["seq"] + 1)
    return {
        "health": ["/api/v1/health"],
        "history": [
            f"/api/v1/negotiations/{slug}/paragraphs/{p['lineage_id']}/history"
            for p in latest["paragraphs"]
        ],
        "compare": [
            f"/api/v1/negotiations/{slug}/compare?from={a}&to={b}"
            for a, b in itertools.combinations(seqs, 2)
        ],
    }


def bench_database(
    kind: str, server_url: str | None, args: argparse.Namespace, report: Callable[[str], None]
) -> list[tuple[str, str, Run]]:
    """Run every path against one database; the rows of the table."""
    rows = []
    with temp_database(kind, server_url) as url:
        slug, token = load_database(url)
        server = ServerProcess(url, workers=args.workers)
        try:
            server.start()
            for name, paths in workload(server.base, token, slug).items():
                if args.paths and name not in args.paths:
                    continue
                driver = drive_wrk if args.generator == "wrk" else drive
                run = driver(server.base, token, paths, args.clients, args.seconds, args.warmup)
                rows.append((kind, name, run))
                report(line(kind, name, run))
        finally:
            server.cleanup()
    return rows


def line(kind: str, name: str, run: Run) -> str:
    """One table row."""
    return (
        f"{kind:<10} {name:<8} {run.count:>8} {run.errors:>6} "
        f"{run.throughput:>9.1f} {run.percentile(0.5):>8.1f} {run.percentile(0.99):>8.1f}"
    )


def main(argv: list[str] | None = None) -> int:
    """Run the load benchmark and print one row per database and path; 0 on success."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clients", type=int, help="concurrent clients (default 16, quick 8)")
    parser.add_argument("--seconds", type=float, help="measured seconds per path (10, quick 3)")
    parser.add_argument("--warmup", type=float, default=1.0, help="unmeasured seconds first")
    parser.add_argument("--workers", type=int, default=2, help="uvicorn worker processes")
    parser.add_argument("--postgres", metavar="URL", help="a PostgreSQL server to use as well")
    parser.add_argument("--no-sqlite", action="store_true", help="PostgreSQL only")
    parser.add_argument("--paths", nargs="*", choices=("health", "history", "compare"), default=[])
    parser.add_argument("--quick", action="store_true", help="8 clients for 3 s")
    parser.add_argument(
        "--generator",
        choices=("wrk", "python"),
        default="wrk" if shutil.which("wrk") else "python",
        help="wrk (Debian's wrk, when installed: the default) or Python threads with httpx",
    )
    args = parser.parse_args(argv)
    args.clients = max(1, min(args.clients or (8 if args.quick else 16), 256))
    args.seconds = max(1.0, min(args.seconds or (3.0 if args.quick else 10.0), 300.0))
    postgres = args.postgres or os.environ.get("PENHOLDER_TEST_DATABASE_URL")
    kinds = ([] if args.no_sqlite else ["sqlite"]) + (["postgres"] if postgres else [])
    if hasattr(os, "getloadavg"):
        print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs", flush=True)
    print(
        f"{args.clients} clients ({args.generator}), {args.seconds:g} s per path, "
        f"{args.workers} workers; latencies in ms",
        flush=True,
    )
    print(f"{'database':<10} {'path':<8} {'requests':>8} {'errors':>6} {'req/s':>9} "
          f"{'p50':>8} {'p99':>8}", flush=True)  # fmt: skip
    rows: list[tuple[str, str, Run]] = []
    for kind in kinds:
        rows += bench_database(kind, postgres, args, lambda text: print(text, flush=True))
    for kind, name, run in rows:
        if kind == "postgres" and name == "history":
            met = run.throughput >= TARGET_RPS and run.percentile(0.99) < TARGET_P99_MS
            verdict = "met" if met else "NOT met"
            print(
                f"target (history on PostgreSQL: ≥ {TARGET_RPS} req/s, p99 < {TARGET_P99_MS} ms): "
                f"{verdict}"
            )
    return 1 if any(run.errors for _, _, run in rows) else 0


if __name__ == "__main__":
    sys.exit(main())
