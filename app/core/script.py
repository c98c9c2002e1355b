"""Writing systems: which characters go without spaces, tokens, and what counts as a word.

Drafts come in the six UN languages, and nothing may assume English or words between spaces.
This module is the one place that knows how each script is written:

- **CJK characters** (`is_cjk`): Chinese and Japanese (Han, Hiragana, Katakana, Bopomofo) are
  written without spaces, so each such character is a word of its own. Hangul is left out on
  purpose: Korean separates words with spaces. Thai, Lao, Khmer and Myanmar, also written
  without spaces, are not split further: a run between spaces is one token (coarse, still exact).
- **Spaceless characters** (`is_spaceless`): the CJK characters plus CJK punctuation, symbols and
  full-width forms; two hard-wrapped lines join without a space between two of them.
- **Scripts** (`script_of`): the script a letter belongs to, for guessing a draft's language.

Two tokenisations, for two jobs:

- `diff_tokens` is lossless, for the word diff: every character belongs to exactly one token,
  so the tokens join back to the text. A word is a run of letters, digits and underscores
  (Python's `\\w`) with the combining marks (Unicode categories Mn, Mc, Me) and zero-width
  (non-)joiners that follow them, so a decomposed "é" or a vowelled Arabic word stays whole;
  each CJK character is a token; a run of whitespace is a token; any other character
  (punctuation, symbols, emoji) is a token with the marks that follow it.
- `word_tokens` is for likeness (shingles, the aligner): casefolded words only, no spaces and
  no punctuation, each CJK character a word. It is a plain `\\w` scan (with a faster path for
  ASCII text), several times cheaper than `diff_tokens` on the aligner's hot path, and so
  a combining mark is not part of a word here: a decomposed (NFD) "é" splits the word there.

A word token (`is_word`) starts with a letter, digit or underscore; `count_words` counts them
(each CJK character that is a letter or digit is one word).
"""

from __future__ import annotations

import re
import string
import unicodedata
from enum import StrEnum
from itertools import compress

# Chinese and Japanese: one token per character. (CJK radicals; CJK symbols and punctuation
# U+3000 block: 〆々〇 and the Hangzhou numerals; Hiragana; Katakana; Bopomofo; Katakana
# extensions; unified ideographs and extension A; compatibility ideographs; half-width
# Katakana; Kana supplements; planes 2 and 3.)
_CJK = (
    "\u2e80-\u2fdf\u3005-\u3007\u3021-\u3029\u3031-\u3035\u3038-\u303c"
    "\u3040-\u30ff\u3100-\u312f\u31a0-\u31bf\u31f0-\u31ff\u3400-\u4dbf\u4e00-\u9fff"
    "\uf900-\ufaff\uff65-\uff9f\U0001b000-\U0001b16f\U00020000-\U0003ffff"
)
# Written without spaces around them, though not words: ideographic description characters,
# CJK symbols and punctuation (。、「」), Kanbun, strokes, enclosed CJK letters and months, CJK
# compatibility, Yijing hexagrams, half- and full-width forms (，；：).
_CJK_MARKS = (
    "\u2fe0-\u2fff\u3000-\u303f\u3190-\u319f\u31c0-\u31ef\u3200-\u33ff\u4dc0-\u4dff\uff00-\uffef"
)
_JOINERS = "\u200c\u200d"

_CJK_CHARACTER = re.compile(f"[{_CJK}]")
_SPACELESS_CHARACTER = re.compile(f"[{_CJK}{_CJK_MARKS}]")


def _combining_marks() -> str:
    """A regex class body of every combining mark (Mn, Mc, Me) this Python's Unicode knows."""
    # Marks live in planes 0 and 1 and in the variation selectors supplement of plane 14;
    # scanning only those (135,168 code points) costs 20-50 ms once, at import.
    code_points = [*range(0x0000, 0x20000), *range(0xE0000, 0xE1000)]
    is_mark = map(
        frozenset({"Mn", "Mc", "Me"}).__contains__, map(unicodedata.category, map(chr, code_points))
    )
    ranges: list[list[int]] = []
    for cp in compress(code_points, is_mark):
        if ranges and ranges[-1][1] == cp - 1:
            ranges[-1][1] = cp
        else:
            ranges.append([cp, cp])
    return "".join(f"{re.escape(chr(a))}-{re.escape(chr(b))}" for a, b in ranges)


_MARKS = _combining_marks()
_WORD_CHAR = rf"[^\W{_CJK}]"  # a letter, digit or underscore, not CJK
_WORD = re.compile(rf"{_WORD_CHAR}++(?:[{_MARKS}{_JOINERS}]++{_WORD_CHAR}*+)*+")
_DIFF_TOKEN = re.compile(
    rf"\s++"  # a run of whitespace
    rf"|{_WORD.pattern}"  # a word
    rf"|[{_CJK}][{_MARKS}]*+"  # one Chinese or Japanese character
    rf"|\S[{_MARKS}{_JOINERS}]*+"  # anything else: punctuation, symbols, emoji, a stray mark
)
_WORD_TOKEN = re.compile(rf"[{_CJK}]|{_WORD_CHAR}+")
_ASCII_PUNCTUATION = str.maketrans({c: " " for c in string.punctuation if c != "_"})


class Script(StrEnum):
    """The scripts of the six UN languages, as far as telling the languages apart needs."""

    CJK = "cjk"
    ARABIC = "arabic"
    CYRILLIC = "cyrillic"
    LATIN = "latin"


def is_cjk(character: str) -> bool:
    """Whether `character` is Chinese or Japanese (Han, kana, Bopomofo): a word of its own."""
    return _CJK_CHARACTER.match(character) is not None


def is_spaceless(character: str) -> bool:
    """Whether `character` is written without spaces around it: CJK, or CJK punctuation."""
    return _SPACELESS_CHARACTER.match(character) is not None


def script_of(character: str) -> Script | None:
    """The script of a letter (Arabic U+0600 block, Cyrillic U+0400 block, CJK, Latin), or None.

    Latin is any other letter, Greek included: for the six UN languages it can only be
    English, French or Spanish. Digits, punctuation and spaces have no script.
    """
    if "\u0600" <= character <= "\u06ff":
        return Script.ARABIC
    if "\u0400" <= character <= "\u04ff":
        return Script.CYRILLIC
    if is_cjk(character):
        return Script.CJK
    return Script.LATIN if character.isalpha() else None


def diff_tokens(text: str) -> list[str]:
    """Cut `text` into word, whitespace-run and punctuation tokens; they join back to `text`."""
    return _DIFF_TOKEN.findall(text)


def word_tokens(text: str) -> list[str]:
    """Casefolded word tokens, without spaces or punctuation; each CJK character is one."""
    folded = text.casefold()
    if folded.isascii():  # fast path, same tokens: ASCII punctuation to spaces, then split
        return folded.translate(_ASCII_PUNCTUATION).split()
    return _WORD_TOKEN.findall(folded)


def is_word(token: str) -> bool:
    """Whether a `diff_tokens` token is a word: it starts with a letter, digit or underscore."""
    first = token[0]
    return first.isalnum() or first == "_"


def count_words(text: str) -> int:
    """The number of words in `text`; each Chinese or Japanese character counts as one."""
    return len(_WORD.findall(text)) + sum(1 for c in _CJK_CHARACTER.findall(text) if c.isalnum())


def word_set(text: str) -> set[str]:
    """The distinct casefolded tokens of `text` that carry words: no spaces, no lone marks.

    A token counts when it starts with a letter or digit, or is longer than one character
    (a word starting with an underscore, an emoji with its modifier).
    """
    return {t.casefold() for t in diff_tokens(text) if t.strip() and (t[0].isalnum() or len(t) > 1)}


def is_token_boundary(text: str, at: int) -> bool:
    """True when a `diff_tokens` token of `text` surely starts or ends at offset `at`.

    Any change between whitespace and non-whitespace is a boundary (no token mixes the two,
    and none looks behind), and so is the offset of a CJK character that is not a combining
    mark; `text[:at]` and `text[at:]` then tokenise as `text` does.
    """
    if at in (0, len(text)):
        return True
    after = text[at]
    if text[at - 1].isspace() != after.isspace():
        return True
    return is_cjk(after) and unicodedata.category(after)[0] != "M"


def _phrase(words: str) -> re.Pattern[str] | None:
    """A pattern for `words` with each run of whitespace matching any run; None when blank."""
    parts = words.split()
    return re.compile(r"\s+".join(map(re.escape, parts))) if parts else None


def find_spans(text: str, words: str) -> list[tuple[int, int]]:
    """Every (start, end) where `words` occur in `text`, runs of whitespace compared as one."""
    pattern = _phrase(words)
    return [] if pattern is None else [(m.start(), m.end()) for m in pattern.finditer(text)]


def contains_words(text: str, words: str) -> bool:
    """Whether `words` occur in `text`, runs of whitespace compared as one space."""
    pattern = _phrase(words)
    return pattern is not None and pattern.search(text) is not None


def word_spans(text: str) -> list[tuple[int, int, str]]:
    """Each word token of `text` as (start, end, casefolded word): `word_tokens` with places.

    The same words as `word_tokens` for all but a few ligatures that casefold into two letters
    ("ﬁ"); the library normalises and highlights with this one function, so it agrees with itself.
    """
    return [(m.start(), m.end(), m.group().casefold()) for m in _WORD_TOKEN.finditer(text)]
