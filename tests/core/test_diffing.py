"""Word-level diffs of paragraph texts: tokens, ops, hunks and word counts."""

from __future__ import annotations

import unicodedata
from itertools import pairwise

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.core import diffing
from app.core.diffing import diff_paragraph, words_changed
from app.core.model import Diff, Op


def changes(diff: Diff) -> list[tuple[str, str]]:
    """Each hunk as (deleted text, inserted text)."""
    return [(h.delete, h.insert) for h in diff.hunks]


def test_a_changed_letter_inside_a_long_paragraph_still_replaces_the_whole_word():
    old = "Recalling " * 30 + "its resolution 22/6 " + "and " * 30
    new = "Recalling " * 30 + "its resolutions 22/6 " + "and " * 30
    assert changes(diff_paragraph(old, new)) == [("resolution", "resolutions")]


# Diffs that read well


def test_a_one_word_replacement_reads_as_one_hunk_deleting_encourages_and_inserting_urges():
    diff = diff_paragraph(
        "The Council encourages all States to act;", "The Council urges all States to act;"
    )
    assert changes(diff) == [("encourages", "urges")]
    assert diff.ops == (
        Op("equal", "The Council "),
        Op("delete", "encourages"),
        Op("insert", "urges"),
        Op("equal", " all States to act;"),
    )


def test_an_inserted_clause_is_one_insert_hunk():
    diff = diff_paragraph(
        "Calls upon all States to protect defenders;",
        "Calls upon all States, in accordance with international law, to protect defenders;",
    )
    assert changes(diff) == [("", ", in accordance with international law,")]


def test_an_inserted_word_starts_at_the_word_not_at_the_space():
    assert changes(diff_paragraph("A B", "A and B")) == [("", "and ")]


def test_a_comma_changed_to_a_semicolon_is_its_own_token():
    diff = diff_paragraph("Recalling its resolutions, ", "Recalling its resolutions; ")
    assert changes(diff) == [(",", ";")]


def test_a_lone_space_between_two_changes_is_folded_into_one_change():
    diff = diff_paragraph("encourages all States", "urges every States")
    assert changes(diff) == [("encourages all", "urges every")]


def test_a_plural_replaces_the_whole_word_not_its_last_letter():
    assert changes(diff_paragraph("the State concerned", "the States concerned")) == [
        ("State", "States")
    ]


def test_chinese_text_diffs_per_character():
    assert changes(diff_paragraph("人权理事会决定", "人权委员会决定")) == [("理事", "委员")]


def test_arabic_words_are_replaced_whole():
    assert changes(diff_paragraph("يشجع جميع الدول", "يحث جميع الدول")) == [("يشجع", "يحث")]


def test_a_changed_accent_replaces_the_whole_decomposed_word():
    old, new = unicodedata.normalize("NFD", "élevé"), unicodedata.normalize("NFD", "élevè")
    assert changes(diff_paragraph(f"un niveau {old}", f"un niveau {new}")) == [(old, new)]


def test_identical_texts_give_one_equal_op_and_no_hunks():
    diff = diff_paragraph("Reaffirms its commitment;", "Reaffirms its commitment;")
    assert diff.ops == (Op("equal", "Reaffirms its commitment;"),)
    assert diff.hunks == ()


def test_two_empty_texts_give_no_ops():
    assert diff_paragraph("", "") == Diff(ops=(), hunks=())


def test_an_empty_old_text_is_one_insertion_and_an_empty_new_text_one_deletion():
    added = diff_paragraph("", "Decides to remain seized of the matter.")
    removed = diff_paragraph("Decides to remain seized of the matter.", "")
    assert added.ops == (Op("insert", "Decides to remain seized of the matter."),)
    assert changes(added) == [("", "Decides to remain seized of the matter.")]
    assert removed.ops == (Op("delete", "Decides to remain seized of the matter."),)
    assert changes(removed) == [("Decides to remain seized of the matter.", "")]


# Hunks


def test_hunks_are_numbered_and_their_offsets_slice_both_texts():
    old = "Encourages all States to take effective measures to protect defenders;"
    new = "Urges all States to take all necessary measures to protect defenders and families;"
    diff = diff_paragraph(old, new)
    assert [h.index for h in diff.hunks] == list(range(len(diff.hunks)))
    assert len(diff.hunks) == 3
    for hunk in diff.hunks:
        assert old[hunk.old_start : hunk.old_end] == hunk.delete
        assert new[hunk.new_start : hunk.new_end] == hunk.insert
        spanned = diff.ops[hunk.first_op : hunk.last_op + 1]
        assert all(op.op != "equal" for op in spanned)
        assert "".join(op.text for op in spanned if op.op == "delete") == hunk.delete


# Word counts


def test_words_changed_counts_inserted_then_deleted_words():
    diff = diff_paragraph(
        "Encourages all States to act;", "Urges all Member States to act now and always;"
    )
    assert words_changed(diff) == (5, 1)


def test_identical_texts_change_no_words():
    assert words_changed(diff_paragraph("Notes the report;", "Notes the report;")) == (0, 0)


# Limits


def test_more_than_65536_distinct_tokens_diff_exactly():
    words = [f"w{i}" for i in range(70_000)]
    old = " ".join(words)
    new = " ".join([*words[:35_000], "inserted", *words[35_001:], "end"])
    diff = diff_paragraph(old, new)
    assert diff.old_text == old
    assert diff.new_text == new
    assert changes(diff) == [("w35000", "inserted"), ("", " end")]


def test_a_long_pair_beyond_the_lcs_size_guard_still_diffs_by_word(monkeypatch):
    monkeypatch.setattr(diffing, "MAX_TOKEN_PRODUCT", 4)
    diff = diff_paragraph("Urges all States to act now;", "Urges every State to act now;")
    assert changes(diff) == [("all States", "every State")]


def test_a_long_pair_with_too_many_edits_is_one_replacement_of_its_changed_middle(monkeypatch):
    monkeypatch.setattr(diffing, "MAX_TOKEN_PRODUCT", 4)
    monkeypatch.setattr(diffing, "MAX_LARGE_EDITS", 2)
    diff = diff_paragraph("Urges all States to act now;", "Urges every State to do so now;")
    assert changes(diff) == [("all States to act", "every State to do so")]


def test_the_same_texts_always_give_the_same_diff():
    old = "Requests the Secretary-General to submit a report at its eightieth session;"
    new = "Decides to continue its consideration of the question at its next session;"
    assert diff_paragraph(old, new) == diff_paragraph(old, new)


# Properties

PIECES = [
    " ",
    "  ",
    "\n",
    "\t",
    ",",
    ";",
    ".",
    "(a)",
    "the",
    "States",
    "encourages",
    "urges",
    "人",
    "权",
    "会",
    "カ",
    "ひ",
    "مجلس",
    "حُقُوق",
    "права",
    "e\u0301",
    "\u0301",
    "\u200d",
    "\u200c",
    "👍",
    "🏽",
    "👨\u200d👩",
    "l'homme",
    "2024",
    "_",
]
texts = st.lists(st.sampled_from(PIECES) | st.text(max_size=3), max_size=40).map("".join)


def assert_well_formed(diff: Diff, old: str, new: str) -> None:
    """The diff rebuilds both texts, its ops are normalised and its hunks slice the texts."""
    assert diff.old_text == old
    assert diff.new_text == new
    assert all(op.text for op in diff.ops)
    for before, after in pairwise(diff.ops):
        assert before.op != after.op
        assert (before.op, after.op) != ("insert", "delete")
    assert sum(1 for op in diff.ops if op.op == "equal") >= len(diff.hunks) - 1
    for hunk in diff.hunks:
        assert old[hunk.old_start : hunk.old_end] == hunk.delete
        assert new[hunk.new_start : hunk.new_end] == hunk.insert
        assert hunk.delete or hunk.insert


@settings(max_examples=200, deadline=None)
@given(texts, texts)
def test_ops_rebuild_any_two_texts_exactly(old, new):
    assert_well_formed(diff_paragraph(old, new), old, new)


@settings(max_examples=200, deadline=None)
@given(texts, st.lists(st.tuples(st.integers(0, 40), st.integers(0, 3), texts), max_size=4))
def test_ops_rebuild_a_text_and_its_edited_version_exactly(old, edits):
    new = old
    for at, length, text in edits:
        at = min(at, len(new))
        new = new[:at] + text + new[at + length :]
    assert_well_formed(diff_paragraph(old, new), old, new)


@pytest.mark.parametrize("old, new", [("a", "b"), ("a b", "b a"), (" ", "  "), ("人", "人人")])
def test_tiny_texts_diff_exactly(old, new):
    assert_well_formed(diff_paragraph(old, new), old, new)
