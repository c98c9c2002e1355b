"""Reading an untrusted PDF in a child process, under a memory cap and a deadline.

PDFium is C: a crafted PDF (a content stream that inflates to gigabytes, a page that takes
minutes to interpret) can spend memory or time inside one library call, where no Python check
runs. So the server never parses a PDF in its own process. `read_pdf_isolated` runs
`python -m app.services.pdf_isolation`, which caps its own address space (RLIMIT_AS) and CPU
time (RLIMIT_CPU), reads the PDF on stdin and writes the parsed draft, or the refusal, as JSON
on stdout; the parent kills it at the deadline. Whatever the child does, the server answers
422 and keeps serving. At most `PARALLEL_READS` PDFs are read at once per server process.

The child's answer, one JSON object: `{"draft": {...}}` with the `Draft`'s fields (paragraphs
as lists of their fields), or `{"error": {"kind": "TooLarge" | "UnsafeDocument" |
"UnreadableDraft", "detail": "..."}}`.
"""

from __future__ import annotations

import dataclasses
import json
import logging
import os
import subprocess
import sys
import threading
import traceback
from pathlib import Path
from typing import Any

from app.core.errors import TooLarge, UnreadableDraft, UnsafeDocument
from app.core.model import Draft, Footnote, Paragraph
from app.core.parsing.pdf_safety import PdfLimits
from app.core.vocabulary import ParagraphKind

__all__ = ["PARALLEL_READS", "child_command", "read_pdf_isolated"]

PARALLEL_READS = 2  # PDFs read at once per server process (the machine's cores)
_SLOTS = threading.BoundedSemaphore(PARALLEL_READS)
_ERRORS: dict[str, type[UnreadableDraft] | type[TooLarge]] = {
    "TooLarge": TooLarge,
    "UnsafeDocument": UnsafeDocument,
    "UnreadableDraft": UnreadableDraft,
}
_STARTUP_SECONDS = 10.0  # allowed on top of the reading time for the child to start and answer
_READER_FAILED = (
    "Penholder could not read this PDF. Upload the Word or text version, and tell us which "
    "file it was."
)
_log = logging.getLogger(__name__)
_PACKAGE_ROOT = str(Path(__file__).resolve().parents[2])


def read_pdf_isolated(raw: bytes, limits: PdfLimits) -> Draft:
    """The draft in a PDF, read by a child process; UnreadableDraft & co. as the child says."""
    command, environment = child_command(limits)
    with _SLOTS:
        try:
            done = subprocess.run(
                command,
                input=raw,
                capture_output=True,
                timeout=limits.max_seconds + _STARTUP_SECONDS,
                env=environment,
                check=False,
            )
        except subprocess.TimeoutExpired:
            raise UnsafeDocument(_too_slow(limits)) from None
    try:
        answer = json.loads(done.stdout)
    except ValueError:
        answer = None
    if not isinstance(answer, dict):
        _log.warning("PDF reader stopped (exit %s): %s", done.returncode, done.stderr[-2000:])
        raise UnsafeDocument(
            "Reading this PDF needed more memory or time than Penholder allows, so it stopped. "
            "Upload the Word or text version."
        )
    if "error" in answer:
        error = answer["error"]
        if done.stderr:
            _log.warning("PDF reader failed: %s", done.stderr[-2000:])
        raise _ERRORS.get(error.get("kind"), UnreadableDraft)(str(error.get("detail")))
    return draft_from_json(answer["draft"])


def child_command(limits: PdfLimits) -> tuple[list[str], dict[str, str]]:
    """The command line and environment of a child that reads one PDF from stdin."""
    limits_json = json.dumps(dataclasses.asdict(limits))
    command = [sys.executable, "-m", "app.services.pdf_isolation", limits_json]
    return command, {**os.environ, "PYTHONPATH": _PACKAGE_ROOT}


def _too_slow(limits: PdfLimits) -> str:
    return (
        f"Reading this PDF took longer than {limits.max_seconds:g} seconds, so Penholder "
        "stopped. Upload the Word or text version."
    )


def draft_to_json(draft: Draft) -> dict[str, Any]:
    """A parsed PDF draft as JSON-ready data (a PDF has no tracked changes or comments)."""
    return {
        "title": draft.title,
        "formula": draft.formula,
        "language": draft.language,
        "masthead": [list(pair) for pair in draft.masthead],
        "paragraphs": [
            [
                str(p.kind), p.label, p.number, p.lead, p.text, p.level,
                [list(r) for r in p.italics],
                [[f.marker, f.text, f.offset] for f in p.footnotes],
            ]
            for p in draft.paragraphs
        ],
    }  # fmt: skip


def draft_from_json(data: dict[str, Any]) -> Draft:
    """The `Draft` that `draft_to_json` wrote."""
    paragraphs = tuple(
        Paragraph(
            kind=ParagraphKind(kind),
            label=label,
            number=number,
            lead=lead,
            text=text,
            level=level,
            italics=tuple((int(s), int(e)) for s, e in italics),
            footnotes=tuple(Footnote(m, t, int(o)) for m, t, o in footnotes),
        )
        for kind, label, number, lead, text, level, italics, footnotes in data["paragraphs"]
    )
    return Draft(
        paragraphs=paragraphs,
        title=data["title"],
        formula=data["formula"],
        language=data["language"],
        masthead=tuple((k, v) for k, v in data["masthead"]),
    )


def _child(argv: list[str]) -> int:
    """The child: cap memory and CPU, read the PDF on stdin, answer on stdout."""
    import resource

    limits = PdfLimits(**json.loads(argv[0]))
    memory = limits.max_memory_mb * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
    seconds = int(limits.max_seconds) + 1
    resource.setrlimit(resource.RLIMIT_CPU, (seconds, seconds + 1))
    raw = sys.stdin.buffer.read()
    from app.core.parsing.pdf import parse_pdf

    try:
        answer: dict[str, Any] = {"draft": draft_to_json(parse_pdf(raw, limits))}
    except (UnreadableDraft, TooLarge) as exc:
        answer = {"error": {"kind": type(exc).__name__, "detail": exc.detail}}
    except MemoryError:
        return 3
    except Exception:  # a reader bug must not look like the user's fault, nor crash silently
        traceback.print_exc()
        answer = {"error": {"kind": "UnreadableDraft", "detail": _READER_FAILED}}
    sys.stdout.write(json.dumps(answer))
    return 0


if __name__ == "__main__":
    raise SystemExit(_child(sys.argv[1:]))
