"""PDFs are read in a child process: what it answers reaches the caller unchanged."""

from __future__ import annotations

import pytest

from app.core.errors import TooLarge, UnreadableDraft, UnsafeDocument
from app.core.parsing.pdf import parse_pdf
from app.core.parsing.pdf_safety import PdfLimits
from app.services.pdf_isolation import (
    child_command,
    draft_from_json,
    draft_to_json,
    read_pdf_isolated,
)
from tests.pdf_builders import inflating_pdf, minimal_pdf, text_page

RESOLUTION = minimal_pdf(
    [text_page(["The Human Rights Council,", "", "Recalling,", "", "1. Urges States to act;"])]
)


def test_the_child_reads_the_same_draft_as_the_reader_in_process() -> None:
    assert read_pdf_isolated(RESOLUTION, PdfLimits()) == parse_pdf(RESOLUTION)


def test_a_draft_survives_its_trip_through_json() -> None:
    draft = parse_pdf(RESOLUTION)
    assert draft_from_json(draft_to_json(draft)) == draft


@pytest.mark.parametrize(
    ("raw", "limits", "error", "reason"),
    [
        (b"not a pdf", PdfLimits(), UnreadableDraft, "not a PDF"),
        (minimal_pdf([b""] * 3), PdfLimits(max_pages=2), TooLarge, "at most 2 pages"),
        (inflating_pdf(100), PdfLimits(max_memory_mb=300), UnsafeDocument, "memory or time"),
    ],
    ids=["not-a-pdf", "pages", "bomb"],
)
def test_the_childs_refusal_reaches_the_caller_as_the_same_error(
    raw: bytes, limits: PdfLimits, error: type[Exception], reason: str
) -> None:
    with pytest.raises(error, match=reason):
        read_pdf_isolated(raw, limits)


def test_the_child_gets_none_of_the_servers_secrets(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PENHOLDER_DATABASE_URL", "postgresql://penholder:secret@db/penholder")
    _, environment = child_command(PdfLimits())
    assert set(environment) == {"PYTHONPATH", "PATH"}
