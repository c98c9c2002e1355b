"""Reading Word drafts: text, italics, footnotes, tracked changes, comments, tables, text boxes."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.core.model import Comment, Footnote, Revision
from app.core.parsing.docx import parse_docx, read_docx_blocks
from app.core.parsing.docx_text import visible_text
from app.core.parsing.docx_walk import RawParagraph
from app.core.parsing.structure import Block, structure_draft
from app.core.vocabulary import RevisionKind
from tests.core.docx_builders import SEPARATORS, docx, p, r, revision, style

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "word"
DATE = "2026-11-28T10:00:00Z"


def real(name: str) -> list[Block]:
    """Blocks of one of the real Word files."""
    folder = (
        "splittist-docxfix"
        if (FIXTURES / "splittist-docxfix" / name).exists()
        else ("morungos-node-word-extractor")
    )
    return read_docx_blocks((FIXTURES / folder / name).read_bytes())


def texts(blocks: list[Block]) -> list[str]:
    """The text of every block."""
    return [b.text for b in blocks]


def italic_words(block: Block) -> list[str]:
    """The italic stretches of a block's text."""
    return [block.text[a:b] for a, b in block.italics]


# --- text --------------------------------------------------------------------------------------


def test_empty_paragraphs_are_dropped_and_whitespace_collapses() -> None:
    body = p("  Recalling \t its   resolution,  ") + p() + p(" ") + p("Urges\n States;")
    assert texts(read_docx_blocks(docx(body))) == ["Recalling its resolution,", "Urges States;"]


def test_tabs_breaks_and_special_hyphens_read_as_a_reader_sees_them() -> None:
    run = (
        "<w:r><w:t>co</w:t><w:noBreakHyphen/><w:t>operation</w:t><w:tab/><w:t>and</w:t>"
        "<w:br/><w:t>peace</w:t><w:softHyphen/><w:t>keeping</w:t></w:r>"
    )
    assert texts(read_docx_blocks(docx(p(run)))) == ["co-operation and peacekeeping"]


def test_no_break_spaces_are_kept_as_text() -> None:
    assert texts(read_docx_blocks(docx(p("resolution\u00a070/1 of 25\u00a0September"))))[0] == (
        "resolution\u00a070/1 of 25\u00a0September"
    )


def test_field_codes_are_left_out_and_field_results_kept() -> None:
    field = (
        '<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
        '<w:r><w:instrText xml:space="preserve"> HYPERLINK "https://undocs.org" '
        "</w:instrText></w:r>"
        '<w:r><w:fldChar w:fldCharType="separate"/></w:r>'
        "<w:r><w:t>A/RES/70/1</w:t></w:r>"
        '<w:r><w:fldChar w:fldCharType="end"/></w:r>'
    )
    simple = '<w:fldSimple w:instr=" PAGE "><w:r><w:t>7</w:t></w:r></w:fldSimple>'
    blocks = read_docx_blocks(docx(p("Recalling ", field, " and page ", simple)))
    assert texts(blocks) == ["Recalling A/RES/70/1 and page 7"]


def test_a_field_left_open_hides_nothing_after_its_paragraph() -> None:
    broken = (
        '<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText>PAGE</w:instrText></w:r>'
    )
    assert texts(read_docx_blocks(docx(p("Page ", broken) + p("Next paragraph")))) == [
        "Page",
        "Next paragraph",
    ]


def test_hidden_text_is_not_read() -> None:
    hidden = r("secret note ", rpr="<w:vanish/>")
    assert texts(read_docx_blocks(docx(p("Welcomes ", hidden, "the report;")))) == [
        "Welcomes the report;"
    ]


def test_a_document_without_text_is_refused() -> None:
    from app.core.errors import UnreadableDraft

    with pytest.raises(UnreadableDraft, match=r"^The document has no text\.$"):
        read_docx_blocks(docx(p() + p("   ")))


@given(
    st.lists(st.tuples(st.text(alphabet="ab \t\n\u00a0", max_size=6), st.booleans()), max_size=8)
)
def test_visible_text_collapses_spaces_and_keeps_italics_inside_the_text(
    pieces: list[tuple[str, bool]],
) -> None:
    seen = visible_text(RawParagraph(None, pieces=list(pieces)))
    joined = "".join(text for text, _ in pieces)
    assert seen.text == re.sub(r"[ \t\n]+", " ", joined).strip(" \t\n")
    ends = [0]
    for start, end in seen.italics:
        assert ends[-1] <= start < end <= len(seen.text)
        assert seen.text[start] != " " and seen.text[end - 1] != " "
        ends.append(end)


# --- typed numbers -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "number", "text"),
    [
        ("1. Welcomes the report;", "1.", "Welcomes the report;"),
        ("12.\tDecides to remain seized;", "12.", "Decides to remain seized;"),
        ("5 bis. Invites States;", "5 bis.", "Invites States;"),
        ("(a) to cooperate;", "(a)", "to cooperate;"),
        ("(iv) progress;", "(iv)", "progress;"),
        ("b) the second;", "b)", "the second;"),
        ("II. Annex", "II.", "Annex"),
        ("2030 Agenda for Sustainable Development", "", "2030 Agenda for Sustainable Development"),
        ("Recalling 1. nothing", "", "Recalling 1. nothing"),
    ],
)
def test_typed_numbers_are_split_from_the_text(typed: str, number: str, text: str) -> None:
    [block] = read_docx_blocks(docx(p(typed)))
    assert (block.number, block.text, block.level_hint) == (number, text, None)


def test_italics_and_footnotes_shift_with_a_typed_number() -> None:
    note = '<w:r><w:footnoteReference w:id="1"/></w:r>'
    notes = (
        SEPARATORS + '<w:footnote w:id="1"><w:p><w:r><w:t>A/RES/1.</w:t></w:r></w:p></w:footnote>'
    )
    [block] = read_docx_blocks(
        docx(p("1. ", r("Welcomes", italic=True), " it", note), footnotes=notes)
    )
    assert block.italics == ((0, 8),)
    assert block.footnotes == (Footnote("1", "A/RES/1.", 11),)


# --- italics -----------------------------------------------------------------------------------


def test_direct_italic_runs_become_ranges_of_the_final_text() -> None:
    [block] = read_docx_blocks(docx(p(r("Recalling", italic=True), " its resolution 70/1,")))
    assert block.italics == ((0, 9),) and italic_words(block) == ["Recalling"]


def test_adjacent_italic_runs_merge_and_never_end_on_a_space() -> None:
    body = p(r("Calls ", italic=True), r("upon", italic=True), r(" ", italic=True), "States")
    body += p(r("Calls", italic=True), " ", r("upon", italic=True), " States")
    first, second = read_docx_blocks(docx(body))
    assert italic_words(first) == ["Calls upon"]
    assert italic_words(second) == ["Calls upon"]


def test_italics_come_from_character_styles_paragraph_styles_and_defaults() -> None:
    styles = (
        style("Normal")
        + style("Emphasis", "character", rpr="<w:i/>")
        + style("Lead", "character", based_on="Emphasis")
        + style("Quote", rpr="<w:i/>")
        + style("QuoteChild", based_on="Quote")
    )
    body = (
        p(r("Recalling", style="Lead"), " its resolution,")
        + p("Quoted line", style="QuoteChild")
        + p("Quoted, ", r("but upright", italic=False), style="Quote")
        + p(r("Emphasis in a quote prints upright", style="Emphasis"), ", rest", style="Quote")
    )
    lead, quoted, upright, toggled = read_docx_blocks(docx(body, styles=styles))
    assert italic_words(lead) == ["Recalling"]
    assert italic_words(quoted) == ["Quoted line"]
    assert italic_words(upright) == ["Quoted,"]
    assert italic_words(toggled) == [", rest"]


def test_italic_document_defaults_apply_until_switched_off() -> None:
    styles = (
        "<w:docDefaults><w:rPrDefault><w:rPr><w:i/></w:rPr></w:rPrDefault></w:docDefaults>"
        + style("Normal")
    )
    body = p("All italic ", r("except this", italic=False))
    [block] = read_docx_blocks(docx(body, styles=styles))
    assert italic_words(block) == ["All italic"]


# --- footnotes ---------------------------------------------------------------------------------


def test_footnotes_attach_to_their_paragraph_with_displayed_markers() -> None:
    notes = SEPARATORS + "".join(
        f'<w:footnote w:id="{i}"><w:p><w:r><w:footnoteRef/></w:r><w:r><w:t xml:space="preserve">'
        f" {text}</w:t></w:r></w:p></w:footnote>"
        for i, text in ((4, "A/RES/70/1."), (9, "A/HRC/58/2."))
    )
    body = p(
        "Recalling resolution 70/1,",
        '<w:r><w:footnoteReference w:id="4"/></w:r>',
        " and the report,",
        '<w:r><w:footnoteReference w:id="9"/></w:r>',
    )
    [block] = read_docx_blocks(docx(body, footnotes=notes))
    assert block.text == "Recalling resolution 70/1, and the report,"
    assert block.footnotes == (
        Footnote("1", "A/RES/70/1.", 26),
        Footnote("2", "A/HRC/58/2.", 42),
    )


def test_real_footnotes_and_endnotes_keep_their_own_numbering() -> None:
    blocks = real("test13.docx")
    assert [(b.text, b.footnotes) for b in blocks[1:]] == [
        ("Paragraph 1", (Footnote("1", "This is a footnote", 11),)),
        ("Paragraph 2", (Footnote("i", "This is an endnote", 11),)),
    ]


# --- tracked changes ---------------------------------------------------------------------------


def tracked() -> bytes:
    """One paragraph with an insertion, a deletion and a move; one inserted paragraph."""
    body = (
        p(
            r("Decides to "),
            revision("del", r("urgently ", deleted=True), author="Russian Federation", rid=1),
            revision("ins", r("remain actively "), author="European Union", rid=2),
            "seized of the matter.",
        )
        + p(
            revision("ins", r("Requests a report;"), author="Mexico", rid=3),
            mark=f'<w:ins w:id="4" w:author="Mexico" w:date="{DATE}"/>',
        )
        + p(
            revision("moveFrom", r("Moved words. ", deleted=False), author="Chile", rid=5),
            "Stays here.",
        )
        + p("Ends here. ", revision("moveTo", r("Moved words."), author="Chile", rid=6))
    )
    return docx(body)


def test_accepted_view_keeps_insertions_and_drops_deletions() -> None:
    assert texts(read_docx_blocks(tracked())) == [
        "Decides to remain actively seized of the matter.",
        "Requests a report;",
        "Stays here.",
        "Ends here. Moved words.",
    ]


def test_rejected_view_gives_the_original_text() -> None:
    assert texts(read_docx_blocks(tracked(), view="rejected")) == [
        "Decides to urgently seized of the matter.",
        "Moved words. Stays here.",
        "Ends here.",
    ]


def test_every_revision_is_kept_with_kind_author_date_and_text() -> None:
    blocks = read_docx_blocks(tracked())
    assert blocks[0].revisions == (
        Revision(RevisionKind.DELETE, "Russian Federation", DATE, "urgently "),
        Revision(RevisionKind.INSERT, "European Union", DATE, "remain actively "),
    )
    assert blocks[1].revisions == (
        Revision(RevisionKind.INSERT, "Mexico", DATE, "Requests a report;"),
        Revision(RevisionKind.INSERT, "Mexico", DATE, "\n"),
    )
    assert blocks[2].revisions == (
        Revision(RevisionKind.MOVE_FROM, "Chile", DATE, "Moved words. "),
    )
    assert blocks[3].revisions == (Revision(RevisionKind.MOVE_TO, "Chile", DATE, "Moved words."),)


def test_a_deleted_paragraph_mark_joins_the_paragraph_with_the_next() -> None:
    mark = f'<w:del w:id="7" w:author="Cuba" w:date="{DATE}"/>'
    body = p("Welcomes the report", mark=mark) + p(" and its recommendations;")
    [block] = read_docx_blocks(docx(body))
    assert block.text == "Welcomes the report and its recommendations;"
    assert block.revisions == (Revision(RevisionKind.DELETE, "Cuba", DATE, "\n"),)
    assert len(read_docx_blocks(docx(body), view="rejected")) == 2


def test_a_wholly_deleted_paragraph_disappears_but_its_revisions_stay() -> None:
    mark = f'<w:del w:id="8" w:author="Cuba" w:date="{DATE}"/>'
    body = p(revision("del", r("Notes the report;", deleted=True), author="Cuba"), mark=mark)
    body += p("Decides to continue;")
    [block] = read_docx_blocks(docx(body))
    assert block.text == "Decides to continue;"
    assert [rev.text for rev in block.revisions] == ["Notes the report;", "\n"]


def test_an_unknown_view_is_a_programming_error() -> None:
    with pytest.raises(ValueError, match="view"):
        read_docx_blocks(docx(p("text")), view="final")


def test_real_word_tracked_changes_keep_authors() -> None:
    [block] = real("mixed-insert-delete.docx")
    assert block.text.startswith("Lorem dolor sit amet ipsum, consectetuer")
    assert [(rev.kind, rev.author, rev.text) for rev in block.revisions] == [
        (RevisionKind.INSERT, "Author", "dolor sit amet "),
        (RevisionKind.DELETE, "Author", " dolor sit amet"),
    ]


# --- comments ----------------------------------------------------------------------------------


def test_comments_carry_author_date_text_and_anchor() -> None:
    comments = (
        f'<w:comment w:id="0" w:author="Group of 77 and China" w:date="{DATE}" w:initials="G77">'
        "<w:p><w:r><w:annotationRef/></w:r><w:r><w:t>Prefer 'Invites'?</w:t></w:r></w:p>"
        "<w:p><w:r><w:t>Or 'Calls upon'.</w:t></w:r></w:p></w:comment>"
    )
    body = p(
        '<w:commentRangeStart w:id="0"/>',
        r("Encourages", italic=True),
        '<w:commentRangeEnd w:id="0"/>',
        '<w:r><w:commentReference w:id="0"/></w:r>',
        " all States;",
    )
    [block] = read_docx_blocks(docx(body, comments=comments))
    assert block.text == "Encourages all States;"
    assert block.comments == (
        Comment("Group of 77 and China", DATE, "Prefer 'Invites'?\nOr 'Calls upon'.", "Encourages"),
    )


def test_real_comment_threads_read_every_reply() -> None:
    [block] = real("comment-thread.docx")
    assert [(c.text, c.anchor) for c in block.comments] == [
        ("A comment.", "dolor sit amet"),
        ("A reply comment.", "dolor sit amet"),
    ]


# --- tables, text boxes, page furniture ----------------------------------------------------------


def test_paragraphs_in_tables_and_nested_tables_come_in_document_order() -> None:
    inner = "<w:tbl><w:tr><w:tc>" + p("nested cell") + "</w:tc></w:tr></w:tbl>"
    table = (
        "<w:tbl><w:tblPr/><w:tr><w:tc>"
        + p("cell one")
        + "</w:tc><w:tc>"
        + p("cell two")
        + inner
        + "</w:tc></w:tr></w:tbl>"
    )
    body = p("before") + table + p("after")
    assert texts(read_docx_blocks(docx(body))) == [
        "before", "cell one", "cell two", "nested cell", "after",
    ]  # fmt: skip


def test_text_box_in_alternate_content_is_read_once() -> None:
    def box(text: str) -> str:
        return f"<w:txbxContent>{p(text)}</w:txbxContent>"

    drawing = (
        '<w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing><wp:anchor>'
        "<a:graphic><a:graphicData><wps:wsp><wps:txbx>"
        + box("Box text")
        + "</wps:txbx></wps:wsp></a:graphicData></a:graphic></wp:anchor></w:drawing></mc:Choice>"
        "<mc:Fallback><w:pict><v:shape><v:textbox>"
        + box("Box text")
        + "</v:textbox></v:shape></w:pict></mc:Fallback></mc:AlternateContent></w:r>"
    )
    body = p("Anchor paragraph", drawing) + p("After")
    assert texts(read_docx_blocks(docx(body))) == ["Anchor paragraph", "Box text", "After"]


def test_real_text_boxes_are_read_once() -> None:
    found = texts(real("test16.docx"))
    assert found.count("First text box, regular") == 1
    assert "Vertical text box added too" in found


def test_real_tables_are_read_cell_by_cell() -> None:
    found = texts(real("test12.docx"))
    assert found == [
        "This is a simple paragraph",
        "Row 1, cell 1", "Row 1, cell 2", "Row 1, cell 3", "Row 2, cell 1", "Row 2, cell 3",
        "And a second paragraph",
    ]  # fmt: skip


def test_headers_and_footers_are_not_read() -> None:
    found = texts(real("sections.docx"))
    assert found[0] == "TITLE PAGE"
    assert not any("Header for" in text for text in found)


@pytest.mark.parametrize(
    "name",
    sorted(p.name for p in FIXTURES.glob("*/*.docx") if p.name != "bad-xml.docx"),
)
def test_every_real_word_file_reads_without_markup_leaking(name: str) -> None:
    blocks = real(name)
    assert blocks
    for block in blocks:
        assert block.text == block.text.strip() and "  " not in block.text
        assert "<w:" not in block.text and "HYPERLINK" not in block.text
        assert all(0 <= a < b <= len(block.text) for a, b in block.italics)
        assert all(0 <= f.offset <= len(block.text) for f in block.footnotes)


def test_parse_docx_structures_the_blocks() -> None:
    raw = tracked()
    assert parse_docx(raw) == structure_draft(read_docx_blocks(raw))


def test_a_custom_footnote_mark_is_the_marker_and_not_text() -> None:
    notes = SEPARATORS + "".join(
        f'<w:footnote w:id="{i}"><w:p><w:r><w:t>{text}</w:t></w:r></w:p></w:footnote>'
        for i, text in ((1, "Reissued for technical reasons."), (2, "A/RES/70/1."))
    )
    custom = '<w:r><w:footnoteReference w:customMarkFollows="1" w:id="1"/><w:t>*</w:t></w:r>'
    numbered = '<w:r><w:footnoteReference w:id="2"/></w:r>'
    [title, text] = read_docx_blocks(
        docx(p("Human rights defenders", custom) + p("Recalling 70/1,", numbered), footnotes=notes)
    )
    assert title.text == "Human rights defenders"
    assert title.footnotes == (Footnote("*", "Reissued for technical reasons.", 22),)
    assert text.footnotes == (Footnote("1", "A/RES/70/1.", 15),)


def test_the_rejected_view_numbers_paragraphs_by_their_original_properties() -> None:
    numbering = (
        '<w:abstractNum w:abstractNumId="0"><w:lvl w:ilvl="0"><w:start w:val="1"/>'
        '<w:numFmt w:val="decimal"/><w:lvlText w:val="%1."/></w:lvl></w:abstractNum>'
        '<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>'
    )
    was_unnumbered = (
        '<w:p><w:pPr><w:numPr><w:ilvl w:val="0"/><w:numId w:val="1"/></w:numPr>'
        f'<w:pPrChange w:id="9" w:author="Brazil" w:date="{DATE}"><w:pPr/></w:pPrChange></w:pPr>'
        "<w:r><w:t>Now numbered</w:t></w:r></w:p>"
    )
    raw = docx(was_unnumbered, numbering=numbering)
    assert [b.number for b in read_docx_blocks(raw)] == ["1."]
    assert [b.number for b in read_docx_blocks(raw, view="rejected")] == [""]


def test_real_deletions_come_back_in_the_rejected_view() -> None:
    raw = (FIXTURES / "splittist-docxfix" / "single-deletion.docx").read_bytes()
    [accepted] = read_docx_blocks(raw)
    [original] = read_docx_blocks(raw, view="rejected")
    assert accepted.text.startswith("Lorem ipsum, consectetuer")
    assert original.text.startswith("Lorem ipsum dolor sit amet, consectetuer")
