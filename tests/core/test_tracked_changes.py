"""Word tracked changes read as proposals, and their authors named on the hunks of a change."""

from __future__ import annotations

from app.core.diffing import diff_paragraph
from app.core.matching import HunkEdit
from app.core.model import Comment, Paragraph, Revision
from app.core.tracked_changes import locate_paragraph, read_tracked_edits, revision_authors
from app.core.vocabulary import ParagraphKind, RevisionKind


def operative(text: str, *revisions: Revision, comments: tuple[Comment, ...] = ()) -> Paragraph:
    """An operative paragraph with its tracked changes."""
    return Paragraph(ParagraphKind.OPERATIVE, "OP1", "1.", "", text, 0, (), (), revisions, comments)


def insert(author: str, text: str) -> Revision:
    """A tracked insertion."""
    return Revision(RevisionKind.INSERT, author, None, text)


def delete(author: str, text: str) -> Revision:
    """A tracked deletion."""
    return Revision(RevisionKind.DELETE, author, None, text)


def test_tracked_changes_become_edits_on_the_original_paragraphs() -> None:
    marks = (delete("EU", "Encourages"), insert("EU", "Urges"), insert("Mexico", "all "))
    comment = Comment("Chile", None, "Too broad?", "all")
    original = [
        operative("Encourages States to protect defenders;"),
        operative("Calls upon States to consider requests;"),
    ]
    revised = [
        operative("Urges States to protect defenders;", *marks[:2]),
        operative("Calls upon States to consider all requests;", marks[2], comments=(comment,)),
        operative("Decides to remain seized;", insert("Brazil", "Decides to remain seized;")),
    ]
    edits = read_tracked_edits(original, revised)
    assert [
        (e.index, e.action, e.paragraph, e.after, e.find, e.text, e.authors) for e in edits
    ] == [
        (0, "replace", 0, None, "Encourages", "Urges", ("EU",)),
        (1, "insert", 1, None, "upon States to consider", "all ", ("Mexico",)),
        (2, "new-paragraph", None, 1, None, "Decides to remain seized;", ("Brazil",)),
    ]
    assert edits[1].comments == (comment,) and edits[0].comments == ()


def test_a_replaced_word_that_occurs_twice_is_widened_until_it_is_unique() -> None:
    original = [operative("Calls upon States and urges States to act;")]
    revised = [operative("Calls upon States and urges Governments to act;")]
    [edit] = read_tracked_edits(original, revised)
    assert (edit.action, edit.find, edit.text) == ("replace", "urges States", "urges Governments")


def test_a_deleted_paragraph_is_a_delete_paragraph_edit() -> None:
    gone = operative("Notes the report;", delete("Russian Federation", "Notes the report;"))
    original = [gone, operative("Decides to remain seized;")]
    revised = [operative("Decides to remain seized;")]
    [edit] = read_tracked_edits(original, revised)
    assert (edit.action, edit.paragraph, edit.authors) == (
        "delete-paragraph",
        0,
        ("Russian Federation",),
    )


def test_a_word_paragraph_is_located_by_its_wording_then_by_likeness() -> None:
    stored = ["Recalls its resolutions,", "Urges States to protect human rights defenders;"]
    assert locate_paragraph("urges States to protect human rights defenders.", stored) == 1
    assert locate_paragraph("Urges all States to protect human rights defenders;", stored) == 1
    assert locate_paragraph("Decides to remain seized of the matter.", stored) is None


def test_revision_authors_name_whoever_typed_a_hunk_s_words() -> None:
    old, new = "Encourages States to act;", "Urges States to act promptly;"
    hunks = [
        HunkEdit(h.index, h.delete, h.insert, h.old_start, h.old_end)
        for h in diff_paragraph(old, new).hunks
    ]
    marks = [delete("EU", "Encourages"), insert("EU", "Urges"), insert("Canada", " promptly")]
    assert revision_authors(hunks, marks) == {0: ("EU",), 1: ("Canada",)}
    assert revision_authors(hunks, [insert("Cuba", "elsewhere")]) == {}
