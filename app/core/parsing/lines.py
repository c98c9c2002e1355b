"""Printed lines of a draft, as the text and PDF readers both meet them.

Two ideas live here: how hard-wrapped lines join into one paragraph (`line_separator`,
`join_lines`) and what a printed paragraph number looks like at the start of a paragraph
(`PRINTED_NUMBER`: "5.", "5 bis.", "OP5", "(a)", "(iv)").
"""

from __future__ import annotations

import re

from app.core.script import is_spaceless

__all__ = ["ENDS_SENTENCE", "PRINTED_NUMBER", "join_lines", "line_separator"]

_SUFFIXES = "bis|ter|quater|quinquies|sexies|septies|octies|novies|decies"
PRINTED_NUMBER = re.compile(
    rf"^((?:PP|OP)\s?\d+(?:\s?(?:{_SUFFIXES}))?\.?(?=\s)|\d+(?:\s?(?:{_SUFFIXES}))?(?:\.|\s-(?=\s))"
    r"|\((?:[a-z]{1,3}|[ivxlc]{1,6})\))(?:\s+|$)"
)
ENDS_SENTENCE = (
    ".",
    ",",
    ";",
    ":",
    "。",
    "，",
    "；",
    "：",
    "،",
    "؛",
    "]",
)  # a line that may end a paragraph
_HYPHENS = ("-", "\u2010", "\u2011")  # hyphen-minus, hyphen, non-breaking hyphen


def line_separator(before: str, after: str) -> str:
    """What goes between two hard-wrapped lines of one paragraph: " ", or "" when they join.

    They join without a space between two CJK characters, and after a word hyphenated at the
    end of a line: UN texts are not hyphenated by the typesetter, so a line-end hyphen belongs
    to a compound ("gender-" + "based", "Secretary-" + "General", "post-" + "conflict").
    """
    if not before or not after:
        return ""
    if is_spaceless(before[-1]) and is_spaceless(after[0]):
        return ""
    if before[-1] in _HYPHENS and before[-2:-1].isalpha() and after[0].isalpha():
        return ""
    return " "


def join_lines(lines: list[str]) -> str:
    """Hard-wrapped lines joined into one text by `line_separator`."""
    parts: list[str] = []  # no empty strings: parts[-1] ends with the last character so far
    for line in lines:
        if parts and line:
            parts.append(line_separator(parts[-1], line))
        if line:
            parts.append(line)
    return "".join(parts)
