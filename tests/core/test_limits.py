"""What a draft may hold: caps counted while reading, and characters Word cannot hold refused."""

from __future__ import annotations

import pytest

from app.core.errors import TooLarge, UnreadableDraft
from app.core.parsing.docx import read_docx_blocks
from app.core.parsing.limits import (
    MAX_BLOCKS,
    MAX_LINES,
    MAX_PARAGRAPH_CHARS,
    MAX_PARAGRAPHS,
)
from app.core.parsing.text import decode_text, parse_text, read_text_draft, text_encoding
from tests.core.docx_builders import docx, p

HEAD = "The Human Rights Council,\n\nRecalling its earlier resolutions,\n\n"


def test_a_file_over_the_line_cap_is_refused_before_it_is_split() -> None:
    with pytest.raises(TooLarge, match=f"at most {MAX_LINES:,} lines"):
        read_text_draft(b"word\n" * (MAX_LINES + 1))


def test_carriage_returns_alone_count_as_lines_and_crlf_counts_once() -> None:
    with pytest.raises(TooLarge, match="lines"):
        read_text_draft(b"word\r" * (MAX_LINES + 1))
    crlf = (HEAD + "1. Urges States;\n").replace("\n", "\r\n").encode() * 1
    assert read_text_draft(crlf).paragraphs[-1].text == "Urges States;"


def test_paragraphs_are_counted_while_reading_not_after() -> None:
    numbered = "\n\n".join(f"{i}. Urges;" for i in range(1, MAX_BLOCKS + 2))
    with pytest.raises(TooLarge, match=f"more than {MAX_BLOCKS:,} paragraphs"):
        parse_text(HEAD + numbered)


def test_a_draft_of_the_paragraph_cap_is_read_and_one_more_is_refused() -> None:
    def draft(count: int) -> str:
        subparagraphs = "\n\n".join("(a) x;" for _ in range(count - 4))
        return HEAD + "1. Urges:\n\n" + subparagraphs + "\n\n2. Decides.\n"

    assert len(parse_text(draft(MAX_PARAGRAPHS)).paragraphs) == MAX_PARAGRAPHS
    with pytest.raises(TooLarge, match=f"{MAX_PARAGRAPHS + 1:,} paragraphs"):
        parse_text(draft(MAX_PARAGRAPHS + 1))


def test_a_word_document_with_too_many_paragraphs_is_refused_while_reading() -> None:
    body = "".join(p(f"{i}. Urges;") for i in range(MAX_BLOCKS + 1))
    with pytest.raises(TooLarge, match="paragraphs"):
        read_docx_blocks(docx(body))


def test_a_paragraph_over_the_length_cap_is_refused_by_its_label() -> None:
    long = "Urges " + "x" * MAX_PARAGRAPH_CHARS
    with pytest.raises(TooLarge, match=f"Paragraph OP1 has {len(long) + 1:,} characters"):
        parse_text(HEAD + "1. " + long + ";\n")


@pytest.mark.parametrize("character", ["\ufffe", "\uffff"])
def test_a_character_word_cannot_hold_is_refused_naming_paragraph_and_position(
    character: str,
) -> None:
    with pytest.raises(UnreadableDraft) as refused:
        parse_text(HEAD + f"1. Urges States{character}to act;\n")
    detail = refused.value.detail
    assert f"Paragraph OP1 holds the character U+{ord(character):04X} at position 13" in detail


@pytest.mark.parametrize("character", ["\x0b", "\x0c"])
def test_vertical_tab_and_form_feed_in_text_are_read_as_whitespace(character: str) -> None:
    draft = parse_text(HEAD + f"1. Urges States{character}to act;\n")
    assert all(character not in p.text for p in draft.paragraphs)


def test_a_footnote_holding_an_unstorable_character_is_named_too() -> None:
    text = HEAD + "1. Urges States1 to act;\n\n1 A note with \uffff in it.\n"
    with pytest.raises(UnreadableDraft, match=r"OP1 \(footnote 1\) holds the character U\+FFFF"):
        parse_text(text)


def test_invalid_utf8_in_a_utf8_file_is_refused_with_the_byte_offset() -> None:
    raw = "Recalling défenseurs,".encode() + b"\xff" + b" and more"
    with pytest.raises(UnreadableDraft, match="byte 22"):
        decode_text(raw)


def test_windows_1252_without_any_utf8_sequence_is_still_read() -> None:
    raw = "Recalling défenseurs,".encode("cp1252")
    assert decode_text(raw) == "Recalling défenseurs,"
    assert text_encoding(raw) == "windows-1252"


@pytest.mark.parametrize(
    ("raw", "encoding"),
    [
        (b"plain", "utf-8"),
        ("é".encode(), "utf-8"),
        (b"\xef\xbb\xbfx", "utf-8"),
        (b"\xff\xfex\x00", "utf-16le"),
        (b"\xfe\xff\x00x", "utf-16be"),
        ("é".encode("cp1252"), "windows-1252"),
    ],
)
def test_the_encoding_a_text_was_read_in_is_named(raw: bytes, encoding: str) -> None:
    assert text_encoding(raw) == encoding


def test_a_control_character_is_refused_with_its_line() -> None:
    with pytest.raises(UnreadableDraft, match="U\\+0001 on line 3"):
        decode_text(b"one\ntwo\nthree\x01\n")


def test_footnote_lines_without_markers_are_each_searched_once() -> None:
    # 20,000 lines numbered "1" whose marker never appears: quadratic before, linear now
    lines = "\n\n".join(f"1 Note {i}" for i in range(20_000))
    with pytest.raises(TooLarge):
        parse_text(HEAD + "1. Urges States;\n\n" + lines)
