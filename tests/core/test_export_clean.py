"""The clean draft export: UN layout, real Word numbering, italic leads, real footnotes."""

from __future__ import annotations

import io
import shutil
import zipfile
from dataclasses import replace
from pathlib import Path

import docx
import pytest
from lxml import etree

from app.core.export.clean import export_clean_draft
from app.core.export.docx_layout import DocumentHeading
from app.core.model import Draft, Footnote, Paragraph
from app.core.parsing.docx import parse_docx
from app.core.vocabulary import ParagraphKind as K
from tests.core.docx_views import NS, convert, part, q, read_view

HEADING = DocumentHeading(
    symbol="A/HRC/58/L.22",
    date="28 March 2026",
    distribution="Limited",
    original_language="English",
    body="Human Rights Council",
    session="Fifty-eighth session",
    agenda_item="Agenda item 3\nPromotion and protection of all human rights",
    sponsors="Norway, Mexico",
    label="Rev.1",
    penholder="Norway",
)


def para(
    kind: K, label: str, number: str, lead: str, text: str, level: int = 0, **extra
) -> Paragraph:
    """A paragraph as the parser would give it."""
    return Paragraph(kind, label, number, lead, text, level, **extra)


def defenders_draft() -> Draft:
    """A small draft with every kind of paragraph, a bis paragraph and two footnotes."""
    return Draft(
        paragraphs=(
            para(K.TITLE, "", "", "", "Human rights defenders"),
            para(K.OTHER, "", "", "", "The Human Rights Council,"),
            para(
                K.PREAMBULAR,
                "PP1",
                "",
                "Recalling",
                "Recalling the Universal Declaration of Human Rights,",
                footnotes=(Footnote("1", "General Assembly resolution 217 A (III).", 51),),
            ),
            para(
                K.PREAMBULAR,
                "PP2",
                "",
                "Gravely concerned",
                "Gravely concerned at reprisals, and deeply alarmed by attacks,",
                italics=((0, 17), (36, 50)),
            ),
            para(
                K.OPERATIVE,
                "OP1",
                "1.",
                "Welcomes",
                "Welcomes the report of the Special Rapporteur;",
            ),
            para(K.OPERATIVE, "OP2", "2.", "Calls upon", "Calls upon all States:"),
            para(K.SUBPARAGRAPH, "OP2(a)", "(a)", "", "To protect defenders:", 1),
            para(K.SUBPARAGRAPH, "OP2(a)(i)", "(i)", "", "Online;", 2),
            para(K.SUBPARAGRAPH, "OP2(a)(ii)", "(ii)", "", "Offline;", 2),
            para(K.SUBPARAGRAPH, "OP2(b)", "(b)", "", "To investigate attacks;", 1),
            para(
                K.OPERATIVE,
                "OP2 bis",
                "2 bis.",
                "Urges",
                "Urges States to release detained defenders;",
            ),
            para(K.OPERATIVE, "OP3", "3.", "Requests", "Requests a report:"),
            para(K.SUBPARAGRAPH, "OP3(a)", "(a)", "", "On good practices;", 1),
            para(
                K.OPERATIVE,
                "OP4",
                "4.",
                "Decides",
                "Decides to remain seized of the matter.",
                footnotes=(Footnote("2", "See A/HRC/58/1.", -1),),
            ),
        ),
        title="Human rights defenders",
        formula="The Human Rights Council,",
    )


def body_paragraphs(raw: bytes, style: str) -> list[etree._Element]:
    """The body's `w:p` elements of one style, in order."""
    root = part(raw, "word/document.xml")
    return [
        p
        for p in root.iterfind("w:body/w:p", NS)
        if p.find("w:pPr/w:pStyle", NS).get(q("val")) == style
    ]


def italic_words(paragraph: etree._Element) -> list[str]:
    """The text of each italic run of a paragraph."""
    return [
        "".join(t.text for t in r.iterfind("w:t", NS))
        for r in paragraph.iterfind("w:r", NS)
        if r.find("w:rPr/w:i", NS) is not None
    ]


@pytest.fixture(scope="module")
def raw() -> bytes:
    """The exported sample draft."""
    return export_clean_draft(defenders_draft(), HEADING)


def test_reading_the_file_back_gives_every_paragraph_its_number_and_text(raw: bytes) -> None:
    shown = read_view(raw)
    assert [(s.number, s.text) for s in shown] == [
        (p.number, p.text) for p in defenders_draft().paragraphs
    ]


def test_operative_paragraphs_are_numbered_by_word_not_by_typed_numbers(raw: bytes) -> None:
    operative = body_paragraphs(raw, "UNOperative")
    numbered = [p for p in operative if p.find("w:pPr/w:numPr", NS) is not None]
    assert len(numbered) == 4
    assert {p.find("w:pPr/w:numPr/w:ilvl", NS).get(q("val")) for p in numbered} == {"0"}
    assert not any("".join(p.itertext()).startswith(("1.", "2.", "3.", "4.")) for p in numbered)
    numbering = part(raw, "word/numbering.xml")
    num_id = numbered[0].find("w:pPr/w:numPr/w:numId", NS).get(q("val"))
    abstract_id = numbering.find(f"w:num[@w:numId='{num_id}']/w:abstractNumId", NS).get(q("val"))
    levels = numbering.find(f"w:abstractNum[@w:abstractNumId='{abstract_id}']", NS)
    texts = [lvl.find("w:lvlText", NS).get(q("val")) for lvl in levels.iterfind("w:lvl", NS)]
    assert texts[:3] == ["%1.", "(%2)", "(%3)"]
    assert levels.find("w:lvl[@w:ilvl='1']/w:lvlRestart", NS).get(q("val")) == "1"


def test_subparagraphs_sit_at_levels_one_and_two_of_the_same_list(raw: bytes) -> None:
    operative_num = (
        body_paragraphs(raw, "UNOperative")[0].find("w:pPr/w:numPr/w:numId", NS).get(q("val"))
    )
    for style, level in (("UNSubparagraph1", "1"), ("UNSubparagraph2", "2")):
        for paragraph in body_paragraphs(raw, style):
            assert paragraph.find("w:pPr/w:numPr/w:ilvl", NS).get(q("val")) == level
            assert paragraph.find("w:pPr/w:numPr/w:numId", NS).get(q("val")) == operative_num


def test_bis_paragraph_has_a_typed_number_and_is_not_counted(raw: bytes) -> None:
    bis = body_paragraphs(raw, "UNOperative")[2]
    assert bis.find("w:pPr/w:numPr", NS) is None
    first_run = bis.find("w:r", NS)
    assert first_run.find("w:t", NS).text == "2 bis." and first_run.find("w:tab", NS) is not None
    assert [s.number for s in read_view(raw) if s.style == "UNOperative"] == [
        "1.",
        "2.",
        "2 bis.",
        "3.",
        "4.",
    ]


def test_numbers_out_of_sequence_are_typed_so_they_read_back_unchanged() -> None:
    draft = Draft(
        paragraphs=(
            para(K.OPERATIVE, "OP1", "1.", "Notes", "Notes;"),
            para(K.OPERATIVE, "OP4", "4.", "Urges", "Urges;"),
            para(K.SUBPARAGRAPH, "OP4(c)", "(c)", "", "Thirdly;", 1),
            para(K.OPERATIVE, "OP2", "2.", "Decides", "Decides."),
        )
    )
    shown = read_view(export_clean_draft(draft, HEADING))
    assert [s.number for s in shown] == ["1.", "4.", "(c)", "2."]


def test_leads_and_verbs_print_in_italics(raw: bytes) -> None:
    assert italic_words(body_paragraphs(raw, "UNPreambular")[0]) == ["Recalling"]
    assert italic_words(body_paragraphs(raw, "UNOperative")[1]) == ["Calls upon"]


def test_italic_ranges_of_the_paragraph_win_over_its_lead(raw: bytes) -> None:
    assert italic_words(body_paragraphs(raw, "UNPreambular")[1]) == [
        "Gravely concerned",
        "deeply alarmed",
    ]


def test_enacting_formula_is_italic_up_to_its_comma(raw: bytes) -> None:
    (formula,) = body_paragraphs(raw, "UNFormula")
    assert italic_words(formula) == ["The Human Rights Council"]
    assert "".join(formula.itertext()) == "The Human Rights Council,"


def test_formula_known_only_to_the_draft_prints_before_the_first_preambular_paragraph() -> None:
    draft = Draft(
        paragraphs=(
            para(K.TITLE, "", "", "", "Title"),
            para(K.PREAMBULAR, "PP1", "", "Noting", "Noting,"),
        ),
        formula="The General Assembly,",
    )
    shown = read_view(export_clean_draft(draft, HEADING))
    assert [(s.style, s.text) for s in shown] == [
        ("UNTitle", "Title"),
        ("UNFormula", "The General Assembly,"),
        ("UNPreambular", "Noting,"),
    ]


def test_footnotes_are_word_footnotes_referenced_where_the_marker_stood(raw: bytes) -> None:
    with zipfile.ZipFile(io.BytesIO(raw)) as archive:
        types = archive.read("[Content_Types].xml").decode()
        rels = archive.read("word/_rels/document.xml.rels").decode()
    assert 'PartName="/word/footnotes.xml"' in types and "footnotes+xml" in types
    assert "relationships/footnotes" in rels and 'Target="footnotes.xml"' in rels
    notes = part(raw, "word/footnotes.xml")
    texts = {
        n.get(q("id")): "".join(n.itertext()).strip() for n in notes.iterfind("w:footnote", NS)
    }
    assert texts["1"] == "General Assembly resolution 217 A (III)."
    assert texts["2"] == "See A/HRC/58/1."
    preambular = body_paragraphs(raw, "UNPreambular")[0]
    before = []
    for run in preambular.iterfind("w:r", NS):
        if run.find("w:footnoteReference", NS) is not None:
            assert run.find("w:footnoteReference", NS).get(q("id")) == "1"
            break
        before.append("".join(t.text for t in run.iterfind("w:t", NS)))
    assert "".join(before) == "Recalling the Universal Declaration of Human Rights"


def test_page_is_a4_and_the_masthead_names_symbol_date_and_body(raw: bytes) -> None:
    document = docx.Document(io.BytesIO(raw))
    section = document.sections[0]
    assert (section.page_width, section.page_height) == (11906 * 635, 16838 * 635)
    masthead = "".join(document.tables[0]._tbl.itertext())
    for fact in (
        "A/HRC/58/L.22",
        "Distr.: Limited",
        "28 March 2026",
        "Original: English",
        "General Assembly",
    ):
        assert fact in masthead
    lines = [p.text for p in document.paragraphs]
    assert lines[:5] == [
        "Human Rights Council",
        "Fifty-eighth session",
        "Agenda item 3",
        "Promotion and protection of all human rights",
        "Norway, Mexico: draft resolution",
    ]


def test_arabic_draft_sets_right_to_left_and_the_language() -> None:
    draft = Draft(
        paragraphs=(para(K.PREAMBULAR, "PP1", "", "إذ يشير", "إذ يشير إلى الإعلان،"),),
        language="ar",
    )
    raw = export_clean_draft(draft, DocumentHeading())
    styles = etree.tostring(part(raw, "word/styles.xml")).decode()
    assert "<w:bidi/>" in styles and 'w:bidi="ar-SA"' in styles
    assert read_view(raw)[0].text == "إذ يشير إلى الإعلان،"


def test_the_project_reader_reads_back_the_same_paragraphs(raw: bytes) -> None:
    parsed = parse_docx(raw)
    draft = defenders_draft()
    expected = [(p.kind, p.label, p.number, p.text, printed_italics(p)) for p in draft.paragraphs]
    assert [(p.kind, p.label, p.number, p.text, p.italics) for p in parsed.paragraphs] == expected
    placed = [
        tuple(replace(n, offset=len(p.text) if n.offset < 0 else n.offset) for n in p.footnotes)
        for p in draft.paragraphs
    ]
    assert [p.footnotes for p in parsed.paragraphs] == placed  # an unknown offset prints at the end
    assert (parsed.title, parsed.formula) == (draft.title, draft.formula)


def printed_italics(paragraph: Paragraph) -> tuple[tuple[int, int], ...]:
    """The italics a paragraph prints with: its ranges, else its lead, else the formula's words."""
    if paragraph.italics:
        return paragraph.italics
    if paragraph.lead:
        return ((0, len(paragraph.lead)),)
    if paragraph.text.endswith(","):
        return ((0, len(paragraph.text) - 1),)
    return ()


@pytest.mark.libreoffice
@pytest.mark.skipif(
    shutil.which("soffice") is None, reason="LibreOffice (soffice) is not installed"
)
def test_libreoffice_opens_the_clean_draft_and_prints_its_numbers(
    raw: bytes, tmp_path: Path
) -> None:
    profile = tmp_path / "lo-profile-clean"
    pdf = convert(raw, "pdf", tmp_path, profile)
    assert pdf.startswith(b"%PDF")
    text = convert(raw, "txt:Text (encoded):UTF8", tmp_path, profile).decode("utf-8-sig")
    lines = [line.strip() for line in text.splitlines()]
    assert "1. Welcomes the report of the Special Rapporteur;" in lines
    assert "(a) To protect defenders:" in lines
    assert "(ii) Offline;" in lines
    assert "2 bis.\tUrges States to release detained defenders;" in lines
    assert "3. Requests a report:" in lines
    assert "(a) On good practices;" in lines


def test_a_title_longer_than_word_properties_allow_still_exports() -> None:
    title = "Sustainable fisheries, including through the 1995 Agreement " * 6
    draft = Draft(
        paragraphs=(
            Paragraph(K.TITLE, "", "", "", title.strip()),
            Paragraph(K.OPERATIVE, "OP1", "1.", "Urges", "Urges States to act."),
        ),
        title=title.strip(),
    )
    raw = export_clean_draft(draft, DocumentHeading(title=title, penholder="Norway " * 50))
    assert parse_docx(raw).paragraphs[0].text == title.strip()
