"""UN-layout PDFs read like the Word files they were printed from; bad PDFs are refused."""

from __future__ import annotations

import pypdfium2 as pdfium
import pytest

from app.core.errors import TooLarge, UnreadableDraft
from app.core.model import Draft
from app.core.parsing.docx import parse_docx
from app.core.parsing.pdf import parse_pdf
from app.core.parsing.pdf_lines import PdfLine, page_lines
from app.core.parsing.pdf_safety import SCANNED, PdfLimits
from app.core.vocabulary import ParagraphKind
from tests.bench.un_layout import SAMPLE_FURNITURE, SAMPLE_NAMES
from tests.pdf_builders import (
    encrypted_pdf,
    minimal_pdf,
    scanned_pdf,
    text_page,
)

Samples = dict[str, tuple[bytes, bytes]]
RESOLUTION = [
    "The Human Rights Council,",
    "",
    "Recalling its earlier resolutions on the question,",
    "",
    "1. Urges States to protect human rights defenders;",
    "",
    "2. Decides to remain seized of the matter.",
]


def shape(draft: Draft) -> list[tuple[object, ...]]:
    """What a reader must agree on: kind, label, number, lead, text, italics and footnotes."""
    return [
        (p.kind, p.label, p.number, p.lead, p.text, p.italics, p.footnotes)
        for p in draft.paragraphs
    ]


@pytest.mark.libreoffice
@pytest.mark.parametrize("name", SAMPLE_NAMES)
def test_every_sample_draft_reads_from_its_un_layout_pdf_as_from_its_word_file(
    name: str, un_layout_pdfs: Samples
) -> None:
    word_file, pdf_file = un_layout_pdfs[name]
    word, pdf = parse_docx(word_file), parse_pdf(pdf_file)
    assert shape(pdf) == shape(word)
    assert (pdf.title, pdf.formula, pdf.masthead) == (word.title, word.formula, word.masthead)


@pytest.mark.libreoffice
@pytest.mark.parametrize("name", SAMPLE_NAMES)
def test_page_furniture_never_reaches_a_paragraph(name: str, un_layout_pdfs: Samples) -> None:
    furniture = SAMPLE_FURNITURE[name]
    pdf = un_layout_pdfs[name][1]
    assert len(printed_lines(pdf, 2)) > 10, "the fixture runs over several pages"
    texts = [p.text for p in parse_pdf(pdf).paragraphs]
    for printed in (furniture.job, furniture.barcode, "Please recycle", furniture.symbol, "/4"):
        assert not [t for t in texts if printed in t], printed


@pytest.mark.libreoffice
def test_the_sponsors_line_of_an_l_document_reads_into_the_masthead(
    un_layout_pdfs: Samples,
) -> None:
    pdf = parse_pdf(un_layout_pdfs["04-l22-text"][1])
    sponsors = pdf.masthead_value("sponsors") or ""
    assert sponsors.startswith("Albania, Argentina, Australia") and sponsors.endswith("Uruguay")
    assert not [p for p in pdf.paragraphs if "draft resolution" in p.text]
    assert pdf.masthead_value("symbol") == "A/HRC/58/L.22"
    first_page = {line.text for line in printed_lines(un_layout_pdfs["04-l22-text"][1], 0)}
    assert any(line.endswith(": draft resolution") for line in first_page)
    assert any(line.startswith("25-04872 (E)") for line in first_page)


@pytest.mark.libreoffice
def test_the_fixtures_print_the_furniture_the_reader_removes(un_layout_pdfs: Samples) -> None:
    first, second = (
        printed_lines(un_layout_pdfs["04-l22"][1], 0),
        printed_lines(un_layout_pdfs["04-l22"][1], 1),
    )
    assert {"GE.25-04871(E)", "*2504871*", "Please recycle"} <= {line.text for line in first}
    assert "A/HRC/58/L.22" in {line.text for line in second}
    assert any(line.text.startswith("2/") for line in second)
    adopted = un_layout_pdfs["05-adopted"][1]
    assert {"Human rights defenders", "25-05999"} <= {
        line.text for line in printed_lines(adopted, 1)
    }
    assert any(line.text.startswith("25-05999 (E)") for line in printed_lines(adopted, 0))


def printed_lines(pdf: bytes, page: int) -> list[PdfLine]:
    """The printed lines of one page of a PDF."""
    document = pdfium.PdfDocument(pdf)
    try:
        return page_lines(document[page], page, 0, 10**6)
    finally:
        document.close()


@pytest.mark.libreoffice
@pytest.mark.parametrize("name", ["02-rev1", "05-adopted"])
def test_a_paragraph_cut_by_a_page_break_is_joined_again(
    name: str, un_layout_pdfs: Samples
) -> None:
    pdf = un_layout_pdfs[name][1]
    last = [line for line in printed_lines(pdf, 0) if line.size >= 10 and line.x0 > 100][-1].text
    following = next(line.text for line in printed_lines(pdf, 1) if 100 < line.x0 < 130)
    assert not last.endswith((",", ";", ".", ":")), "the first page ends mid-paragraph"
    texts = [p.text for p in parse_pdf(pdf).paragraphs]
    assert any(f"{last} {following}" in t for t in texts)


@pytest.mark.libreoffice
def test_a_hyphen_at_a_line_end_stays_in_its_word(un_layout_pdfs: Samples) -> None:
    assert any(
        line.text.endswith("gender-") for line in printed_lines(un_layout_pdfs["04-l22"][1], 0)
    )
    texts = " ".join(p.text for p in parse_pdf(un_layout_pdfs["04-l22"][1]).paragraphs)
    assert "gender-based violence" in texts and "counter-terrorism" in texts
    assert "gender- based" not in texts and "genderbased" not in texts


@pytest.mark.libreoffice
def test_footnotes_at_page_feet_attach_to_their_markers_and_leave_the_text(
    un_layout_pdfs: Samples,
) -> None:
    draft = parse_pdf(un_layout_pdfs["04-l22"][1])
    notes = [(p.label, f) for p in draft.paragraphs for f in p.footnotes]
    assert [f.marker for _, f in notes] == ["1", "2", "3", "4", "5", "6"]
    label, first = notes[0]
    paragraph = next(p for p in draft.paragraphs if p.label == label)
    assert paragraph.text[: first.offset].endswith("Universal Declaration of Human Rights,")
    assert first.text == "General Assembly resolution 217 A (III)."
    assert not any("217 A (III)" in p.text for p in draft.paragraphs)


@pytest.mark.libreoffice
def test_leads_print_in_italics_and_numbers_stay_out_of_the_text(un_layout_pdfs: Samples) -> None:
    draft = parse_pdf(un_layout_pdfs["02-rev1"][1])
    operative = [p for p in draft.paragraphs if p.kind is ParagraphKind.OPERATIVE]
    assert len(operative) > 20
    assert all(p.italics[0] == (0, len(p.lead)) for p in operative)
    assert "10 bis." in [p.number for p in operative]
    assert not any(p.text[:1].isdigit() for p in operative)


def test_a_pdf_without_libreoffice_reads_its_formula_and_numbered_paragraphs() -> None:
    draft = parse_pdf(minimal_pdf([text_page(RESOLUTION)]))
    assert [(p.label, p.text) for p in draft.paragraphs] == [
        ("", "The Human Rights Council,"),
        ("PP1", "Recalling its earlier resolutions on the question,"),
        ("OP1", "Urges States to protect human rights defenders;"),
        ("OP2", "Decides to remain seized of the matter."),
    ]


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        (b"PK\x03\x04 a zip named .pdf", "not a PDF"),
        (b"", "not a PDF"),
        (b"%PDF-1.7\n" + bytes(range(256)) * 20, "damaged"),
        (minimal_pdf([text_page(RESOLUTION)])[:300], "damaged"),
        (encrypted_pdf(), "password"),
        (scanned_pdf(), SCANNED),
        (minimal_pdf([b"", b""]), "no text"),
        (minimal_pdf([text_page(["A letter", "", "Dear friend, I hope you are well."])]), "no"),
    ],
    ids=["zip", "empty", "junk", "truncated", "encrypted", "scan", "blank-pages", "no-resolution"],
)
def test_a_pdf_that_cannot_be_read_is_refused_saying_why(raw: bytes, reason: str) -> None:
    with pytest.raises(UnreadableDraft) as refused:
        parse_pdf(raw)
    assert reason.lower() in refused.value.detail.lower()


def test_a_pdf_over_the_page_limit_is_refused_before_its_pages_are_read() -> None:
    with pytest.raises(TooLarge, match="501 pages"):
        parse_pdf(minimal_pdf([b""] * 501))


def test_a_pdf_over_the_character_limit_is_refused() -> None:
    pages = [text_page(RESOLUTION)] * 3
    with pytest.raises(TooLarge, match="characters"):
        parse_pdf(minimal_pdf(pages), PdfLimits(max_chars=300))


def test_a_pdf_that_takes_too_long_is_stopped_between_pages() -> None:
    with pytest.raises(UnreadableDraft, match="longer than"):
        parse_pdf(minimal_pdf([text_page(RESOLUTION)] * 2), PdfLimits(max_seconds=-1))
