"""Page furniture is recognised by pattern and by repetition, and prose never is."""

from __future__ import annotations

import pytest

from app.core.parsing.furniture import (
    is_footnote_separator,
    is_furniture,
    repeats,
    running_lines,
)


@pytest.mark.parametrize(
    "line",
    [
        "23-26002 (E) 100124",
        "25-16006 (E)    091025",
        "25-16006",
        "GE.24-05012(E)",
        "GE.24-05012 (E)",
        "GE.24-05012",
        "*2326002*",
        "2/9",
        "12 / 14",
        "- 3 -",
        "Page 2 of 9",
        "Please recycle",
    ],
)
def test_job_numbers_barcodes_page_numbers_and_recycling_are_furniture(line: str) -> None:
    assert is_furniture(line)


@pytest.mark.parametrize(
    "line",
    [
        "2. Urges States to protect human rights defenders;",
        "A/HRC/58/L.22",
        "(a) Structural transformation;",
        "Resolution 79/233, annex; see also resolution 79/279.",
        "2024–2034 throughout the coming decade",
        "1 Resolution 70/1.",
    ],
)
def test_paragraphs_symbols_and_footnotes_are_not_furniture(line: str) -> None:
    assert not is_furniture(line)


def test_a_rule_of_underscores_opens_the_footnotes() -> None:
    assert is_footnote_separator("__________________ ")
    assert not is_footnote_separator("__")


def test_lines_at_the_top_of_two_pages_are_running_headers_whatever_their_page_number() -> None:
    running = running_lines([["A/80/L.4", "2/5", "We gather"], ["A/80/L.4", "3/5", "Parties"]])
    assert repeats("A/80/L.4", running) and repeats("4/5", running)
    assert not repeats("We gather", running)
