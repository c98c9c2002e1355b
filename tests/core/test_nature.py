"""Editorial or substantive, and lead verbs swapped on the documented scale."""

from __future__ import annotations

import json
from importlib import resources

from app.core.nature import change_nature, hunk_nature, lead_shift
from app.core.vocabulary import ChangeKind, Nature, ShiftDirection


def test_case_punctuation_spacing_quotes_and_footnote_numbers_are_editorial() -> None:
    assert hunk_nature("States parties", "States Parties") == Nature.EDITORIAL
    assert hunk_nature("labels such as “foreign agent”", 'labels such as "foreign agent"') == (
        Nature.EDITORIAL
    )
    assert hunk_nature("law ,and", "law, and") == Nature.EDITORIAL
    assert hunk_nature("Convention,¹", "Convention,²") == Nature.EDITORIAL
    assert hunk_nature("resolution [3]", "resolution [4]") == Nature.EDITORIAL


def test_other_words_and_plain_numbers_are_substantive() -> None:
    assert hunk_nature("encourages", "urges") == Nature.SUBSTANTIVE
    assert hunk_nature("resolution 70/1", "resolution 70/2") == Nature.SUBSTANTIVE
    assert hunk_nature("", "including") == Nature.SUBSTANTIVE


def test_a_change_is_editorial_only_when_all_its_hunks_are() -> None:
    editorial, substantive = Nature.EDITORIAL, Nature.SUBSTANTIVE
    assert change_nature(ChangeKind.MODIFIED, False, [editorial, editorial]) == editorial
    assert change_nature(ChangeKind.MODIFIED, False, [editorial, substantive]) == substantive
    assert change_nature(ChangeKind.UNCHANGED, False, []) == editorial
    assert change_nature(ChangeKind.ADDED, False, []) == substantive
    assert change_nature(ChangeKind.DELETED, False, []) == substantive
    assert change_nature(ChangeKind.MOVED, True, []) == substantive


def test_swapping_a_lead_verb_for_a_stronger_one_is_a_shift_up() -> None:
    shift = lead_shift("Encourages States to act;", 0, 10, "Urges")
    assert shift is not None
    assert (shift.from_lead, shift.to_lead, shift.direction) == (
        "encourages",
        "urges",
        ShiftDirection.STRONGER,
    )


def test_a_lead_after_also_and_a_two_word_lead_are_read_whole() -> None:
    shift = lead_shift("Also urges all States;", 5, 10, "calls upon")
    assert shift is not None and shift.direction == ShiftDirection.WEAKER
    assert (shift.from_lead, shift.to_lead) == ("urges", "calls upon")
    concern = lead_shift("Gravely concerned by the misuse,", 0, 7, "Deeply")
    assert concern is not None
    assert (concern.from_lead, concern.to_lead) == ("gravely concerned", "deeply concerned")
    assert concern.direction == ShiftDirection.WEAKER


def test_a_verb_swapped_inside_the_paragraph_is_no_shift() -> None:
    assert lead_shift("Calls upon States to encourage others;", 20, 29, "urge") is None
    assert lead_shift("Urges States;", 0, 5, "Requests that") is not None
    assert lead_shift("Decides to act;", 0, 7, "Agrees") is None


def test_the_scale_file_says_where_it_comes_from_and_lists_each_phrase_once_per_scale() -> None:
    raw = resources.files("app.data").joinpath("lead_verbs.json").read_text(encoding="utf-8")
    data = json.loads(raw)
    assert "Editorial Manual" in data["source"] and "not an official" in data["source"]
    for scale in data["scales"]:
        phrases = [phrase for step in scale["steps"] for phrase in step]
        assert len(phrases) == len(set(phrases)), scale["name"]
