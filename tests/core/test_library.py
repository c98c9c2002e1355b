"""The library's pure logic: symbols, resolution facts, searchable words, highlights, order."""

from __future__ import annotations

import datetime as dt

import pytest

from app.core.errors import InvalidInput
from app.core.library import (
    AdoptedParagraph,
    ResolutionFacts,
    Scored,
    agreed_insertions,
    line_of,
    order_precedents,
    parse_symbol,
    phrase_highlights,
    rarest_words,
    read_date,
    resolution_of,
    searchable,
    shared_highlights,
    word_highlights,
)
from app.core.model import Draft, Paragraph
from app.core.parsing.text import parse_text
from app.core.vocabulary import ParagraphKind, SessionKind

RESOLUTION = """Human Rights Council
Fifty-fifth session
Agenda item 3

Resolution adopted by the Human Rights Council on 4 April 2024

55/12. Human rights defenders

The Human Rights Council,

Guided by the purposes and principles of the Charter of the United Nations,

1. Reaffirms the right of everyone to promote and defend human rights;

2. Decides to remain seized of the matter.

45th meeting
4 April 2024

[Adopted without a vote.]
"""


@pytest.mark.parametrize(
    ("symbol", "body", "session", "kind"),
    [
        ("A/RES/78/216", "GA", 78, SessionKind.REGULAR),
        ("A/RES/61/267 B", "GA", 61, SessionKind.REGULAR),
        ("A/RES/ES-10/21", "GA", 10, SessionKind.EMERGENCY_SPECIAL),
        ("A/RES/S-23/2", "GA", 23, SessionKind.SPECIAL),
        ("A/HRC/RES/53/5", "HRC", 53, SessionKind.REGULAR),
        ("A/HRC/RES/S-30/1", "HRC", 30, SessionKind.SPECIAL),
    ],
)
def test_a_symbol_says_its_body_and_session(
    symbol: str, body: str, session: int, kind: SessionKind
) -> None:
    facts = parse_symbol(symbol)
    assert (facts.body, facts.session, facts.session_kind) == (body, session, kind)


@pytest.mark.parametrize("symbol", ["A/HRC/58/L.22", "78/216", "A/RES/", "S/RES/2334 (2016)", ""])
def test_a_symbol_that_does_not_parse_is_refused_with_the_forms_we_read(symbol: str) -> None:
    with pytest.raises(InvalidInput, match="A/RES/78/216"):
        parse_symbol(symbol)


def test_a_masthead_gives_the_symbol_date_title_and_adoption() -> None:
    resolution = resolution_of(parse_text(RESOLUTION), ResolutionFacts(), "55-12.txt")
    assert resolution.symbol == "A/HRC/RES/55/12"
    assert (resolution.body, resolution.session) == ("HRC", 55)
    assert resolution.adopted_on == dt.date(2024, 4, 4)
    assert resolution.title == "Human rights defenders"
    assert resolution.adoption == "Adopted without a vote."
    assert [p.label for p in resolution.paragraphs if p.label] == ["PP1", "OP1", "OP2"]


def test_given_facts_win_over_the_masthead_and_change_the_fingerprint() -> None:
    draft = parse_text(RESOLUTION)
    read = resolution_of(draft, ResolutionFacts(), "x.txt")
    given = resolution_of(draft, ResolutionFacts(title="Defenders", body="HRC"), "x.txt")
    assert given.title == "Defenders"
    assert given.fingerprint != read.fingerprint
    assert resolution_of(draft, ResolutionFacts(), "y.txt").fingerprint == read.fingerprint


def test_a_text_without_paragraphs_is_not_a_resolution() -> None:
    with pytest.raises(InvalidInput, match="does not read as a resolution"):
        other = Paragraph(ParagraphKind.OTHER, "", "", "", "Minutes of the meeting")
        resolution_of(Draft(paragraphs=(other,)), ResolutionFacts(), "m.txt")


def test_a_resolution_without_a_symbol_is_refused_by_name() -> None:
    text = "The Human Rights Council,\n\nRecalling its work,\n\n1. Decides to act."
    with pytest.raises(InvalidInput, match=r"'n\.txt' names no resolution symbol"):
        resolution_of(parse_text(text), ResolutionFacts(), "n.txt")


def test_dates_read_as_printed_or_not_at_all() -> None:
    assert read_date("19 December 2023") == dt.date(2023, 12, 19)
    assert read_date("31 February 2023") is None
    assert read_date(None) is None


def test_the_searchable_form_ignores_case_punctuation_and_spacing() -> None:
    assert searchable("Reaffirms  the RIGHT, of everyone;") == " reaffirms the right of everyone "
    assert searchable("gender-based") == " gender based "
    assert searchable("人权理事会") == " 人 权 理 事 会 "


def test_a_phrase_is_highlighted_wherever_its_words_run_in_a_row() -> None:
    text = "Urges States, and urges  STATES again; states urge"
    assert phrase_highlights(text, ("urges", "states")) == ((0, 12), (18, 31))


def test_words_are_highlighted_each_on_its_own() -> None:
    text = "The Council urges States"
    assert [text[a:b] for a, b in word_highlights(text, {"urges", "council"})] == [
        "Council",
        "urges",
    ]


def test_shared_highlights_cover_the_words_a_query_keeps() -> None:
    text = "Calls upon States to act promptly and impartially;"
    found = [text[a:b] for a, b in shared_highlights("Calls upon States to act impartially;", text)]
    assert found[0].startswith("Calls upon States to act") and "impartially" in found[-1]


def test_the_rarest_words_are_chosen_and_unknown_ones_left_out() -> None:
    counts = {"the": 90_000, "defenders": 300, "reprisals": 40, "of": 95_000}
    assert rarest_words(["the", "reprisals", "defenders", "zzz", "of"], counts)[:2] == [
        "reprisals",
        "defenders",
    ]
    assert "zzz" not in rarest_words(["zzz", "the"], counts)


def paragraph(pid: int, symbol: str, title: str, day: dt.date) -> AdoptedParagraph:
    return AdoptedParagraph(pid, pid, symbol, "HRC", 50, day, title, "OP1", "text")


def test_precedents_come_by_line_closest_line_first_and_equal_ones_newest_first() -> None:
    old = Scored(paragraph(1, "A/HRC/RES/49/1", "Defenders", dt.date(2022, 4, 1)), 1.0, ())
    new = Scored(paragraph(2, "A/HRC/RES/55/1", "Defenders", dt.date(2024, 4, 1)), 1.0, ())
    modified = Scored(paragraph(3, "A/HRC/RES/57/1", "Defenders", dt.date(2025, 4, 1)), 0.8, ())
    other = Scored(paragraph(4, "A/HRC/RES/56/9", "Environment", dt.date(2024, 7, 1)), 0.9, ())
    ordered = order_precedents([other, modified, old, new])
    assert [s.paragraph.id for s in ordered] == [2, 1, 3, 4]


def test_a_line_of_resolutions_is_a_body_and_a_title_without_its_part_letter() -> None:
    assert line_of("GA", "Oceans and the law of the sea B") == line_of(
        "GA", "Oceans and the law of the sea"
    )
    assert line_of("GA", "Oceans") != line_of("HRC", "Oceans")


def test_only_insertions_of_four_words_or_more_are_looked_up() -> None:
    assert agreed_insertions([" strongly", ", people of African descent"]) == [
        (),
        ("people", "of", "african", "descent"),
    ]
