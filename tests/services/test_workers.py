"""Work in worker processes: results and errors come back as themselves; a spent budget kills
the computation and the pool serves the next call; small inputs stay in the calling thread."""

from __future__ import annotations

import os
import threading
import time

import pytest

from app.core.errors import InvalidInput, TooLarge, UnreadableDraft
from app.core.parsing import read_draft
from app.services import workers
from app.services.workers import IN_THREAD_SIZE, Budget, run_in_worker

LARGE = IN_THREAD_SIZE + 1


def test_a_large_input_is_worked_on_in_another_process() -> None:
    assert run_in_worker(Budget.of(None), "asking", LARGE, os.getpid) != os.getpid()


def test_a_small_input_is_worked_on_in_this_thread() -> None:
    assert run_in_worker(Budget.of(None), "asking", IN_THREAD_SIZE, os.getpid) == os.getpid()


def test_an_error_raised_in_a_worker_reaches_the_caller_as_itself() -> None:
    with pytest.raises(UnreadableDraft, match="empty"):
        run_in_worker(Budget.of(None), "reading it", LARGE, read_draft, b"", "text/plain")


def test_a_spent_budget_stops_the_work_and_the_pool_serves_the_next_call() -> None:
    started = time.monotonic()
    with pytest.raises(TooLarge, match=r"more than 0.5 seconds to process \(sleeping\)"):
        run_in_worker(Budget.of(0.5), "sleeping", LARGE, time.sleep, 60)
    assert time.monotonic() - started < 10
    assert workers._pool is None  # the sleeping process was killed with its pool
    assert run_in_worker(Budget.of(None), "counting", LARGE, pow, 2, 10) == 1024


def test_a_budget_spent_before_the_work_begins_refuses_at_once() -> None:
    budget = Budget.of(0.000_001)
    time.sleep(0.01)
    with pytest.raises(TooLarge, match="reading it"):
        run_in_worker(budget, "reading it", 1, pow, 2, 10)


def crash_unless_in(pid: int) -> str:
    """Kill the process running this unless it is process `pid` (a worker dies, a thread not)."""
    if os.getpid() != pid:
        os._exit(3)
    return "worked in the calling thread"


def test_a_worker_killed_by_its_work_refuses_that_request_and_the_next_one_is_served() -> None:
    assert run_in_worker(Budget.of(None), "warming", LARGE, pow, 2, 3) == 8
    with pytest.raises(InvalidInput, match=r"\(reading it\) stopped its worker process"):
        run_in_worker(Budget.of(None), "reading it", LARGE, crash_unless_in, os.getpid())
    assert run_in_worker(Budget.of(None), "counting", LARGE, pow, 2, 10) == 1024


def test_a_pool_that_never_starts_leaves_the_work_to_the_calling_thread(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(workers, "_served", threading.Event())
    monkeypatch.setattr(workers, "_cannot_spawn", threading.Event())
    outcome = run_in_worker(Budget.of(None), "reading it", LARGE, crash_unless_in, os.getpid())
    assert outcome == "worked in the calling thread"
    assert workers._cannot_spawn.is_set()
