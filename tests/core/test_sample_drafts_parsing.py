"""The sample negotiation's five drafts read as their authors wrote them.

The expected outlines below were written from reading the files in `sample_drafts/`, paragraph
by paragraph; they are not the parser's output pasted back.
"""

from __future__ import annotations

import re
from functools import cache

import pytest

from app.core.model import Draft
from app.core.parsing.text import parse_text, read_text_draft
from tests.conftest import SAMPLES

TITLE_TEXT = "Human rights defenders: protecting those who defend rights in a changing world"

Row = tuple[str, str, str, int]
TITLE: Row = ("title", "", "", 0)
ADOPTED_TITLE: Row = ("title", "", "58/14.", 0)
FORMULA: Row = ("other", "", "", 0)


def preambular(count: int) -> list[Row]:
    return [("preambular", f"PP{n}", "", 0) for n in range(1, count + 1)]


def operative(first: int, last: int) -> list[Row]:
    return [("operative", f"OP{n}", f"{n}.", 0) for n in range(first, last + 1)]


def subparagraphs(parent: str, *items: str) -> list[Row]:
    return [("subparagraph", f"{parent}({item})", f"({item})", 1) for item in items]


def roman(parent: str, *items: str) -> list[Row]:
    return [("subparagraph", f"{parent}({item})", f"({item})", 2) for item in items]


ZERO_DRAFT: list[Row] = [
    TITLE, FORMULA, *preambular(19),
    *operative(1, 5), *subparagraphs("OP5", "a", "b", "c", "d"),
    *operative(6, 13),
    *subparagraphs("OP13", "a"), *roman("OP13(a)", "i", "ii", "iii"),
    *subparagraphs("OP13", "b", "c"),
    *operative(14, 25),
]  # fmt: skip

REV_1: list[Row] = [
    TITLE, FORMULA, *preambular(21),
    *operative(1, 5), *subparagraphs("OP5", "a", "b", "c", "d"),
    *operative(6, 10), ("operative", "OP10 bis", "10 bis.", 0),
    ("operative", "OP11", "11.", 0), ("operative", "OP11 bis", "11 bis.", 0),
    *operative(12, 13),
    *subparagraphs("OP13", "a"), *roman("OP13(a)", "i", "ii", "iii"),
    *subparagraphs("OP13", "b", "c"),
    *operative(14, 25),
]  # fmt: skip

REV_2: list[Row] = [
    TITLE, FORMULA, *preambular(22),
    *operative(1, 5), *subparagraphs("OP5", "a", "b", "c", "d"),
    ("operative", "OP5 bis", "5 bis.", 0),
    *operative(6, 10), ("operative", "OP10 bis", "10 bis.", 0),
    ("operative", "OP11", "11.", 0), ("operative", "OP11 bis", "11 bis.", 0),
    *operative(12, 13),
    *subparagraphs("OP13", "a"), *roman("OP13(a)", "i", "ii", "iii"),
    *subparagraphs("OP13", "b", "c", "d"),
    *operative(14, 25),
]  # fmt: skip

L_22_BODY: list[Row] = [
    FORMULA, *preambular(22),
    *operative(1, 5), *subparagraphs("OP5", "a", "b", "c", "d"),
    *operative(6, 16),
    *subparagraphs("OP16", "a"), *roman("OP16(a)", "i", "ii", "iii"),
    *subparagraphs("OP16", "b", "c", "d"),
    *operative(17, 26),
]  # fmt: skip

OUTLINES = {
    "01-zero-draft.txt": ZERO_DRAFT,
    "02-rev1.txt": REV_1,
    "03-rev2.txt": REV_2,
    "04-l22.txt": [TITLE, *L_22_BODY],
    "05-adopted.txt": [ADOPTED_TITLE, *L_22_BODY],
}


@cache
def sample(name: str) -> Draft:
    return read_text_draft((SAMPLES / name).read_bytes())


def by_label(name: str) -> dict[str, str]:
    return {p.label: p.text for p in sample(name).paragraphs if p.label}


def leads(name: str, kind: str) -> list[str]:
    return [p.lead for p in sample(name).paragraphs if p.kind.value == kind]


@pytest.mark.parametrize("name", sorted(OUTLINES))
def test_every_paragraph_has_the_kind_label_and_number_its_author_gave_it(name: str) -> None:
    found = [(p.kind.value, p.label, p.number, p.level) for p in sample(name).paragraphs]
    assert found == OUTLINES[name]


@pytest.mark.parametrize("name", sorted(OUTLINES))
def test_every_draft_has_the_title_and_formula_and_clean_one_line_texts(name: str) -> None:
    draft = sample(name)
    assert draft.title == TITLE_TEXT
    assert draft.formula == "The Human Rights Council,"
    assert draft.language == "en"
    for paragraph in draft.paragraphs:
        assert "\n" not in paragraph.text and "  " not in paragraph.text
        assert paragraph.text == paragraph.text.strip()


def test_the_zero_draft_masthead_names_stage_date_and_penholder() -> None:
    draft = sample("01-zero-draft.txt")
    assert draft.masthead == (
        ("body", "Human Rights Council"),
        ("session", "Fifty-eighth session"),
        ("agenda_item", "3"),
        ("draft", "Zero draft"),
        ("date", "10 February 2025"),
        ("penholders", "Norway"),
    )


def test_the_zero_draft_leads_read_as_printed() -> None:
    assert leads("01-zero-draft.txt", "preambular") == [
        "Guided", "Reaffirming", "Recalling", "Welcoming", "Recalling", "Reaffirming",
        "Emphasizing", "Recognizing", "Recognizing also", "Deeply concerned", "Gravely concerned",
        "Concerned", "Deeply concerned", "Recognizing", "Stressing", "Acknowledging", "Recalling",
        "Noting with appreciation", "Bearing in mind",
    ]  # fmt: skip
    assert leads("01-zero-draft.txt", "operative") == [
        "Reaffirms", "Calls upon", "Condemns", "Urges", "Calls upon", "Encourages", "Urges",
        "Calls upon", "Urges", "Calls upon", "Stresses", "Calls upon", "Calls upon", "Urges",
        "Calls upon", "Encourages", "Encourages", "Calls upon", "Encourages", "Invites", "Urges",
        "Requests", "Requests", "Decides", "Decides",
    ]  # fmt: skip
    assert set(leads("01-zero-draft.txt", "subparagraph")) == {""}


def test_the_zero_draft_texts_lose_only_their_numbers() -> None:
    texts = by_label("01-zero-draft.txt")
    assert texts["OP13(a)(ii)"] == "Effective independent oversight;"
    assert texts["OP25"] == "Decides to remain seized of the matter."
    assert texts["OP5(b)"] == (
        "Adopting early warning and rapid response measures, including temporary relocation "
        "where necessary;"
    )


def test_rev1_bis_paragraphs_keep_their_place_and_lead() -> None:
    draft = sample("02-rev1.txt")
    bis = {p.label: p for p in draft.paragraphs if p.label.endswith(" bis")}
    assert bis["OP10 bis"].lead == "Also calls upon"
    assert bis["OP10 bis"].text.startswith("Also calls upon States to prevent and respond")
    assert bis["OP11 bis"].lead == "Encourages"
    assert (draft.masthead_value("draft"), draft.masthead_value("date")) == (
        "Rev.1",
        "3 March 2025",
    )


def test_rev2_moves_the_anniversary_to_the_end_of_the_preamble() -> None:
    texts = by_label("03-rev2.txt")
    assert texts["PP22"].startswith("Welcoming the commemoration in 2023")
    assert texts["OP13(d)"].startswith("To ensure that human rights defenders have access")
    assert sample("03-rev2.txt").masthead_value("date") == "14 March 2025"


def test_the_l_document_masthead_is_read_and_kept_out_of_the_paragraphs() -> None:
    draft = sample("04-l22.txt")
    assert draft.masthead_value("symbol") == "A/HRC/58/L.22"
    assert draft.masthead_value("distribution") == "Limited"
    assert draft.masthead_value("date") == "28 March 2025"
    assert draft.masthead_value("original") == "English"
    assert draft.masthead_value("body") == "Human Rights Council"
    assert draft.masthead_value("session") == "Fifty-eighth session"
    assert draft.masthead_value("session_dates") == "24 February–4 April 2025"
    assert draft.masthead_value("agenda_item") == "3"
    assert draft.masthead_value("agenda_title") == (
        "Promotion and protection of all human rights, civil, political, economic, social and "
        "cultural rights, including the right to development"
    )
    sponsors = draft.masthead_value("sponsors") or ""
    assert sponsors.startswith("Albania, Argentina, Australia,")
    assert ", Norway, Portugal," in sponsors and "*" not in sponsors
    assert sponsors.endswith("United Kingdom of Great Britain and Northern Ireland, Uruguay")


def test_the_l_document_is_unwrapped_and_stripped_of_page_furniture() -> None:
    draft = sample("04-l22.txt")
    texts = by_label("04-l22.txt")
    assert "resolution 53/144 of 9 December 1998, which remains" in texts["PP3"]
    assert texts["OP8"].endswith("against such stigmatization by others;")
    assert texts["OP9"].startswith("Calls upon States to ensure that legislation, policies")
    assert not any("GE.25" in p.text or "A/HRC/58/L.22" in p.text for p in draft.paragraphs)
    assert texts["OP12"].startswith("Also calls upon States")
    assert sample("04-l22.txt").paragraphs[-1].text == "Decides to remain seized of the matter."


@pytest.mark.parametrize("name", sorted(OUTLINES))
def test_hyphenated_words_wrapped_at_their_hyphen_read_as_in_the_file(name: str) -> None:
    text = (SAMPLES / name).read_text(encoding="utf-8")
    header, formula, body = text.partition("The Human Rights Council,\n")
    wrapped = re.sub(r"\b([a-z]+-)([a-z]+)\b", r"\1\n\2", body)  # "gender-\nbased"
    assert wrapped.count("\n") > body.count("\n") + 2
    assert parse_text(header + formula + wrapped) == sample(name)


@pytest.mark.parametrize("name", ["04-l22.txt", "05-adopted.txt"])
def test_footnotes_are_attached_to_the_paragraphs_that_cite_them(name: str) -> None:
    draft = sample(name)
    notes = {p.label: p for p in draft.paragraphs if p.footnotes}
    assert sorted(notes) == ["PP17", "PP18", "PP19", "PP2"]
    pp2 = notes["PP2"]
    assert [(f.marker, f.text) for f in pp2.footnotes] == [
        ("1", "General Assembly resolution 217 A (III)."),
        ("2", "See General Assembly resolution 2200 A (XXI), annex."),
        ("3", "A/CONF.157/24 (Part I), chap. III."),
    ]
    before = [pp2.text[: f.offset] for f in pp2.footnotes]
    assert before[0].endswith("Universal Declaration of Human Rights,")
    assert before[1].endswith("Economic, Social and Cultural Rights")
    assert before[2] == pp2.text and pp2.text.endswith("Programme of Action,")
    assert "Rights, and recalling" in pp2.text and "Rights2" not in pp2.text
    pp17 = notes["PP17"]
    assert [f.text for f in pp17.footnotes] == ["General Assembly resolution 48/134, annex."]
    assert pp17.text[: pp17.footnotes[0].offset].endswith("in accordance with the Paris Principles")
    assert [f.text for f in notes["PP18"].footnotes] == ["A/HRC/17/31, annex."]
    assert [f.text for f in notes["PP19"].footnotes] == ["A/HRC/58/53."]
    assert notes["PP19"].footnotes[0].offset == len(notes["PP19"].text)
    assert not any(
        p.text.startswith(("General Assembly resolution", "A/HRC/")) for p in draft.paragraphs
    )


def test_the_adopted_text_records_adoption_facts_and_closing_lines() -> None:
    draft = sample("05-adopted.txt")
    assert draft.masthead == (
        ("adopted_by", "Human Rights Council"),
        ("adopted_on", "4 April 2025"),
        ("resolution", "58/14"),
        ("meeting", "49th meeting"),
        ("meeting_date", "4 April 2025"),
        ("adoption", "Adopted without a vote."),
    )
    assert draft.paragraphs[0].text == TITLE_TEXT
    assert draft.paragraphs[-1].text == "Decides to remain seized of the matter."
    assert "sixty-second session" in by_label("05-adopted.txt")["OP25"]
