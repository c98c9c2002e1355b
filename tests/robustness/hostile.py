"""Hostile uploads and the measurements taken while a real server processes them.

Used by `test_responsiveness.py` and `tests/bench/bench_hostile.py`:

- `hostile_texts()`: the files an attacker with an editor token would send (issue 16): two
  million one-word lines (20 MB), a paragraph just over the length cap, thousands of
  blank-separated "paragraphs" without an enacting formula.
- `long_paragraph_draft(seed)`: a draft of `LONG_PARAGRAPHS` paragraphs of 20,000 characters,
  and `edited(text)` the same with a word changed in every paragraph: the costliest upload
  Penholder accepts per byte (every pair is long, every paragraph modified).
- `LatencyProbe`: polls `GET /api/v1/health` and one paragraph's history from its own
  process and connection while something else runs, and reports the latencies.
- `server_memory_kb(pid)`: peak resident memory of a server and its workers, from /proc.
"""

from __future__ import annotations

import multiprocessing
import os
import random
import statistics
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

from app.core.parsing.limits import MAX_PARAGRAPH_CHARS

HEAD = "The Human Rights Council,\n\nRecalling its earlier resolutions,\n\n"
LONG_PARAGRAPHS = 12
EDIT_ROOM = 16  # characters under the cap left for `edited` to lengthen a paragraph
WORDS = (
    *("defenders", "rights", "States", "protection", "civil", "society", "journalists"),
    *("reprisals", "consultation", "participation", "safety", "remedies", "accountability"),
    *("investigations", "gender", "digital", "environment"),
)


def one_word_lines(size_mb: int = 20) -> bytes:
    """A .txt of `size_mb` MB made of one-word lines (two million at 20 MB), no formula."""
    line = b"defenders\n"
    return line * (size_mb * 1_000_000 // len(line))


def many_blank_separated_paragraphs(count: int = 60_000) -> bytes:
    """`count` short paragraphs separated by blank lines, without an enacting formula."""
    return b"\n\n".join(b"Recalling item %d," % i for i in range(count))


def over_long_paragraph() -> bytes:
    """A draft whose second paragraph is one character over the length cap."""
    words = " ".join(WORDS) + " "
    body = ("Recalling " + words * (MAX_PARAGRAPH_CHARS // len(words) + 1))[:MAX_PARAGRAPH_CHARS]
    return (HEAD + body + ",\n\n1. Urges States;\n").encode()


def hostile_texts() -> dict[str, bytes]:
    """Name -> bytes of each hostile .txt upload."""
    return {
        "two million one-word lines (20 MB)": one_word_lines(),
        "60,000 paragraphs, no formula": many_blank_separated_paragraphs(),
        "a paragraph over 20,000 characters": over_long_paragraph(),
    }


def long_paragraph_draft(seed: int = 16, paragraphs: int = LONG_PARAGRAPHS) -> str:
    """A draft of `paragraphs` operative paragraphs of just under `MAX_PARAGRAPH_CHARS`."""
    rng = random.Random(seed)
    parts = [HEAD]
    for n in range(1, paragraphs + 1):
        words: list[str] = ["Urges"]
        size = len(f"{n}. ") + 5
        while size < MAX_PARAGRAPH_CHARS:
            word = rng.choice(WORDS)
            words.append(word)
            size += len(word) + 1
        text = " ".join(words)
        text = text[: MAX_PARAGRAPH_CHARS - EDIT_ROOM - 1] + ";"
        parts.append(f"{n}. {text}\n\n")
    return "".join(parts)


def edited(draft: str, seed: int = 17) -> str:
    """The draft with one word replaced in the middle of every long paragraph."""
    rng = random.Random(seed)
    out = []
    for block in draft.split("\n\n"):
        if len(block) > 1_000:
            at = block.index(" ", len(block) // 2 + rng.randrange(1_000))
            end = block.index(" ", at + 1)
            block = block[:at] + " amended" + block[end:]
        out.append(block)
    return "\n\n".join(out)


def percentile(values: list[float], share: float) -> float:
    """The `share` (0-1) quantile of `values`, nearest rank."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


@dataclass
class LatencyProbe:
    """Latencies of health and history requests sent one after another from another process
    (so the client sending the hostile upload does not slow the probe down through its GIL)."""

    base: str
    history_path: str
    token: str
    pause: float = 0.02
    health_ms: list[float] = field(default_factory=list)
    history_ms: list[float] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)
    _stop: Any = None
    _results: Any = None
    _process: Any = None

    def __enter__(self) -> LatencyProbe:
        context = multiprocessing.get_context("fork")
        self._stop, self._results = context.Event(), context.Queue()
        self._process = context.Process(
            target=_probe,
            args=(self.base, self.history_path, self.token, self.pause, self._stop, self._results),
            daemon=True,
        )
        self._process.start()
        return self

    def __exit__(self, *_: object) -> None:
        self._stop.set()
        self.health_ms, self.history_ms, self.failures = self._results.get(timeout=60)
        self._process.join(timeout=60)

    def summary(self) -> dict[str, float]:
        """p50 and p99 of each, in milliseconds, and the number of requests."""
        out: dict[str, float] = {}
        for name, times in (("health", self.health_ms), ("history", self.history_ms)):
            if times:
                out[f"{name} p50"] = statistics.median(times)
                out[f"{name} p99"] = percentile(times, 0.99)
                out[f"{name} requests"] = len(times)
        return out


def _probe(base: str, history_path: str, token: str, pause: float, stop: Any, out: Any) -> None:
    """The probe process: GET health, then the history, until told to stop; send the times."""
    health: list[float] = []
    history: list[float] = []
    failures: list[str] = []
    headers = {"Authorization": f"Bearer {token}"}
    with httpx.Client(base_url=base, headers=headers, timeout=30) as client:
        while not stop.is_set():
            for path, times in (("/api/v1/health", health), (history_path, history)):
                started = time.perf_counter()
                try:
                    answer = client.get(path)
                    if answer.status_code != 200:
                        failures.append(f"{path}: {answer.status_code}")
                except httpx.HTTPError as exc:
                    failures.append(f"{path}: {type(exc).__name__}")
                times.append((time.perf_counter() - started) * 1000)
            time.sleep(pause)
    out.put((health, history, failures))


def server_memory_kb(pid: int, field: str = "VmHWM") -> int:
    """Memory (kB) of process `pid` and all its descendants, read from /proc: by default the
    peak resident size (`VmHWM`), so growth shows even when memory was given back."""
    total = 0
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            status = (entry / "status").read_text()
        except OSError:
            continue
        fields = dict(line.split(":", 1) for line in status.splitlines() if ":" in line)
        if int(entry.name) == pid or _descends(int(entry.name), pid):
            total += int(fields.get(field, "0 kB").split()[0])
    return total


def _descends(child: int, ancestor: int) -> bool:
    """Whether `child` is a descendant of `ancestor` (walking /proc parent links)."""
    seen = 0
    while child > 1 and seen < 64:
        try:
            stat = Path(f"/proc/{child}/stat").read_text()
        except OSError:
            return False
        child = int(stat.rsplit(")", 1)[1].split()[1])
        if child == ancestor:
            return True
        seen += 1
    return False


def pid_alive(pid: int) -> bool:
    """Whether process `pid` exists."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


def worker_pids(pid: int) -> set[int]:
    """The processes descending from `pid` (uvicorn's workers and their helpers)."""
    return {
        int(entry.name)
        for entry in Path("/proc").iterdir()
        if entry.name.isdigit() and _descends(int(entry.name), pid)
    }
