"""The compilation text: each paragraph followed by its pending proposals, proposers named."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from app.core.export.compilation import CompiledProposal, export_compilation
from app.core.export.docx_layout import DocumentHeading
from app.core.model import Draft, Paragraph
from app.core.vocabulary import ParagraphKind as K
from tests.core.docx_views import NS, convert, part, q, read_view, revision_authors

HEADING = DocumentHeading(symbol="A/HRC/58/L.22", label="Compilation", penholder="Norway")

DRAFT = Draft(
    paragraphs=(
        Paragraph(K.TITLE, "", "", "", "Human rights defenders"),
        Paragraph(K.OTHER, "", "", "", "The Human Rights Council,"),
        Paragraph(
            K.PREAMBULAR,
            "PP1",
            "",
            "Recalling",
            "Recalling the Universal Declaration of Human Rights,",
        ),
        Paragraph(
            K.OPERATIVE, "OP1", "1.", "Welcomes", "Welcomes the report of the Special Rapporteur;"
        ),
        Paragraph(
            K.OPERATIVE,
            "OP2",
            "2.",
            "Encourages",
            "Encourages States to adopt laws recognizing defenders;",
        ),
        Paragraph(K.OPERATIVE, "OP3", "3.", "Decides", "Decides to remain seized of the matter."),
    ),
    formula="The Human Rights Council,",
)

PROPOSALS = (
    CompiledProposal(4, ("European Union", "Mexico"), "replace", find="Encourages", text="Urges"),
    CompiledProposal(
        3,
        ("Russian Federation",),
        "delete",
        find=" of the Special Rapporteur",
        note="Too specific.",
    ),
    CompiledProposal(4, ("Chile",), "insert", find="adopt", text=" and implement"),
    CompiledProposal(
        4,
        ("Mexico",),
        "new-paragraph",
        text="Urges States to release detained defenders;",
        label="OP2 bis",
    ),
    CompiledProposal(2, ("China",), "delete-paragraph"),
    CompiledProposal(5, ("Egypt",), "insert", text=" Further decides."),
    CompiledProposal(3, ("Cuba",), "replace", find="no such words", text="anything"),
)


@pytest.fixture(scope="module")
def raw() -> bytes:
    """The exported compilation."""
    return export_compilation(DRAFT, PROPOSALS, HEADING)


def proposal_lines(raw: bytes, view: str) -> list[str]:
    """Draft body paragraphs, and proposal paragraphs as label and proposers, a tab, text."""
    lines = []
    for shown in read_view(raw, view, ("UNPreambular", "UNOperative", "UNProposal")):
        if shown.style == "UNProposal":
            lines.append(f"{shown.number}\t{shown.text}")
        elif shown.style != "UNProposalNote":
            lines.append(f"{shown.number} {shown.text}".strip())
    return lines


def test_each_paragraph_is_followed_by_its_proposals_in_document_order(raw: bytes) -> None:
    assert proposal_lines(raw, "all") == [
        "Recalling the Universal Declaration of Human Rights,",
        "PP1 [China]\tRecalling the Universal Declaration of Human Rights,",
        "1. Welcomes the report of the Special Rapporteur;",
        "OP1 [Russian Federation]\tWelcomes the report of the Special Rapporteur;",
        "OP1 [Cuba]\treplace “no such words” with “anything” (wording not found in the paragraph)",
        "2. Encourages States to adopt laws recognizing defenders;",
        "OP2 [European Union; Mexico]\tEncouragesUrges States to adopt laws recognizing defenders;",
        "OP2 [Chile]\tEncourages States to adopt and implement laws recognizing defenders;",
        "OP2 bis [Mexico]\tUrges States to release detained defenders;",
        "3. Decides to remain seized of the matter.",
        "OP3 [Egypt]\tDecides to remain seized of the matter. Further decides.",
    ]


def test_accepting_a_proposal_shows_the_paragraph_as_proposed(raw: bytes) -> None:
    accepted = proposal_lines(raw, "accepted")
    assert (
        "OP2 [European Union; Mexico]\tUrges States to adopt laws recognizing defenders;"
        in accepted
    )
    assert "OP1 [Russian Federation]\tWelcomes the report;" in accepted
    assert "PP1 [China]\t" in accepted


def test_rejecting_every_proposal_leaves_the_draft_wording(raw: bytes) -> None:
    rejected = proposal_lines(raw, "rejected")
    assert (
        "OP2 [European Union; Mexico]\tEncourages States to adopt laws recognizing defenders;"
        in rejected
    )
    assert "OP2 bis [Mexico]\t" in rejected
    drafts = [s for s in read_view(raw, "rejected")]
    assert [(s.number, s.text) for s in drafts] == [(p.number, p.text) for p in DRAFT.paragraphs]


def test_proposed_wording_is_tracked_under_the_proposers_names(raw: bytes) -> None:
    assert revision_authors(raw) == [
        ("del", "China", "Recalling the Universal Declaration of Human Rights,"),
        ("del", "Russian Federation", " of the Special Rapporteur"),
        ("del", "European Union; Mexico", "Encourages"),
        ("ins", "European Union; Mexico", "Urges"),
        ("ins", "Chile", " and implement"),
        ("ins", "Mexico", "Urges States to release detained defenders;"),
        ("ins", "Egypt", " Further decides."),
    ]


def test_the_draft_keeps_its_word_numbering_and_proposals_are_not_counted(raw: bytes) -> None:
    assert [s.number for s in read_view(raw) if s.style == "UNOperative"] == ["1.", "2.", "3."]
    root = part(raw, "word/document.xml")
    proposals = [
        p
        for p in root.iterfind("w:body/w:p", NS)
        if p.find("w:pPr/w:pStyle", NS).get(q("val")) == "UNProposal"
    ]
    assert len(proposals) == 7 and all(p.find("w:pPr/w:numPr", NS) is None for p in proposals)


def test_a_note_follows_its_proposal(raw: bytes) -> None:
    shown = read_view(raw, "all", ("UNProposal", "UNProposalNote"))
    index = [s.number for s in shown].index("OP1 [Russian Federation]")
    assert (shown[index + 1].style, shown[index + 1].text) == ("UNProposalNote", "Too specific.")


def test_the_cover_table_counts_proposals_per_delegation(raw: bytes) -> None:
    root = part(raw, "word/document.xml")
    tables = root.findall("w:body/w:tbl", NS)
    rows = [
        [("".join(c.itertext())) for c in row.iterfind("w:tc", NS)]
        for row in tables[1].iterfind("w:tr", NS)
    ]
    assert rows[0] == ["Delegation", "Proposals"]
    assert rows[1] == ["Mexico", "2"]
    assert dict(rows[2:-1]) == {
        "European Union": "1",
        "Russian Federation": "1",
        "Chile": "1",
        "China": "1",
        "Egypt": "1",
        "Cuba": "1",
    }
    assert rows[-1] == ["Total proposals", "7"]


def test_a_new_paragraph_may_open_the_draft() -> None:
    first = CompiledProposal(
        -1, ("Mexico",), "new-paragraph", text="Guided by the Charter,", label="PP0"
    )
    raw = export_compilation(DRAFT, [first], HEADING)
    shown = read_view(raw, "accepted", ("UNProposal", "UNTitle"))
    assert [s.text for s in shown[:2]] == ["Guided by the Charter,", "Human rights defenders"]


def test_a_proposal_that_collides_says_with_which_under_it() -> None:
    clashing = CompiledProposal(
        4,
        ("European Union",),
        "replace",
        find="Encourages",
        text="Urges",
        collides_with=("proposal 15 [China]",),
    )
    raw = export_compilation(DRAFT, [clashing], HEADING)
    shown = read_view(raw, "all", ("UNProposal", "UNProposalNote"))
    assert [(s.style, s.text) for s in shown][-1] == (
        "UNProposalNote",
        "Collides with proposal 15 [China].",
    )


def test_a_proposal_on_a_paragraph_that_does_not_exist_is_refused() -> None:
    with pytest.raises(ValueError, match="paragraph 9"):
        export_compilation(DRAFT, [CompiledProposal(9, ("Mexico",), "delete", find="x")], HEADING)


@pytest.mark.libreoffice
@pytest.mark.skipif(
    shutil.which("soffice") is None, reason="LibreOffice (soffice) is not installed"
)
def test_libreoffice_opens_the_compilation_and_prints_the_proposers(
    raw: bytes, tmp_path: Path
) -> None:
    profile = tmp_path / "lo-profile-compilation"
    assert convert(raw, "pdf", tmp_path, profile).startswith(b"%PDF")
    text = convert(raw, "txt:Text (encoded):UTF8", tmp_path, profile).decode("utf-8-sig")
    assert (
        "OP2 [European Union; Mexico]\tEncouragesUrges States to adopt laws recognizing defenders;"
        in text
    )
    assert "OP2 bis [Mexico]\tUrges States to release detained defenders;" in text
    assert "2. Encourages States to adopt laws recognizing defenders;" in text
