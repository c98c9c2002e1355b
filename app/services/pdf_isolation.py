"""Reading an untrusted PDF in a child process, under a memory cap and a deadline.

PDFium is C: a crafted PDF (a content stream that inflates to gigabytes, a page that takes
minutes to interpret) can spend memory or time inside one library call, where no Python check
runs. So the server never parses a PDF in its own process. `read_pdf_isolated` runs
`python -m app.services.pdf_isolation`, which caps its own address space (RLIMIT_AS) and CPU
time (RLIMIT_CPU), reads the PDF on stdin and writes the parsed draft, or the refusal, as JSON
on stdout; the parent kills it at the deadline. Whatever the child does, the server answers
422 and keeps serving. At most `PARALLEL_READS` PDFs are read at once per server process.

The child's answer is one JSON object, an `Answer`: `{"draft": DraftJson}` or `{"error":
{"kind": "TooLarge" | "UnsafeDocument" | "UnreadableDraft", "detail": "..."}}`.
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
from typing import TypedDict, cast

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
    answer = _answer(done.stdout)
    if answer is None:
        _log.warning("PDF reader stopped (exit %s): %s", done.returncode, done.stderr[-2000:])
        raise UnsafeDocument(
            "Reading this PDF needed more memory or time than Penholder allows, so it stopped. "
            "Upload the Word or text version."
        )
    if "draft" not in answer:
        error = answer.get("error", ErrorJson(kind="UnreadableDraft", detail=_READER_FAILED))
        if done.stderr:
            _log.warning("PDF reader failed: %s", done.stderr[-2000:])
        raise _ERRORS.get(error["kind"], UnreadableDraft)(error["detail"])
    return draft_from_json(answer["draft"])


def _answer(stdout: bytes) -> Answer | None:
    """The child's answer, or None when it wrote none (it was killed or crashed)."""
    try:
        answer = json.loads(stdout)
    except ValueError:
        return None
    return cast(Answer, answer) if isinstance(answer, dict) else None


def child_command(limits: PdfLimits) -> tuple[list[str], dict[str, str]]:
    """The command line and environment of a child that reads one PDF from stdin."""
    limits_json = json.dumps(dataclasses.asdict(limits))
    command = [sys.executable, "-m", "app.services.pdf_isolation", limits_json]
    # nothing of the server's environment (database URL, tokens) reaches the process that
    # parses untrusted bytes: only where Python finds the app
    return command, {"PYTHONPATH": _PACKAGE_ROOT, "PATH": os.environ.get("PATH", "")}


def _too_slow(limits: PdfLimits) -> str:
    return (
        f"Reading this PDF took longer than {limits.max_seconds:g} seconds, so Penholder "
        "stopped. Upload the Word or text version."
    )


class FootnoteJson(TypedDict):
    """A footnote on the wire."""

    marker: str
    text: str
    offset: int


class ParagraphJson(TypedDict):
    """A paragraph on the wire: a PDF has no tracked changes or comments."""

    kind: str
    label: str
    number: str
    lead: str
    text: str
    level: int
    italics: list[list[int]]  # [start, end] pairs
    footnotes: list[FootnoteJson]


class DraftJson(TypedDict):
    """A parsed draft on the wire."""

    title: str
    formula: str
    language: str
    masthead: list[list[str]]  # [key, value] pairs
    paragraphs: list[ParagraphJson]


class ErrorJson(TypedDict):
    """A refusal on the wire: the error class's name and its plain-words detail."""

    kind: str
    detail: str


class Answer(TypedDict, total=False):
    """What the child writes: a draft, or an error."""

    draft: DraftJson
    error: ErrorJson


def draft_to_json(draft: Draft) -> DraftJson:
    """A parsed PDF draft as JSON-ready data (tracked changes and comments: a PDF has none)."""
    return DraftJson(
        title=draft.title,
        formula=draft.formula,
        language=draft.language,
        masthead=[list(pair) for pair in draft.masthead],
        paragraphs=[
            ParagraphJson(
                kind=str(p.kind),
                label=p.label,
                number=p.number,
                lead=p.lead,
                text=p.text,
                level=p.level,
                italics=[list(span) for span in p.italics],
                footnotes=[
                    FootnoteJson(marker=f.marker, text=f.text, offset=f.offset) for f in p.footnotes
                ],
            )
            for p in draft.paragraphs
        ],
    )


def draft_from_json(data: DraftJson) -> Draft:
    """The `Draft` that `draft_to_json` wrote."""
    paragraphs = tuple(
        Paragraph(
            kind=ParagraphKind(p["kind"]),
            label=p["label"],
            number=p["number"],
            lead=p["lead"],
            text=p["text"],
            level=p["level"],
            italics=tuple((start, end) for start, end in p["italics"]),
            footnotes=tuple(Footnote(f["marker"], f["text"], f["offset"]) for f in p["footnotes"]),
        )
        for p in data["paragraphs"]
    )
    return Draft(
        paragraphs=paragraphs,
        title=data["title"],
        formula=data["formula"],
        language=data["language"],
        masthead=tuple((key, value) for key, value in data["masthead"]),
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
        answer = Answer(draft=draft_to_json(parse_pdf(raw, limits)))
    except (UnreadableDraft, TooLarge) as exc:
        answer = Answer(error=ErrorJson(kind=type(exc).__name__, detail=exc.detail))
    except MemoryError:
        return 3
    except Exception:  # a reader bug must not look like the user's fault, nor crash silently
        traceback.print_exc()
        answer = Answer(error=ErrorJson(kind="UnreadableDraft", detail=_READER_FAILED))
    sys.stdout.write(json.dumps(answer))
    return 0


if __name__ == "__main__":
    raise SystemExit(_child(sys.argv[1:]))
