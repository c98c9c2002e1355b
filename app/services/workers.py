"""CPU-heavy work (reading, aligning, diffing a draft) in worker processes, with a time budget.

A worker thread that parses or compares holds Python's GIL, and every request the server
answers meanwhile waits for it dozens of times (measured: health p99 over 200 ms on 1 worker
while 12 MB of long paragraphs were compared in a thread). `run_in_worker` runs a pure
function (from `app.core`, or a service's pure step) in a small process pool instead, so the
server's event loop and its database threads keep the GIL; the calling thread only waits.

- The pool has `POOL_SIZE` processes, started with "spawn" (never forked from a process that
  runs threads) on first use and reused; each uvicorn worker has its own. They run at a lower
  priority (`NICENESS`): on a busy machine the requests the server answers meanwhile come first.
- `Budget` holds the seconds an upload may spend. When a call outlives what is left, its
  processes are killed (the only way to stop a running computation), the pool is replaced,
  and the upload is refused with 413; nothing was stored, the transaction rolls back.
- Small inputs (`IN_THREAD_SIZE`) are worked on in the calling thread: the round trip would
  cost more than the work, and the work is too short to matter to other requests.
- A worker process that dies while working (the input crashed it) makes that request a 422;
  a pool that cannot start at all (a program read from stdin, whose main module a spawned
  process cannot import) leaves the work to the calling thread, with a warning.
- Arguments and results travel pickled: bytes, frozen core dataclasses, exceptions (a
  `PenholderError` raised in a worker reaches the caller as itself).
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import threading
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from typing import Any, TypeVar

from app.core.errors import InvalidInput, TooLarge

T = TypeVar("T")
# Worker processes per server process. Unit: processes; range 1 to the number of cores.
POOL_SIZE = max(1, min(2, os.cpu_count() or 1))
# Largest input (bytes of a file, characters of drafts) worked on in the calling thread. Below
# it the round trip costs about as much as the work: two 5,000-paragraph drafts (3 MB) are read
# and compared in about 250 ms of CPU, and pickling them to a worker and back costs the server
# 185 ms more; work this size takes under a second, in a thread that hands the GIL over every
# 5 ms. Above it (20 MB files, thousands of long paragraphs) a worker pays off.
# Unit: bytes or characters; range 0 (always a worker) to 10,000,000.
IN_THREAD_SIZE = 4_000_000
# How much lower the workers' scheduling priority is than the server's (nice(2) increment):
# when the CPU is short, health and reads are served before a draft is compared. Range 0-19.
NICENESS = 10

log = logging.getLogger("penholder")
_lock = threading.Lock()
_served = threading.Event()  # a worker process has answered once: spawning works here
_cannot_spawn = threading.Event()  # spawning failed before any answer: work in the thread
_pool: ProcessPoolExecutor | None = None
_pool_pid = 0  # the process that made `_pool` (a forked child must make its own)


@dataclass(frozen=True, slots=True)
class Budget:
    """Seconds allowed for one upload's work, and the monotonic clock reading at their end."""

    seconds: float
    ends_at: float

    @classmethod
    def of(cls, seconds: float | None) -> Budget:
        """A budget of `seconds` from now (None or 0: unlimited)."""
        if not seconds:
            return cls(0.0, float("inf"))
        return cls(seconds, time.monotonic() + seconds)

    def left(self) -> float | None:
        """Seconds left (None: unlimited)."""
        return None if self.ends_at == float("inf") else max(0.0, self.ends_at - time.monotonic())

    def spent(self, doing: str) -> TooLarge:
        """The refusal when the budget is spent; `doing` names the step."""
        return TooLarge(
            f"This draft took more than {self.seconds:g} seconds to process ({doing}): "
            "Penholder refuses it to stay responsive. Split it and upload the parts."
        )


def run_in_worker(
    budget: Budget, doing: str, size: int, function: Callable[..., T], *args: Any, **kwargs: Any
) -> T:
    """`function(*args, **kwargs)` within what is left of `budget`: in a worker process, or in
    this thread when its input is `size` ≤ `IN_THREAD_SIZE` (bytes or characters)."""
    left = budget.left()
    if left == 0.0:
        raise budget.spent(doing)
    if size <= IN_THREAD_SIZE or _cannot_spawn.is_set():
        result = function(*args, **kwargs)
        if budget.left() == 0.0:
            raise budget.spent(doing)
        return result
    future = _executor().submit(function, *args, **kwargs)
    try:
        result = future.result(timeout=left)
    except FutureTimeout:
        _replace_pool()
        raise budget.spent(doing) from None
    except BrokenProcessPool:
        _replace_pool()
        if _served.is_set():  # the work itself killed its process: refuse it, keep the server
            raise InvalidInput(
                f"The work on this request ({doing}) stopped its worker process; nothing was "
                "stored. The file may be damaged or too complex: check it and try again."
            ) from None
        # a process that never served (this program cannot spawn, e.g. read from stdin)
        log.warning("worker processes cannot start here; working in the calling thread")
        _cannot_spawn.set()
        return run_in_worker(budget, doing, size, function, *args, **kwargs)
    _served.set()
    return result


def _executor() -> ProcessPoolExecutor:
    global _pool, _pool_pid
    with _lock:
        if _pool is None or _pool_pid != os.getpid():
            context = multiprocessing.get_context("spawn")
            _pool = ProcessPoolExecutor(POOL_SIZE, mp_context=context, initializer=_step_back)
            _pool_pid = os.getpid()
        return _pool


def _step_back() -> None:
    """Run the worker process at a lower priority, so requests get the CPU first."""
    os.nice(NICENESS)


def _replace_pool() -> None:
    """Kill the pool's processes (a computation cannot be stopped otherwise) and forget it."""
    global _pool
    with _lock:
        pool, _pool = _pool, None
    if pool is None:
        return
    processes = list(getattr(pool, "_processes", {}).values())
    for process in processes:
        process.kill()
    pool.shutdown(wait=False, cancel_futures=True)
