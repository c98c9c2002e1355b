"""Writing systems: the scripts of the six UN languages, their tokens and their words."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.core.script import (
    Script,
    contains_words,
    count_words,
    diff_tokens,
    find_spans,
    is_cjk,
    is_spaceless,
    is_token_boundary,
    is_word,
    script_of,
    word_set,
    word_tokens,
)

# One operative paragraph in each of the six UN languages.
ARABIC = "يحث جميع الدول على حماية المدافعين عن حقوق الإنسان؛"
CHINESE = "敦促所有国家保护人权维护者；"
ENGLISH = "Urges all States to protect human rights defenders;"
FRENCH = "Exhorte tous les États à protéger les défenseurs des droits de l'homme;"
RUSSIAN = "настоятельно призывает все государства защищать правозащитников;"
SPANISH = "Insta a todos los Estados a proteger a los defensores de los derechos humanos;"


# Scripts


@pytest.mark.parametrize(
    "text, script",
    [
        (ARABIC, Script.ARABIC),
        (CHINESE, Script.CJK),
        (ENGLISH, Script.LATIN),
        (FRENCH, Script.LATIN),
        (RUSSIAN, Script.CYRILLIC),
        (SPANISH, Script.LATIN),
    ],
)
def test_every_letter_of_a_un_language_is_in_its_script(text: str, script: Script) -> None:
    assert {script_of(c) for c in text if c.isalpha()} == {script}


def test_digits_spaces_and_punctuation_have_no_script() -> None:
    assert [script_of(c) for c in "7 ;,."] == [None] * 5


def test_chinese_and_japanese_characters_are_cjk_but_korean_is_not() -> None:
    assert all(map(is_cjk, "人权理事会"))
    assert all(map(is_cjk, "カタカナとひらがな"))
    assert is_cjk("\U00020000")  # CJK extension B, beyond the Basic Multilingual Plane
    assert not any(map(is_cjk, "인권"))  # Korean separates its words with spaces
    assert not any(map(is_cjk, "Urges"))


def test_cjk_punctuation_goes_without_spaces_but_is_not_a_cjk_word() -> None:
    for mark in "。，；：「」":
        assert is_spaceless(mark)
        assert not is_cjk(mark)
    assert is_spaceless("人")
    assert not any(map(is_spaceless, "a ,;"))


# Tokens for the diff


def test_diff_tokens_are_words_spaces_and_punctuation_and_a_space_run_is_one() -> None:
    assert diff_tokens("Urges all States,  in  particular;") == [
        *("Urges", " ", "all", " ", "States", ",", "  ", "in", "  ", "particular", ";")
    ]


def test_chinese_and_japanese_are_one_diff_token_per_character() -> None:
    assert diff_tokens(CHINESE) == list(CHINESE)
    assert diff_tokens("カタカナとひらがな") == list("カタカナとひらがな")


@pytest.mark.parametrize("text", [ARABIC, ENGLISH, FRENCH, RUSSIAN, SPANISH])
def test_words_of_alphabetic_scripts_are_whole_diff_tokens(text: str) -> None:
    words = [t for t in diff_tokens(text) if is_word(t)]
    assert words == text.rstrip(";؛").replace("'", " ").split()


def test_combining_marks_stay_with_their_letter() -> None:
    decomposed = unicodedata.normalize("NFD", "société développée")
    assert diff_tokens(decomposed) == [
        unicodedata.normalize("NFD", "société"),
        " ",
        unicodedata.normalize("NFD", "développée"),
    ]


def test_vowelled_arabic_and_a_japanese_voiced_mark_stay_whole() -> None:
    vowelled = "حُقُوق"  # harakat are combining marks
    assert diff_tokens(vowelled) == [vowelled]
    assert diff_tokens("か\u3099") == ["か\u3099"]


def test_zero_width_non_joiner_stays_inside_a_persian_word() -> None:
    word = "می\u200cخواهم"
    assert diff_tokens(word + " ") == [word, " "]


def test_emoji_and_symbols_are_diff_tokens_of_their_own() -> None:
    assert diff_tokens("ok 👍🏽!") == ["ok", " ", "👍", "🏽", "!"]


@settings(max_examples=200, deadline=None)
@given(st.text())
def test_diff_tokens_join_back_to_any_text(text: str) -> None:
    tokens = diff_tokens(text)
    assert "".join(tokens) == text
    assert all(tokens)


@settings(max_examples=200, deadline=None)
@given(st.text())
def test_no_diff_token_mixes_whitespace_with_other_characters(text: str) -> None:
    for token in diff_tokens(text):
        assert token.isspace() or not any(c.isspace() for c in token)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="ab 人か\u3099\u0301\u200d,\n\u3000。") | st.text(), st.data())
def test_a_text_cut_at_a_token_boundary_tokenises_as_the_whole(text: str, data) -> None:
    at = data.draw(st.integers(0, len(text)))
    if is_token_boundary(text, at):
        assert diff_tokens(text[:at]) + diff_tokens(text[at:]) == diff_tokens(text)


def test_a_cut_inside_a_word_is_not_a_token_boundary() -> None:
    assert not is_token_boundary("States", 3)
    assert is_token_boundary("all States", 3)
    assert is_token_boundary("人权", 1)


# Tokens for likeness


@pytest.mark.parametrize(
    "text, tokens",
    [
        (ARABIC, "يحث جميع الدول على حماية المدافعين عن حقوق الإنسان"),
        (CHINESE, "敦 促 所 有 国 家 保 护 人 权 维 护 者"),
        (ENGLISH, "urges all states to protect human rights defenders"),
        (FRENCH, "exhorte tous les états à protéger les défenseurs des droits de l homme"),
        (RUSSIAN, "настоятельно призывает все государства защищать правозащитников"),
        (SPANISH, "insta a todos los estados a proteger a los defensores de los derechos humanos"),
    ],
)
def test_word_tokens_are_the_casefolded_words_of_every_un_language(text: str, tokens: str) -> None:
    assert " ".join(word_tokens(text)) == tokens


def test_word_tokens_of_ascii_text_drop_punctuation_like_any_other_text() -> None:
    assert word_tokens("Urges (all) States; 22/6") == ["urges", "all", "states", "22", "6"]
    assert word_tokens("Urges (all) États; 22/6") == ["urges", "all", "états", "22", "6"]


def test_word_tokens_count_each_chinese_character_even_beside_latin_letters() -> None:
    assert word_tokens("UN人权") == ["un", "人", "权"]


# Words


def test_a_word_token_starts_with_a_letter_a_digit_or_an_underscore() -> None:
    assert [is_word(t) for t in ["States", "22", "_x", "人", "حقوق", ",", " ", "；"]] == [
        *(True, True, True, True, True, False, False, False)
    ]


@pytest.mark.parametrize(
    "text, words",
    [(ARABIC, 9), (CHINESE, 13), (ENGLISH, 8), (FRENCH, 13), (RUSSIAN, 6), (SPANISH, 14)],
)
def test_count_words_counts_each_chinese_character_as_a_word(text: str, words: int) -> None:
    assert count_words(text) == words


def test_words_are_counted_without_spaces_or_punctuation_and_cjk_per_character() -> None:
    assert count_words("Urges all States, in particular;") == 5
    assert count_words("人权理事会 2024") == 6
    assert count_words(" ,;  ") == 0


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_count_words_counts_the_word_tokens(text: str) -> None:
    assert count_words(text) == sum(1 for token in diff_tokens(text) if is_word(token))


def test_a_word_set_holds_casefolded_words_and_no_spaces_or_lone_punctuation() -> None:
    assert word_set("Urges all States, urges all;") == {"urges", "all", "states"}
    assert word_set("人权；人") == {"人", "权"}


# Finding words


def test_words_are_found_with_any_run_of_whitespace_between_them() -> None:
    text = "Urges all  States to protect\nhuman rights defenders, all States"
    assert find_spans(text, "all States") == [(6, 17), (53, 63)]
    assert find_spans(text, "protect human") == [(21, 34)]
    assert contains_words(text, "  protect   human ")


def test_blank_or_absent_words_are_found_nowhere() -> None:
    assert find_spans(ENGLISH, "  ") == []
    assert not contains_words(ENGLISH, "")
    assert not contains_words(ENGLISH, "Decides")


def test_chinese_words_are_found_without_spaces() -> None:
    assert find_spans(CHINESE, "人权") == [(8, 10)]
    assert contains_words(CHINESE, "保护人权")
