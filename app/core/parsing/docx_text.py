"""From a raw Word paragraph to the text a reader sees: spaces, italics, note offsets, numbers.

Whitespace runs (tabs and line breaks arrive here as spaces) collapse to one space and the ends
are stripped; no-break spaces (U+00A0, U+202F, U+2007) are text and are kept. Italic ranges are
half-open character ranges into the final text, never starting or ending on a space; two ranges
separated only by spaces are merged ("Calls upon" set as two italic runs is one range).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from app.core.parsing.docx_walk import RawParagraph

_WS = re.compile(r"[^\S\u00a0\u202f\u2007]+")
_SUFFIX = r"(?:\s?(?:bis|ter|quater|quinquies|sexies|septies|octies|novies|decies))?"
# A number typed at the start of a paragraph, followed by white space and then text:
# "5.", "5 bis.", "2.1.", "12)", "(3)", "(a)", "(aa)", "(iv)", "a)", "iv)", "A.", "IV.", "(B)".
# \d also matches Arabic-Indic and full-width digits; [a-zа-я] covers Latin and Cyrillic letters.
TYPED_NUMBER = re.compile(
    r"^(\d{1,3}(?:\.\d{1,3})*" + _SUFFIX + r"[.)]"
    r"|\(\d{1,3}" + _SUFFIX + r"\)"
    r"|\((?:[a-zа-я]{1,2}|[ivxlc]{1,7})" + _SUFFIX + r"\)"
    r"|(?:[a-zа-я]|[ivxlc]{1,7})\)"
    r"|\([A-ZА-Я]\)|[A-ZА-Я]\.|[IVXLC]{1,7}\.)"
    r"\s+(?=\S)"
)


@dataclass(frozen=True, slots=True)
class VisibleText:
    """A paragraph's final text, italic ranges, and note references as (offset, kind, id)."""

    text: str
    italics: tuple[tuple[int, int], ...]
    notes: tuple[tuple[int, str, str], ...]


def visible_text(para: RawParagraph) -> VisibleText:
    """Collapse white space and map italics and note references onto the final text."""
    out: list[str] = []
    length = 0
    pending_space = False
    ranges: list[list[int]] = []
    notes_at: dict[int, list[tuple[str, str]]] = {}
    for index, kind, note_id in para.notes:
        notes_at.setdefault(index, []).append((kind, note_id))
    notes: list[tuple[int, str, str]] = []
    for index, (piece, italic) in enumerate(para.pieces):
        for kind, note_id in notes_at.pop(index, ()):
            notes.append((length, kind, note_id))
        core = _WS.sub(" ", piece)
        if core.startswith(" "):
            pending_space = pending_space or length > 0
            core = core[1:]
        trailing = core.endswith(" ")
        if trailing:
            core = core[:-1]
        if core:
            spaced = pending_space
            if pending_space:
                out.append(" ")
                length += 1
                pending_space = False
            if italic:
                if ranges and (ranges[-1][1] == length or (spaced and ranges[-1][1] == length - 1)):
                    ranges[-1][1] = length + len(core)
                else:
                    ranges.append([length, length + len(core)])
            out.append(core)
            length += len(core)
        if trailing:
            pending_space = length > 0
    for rest in notes_at.values():
        notes.extend((length, kind, note_id) for kind, note_id in rest)
    return VisibleText("".join(out), tuple((a, b) for a, b in ranges), tuple(notes))


def split_typed_number(text: str) -> tuple[str, int]:
    """The number typed at the start of `text` ("" if none) and where the rest begins."""
    match = TYPED_NUMBER.match(text)
    if match is None:
        return "", 0
    return match.group(1), match.end()
