"""Text copied out of six real UN PDFs reads with every preambular and operative paragraph whole.

The texts (../shared/testdata/pdf-text/, see its SOURCES.md) are what a PDF text extractor gives
for A/80/L.4, A/80/L.7, A/C.3/80/L.10, A/C.3/80/L.30, A/RES/80/3 and A/RES/80/7: running headers,
job numbers, barcodes, page numbers and footnote blocks in the middle of the text. The labels and
first words below were written by reading the documents.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from app.core.model import Draft
from app.core.parsing.text import read_text_draft
from app.core.vocabulary import ParagraphKind

PDF_TEXT = Path(__file__).resolve().parents[2] / ".." / "shared" / "testdata" / "pdf-text"

# label and first two words of every preambular, operative and sub-paragraph, in order
EXPECTED = {
    "A-80-L.4": """
        PP1 Recalling its | OP1 Endorses the | OP2 Expresses its
    """,
    "A-80-L.7": """
        PP1 Having received | PP2 Taking note | PP3 Recognizing the | PP4 Recognizing also |
        OP1 Takes note | OP2 Takes note | OP3 Reaffirms its | OP4 Appeals to | OP5 Requests the
    """,
    "A-C.3-80-L.10": """
        PP1 Recalling the | PP2 Welcoming the | PP3 Recalling Economic | PP4 Reaffirming its |
        PP5 Recalling its | PP6 Welcoming the | PP7 Reiterating the | PP8 Recalling that |
        PP9 Reaffirming its | PP10 Welcoming the | PP11 Deeply concerned | PP12 Deeply concerned |
        PP13 Acknowledging the | PP14 Noting with | PP15 Reaffirming that | PP16 Recognizing the |
        PP17 Taking note | PP18 Reaffirming the | PP19 Reaffirming also | PP20 Recognizing that |
        PP21 Affirming its | PP22 Recognizing that | PP23 Recognizing also |
        PP24 Recognizing further | PP25 Reaffirming the | PP26 Recognizing that |
        PP27 Stressing that | PP28 Recognizing that | PP29 Reaffirming the |
        PP30 Recognizing persons | PP31 Reaffirming that | PP32 Recognizing the |
        PP33 Acknowledging that | PP34 Reaffirming the | PP35 Recognizing that |
        PP36 Recognizing also | PP37 Expressing concern | PP38 Recalling its |
        PP39 Recognizing that | PP40 Recalling its | PP41 Recognizing that, | OP1 Takes note |
        OP2 Welcomes, in | OP3 Encourages Member | OP4 Stresses that | OP5 Reaffirms that |
        OP6 Recognizes that | OP7 Also recognizes | OP8 Acknowledges that | OP9 Stresses the |
        OP10 Calls upon | OP11 Encourages Member | OP12 Also encourages | OP13 Further encourages |
        OP14 Encourages Member | OP15 Invites Member | OP16 Encourages Member |
        OP17 Also encourages | OP18 Further encourages | OP19 Recognizes that | OP20 Urges Member |
        OP21 Invites Member | OP22 Invites Member | OP23 Encourages Member | OP24 Requests the |
        OP25 Decides to
    """,
    "A-C.3-80-L.30": """
        PP1 Guided by | PP2 Recalling its | PP3 Welcoming Human | OP1 Welcomes the |
        OP2 Notes the | OP3 Welcomes the | OP4 Recognizes engagement | OP5 Notes the |
        OP6 Also notes | OP7 Condemns in | OP8 Expresses serious | OP9 Calls upon |
        OP10 Urges the | OP11 Calls upon | OP12 Condemns the | OP13 Notes the | OP14 Calls upon |
        OP15 Notes the | OP16 Expresses serious | OP17 Condemns the | OP18 Urges the |
        OP19 Strongly urges | OP20 Expresses concern | OP21 Expresses grave | OP22 Encourages the |
        OP23 Reiterates its | OP24 Calls upon | OP25 Recalls the | OP26 Calls upon |
        OP27 Expresses serious | OP28 Calls upon | OP29 Expresses serious |
        OP30 Expresses particular | OP31 Calls upon | OP32 Also calls | OP32(a) Cooperating fully |
        OP32(b) Cooperating fully | OP32(c) Increasing cooperation | OP32(d) Continuing to |
        OP32(e) Continuing to | OP32(f) Implementing all | OP32(g) Building upon |
        OP32(h) Following through | OP33 Further calls | OP34 Calls upon |
        OP35 Strongly encourages | OP36 Requests the | OP37 Decides to
    """,
    "A-RES-80-3": """
        PP1 Recalling its | OP1 Endorses the | OP2 Expresses its
    """,
    "A-RES-80-7": """
        PP1 Having received | PP2 Taking note | PP3 Recognizing the | PP4 Recognizing also |
        OP1 Takes note | OP2 Takes note | OP3 Reaffirms its | OP4 Appeals to | OP5 Requests the
    """,
}
# The annexed declaration of A/80/L.4 and A/RES/80/3: its numbered paragraphs, (a)-(e) under 13.
DECLARATION = [f"{n}." for n in range(1, 14)] + [f"({c})" for c in "abcde"]
DECLARATION += [f"{n}." for n in range(14, 26)]
# Footnote markers the reader ties to the text. In A/C.3/80/L.30 marker 7 is printed right after
# a number ("resolution 55/19" + "7"): text alone cannot tell them apart, so it stays in the text.
FOOTNOTES = {
    "A-80-L.4": 16,
    "A-80-L.7": 3,
    "A-C.3-80-L.10": 4,
    "A-C.3-80-L.30": 16,
    "A-RES-80-3": 16,
    "A-RES-80-7": 3,
}
PAGES = {"A-80-L.4": 5, "A-80-L.7": 2, "A-C.3-80-L.10": 8, "A-C.3-80-L.30": 10}
PAGES |= {"A-RES-80-3": 5, "A-RES-80-7": 2}
FURNITURE = (
    r"\b\d{2}-\d{5}\b|\*\d{6,}\*|Please recycle|_{3,}|Any changes to the list of sponsors"
    r"|A/(?:C\.3/)?(?:RES/)?80/(?:L\.)?\d+\s*$"
)
BODY = (ParagraphKind.PREAMBULAR, ParagraphKind.OPERATIVE, ParagraphKind.SUBPARAGRAPH)


def read(name: str) -> Draft:
    """One of the six copied texts, read as a text upload."""
    path = PDF_TEXT / f"{name}.pdftext.txt"
    if not path.exists():
        pytest.skip(f"{PDF_TEXT} is not there (the shared test material is absent)")
    return read_text_draft(path.read_bytes())


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_every_preambular_and_operative_paragraph_is_found_with_its_first_words(name: str) -> None:
    expected = [item.split(None, 1) for item in " ".join(EXPECTED[name].split()).split(" | ")]
    found = [
        [p.label, " ".join(p.text.split()[:2])] for p in read(name).paragraphs if p.kind in BODY
    ]
    assert found == expected


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_every_paragraph_is_whole_and_free_of_page_furniture_and_footnotes(name: str) -> None:
    draft = read(name)
    body = [p for p in draft.paragraphs if p.kind in BODY]
    notes = [f.text for p in draft.paragraphs for f in p.footnotes]
    furniture = re.compile(rf"{FURNITURE}|(?<![\w/])[1-9]\d?/{PAGES[name]}(?![\w/])")  # "2/5"
    for paragraph in draft.paragraphs:
        assert not furniture.search(paragraph.text), (paragraph.label, paragraph.text)
        assert not [n for n in notes if n in paragraph.text], paragraph.label
    for paragraph in body:
        ends = {ParagraphKind.PREAMBULAR: (",",), ParagraphKind.OPERATIVE: (";", ".", ":")}
        assert paragraph.text.endswith(ends.get(paragraph.kind, (";", ".", ":"))), paragraph.label
    assert body[-1].text.endswith(".")


@pytest.mark.parametrize("name", sorted(FOOTNOTES))
def test_footnotes_at_page_feet_become_the_notes_of_their_markers(name: str) -> None:
    notes = [f for p in read(name).paragraphs for f in p.footnotes]
    assert len(notes) == FOOTNOTES[name]
    assert all(note.text and not note.text[:1].isdigit() for note in notes)


def test_a_sentence_cut_by_a_footnote_block_and_a_page_break_is_joined_again() -> None:
    declaration = [p for p in read("A-RES-80-3").paragraphs if p.kind is ParagraphKind.OTHER]
    first = next(p for p in declaration if p.number == "1.")
    assert "“Driving progress through partnerships” with the objective" in first.text
    seventh = next(p for p in declaration if p.number == "7.")
    assert "Convention on Biological Diversity and the Kunming-Montreal" in seventh.text
    assert [f.marker for f in seventh.footnotes][-2:] == ["10", "11"]


def test_a_paragraph_that_runs_on_after_a_semicolon_across_a_page_is_not_cut() -> None:
    second = next(p for p in read("A-80-L.7").paragraphs if p.label == "OP2")
    assert "of the Statute”; GC(69)/DEC/11, entitled" in second.text
    assert second.text.endswith("records of the General Conference;")


@pytest.mark.parametrize("name", ["A-80-L.4", "A-RES-80-3"])
def test_the_annexed_declaration_keeps_its_numbered_paragraphs_and_headings(name: str) -> None:
    after_annex = [p for p in read(name).paragraphs if p.kind is ParagraphKind.OTHER][2:]
    assert [p.number for p in after_annex if p.number][1:] == DECLARATION[1:]
    headings = [p.text for p in after_annex if not p.number]
    assert headings[1:] == [
        "I. Global context and shared commitments",
        "II. Implementation of the Awaza Programme of Action for Landlocked Developing "
        "Countries for the Decade 2024–2034",
        "Partnerships and support mechanisms",
        "Governance, accountability and monitoring",
        "III. Conclusion and call to action",
    ]


def test_words_hyphenated_at_a_line_end_keep_their_hyphen() -> None:
    texts = " ".join(p.text for p in read("A-C.3-80-L.30").paragraphs)
    assert "Fact-Finding Mission" in texts and "Fact- Finding" not in texts
    l4 = " ".join(p.text for p in read("A-80-L.4").paragraphs)
    assert "action-oriented framework" in l4


@pytest.mark.parametrize(
    ("name", "facts"),
    [
        ("A-80-L.4", {"symbol": "A/80/L.4", "distribution": "Limited", "agenda_item": "13"}),
        ("A-C.3-80-L.30", {"symbol": "A/C.3/80/L.30", "date": "4 November 2025"}),
        ("A-RES-80-7", {"symbol": "A/RES/80/7", "meeting": "40th plenary meeting"}),
    ],
)
def test_the_first_page_masthead_becomes_masthead_facts(name: str, facts: dict[str, str]) -> None:
    draft = read(name)
    assert {k: draft.masthead_value(k) for k in facts} == facts
    assert draft.masthead_value("sponsors") or draft.masthead_value("adopted_by")
