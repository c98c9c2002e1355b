"""The text reader: decoding, page furniture, footnotes, wrapping, Markdown and languages."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.core.errors import UnreadableDraft
from app.core.model import Draft
from app.core.parsing.text import decode_text, parse_text, read_text_draft
from app.core.vocabulary import ParagraphKind

FIXTURES = Path(__file__).parent / "fixtures" / "text"

SHORT_DRAFT = """The Human Rights Council,

Recalling its previous resolutions,

1. Urges States to act;

2. Decides to remain seized of the matter.
"""


def read_fixture(name: str) -> Draft:
    return read_text_draft((FIXTURES / name).read_bytes())


def labelled(draft: Draft) -> dict[str, str]:
    return {p.label: p.text for p in draft.paragraphs if p.label}


# --- decoding ----------------------------------------------------------------------------------


def test_utf8_with_and_without_bom_decode_to_the_same_text() -> None:
    text = "Recalling «the Charter», 第一条,"
    assert decode_text(text.encode()) == text
    assert decode_text(b"\xef\xbb\xbf" + text.encode()) == text


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be"])
def test_utf16_with_a_bom_is_decoded(encoding: str) -> None:
    text = "Rappelant la Charte des Nations Unies,"
    raw = text.encode(encoding)
    if encoding == "utf-16-le":
        raw = b"\xff\xfe" + raw
    elif encoding == "utf-16-be":
        raw = b"\xfe\xff" + raw
    assert decode_text(raw) == text


def test_windows_1252_text_that_is_not_utf8_is_decoded() -> None:
    raw = "Réaffirmant l’importance de la coopération,".encode("cp1252")
    assert decode_text(raw) == "Réaffirmant l’importance de la coopération,"


@pytest.mark.parametrize("raw", [b"", b"   \n\t \r\n", b"\xef\xbb\xbf  \n"])
def test_an_empty_file_is_refused_as_empty(raw: bytes) -> None:
    with pytest.raises(UnreadableDraft, match=r"The file is empty\."):
        decode_text(raw)


@pytest.mark.parametrize(
    "raw",
    [
        b"PK\x03\x04\x14\x00\x06\x00\x08\x00\x00\x00!\x00",
        b"Recalling\x00 the Charter",
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",
        bytes(range(0x80, 0xA0)) * 4,
        b"Urges \x1b[31mStates\x1b[0m",
    ],
)
def test_binary_junk_is_refused_in_plain_words(raw: bytes) -> None:
    with pytest.raises(UnreadableDraft) as caught:
        decode_text(raw)
    assert "text" in caught.value.detail
    assert "Error" not in caught.value.detail


@pytest.mark.parametrize("code", [*range(0x20), *range(0x7F, 0xA0)])
def test_control_characters_other_than_whitespace_are_refused(code: int) -> None:
    text = f"Recalling{chr(code)} the Charter,"
    if chr(code) in "\t\n\v\f\r":
        assert decode_text(text.encode()) == text
    else:
        with pytest.raises(UnreadableDraft, match="not a text file"):
            decode_text(text.encode())


def test_windows_1252_bytes_that_are_mostly_not_letters_are_refused() -> None:
    raw = "12345 67890 ½ ¼ ¾ ¹²³ — 2024/25 Réf".encode("cp1252")
    with pytest.raises(UnreadableDraft, match="neither UTF-8"):
        decode_text(raw)


@settings(max_examples=60, deadline=None)
@given(st.binary(min_size=1, max_size=200))
def test_any_bytes_either_decode_or_are_refused_as_unreadable(raw: bytes) -> None:
    try:
        text = decode_text(raw)
    except UnreadableDraft:
        return
    assert text.strip()


def test_a_text_without_resolution_paragraphs_is_refused() -> None:
    with pytest.raises(UnreadableDraft, match="No resolution paragraphs were found"):
        read_text_draft(b"Shopping list\n\nMilk\n\nBread\n")


# --- whitespace and characters -----------------------------------------------------------------


def test_crlf_nbsp_and_whitespace_runs_become_single_spaces() -> None:
    raw = b"Recalling\xc2\xa0its   resolution\t5/1,\r\n\r\n1. Urges  States\r\nto act.\r\n"
    draft = read_text_draft(raw)
    assert labelled(draft) == {
        "PP1": "Recalling its resolution 5/1,",
        "OP1": "Urges States to act.",
    }


def test_zero_width_combining_and_arabic_characters_are_kept() -> None:
    text = "Recalling the cafe\u0301 meeting\u200b in الدوحة,\n\n1. Urges States to act."
    draft = parse_text(text)
    assert labelled(draft)["PP1"] == "Recalling the cafe\u0301 meeting\u200b in الدوحة,"


def test_hard_wrapped_lines_join_with_one_space() -> None:
    text = (
        "Recalling its resolution 5/1 on the\nsubject, and its resolution\n6/2,\n\n1. Urges States."
    )
    assert labelled(parse_text(text))["PP1"] == (
        "Recalling its resolution 5/1 on the subject, and its resolution 6/2,"
    )


def test_a_word_hyphenated_at_a_line_end_joins_without_a_space() -> None:
    text = (
        "The Human Rights Council,\n\n"
        "Condemning all forms of gender-\nbased violence and calling for the follow-\n"
        "up to its resolution 5/1,\n\n"
        "1. Urges States to end gender‐\nbased violence.\n"
    )
    texts = labelled(parse_text(text))
    assert texts["PP1"] == (
        "Condemning all forms of gender-based violence and calling for the follow-up to its "
        "resolution 5/1,"
    )
    assert texts["OP1"] == "Urges States to end gender‐based violence."


@pytest.mark.parametrize(
    ("wrapped", "joined"),
    [
        ("the 2030-\nyear plan", "the 2030- year plan"),  # a digit before the hyphen
        ("the co-\nChairs", "the co-Chairs"),  # a compound with a capital after it
        ("the Secretary-\nGeneral", "the Secretary-General"),
        ("violence -\nnow", "violence - now"),  # a dash, not a hyphen
        ("gender-\n(based)", "gender- (based)"),
    ],
)
def test_a_hyphen_at_a_line_end_joins_with_a_space_unless_a_word_continues(
    wrapped: str, joined: str
) -> None:
    text = f"The Human Rights Council,\n\nRecalling {wrapped},\n\n1. Urges States to act.\n"
    assert labelled(parse_text(text))["PP1"] == f"Recalling {joined},"


def test_a_word_hyphenated_across_a_page_break_or_in_a_footnote_joins_too() -> None:
    text = (
        "The Human Rights Council,\n\n"
        "Recalling its resolution on gender-\n\nGE.25-04871(E)\n\f\nA/HRC/58/L.22\n\n"
        "based violence,1\n\n1 See the report on capacity-\nbuilding.\n\n"
        "1. Urges States to act.\n"
    )
    pp1 = parse_text(text).paragraphs[1]
    assert pp1.text == "Recalling its resolution on gender-based violence,"
    assert [(f.text, f.offset) for f in pp1.footnotes] == [
        ("See the report on capacity-building.", len(pp1.text))
    ]


def test_a_hyphenated_title_line_joins_without_a_space() -> None:
    text = (
        "Preventing gender-\nbased violence\n\nThe Human Rights Council,\n\n"
        "Recalling its resolutions,\n\n1. Urges States to act.\n"
    )
    assert parse_text(text).title == "Preventing gender-based violence"


@pytest.mark.parametrize("breaks", ["\r", "\u2028", "\u2029", "\r\n", "\n"])
def test_every_line_break_cuts_lines(breaks: str) -> None:
    text = breaks.join(
        ["The Human Rights Council,", "", "Recalling its", "resolutions,", "", "1. Urges."]
    )
    assert labelled(parse_text(text)) == {
        "PP1": "Recalling its resolutions,",
        "OP1": "Urges.",
    }


def test_every_kind_of_space_in_a_line_becomes_one_space() -> None:
    text = (
        "The Human Rights Council,\n\n"
        "Recalling\u202fits\u2007resolution\x0b5/1 \u00a0\t and 6/2,\n\n1. Urges.\n"
    )
    assert labelled(parse_text(text))["PP1"] == "Recalling its resolution 5/1 and 6/2,"


# --- the GA L-document: masthead, sponsors, footnotes, furniture -------------------------------


def test_the_l_document_masthead_is_read_into_facts() -> None:
    draft = read_fixture("ga-l-document.txt")
    assert draft.masthead_value("symbol") == "A/C.3/79/L.40/Rev.1"
    assert draft.masthead_value("distribution") == "Limited"
    assert draft.masthead_value("date") == "12 November 2024"
    assert draft.masthead_value("original") == "English"
    assert draft.masthead_value("body") == "General Assembly"
    assert draft.masthead_value("committee") == "Third Committee"
    assert draft.masthead_value("session") == "Seventy-ninth session"
    assert draft.masthead_value("agenda_item") == "71 (b)"
    assert draft.masthead_value("agenda_title") == (
        "Promotion and protection of human rights: human rights questions, including "
        "alternative approaches for improving the effective enjoyment of human rights and "
        "fundamental freedoms"
    )


def test_the_sponsor_list_is_a_masthead_fact_without_asterisks() -> None:
    draft = read_fixture("ga-l-document.txt")
    assert draft.masthead_value("sponsors") == (
        "Bolivia (Plurinational State of), Cabo Verde, Costa Rica, Fiji, Iceland, Norway, "
        "Portugal, Senegal and Uruguay"
    )
    assert not any("draft resolution" in p.text for p in draft.paragraphs)


def test_title_and_formula_open_the_paragraphs_and_never_enter_pp1() -> None:
    draft = read_fixture("ga-l-document.txt")
    title, formula, pp1 = draft.paragraphs[:3]
    assert (title.kind, title.label, title.text) == (
        ParagraphKind.TITLE,
        "",
        "Access to safe drinking water for rural and remote communities",
    )
    assert (formula.kind, formula.label, formula.text) == (
        ParagraphKind.OTHER,
        "",
        "The General Assembly,",
    )
    assert draft.title == title.text and draft.formula == "The General Assembly,"
    assert pp1.label == "PP1" and pp1.text.startswith("Recalling its resolution 64/292")


def test_footnote_markers_are_removed_and_attached_with_their_text() -> None:
    pp1 = read_fixture("ga-l-document.txt").paragraphs[2]
    assert "Human Rights, the International Covenant" in pp1.text
    assert "Cultural Rights and other" in pp1.text
    assert [(f.marker, f.text) for f in pp1.footnotes] == [
        ("1", "Resolution 217 A (III)."),
        ("2", "See resolution 2200 A (XXI), annex."),
    ]
    first, second = pp1.footnotes
    assert pp1.text[: first.offset].endswith("Universal Declaration of Human Rights,")
    assert pp1.text[: second.offset].endswith("Economic, Social and Cultural Rights")


def test_real_numbers_next_to_markers_are_not_eaten() -> None:
    draft = read_fixture("ga-l-document.txt")
    texts = labelled(draft)
    assert "resolution 64/292 of 28 July 2010" in texts["PP1"]
    assert "resolution A/HRC/RES/52/4, as well" in texts["PP1"]
    assert texts["PP2"] == (
        "Reaffirming the commitment made in 1998, and renewed in the 2030 Agenda for "
        "Sustainable Development, to leave no one behind,"
    )
    assert texts["PP3"].endswith("(E/CN.6/2024/L.3), in particular on rural infrastructure,")
    assert [f.text for f in draft.paragraphs[3].footnotes] == ["Resolution 70/1."]


def test_page_furniture_is_dropped_and_a_paragraph_cut_by_a_page_break_is_rejoined() -> None:
    draft = read_fixture("ga-l-document.txt")
    texts = [p.text for p in draft.paragraphs]
    assert not any(t in ("2/3", "*2420931*", "A/C.3/79/L.40/Rev.1") for t in texts)
    assert not any("24-20931" in t for t in texts)
    assert labelled(draft)["PP4"].endswith(
        "women and girls bear a disproportionate burden in collecting water for their households,"
    )


def test_footnote_lines_never_become_paragraphs() -> None:
    draft = read_fixture("ga-l-document.txt")
    assert not any(p.text.startswith(("Resolution 217", "A/79/150")) for p in draft.paragraphs)
    assert labelled(draft)["PP5"].endswith("safe drinking water and sanitation,")
    assert [f.text for f in draft.paragraphs[6].footnotes] == ["A/79/150."]


def test_the_l_document_paragraphs_are_labelled_in_order() -> None:
    draft = read_fixture("ga-l-document.txt")
    assert [(p.label, p.number, p.level) for p in draft.paragraphs if p.label] == [
        ("PP1", "", 0), ("PP2", "", 0), ("PP3", "", 0), ("PP4", "", 0), ("PP5", "", 0),
        ("OP1", "1.", 0), ("OP2", "2.", 0),
        ("OP2(a)", "(a)", 1), ("OP2(b)", "(b)", 1), ("OP2(c)", "(c)", 1), ("OP2(d)", "(d)", 1),
        ("OP2(e)", "(e)", 1), ("OP2(f)", "(f)", 1), ("OP2(g)", "(g)", 1), ("OP2(h)", "(h)", 1),
        ("OP2(i)", "(i)", 1),
        ("OP2 bis", "2 bis.", 0), ("OP3", "3.", 0),
        ("OP3(a)", "(a)", 1), ("OP3(a)(i)", "(i)", 2), ("OP3(a)(ii)", "(ii)", 2),
        ("OP3(b)", "(b)", 1), ("OP4", "4.", 0),
    ]  # fmt: skip


def test_leads_are_found_and_recorded_as_italics() -> None:
    draft = read_fixture("ga-l-document.txt")
    leads = {p.label: (p.lead, p.italics) for p in draft.paragraphs if p.label}
    assert leads["PP4"] == ("Deeply concerned", ((0, 16),))
    assert leads["PP5"] == ("Noting with appreciation", ((0, 24),))
    assert leads["OP1"] == ("Calls upon", ((0, 10),))
    assert leads["OP2(a)"] == ("", ())


# --- the adopted GA resolution -----------------------------------------------------------------


def test_the_adopted_layout_gives_facts_title_number_and_closing_lines() -> None:
    draft = read_fixture("ga-adopted.txt")
    assert draft.masthead_value("adopted_by") == "General Assembly"
    assert draft.masthead_value("adopted_on") == "19 December 2023"
    assert draft.masthead_value("report") == "on the report of the Third Committee (A/78/481/Add.2)"
    assert draft.masthead_value("resolution") == "78/216"
    assert draft.masthead_value("meeting") == "84th plenary meeting"
    assert draft.masthead_value("meeting_date") == "19 December 2023"
    title = draft.paragraphs[0]
    assert (title.kind, title.number, title.text) == (
        ParagraphKind.TITLE,
        "78/216.",
        "Access to safe drinking water for rural and remote communities",
    )
    assert [p.label for p in draft.paragraphs] == ["", "", "PP1", "PP2", "OP1", "OP2"]


def test_footnotes_printed_at_the_end_attach_to_their_paragraphs() -> None:
    draft = read_fixture("ga-adopted.txt")
    pp1, pp2 = draft.paragraphs[2:4]
    assert pp1.text == "Recalling the Universal Declaration of Human Rights,"
    assert [(f.marker, f.text, f.offset) for f in pp1.footnotes] == [
        ("1", "Resolution 217 A (III).", len(pp1.text))
    ]
    assert [f.text for f in pp2.footnotes] == ["Resolution 70/1."]


def test_closing_lines_and_vote_notes_are_never_paragraphs() -> None:
    text = SHORT_DRAFT + "\n49th meeting\n4 April 2025\n[Adopted by a recorded vote of 31 to 8.]\n"
    draft = parse_text(text)
    assert [p.label for p in draft.paragraphs] == ["", "PP1", "OP1", "OP2"]
    assert draft.masthead_value("meeting") == "49th meeting"
    assert draft.masthead_value("adoption") == "Adopted by a recorded vote of 31 to 8."


# --- other languages ---------------------------------------------------------------------------


def test_a_french_draft_is_structured_with_french_leads() -> None:
    draft = read_fixture("hrc-french.txt")
    assert draft.language == "fr"
    assert draft.formula == "Le Conseil des droits de l'homme,"
    assert draft.masthead_value("agenda_item") == "3"
    assert [(p.label, p.lead) for p in draft.paragraphs if p.label] == [
        ("PP1", "Rappelant"),
        ("PP2", "Rappelant également"),
        ("PP3", "Profondément préoccupé"),
        ("OP1", "Prie instamment"),
        ("OP2", "Demande"),
        ("OP3", "Décide"),
    ]
    assert labelled(draft)["OP2"].endswith("sûr et favorable ;")


def test_a_spanish_draft_is_structured_with_spanish_leads() -> None:
    draft = read_fixture("hrc-spanish.txt")
    assert draft.language == "es"
    assert draft.title == "Defensores de los derechos humanos"
    assert draft.masthead_value("session") == "58º período de sesiones"
    assert [(p.label, p.lead) for p in draft.paragraphs if p.label] == [
        ("PP1", "Recordando"),
        ("PP2", "Recordando también"),
        ("PP3", "Profundamente preocupado"),
        ("OP1", "Insta"),
        ("OP2", "Solicita"),
        ("OP3", "Decide"),
    ]


def test_a_chinese_draft_joins_wrapped_lines_without_spaces() -> None:
    draft = read_fixture("hrc-chinese.txt")
    assert draft.language == "zh"
    assert draft.title == "人权维护者" and draft.formula == "人权理事会，"
    texts = labelled(draft)
    assert texts["PP3"] == "深为关切世界各地人权维护者受到威胁和骚扰，"
    assert texts["OP2"] == "请联合国人权事务高级专员办事处编写一份报告；"
    assert [(p.label, p.lead) for p in draft.paragraphs if p.label] == [
        ("PP1", "回顾"),
        ("PP2", "又回顾"),
        ("PP3", "深为关切"),
        ("OP1", "吁请"),
        ("OP2", "请"),
        ("OP3", "决定"),
    ]


# --- Markdown ----------------------------------------------------------------------------------


def test_markdown_emphasis_becomes_italics_and_headings_the_title() -> None:
    raw = (
        b"# Water for rural communities\n\n*The General Assembly*,\n\n"
        b"_Recalling also_ its resolution 64/292,\n\n"
        b"1. *Urges* States to act on **all** fronts;\n\n2. _Decides_ to remain seized.\n"
    )
    draft = read_text_draft(raw, markdown=True)
    assert draft.title == "Water for rural communities"
    assert draft.formula == "The General Assembly,"
    pp1, op1, op2 = draft.paragraphs[2:]
    assert (pp1.text, pp1.lead, pp1.italics) == (
        "Recalling also its resolution 64/292,",
        "Recalling also",
        ((0, 14),),
    )
    assert (op1.text, op1.lead, op1.italics) == (
        "Urges States to act on all fronts;",
        "Urges",
        ((0, 5),),
    )
    assert (op2.label, op2.lead) == ("OP2", "Decides")


def test_markdown_italics_and_footnote_markers_in_one_paragraph_keep_their_offsets() -> None:
    text = (
        "The Human Rights Council,\n\n"
        "*Recalling* the Declaration,1 and *also* the Covenant,2\n\n"
        "1 Resolution 217 A (III).\n2 Resolution 2200 A (XXI).\n\n1. Urges States.\n"
    )
    pp1 = parse_text(text, markdown=True).paragraphs[1]
    assert pp1.text == "Recalling the Declaration, and also the Covenant,"
    assert pp1.italics == ((0, 9), (31, 35))
    assert [(f.marker, f.offset) for f in pp1.footnotes] == [("1", 26), ("2", len(pp1.text))]


def test_markdown_keeps_underscores_inside_words() -> None:
    draft = parse_text("Recalling snake_case_names,\n\n1. Urges States.", markdown=True)
    assert labelled(draft)["PP1"] == "Recalling snake_case_names,"


def test_markdown_headings_after_the_formula_are_other_paragraphs() -> None:
    text = (
        "# Title\n\nThe General Assembly,\n\nRecalling its work,\n\n## Follow-up\n\n"
        "1. Urges States;"
    )
    draft = parse_text(text, markdown=True)
    assert [(p.kind.value, p.text) for p in draft.paragraphs] == [
        ("title", "Title"),
        ("other", "The General Assembly,"),
        ("preambular", "Recalling its work,"),
        ("other", "Follow-up"),
        ("operative", "Urges States;"),
    ]


# --- more footnote shapes and other drafts -----------------------------------------------------


def test_superscript_markers_are_footnotes_too() -> None:
    text = (
        "The General Assembly,\n\nRecalling the Declaration¹ and the Covenant,²\n\n"
        "1. Urges States;\n\n¹ Resolution 217 A (III).\n² Resolution 2200 A (XXI).\n"
    )
    pp1 = parse_text(text).paragraphs[1]
    assert pp1.text == "Recalling the Declaration and the Covenant,"
    assert [(f.marker, f.offset) for f in pp1.footnotes] == [("1", 25), ("2", 43)]


def test_a_marker_after_a_year_and_comma_is_a_footnote_but_the_year_stays() -> None:
    text = (
        "The General Assembly,\n\nRecalling its resolution 60/251 of 15 March 2006,1 and\n"
        "resolution 5/1 of 18 June 2007,\n\n1. Urges States;\n\n1 See A/61/53, chap. II.\n"
    )
    pp1 = parse_text(text).paragraphs[1]
    assert pp1.text == (
        "Recalling its resolution 60/251 of 15 March 2006, and resolution 5/1 of 18 June 2007,"
    )
    assert [(f.text, f.offset) for f in pp1.footnotes] == [("See A/61/53, chap. II.", 49)]


def test_a_chinese_marker_after_a_closing_bracket_is_found() -> None:
    draft = parse_text(
        "大会，\n\n回顾《世界人权宣言》1，\n\n1. 敦促各国；\n\n1 第217 A (III)号决议。\n"
    )
    pp1 = draft.paragraphs[1]
    assert pp1.text == "回顾《世界人权宣言》，"
    assert [(f.text, f.offset) for f in pp1.footnotes] == [("第217 A (III)号决议。", 10)]
    assert len(draft.paragraphs) == 3


def test_an_arabic_draft_with_dash_numbers_is_structured() -> None:
    text = (
        "إن مجلس حقوق الإنسان،\n\nإذ يشير إلى قراراته السابقة،\n\n"
        "1 - يحث الدول على حماية المدافعين عن حقوق الإنسان؛\n\n"
        "2 - يقرر مواصلة النظر في هذه المسألة.\n"
    )
    draft = parse_text(text)
    assert draft.language == "ar"
    assert [(p.label, p.number, p.lead) for p in draft.paragraphs] == [
        ("", "", ""),
        ("PP1", "", "إذ يشير"),
        ("OP1", "1 -", "يحث"),
        ("OP2", "2 -", "يقرر"),
    ]


def test_an_informal_draft_without_a_formula_still_finds_its_title() -> None:
    text = (
        "Human Rights Council\nFifty-eighth session\n\nHuman rights defenders\n\n"
        "Recalling its resolutions,\n\n1. Urges States;\n"
    )
    draft = parse_text(text)
    assert draft.title == "Human rights defenders"
    assert [p.label for p in draft.paragraphs] == ["", "PP1", "OP1"]
    assert draft.masthead_value("body") == "Human Rights Council"


def test_many_footnotes_are_all_attached() -> None:
    paragraphs = "\n\n".join(f"Recalling resolution {n}/1 of the Council,{n}" for n in range(1, 40))
    notes = "\n".join(f"{n} Note number {n}." for n in range(1, 40))
    draft = parse_text(
        f"The Human Rights Council,\n\n{paragraphs}\n\n1. Urges States;\n\n{notes}\n"
    )
    preambular = [p for p in draft.paragraphs if p.label.startswith("PP")]
    assert len(preambular) == 39
    assert all(p.footnotes == (p.footnotes[0],) for p in preambular)
    assert [p.footnotes[0].text for p in preambular][-1] == "Note number 39."
    assert preambular[11].text == "Recalling resolution 12/1 of the Council,"


def test_a_compilation_text_with_printed_pp_and_op_labels_is_read() -> None:
    text = (
        "The Human Rights Council,\n\nPP1 Recalling its resolutions,\n\n"
        "PP1 bis Recalling also the Charter,\n\nOP1. Urges States;\n\nOP1 bis Decides to act;\n"
    )
    draft = parse_text(text)
    assert [(p.label, p.number, p.text) for p in draft.paragraphs[1:]] == [
        ("PP1", "PP1", "Recalling its resolutions,"),
        ("PP2", "PP1 bis", "Recalling also the Charter,"),
        ("OP1", "OP1.", "Urges States;"),
        ("OP1 bis", "OP1 bis", "Decides to act;"),
    ]


def test_a_recorded_vote_list_over_several_blocks_is_not_a_paragraph() -> None:
    text = SHORT_DRAFT + (
        "\n[Adopted by a recorded vote of 31 to 8, with 8 abstentions. The voting was as follows:"
        "\n\nIn favour:\nFiji, Norway\n\nAgainst:\nNone]\n"
    )
    draft = parse_text(text)
    assert [p.label for p in draft.paragraphs if p.label] == ["PP1", "OP1", "OP2"]
    adoption = draft.masthead_value("adoption") or ""
    assert adoption.startswith("Adopted by a recorded vote of 31 to 8")
    assert {p.kind for p in draft.paragraphs[4:]} == {ParagraphKind.OTHER}


_PIECES = st.sampled_from(
    [
        *(
            "\n",
            "\n\n",
            " ",
            "\f",
            "\u00a0",
            ",",
            ";",
            ":",
            ".",
            "，",
            "*",
            "_",
            "#",
            "[",
            "]",
            "\\*",
        ),
        *("1.", "2 bis.", "(a)", "(i)", "(h)", "1", "¹", "1 Note.", "Rev.1", "A/HRC/58/L.22"),
        *("Recalling", "Urges", "回顾", "x", "The General Assembly,", "GE.25-04871(E)"),
        *("49th meeting", "4 April 2025", "Annex", "draft resolution"),
    ]
)


@settings(max_examples=150, deadline=None)
@given(st.lists(_PIECES, max_size=30), st.booleans())
def test_any_text_gives_a_consistent_draft_or_a_plain_refusal(
    pieces: list[str], markdown: bool
) -> None:
    try:
        draft = parse_text("".join(pieces), markdown=markdown)
    except UnreadableDraft as refusal:
        assert "No resolution paragraphs" in refusal.detail
        return
    for paragraph in draft.paragraphs:
        assert paragraph.text == paragraph.text.strip()
        assert all(0 <= start < end <= len(paragraph.text) for start, end in paragraph.italics)
        assert all(0 <= f.offset <= len(paragraph.text) for f in paragraph.footnotes)


def test_a_paragraph_cut_by_its_own_footnotes_and_a_page_break_is_rejoined() -> None:
    text = (
        "The Human Rights Council,\n\n"
        "Recalling the Universal Declaration of Human Rights,1 and the International\n\n"
        "1 Resolution 217 A (III).\n\nGE.25-04871(E)\n\f\nA/HRC/58/L.22\n\n"
        "Covenant on Civil and Political Rights,\n\n1. Urges States;\n"
    )
    draft = parse_text(text)
    assert [p.label for p in draft.paragraphs] == ["", "PP1", "OP1"]
    pp1 = draft.paragraphs[1]
    assert pp1.text == (
        "Recalling the Universal Declaration of Human Rights, and the International Covenant on "
        "Civil and Political Rights,"
    )
    assert [(f.text, f.offset) for f in pp1.footnotes] == [("Resolution 217 A (III).", 52)]
