"""The shared structure step: from blocks (as any reader cuts them) to a labelled draft."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.core.errors import UnreadableDraft
from app.core.model import Draft, Footnote
from app.core.parsing.structure import (
    Block,
    find_lead,
    header_facts,
    is_enacting_formula,
    stands_alone,
    structure_draft,
)
from app.core.parsing.text import parse_text
from app.core.vocabulary import ParagraphKind

FORMULA = Block("The Human Rights Council,")


def outline(draft: Draft) -> list[tuple[str, str, str, int]]:
    return [(p.kind.value, p.label, p.number, p.level) for p in draft.paragraphs]


def labels(blocks: list[Block]) -> list[str]:
    return [p.label for p in structure_draft(blocks).paragraphs if p.label]


# --- header ------------------------------------------------------------------------------------


def test_word_style_header_blocks_become_masthead_title_and_formula() -> None:
    draft = structure_draft(
        [
            Block("Human Rights Council"),
            Block("Fifty-eighth session"),
            Block("Agenda item 3"),
            Block("Rev.1 — 3 March 2025"),
            Block("Penholder: Norway"),
            Block("Human rights defenders"),
            FORMULA,
            Block("Recalling its resolutions,"),
            Block("Urges States to act;", "1."),
        ]
    )
    assert draft.masthead == (
        ("body", "Human Rights Council"),
        ("session", "Fifty-eighth session"),
        ("agenda_item", "3"),
        ("draft", "Rev.1"),
        ("date", "3 March 2025"),
        ("penholders", "Norway"),
    )
    assert draft.title == "Human rights defenders"
    assert draft.formula == "The Human Rights Council,"
    assert outline(draft) == [
        ("title", "", "", 0),
        ("other", "", "", 0),
        ("preambular", "PP1", "", 0),
        ("operative", "OP1", "1.", 0),
    ]


def test_unrecognised_header_lines_before_the_title_stay_as_other_paragraphs() -> None:
    draft = structure_draft(
        [
            Block("Informal consultations, room XXI"),
            Block("Title of the text"),
            FORMULA,
            Block("Recalling its resolutions,"),
        ]
    )
    assert outline(draft)[:2] == [("other", "", "", 0), ("title", "", "", 0)]
    assert draft.title == "Title of the text"


def test_a_numbered_title_keeps_its_resolution_number_apart() -> None:
    title = Block("58/14. Human rights defenders*", footnotes=(Footnote("*", "Reissued.", 30),))
    draft = structure_draft([title, FORMULA, Block("Recalling its resolutions,")])
    paragraph = draft.paragraphs[0]
    assert (paragraph.number, paragraph.text) == ("58/14.", "Human rights defenders*")
    assert paragraph.footnotes == (Footnote("*", "Reissued.", 23),)
    assert draft.masthead_value("resolution") == "58/14"


def test_without_a_formula_the_header_ends_at_the_first_paragraph() -> None:
    draft = structure_draft(
        [
            Block("Fifty-eighth session"),
            Block("Human rights defenders"),
            Block("Recalling its resolutions,"),
            Block("Urges States;", "1."),
        ]
    )
    assert draft.title == "Human rights defenders"
    assert draft.formula == ""
    assert [p.label for p in draft.paragraphs] == ["", "PP1", "OP1"]


@pytest.mark.parametrize(
    "text",
    [
        "The General Assembly,",
        "The Human Rights Council,",
        "The Security Council,",
        "L'Assemblée générale,",
        "Le Conseil des droits de l'homme,",
        "La Asamblea General,",
        "El Consejo de Derechos Humanos,",
        "大会，",
        "人权理事会，",
    ],
)
def test_enacting_formulas_are_recognised_in_several_languages(text: str) -> None:
    assert is_enacting_formula(text)


@pytest.mark.parametrize(
    "text", ["The General Assembly decides,", "Recalling the General Assembly,", "Human Rights"]
)
def test_other_lines_are_not_formulas(text: str) -> None:
    assert not is_enacting_formula(text)


@pytest.mark.parametrize(
    ("text", "facts"),
    [
        ("A/HRC/58/L.22", [("symbol", "A/HRC/58/L.22")]),
        ("A/RES/78/216", [("symbol", "A/RES/78/216")]),
        ("Distr.: General", [("distribution", "General")]),
        ("Original: English", [("original", "English")]),
        ("Agenda item 71 (b)", [("agenda_item", "71 (b)")]),
        ("24 February–4 April 2025", [("session_dates", "24 February–4 April 2025")]),
        ("Zero draft — 10 February 2025", [("draft", "Zero draft"), ("date", "10 February 2025")]),
        ("Norway and Fiji: draft resolution", [("sponsors", "Norway and Fiji")]),
        (
            "Resolution adopted by the Human Rights Council on 4 April 2025",
            [("adopted_by", "Human Rights Council"), ("adopted_on", "4 April 2025")],
        ),
        (
            "[without reference to a Main Committee (A/78/L.30)]",
            [("report", "without reference to a Main Committee (A/78/L.30)")],
        ),
        ("Distr. limitée", [("distribution", "limitée")]),
        ("Original : anglais", [("original", "anglais")]),
        ("28 de marzo de 2025", [("date", "28 de marzo de 2025")]),
        ("Point 3 de l'ordre du jour", [("agenda_item", "3")]),
        ("Tema 3 de la agenda", [("agenda_item", "3")]),
        ("Norvège : projet de résolution", [("sponsors", "Norvège")]),
        (
            "Resolución aprobada por el Consejo de Derechos Humanos el 4 de abril de 2025",
            [("adopted_by", "Consejo de Derechos Humanos"), ("adopted_on", "4 de abril de 2025")],
        ),
        ("Human rights defenders", []),
    ],
)
def test_header_facts_read_masthead_lines(text: str, facts: list[tuple[str, str]]) -> None:
    assert header_facts(text) == facts


def test_only_one_line_facts_stand_alone() -> None:
    assert stands_alone("Distr.: Limited")
    assert stands_alone("49th meeting")
    assert not stands_alone("Norway: draft resolution")
    assert not stands_alone("Recalling its resolution,")


# --- body --------------------------------------------------------------------------------------


def test_preambular_operative_and_sub_paragraphs_are_labelled() -> None:
    draft = structure_draft(
        [
            FORMULA,
            Block("Recalling its resolutions,"),
            Block("Deeply concerned by reprisals,"),
            Block("Urges States to act;", "1."),
            Block("Calls upon States:", "2."),
            Block("To protect defenders;", "(a)"),
            Block("To refrain from:", "(b)"),
            Block("Surveillance;", "(i)"),
            Block("Shutdowns;", "(ii)"),
            Block("To report;", "(c)"),
            Block("Encourages States;", "2 bis."),
            Block("Also encourages States;", "2ter."),
            Block("Decides to remain seized of the matter.", "3."),
        ]
    )
    assert outline(draft)[1:] == [
        ("preambular", "PP1", "", 0),
        ("preambular", "PP2", "", 0),
        ("operative", "OP1", "1.", 0),
        ("operative", "OP2", "2.", 0),
        ("subparagraph", "OP2(a)", "(a)", 1),
        ("subparagraph", "OP2(b)", "(b)", 1),
        ("subparagraph", "OP2(b)(i)", "(i)", 2),
        ("subparagraph", "OP2(b)(ii)", "(ii)", 2),
        ("subparagraph", "OP2(c)", "(c)", 1),
        ("operative", "OP2 bis", "2 bis.", 0),
        ("operative", "OP2 ter", "2ter.", 0),
        ("operative", "OP3", "3.", 0),
    ]


def sub_items(*numbers: str, colon_after: str = "") -> list[Block]:
    blocks = [FORMULA, Block("Recalling,"), Block("Requests:", "1.")]
    for number in numbers:
        ending = ":" if number == colon_after else ";"
        blocks.append(Block(f"Item{ending}", number))
    return blocks


def test_i_after_h_is_the_ninth_letter() -> None:
    found = labels(sub_items("(a)", "(b)", "(c)", "(d)", "(e)", "(f)", "(g)", "(h)", "(i)", "(j)"))
    assert found[-3:] == ["OP1(h)", "OP1(i)", "OP1(j)"]


def test_i_after_h_ending_with_a_colon_is_a_roman_numeral() -> None:
    numbers = ("(a)", "(b)", "(c)", "(d)", "(e)", "(f)", "(g)", "(h)", "(i)", "(ii)", "(i)")
    found = labels(sub_items(*numbers, colon_after="(h)"))
    assert found[-4:] == ["OP1(h)", "OP1(h)(i)", "OP1(h)(ii)", "OP1(i)"]


def test_a_list_that_starts_at_c_goes_on_with_d_and_e() -> None:
    found = labels(sub_items("(c)", "(d)", "(e)"))
    assert found[-3:] == ["OP1(c)", "OP1(d)", "OP1(e)"]


def test_a_running_roman_list_continues_through_v_and_x() -> None:
    numbers = ("(a)", "(i)", "(ii)", "(iii)", "(iv)", "(v)", "(vi)", "(b)")
    found = labels(sub_items(*numbers, colon_after="(a)"))
    assert found[3:] == [
        "OP1(a)(i)", "OP1(a)(ii)", "OP1(a)(iii)", "OP1(a)(iv)", "OP1(a)(v)", "OP1(a)(vi)", "OP1(b)"
    ]  # fmt: skip


def test_word_level_hints_break_the_i_tie() -> None:
    blocks = [FORMULA, Block("Recalling,"), Block("Requests;", "1.", 0)]
    blocks += [Block("Item;", f"({c})", 1) for c in "abcdefgh"]
    blocks += [Block("Sub-item;", "(i)", 2)]
    assert labels(blocks)[-1] == "OP1(h)(i)"


def test_roman_items_directly_under_an_operative_paragraph_are_level_one() -> None:
    draft = structure_draft(sub_items("(i)", "(ii)", "(iii)"))
    assert outline(draft)[-3:] == [
        ("subparagraph", "OP1(i)", "(i)", 1),
        ("subparagraph", "OP1(ii)", "(ii)", 1),
        ("subparagraph", "OP1(iii)", "(iii)", 1),
    ]


def test_sub_paragraphs_under_a_preambular_paragraph_take_its_label() -> None:
    blocks = [FORMULA, Block("Recalling:"), Block("The Charter;", "(a)"), Block("Noting,")]
    assert labels(blocks) == ["PP1", "PP1(a)", "PP2"]


def test_operative_numbers_in_other_digits_are_labelled_in_ascii() -> None:
    assert labels([FORMULA, Block("Recalling,"), Block("Urges;", "٥.")]) == ["PP1", "OP5"]


def test_a_short_unpunctuated_heading_is_other_not_preambular() -> None:
    draft = structure_draft([FORMULA, Block("Recalling,"), Block("General provisions")])
    assert outline(draft)[-1] == ("other", "", "", 0)


def test_closing_lines_become_facts_and_an_annex_is_other() -> None:
    draft = structure_draft(
        [
            FORMULA,
            Block("Recalling,"),
            Block("Adopts the guidelines annexed to the present resolution.", "1."),
            Block("Annex"),
            Block("The guidelines apply to all.", "1."),
        ]
    )
    assert outline(draft)[-2:] == [("other", "", "", 0), ("other", "", "1.", 0)]
    draft = structure_draft(
        [
            FORMULA,
            Block("Recalling,"),
            Block("Decides.", "1."),
            Block("65th plenary meeting"),
            Block("2 April 2024"),
            Block("[Adopted without a vote.]"),
        ]
    )
    assert len(draft.paragraphs) == 3
    assert draft.masthead[-3:] == (
        ("meeting", "65th plenary meeting"),
        ("meeting_date", "2 April 2024"),
        ("adoption", "Adopted without a vote."),
    )


def test_unnumbered_operative_paragraphs_are_found_by_their_closing_punctuation() -> None:
    blocks = [FORMULA, Block("Recalling its resolutions,"), Block("Urges States to act;")]
    blocks += [Block("Decides to remain seized of the matter.")]
    assert labels(blocks) == ["PP1", "OP1", "OP2"]


def test_a_draft_without_resolution_paragraphs_is_unreadable() -> None:
    with pytest.raises(UnreadableDraft, match="No resolution paragraphs were found"):
        structure_draft([Block("A/HRC/58/L.22"), Block("Human rights defenders"), FORMULA])


# --- leads and italics -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "lead"),
    [
        ("Recalling also its resolution 5/1,", "Recalling also"),
        ("Deeply concerned by reprisals,", "Deeply concerned"),
        ("Noting with appreciation the report,", "Noting with appreciation"),
        ("Taking note with deep appreciation of the report,", "Taking note with deep appreciation"),
        ("Bearing in mind that,", "Bearing in mind"),
        ("Calls upon States to act;", "Calls upon"),
        ("Also requests the Secretary-General;", "Also requests"),
        ("Expresses its deep concern at;", "Expresses its deep concern"),
        ("Having considered the report,", "Having considered"),
        ("Rappelant en outre sa résolution,", "Rappelant en outre"),
        ("Prend note avec satisfaction du rapport ;", "Prend note avec satisfaction"),
        ("Se félicite du rapport ;", "Se félicite"),
        ("Teniendo presente que,", "Teniendo presente"),
        ("Acoge con beneplácito el informe;", "Acoge con beneplácito"),
        ("又回顾其决议，", "又回顾"),
        ("Once again calls upon States;", "Once again calls upon"),
        ("Strongly urges States to act;", "Strongly urges"),
        ("Reiterating its support for the mandate,", "Reiterating its support"),
        ("Taking into account the report,", "Taking into account"),
        ("Exprime sa profonde préoccupation ;", "Exprime sa profonde préoccupation"),
        ("Tenant compte du rapport,", "Tenant compte"),
        ("Tomando nota del informe,", "Tomando nota"),
        ("Calls on States to act;", "Calls on"),
        ("the text continues here,", ""),
        ("The Council decides;", ""),
    ],
)
def test_the_lead_is_the_opening_phrase(text: str, lead: str) -> None:
    assert find_lead(text) == lead


def test_a_block_with_its_own_italics_takes_its_lead_from_them() -> None:
    block = Block("Recalling further its resolution,", italics=((0, 17), (22, 32)))
    paragraph = structure_draft([FORMULA, block]).paragraphs[1]
    assert (paragraph.lead, paragraph.italics) == ("Recalling further", ((0, 17), (22, 32)))


def test_a_found_lead_is_recorded_as_italics() -> None:
    paragraph = structure_draft([FORMULA, Block("Recalling also its resolution,")]).paragraphs[1]
    assert (paragraph.lead, paragraph.italics) == ("Recalling also", ((0, 14),))


def test_surrounding_whitespace_is_trimmed_and_ranges_shift_with_it() -> None:
    block = Block("  Recalling the Charter, ", footnotes=(Footnote("1", "Note.", 24),))
    paragraph = structure_draft([FORMULA, block]).paragraphs[1]
    assert paragraph.text == "Recalling the Charter,"
    assert paragraph.footnotes == (Footnote("1", "Note.", 22),)


def test_whitespace_runs_anywhere_are_collapsed_and_every_range_lands_on_its_word() -> None:
    block = Block(
        "  Recalling \t its\u00a0\u00a0 resolution  5/1,  ",
        italics=((2, 11), (14, 17)),
        footnotes=(Footnote("1", "Inside a run.", 12), Footnote("2", "At the end.", 36)),
    )
    paragraph = structure_draft([FORMULA, block]).paragraphs[1]
    assert paragraph.text == "Recalling its resolution 5/1,"
    assert paragraph.italics == ((0, 9), (10, 13))
    assert [f.offset for f in paragraph.footnotes] == [10, 29]


def test_a_tidy_block_with_an_untidy_number_keeps_its_ranges() -> None:
    block = Block("Urges States to act;", " 1. ", italics=((0, 5),))
    paragraph = structure_draft([FORMULA, Block("Recalling,"), block]).paragraphs[2]
    assert (paragraph.label, paragraph.number, paragraph.italics) == ("OP1", "1.", ((0, 5),))


def test_names_that_moved_to_masthead_and_leads_are_still_importable_from_structure() -> None:
    from app.core.parsing import leads, masthead, structure

    assert structure.find_lead is leads.find_lead
    assert structure.has_preambular_lead is leads.has_preambular_lead
    for name in ("header_facts", "is_enacting_formula", "stands_alone"):
        assert getattr(structure, name) is getattr(masthead, name)


# --- one structure for every reader ------------------------------------------------------------


def test_word_blocks_and_plain_text_of_one_draft_give_identical_paragraphs() -> None:
    text = (
        "Human Rights Council\nFifty-eighth session\n\nHuman rights defenders\n\n"
        "The Human Rights Council,\n\nRecalling its resolution 22/6,\n\n"
        "Deeply concerned by reprisals,\n\n1. Calls upon States:\n\n(a) To protect defenders;\n\n"
        "(b) To investigate attacks;\n\n2. Decides to remain seized of the matter.\n"
    )
    word_blocks = [
        Block("Human Rights Council"),
        Block("Fifty-eighth session"),
        Block("Human rights defenders"),
        Block("The Human Rights Council,"),
        Block("Recalling its resolution 22/6,", italics=((0, 9),)),
        Block("Deeply concerned by reprisals,", italics=((0, 16),)),
        Block("Calls upon States:", "1.", 0, italics=((0, 10),)),
        Block("To protect defenders;", "(a)", 1),
        Block("To investigate attacks;", "(b)", 1),
        Block("Decides to remain seized of the matter.", "2.", 0, italics=((0, 7),)),
    ]
    assert structure_draft(word_blocks) == parse_text(text)


@st.composite
def resolution_blocks(draw: st.DrawFn) -> list[Block]:
    preambular = draw(st.integers(1, 6))
    operative = draw(st.lists(st.integers(0, 3), min_size=1, max_size=6))
    blocks = [FORMULA] + [Block(f"Recalling resolution {n}/1,") for n in range(preambular)]
    for n, subs in enumerate(operative, start=1):
        blocks.append(Block("Urges States:" if subs else "Urges States;", f"{n}."))
        blocks += [Block("To act;", f"({'abc'[s]})") for s in range(subs)]
    return blocks


@settings(max_examples=40, deadline=None)
@given(resolution_blocks())
def test_every_block_becomes_one_uniquely_labelled_paragraph(blocks: list[Block]) -> None:
    draft = structure_draft(blocks)
    assert len(draft.paragraphs) == len(blocks)
    found = [p.label for p in draft.paragraphs if p.label]
    assert len(found) == len(set(found)) == len(blocks) - 1
    preambular = [p.label for p in draft.paragraphs if p.kind == ParagraphKind.PREAMBULAR]
    assert preambular == [f"PP{n}" for n in range(1, len(preambular) + 1)]


def test_word_whitespace_and_nbsp_are_normalised_and_ranges_follow() -> None:
    block = Block(
        "Recalling\u00a0 its\tresolution,  ",
        italics=((0, 9),),
        footnotes=(Footnote("1", "Note.", 29),),
    )
    paragraph = structure_draft([FORMULA, block]).paragraphs[1]
    assert paragraph.text == "Recalling its resolution,"
    assert paragraph.italics == ((0, 9),)
    assert paragraph.footnotes == (Footnote("1", "Note.", 25),)


@pytest.mark.parametrize(
    "lines",
    [
        ["49e séance", "4 avril 2025", "[Adoptée sans vote.]"],
        ["49ª sesión", "4 de abril de 2025", "[Aprobada sin votación.]"],
        ["第49次会议", "2025年4月4日", "[未经表决获得通过。]"],
    ],
)
def test_closing_lines_are_recognised_in_other_languages(lines: list[str]) -> None:
    blocks = [FORMULA, Block("Recalling,"), Block("Decides.", "1."), *map(Block, lines)]
    draft = structure_draft(blocks)
    assert len(draft.paragraphs) == 3
    assert [key for key, _ in draft.masthead] == ["meeting", "meeting_date", "adoption"]


def test_a_list_that_starts_at_i_and_goes_on_with_b_reads_as_letters() -> None:
    draft = parse_text(
        "The Human Rights Council,\n\nRecalling,\n\n1. Urges:\n\n(i) one;\n\n(b) two;\n\n(c) three."
    )
    assert [p.label for p in draft.paragraphs][-3:] == ["OP1(i)", "OP1(b)", "OP1(c)"]
