"""Plain-text and Markdown drafts: bytes -> text -> `Block`s -> `structure_draft`.

Reading a text draft, in order (each step O(n) in the length of the text; the footnote marker
search scans the text between two consecutive markers once, and never scans a line twice for a
marker it did not find there; the caps of `limits` are checked while reading):

1. `decode_text`: UTF-8 (with or without BOM), UTF-16/32 with a BOM, else Windows-1252 when the
   bytes are not UTF-8 but clearly text; binary junk is refused. Bytes that are UTF-8 in part
   (a valid multi-byte sequence somewhere) but not throughout are refused with the offset of
   the first invalid byte, never read as Windows-1252 (which would store "dÃ©fense").
2. Lines: line endings, NBSP and form feeds normalised; page furniture dropped (job numbers
   "GE.25-04871(E)", barcodes "*2504871*", bare page numbers, the running symbol line) and, in
   text copied out of a PDF, whole page headers and footnote areas (`furniture.copied_pages`).
   Footnotes in those areas are tied to their markers, glued or set off by a space
   (`_read_footnote_areas`); without such areas, step 3 applies.
3. Footnotes: a line "1 General Assembly resolution 217 A (III)." numbered 1, 2, 3... in order,
   starting a chunk or following another footnote line, defines footnote N when a marker "N"
   glued to a word or punctuation ("Rights,1 the", "Declaration2 and") is found between the
   previous footnote's marker and the line. Real numbers are not markers: a marker is never
   preceded by a space, a digit, "/" or "-", and "Rev.1" or "L.22" are abbreviations. A
   footnote's wrapped lines are joined as in step 5.
4. Chunks are separated by blank lines. Before the enacting formula a chunk is cut wherever a
   line states a masthead fact on its own; after it, at numbered lines, closing lines and
   brackets. A chunk interrupted by page furniture continues when the text before the page
   break is unfinished or the text after it starts in lower case.
5. A chunk's lines are joined with one space (none between two CJK characters, nor after a
   word hyphenated at the end of a line: "gender-" + "based" is "gender-based"), whitespace
   runs collapse to one space, and the printed number ("5.", "5 bis.", "(a)") is split off.

Markers and Markdown emphasis travel through steps 3-5 as private-use sentinel characters, so
their offsets are measured in the final text.
"""

from __future__ import annotations

import codecs
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field

from app.core.characters import code_point
from app.core.errors import UnreadableDraft
from app.core.model import Draft, Footnote
from app.core.parsing.furniture import (
    copied_pages,
    footnote_start,
    is_footnote_separator,
    is_furniture,
)
from app.core.parsing.limits import check_block_count, check_line_count
from app.core.parsing.lines import ENDS_SENTENCE, PRINTED_NUMBER, join_lines
from app.core.parsing.markers import find_marker
from app.core.parsing.masthead import is_annex_heading, is_enacting_formula, stands_alone
from app.core.parsing.structure import Block, structure_draft

__all__ = ["decode_text", "parse_text", "read_text_draft", "text_encoding"]

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32le"),
    (codecs.BOM_UTF32_BE, "utf-32be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16le"),
    (codecs.BOM_UTF16_BE, "utf-16be"),
)
_FIRST_SENTINEL = 0xF0000  # supplementary private use area A: never printed in a draft
# Control characters (category Cc, fixed by Unicode: U+0000-001F, U+007F-009F) other than the
# whitespace controls tab, line feed, vertical tab, form feed and carriage return.
_FORBIDDEN_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x9f]")
_SENTINELS = re.compile("[\U000f0000-\U0010ffff]")
# One well-formed UTF-8 multi-byte sequence (RFC 3629): a Windows-1252 text almost never has one.
_UTF8_SEQUENCE = re.compile(
    rb"[\xc2-\xdf][\x80-\xbf]|\xe0[\xa0-\xbf][\x80-\xbf]|[\xe1-\xec\xee\xef][\x80-\xbf]{2}"
    rb"|\xed[\x80-\x9f][\x80-\xbf]|\xf0[\x90-\xbf][\x80-\xbf]{2}|[\xf1-\xf3][\x80-\xbf]{3}"
    rb"|\xf4[\x80-\x8f][\x80-\xbf]{2}"
)
_MIN_LETTER_SHARE = 0.5  # Windows-1252 fallback: share of non-space characters that are letters


def decode_text(raw: bytes) -> str:
    """The text of an uploaded text file; `UnreadableDraft` for binary junk or an empty file."""
    encoding = next((name for bom, name in _BOMS if raw.startswith(bom)), None)
    if encoding is not None:
        try:
            text = raw.decode(encoding).lstrip("\ufeff")
        except UnicodeDecodeError as exc:
            raise UnreadableDraft(
                f"The file says it is {encoding.upper()} text but is not valid {encoding.upper()}."
            ) from exc
    elif b"\x00" in raw:
        raise UnreadableDraft("The file is not a text file: it contains binary data.")
    else:
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            if _UTF8_SEQUENCE.search(raw):
                raise UnreadableDraft(
                    f"The file is UTF-8 text but byte {exc.start:,} (counting from 0) is not "
                    "valid UTF-8: it is damaged or mixes encodings. Save it again as UTF-8."
                ) from None
            text = _decode_windows_1252(raw)
    if not text.strip():
        raise UnreadableDraft("The file is empty.")
    control = _FORBIDDEN_CONTROL.search(text)
    if control:
        line = text.count("\n", 0, control.start()) + 1
        raise UnreadableDraft(
            "The file is not a text file: it contains the control character "
            f"{code_point(control.group())} on line {line:,}."
        )
    return text


def text_encoding(raw: bytes) -> str:
    """The encoding `decode_text` reads these bytes in: a BOM's, else utf-8, else windows-1252."""
    encoding = next((name for bom, name in _BOMS if raw.startswith(bom)), None)
    if encoding is not None:
        return encoding
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError:
        return "windows-1252"
    return "utf-8"


# share (0-1) of non-ASCII letters above which Windows-1252 is not believed: French, Spanish or
# German prose stays under 0.1; Cyrillic in Windows-1251 read as Windows-1252 is nearly 1.0
_MAX_ACCENTED_SHARE = 0.3


def _decode_windows_1252(raw: bytes) -> str:
    """Windows-1252 text, when the bytes decode to mostly letters and no control characters."""
    refusal = "The file is not readable text: it is neither UTF-8, UTF-16 nor Windows-1252."
    try:
        text = raw.decode("cp1252")
    except UnicodeDecodeError as exc:
        raise UnreadableDraft(refusal) from exc
    counts = Counter(text)  # at most 256 distinct characters: test each once
    visible = sum(n for c, n in counts.items() if not c.isspace())
    letters = sum(n for c, n in counts.items() if c.isalpha())
    if _FORBIDDEN_CONTROL.search(text) or letters < _MIN_LETTER_SHARE * visible:
        raise UnreadableDraft(refusal)
    accented = sum(n for c, n in counts.items() if c.isalpha() and not c.isascii())
    if accented > _MAX_ACCENTED_SHARE * letters:
        raise UnreadableDraft(
            "The file's encoding is unclear: it is not UTF-8, and read as Western European "
            "text most of its letters would be accented, as when Cyrillic, Greek or Arabic "
            "text was saved in an old code page. Save the draft as UTF-8 and upload it again."
        )
    return text


def read_text_draft(raw: bytes, *, markdown: bool = False) -> Draft:
    """A draft from the bytes of a .txt (or, with `markdown`, a .md) file."""
    return parse_text(decode_text(raw), markdown=markdown)


def parse_text(text: str, *, markdown: bool = False) -> Draft:
    """A draft from its plain text (or Markdown, where `*x*` and `_x_` mark italics)."""
    page = _Page.read(text, markdown=markdown)
    return structure_draft(page.blocks())


# A run of spaces, tabs and no-break spaces that is not already one plain space, so that
# `_SPACES.sub(" ", line)` leaves single spaces alone instead of rebuilding the line at each word.
_SPACES = re.compile(r"[ \t\u00a0\u202f\u2007\v]{2,}|[\t\u00a0\u202f\u2007\v]")
# Line breaks as "\n" ("\r\n" before "\r"); a form feed becomes a line of its own.
_LINE_BREAKS = (
    ("\r\n", "\n"), ("\r", "\n"), ("\u2028", "\n"), ("\u2029", "\n"), ("\x85", "\n"),
    ("\f", "\n\f\n"),
)  # fmt: skip
_SYMBOL_LINE = re.compile(r"^(\d{1,3}\s+)?([A-Z][A-Za-z]{0,4}(?:/[A-Za-z0-9.\-]+)+)(\s+\d{1,3})?$")
# Lines a masthead can span (real ones: 10-60, columns of a PDF-to-text copy included); without
# an enacting formula, no header is looked for past four times this many lines. Unit: lines.
_MAX_HEADER_LINES = 150
_COLUMNS = re.compile(r"\s{3,}")  # PDF-to-text layout: 3 or more spaces separate masthead columns
_SUPERSCRIPTS = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹", "0123456789")
_FOOTNOTE_LINE = re.compile(r"^(?:([0-9]{1,3})\s+|([⁰¹²³⁴⁵⁶⁷⁸⁹]{1,3})\s*)(\S.*)$")
_STARTS_BLOCK = re.compile(
    r"^(?:\[|\d+/(?:\d+|\.\.\.|…)\.?\s|Resolution adopted by|Résolution adoptée|"
    r"Resolución aprobada|\*+\s)"
)
_ENDS_SPONSORS = re.compile(
    r"(?:draft resolution|projet de résolution|proyecto de resolución)$", re.I
)
_EMPHASIS = (
    re.compile(r"\*\*(?=\S)(.+?)(?<=\S)\*\*|__(?=\S)(.+?)(?<=\S)__"),
    re.compile(
        r"(?<![\w*\\])\*(?=\S)([^*]+?)(?<=\S)\*(?![\w*])|(?<![\w\\])_(?=\S)([^_]+?)(?<=\S)_(?!\w)"
    ),
)


@dataclass
class _Line:
    """One line of the file: its text (sentinels included) and what it turned out to be."""

    text: str
    raw: str
    kind: str = "text"  # text | blank | furniture | note (a footnote area's) | footnote


@dataclass
class _Page:
    """The file as lines, with footnote definitions found and sentinels placed."""

    lines: list[_Line]
    markdown: bool
    formula_at: int | None = None
    notes: dict[str, Footnote] = field(default_factory=dict)
    sentinels: list[str] = field(default_factory=list)
    free: Iterator[str] = field(default_factory=lambda: iter(()))
    italic_on: str = ""
    italic_off: str = ""
    marks: re.Pattern[str] = re.compile("(?!)")  # one sentinel (italics, footnote), captured

    @classmethod
    def read(cls, text: str, *, markdown: bool) -> _Page:
        """Split, clean and annotate the lines of a text draft."""
        check_line_count(_line_count(text))
        for old, new in _LINE_BREAKS:
            if old in text:
                text = text.replace(old, new)
        used = set() if text.isascii() else {ord(c) for c in _SENTINELS.findall(text)}  # rare
        free = (chr(n) for n in range(_FIRST_SENTINEL, 0x10FFFE) if n not in used)
        lines = [_Line(_one_spaced(raw).strip(), raw.rstrip()) for raw in text.split("\n")]
        page = cls(lines, markdown, italic_on=next(free), italic_off=next(free))
        page.free = free
        page._mark_lines()
        page._find_footnotes()
        sentinels = page.italic_on + page.italic_off + "".join(page.notes)
        page.marks = re.compile(f"([{re.escape(sentinels)}])")
        return page

    def _mark_lines(self) -> None:
        """Blank lines, page furniture, Markdown decoration and the enacting formula."""
        for i, line in enumerate(self.lines):
            if self.markdown:
                line.text = re.sub(r"^(?:#{1,6}\s+|>\s?)", "", line.text)
                line.raw = re.sub(r"^\s*(?:#{1,6}\s+|>\s?)", "", line.raw)
            if not line.text or (self.markdown and re.fullmatch(r"[-*_]{3,}", line.text)):
                line.kind = "blank"
            elif line.text == "\f" or is_furniture(line.text) or is_footnote_separator(line.text):
                line.kind = "furniture"
            elif self.formula_at is None and is_enacting_formula(line.text):
                self.formula_at = i
        symbols_seen: set[str] = set()
        for i, line in enumerate(self.lines):
            match = _SYMBOL_LINE.match(line.text) if line.kind == "text" else None
            if not match or not any(c.isdigit() for c in match.group(2)):
                continue
            symbol, page_number = match.group(2), match.group(1) or match.group(3)
            before_formula = self.formula_at is not None and i < self.formula_at
            if symbol in symbols_seen or not (page_number or before_formula):
                line.kind = "furniture"
            symbols_seen.add(symbol)
        title = {line.text for line in self.lines[: self.formula_at or 0] if line.kind == "text"}
        pages = copied_pages([line.text for line in self.lines], frozenset(title))
        for i in pages.headers:
            self.lines[i].kind = "furniture"
        for i in pages.notes:
            self.lines[i].kind = "note"

    def _texts(self) -> list[str | None]:
        """Each line's text, None for lines that are not text (blank, furniture, footnotes)."""
        return [line.text if line.kind == "text" else None for line in self.lines]

    def _starts_chunk(self, i: int) -> bool:
        """Whether line i follows a blank line, page furniture, a rule or a footnote line."""
        return i == 0 or self.lines[i - 1].kind != "text"

    def _find_footnotes(self) -> None:
        """Footnote lines numbered 1, 2, 3... matched with the glued marker before each."""
        if any(line.kind == "note" for line in self.lines):
            self._read_footnote_areas()
            return
        expected, start = 1, (self.formula_at or 0, 0)
        searched = start  # lines before this one hold no marker `expected` after `start`
        searchable = self._texts()  # kept in step with the lines: built once, not per footnote
        current: _Line | None = None
        parts: dict[int, list[str]] = {}
        for i, line in enumerate(self.lines):
            if line.kind != "text":
                current = None if line.kind == "blank" else current
                continue
            match = _FOOTNOTE_LINE.match(line.text)
            number = (match.group(1) or match.group(2)).translate(_SUPERSCRIPTS) if match else ""
            starts = match and not PRINTED_NUMBER.match(line.text) and self._starts_chunk(i)
            if match and starts and int(number) == expected:
                found = find_marker(searchable, number, max(start, searched), i)
                searched = max(searched, (i, 0))  # a miss is never searched again: O(lines)
                if found is not None:
                    row, begin, end = found
                    self.sentinels.append(next(self.free))
                    marker = self.sentinels[expected - 1]
                    text = self.lines[row].text
                    self.lines[row].text = searchable[row] = text[:begin] + marker + text[end:]
                    start = searched = (row, begin + 1)
                    line.kind, current, searchable[i] = "footnote", line, None
                    parts[expected] = [match.group(3)]
                    expected += 1
                    continue
            if current is not None and not PRINTED_NUMBER.match(line.text):
                line.kind, searchable[i] = "footnote", None
                parts[expected - 1].append(line.text)
            else:
                current = None
        for n, texts in parts.items():
            self.notes[self.sentinels[n - 1]] = Footnote(str(n), join_lines(texts))

    def _read_footnote_areas(self) -> None:
        """Footnotes from the footnote areas of text copied out of a PDF (lines kind "note").

        A note line opening with the next number (or "*") starts a footnote, any other continues
        the one before; each numbered footnote is tied to its marker in the text before it,
        glued ("Rights,1") or else set off by a space ("Iran 4 and"). A "*" footnote (the
        sponsors' note) and a footnote whose marker is not found are dropped from the text.
        """
        start, last = (self.formula_at or 0, 0), 0
        parts: list[list[str]] = []
        keys: list[str] = []
        searchable = self._texts()  # note lines are not text; markers are written into it too
        for i, line in enumerate(self.lines):
            if line.kind != "note":
                continue
            line.kind = "footnote"
            opened = footnote_start(line.text)
            number = opened[0] if opened else ""
            if opened and (number.startswith("*") or int(number) == last + 1 or not last):
                last = int(number) if number.isdigit() else last
                found = None
                if number.isdigit():
                    found = find_marker(searchable, number, start, i) or find_marker(
                        searchable, number, start, i, spaced=True
                    )
                key = ""
                if found is not None:
                    row, begin, end = found
                    key = next(self.free)
                    text = self.lines[row].text
                    self.lines[row].text = searchable[row] = text[:begin] + key + text[end:]
                    start = (row, begin + 1)
                parts.append([opened[1]])
                keys.append(key if key else "")
                if key:
                    self.notes[key] = Footnote(number, "")
            elif parts:
                parts[-1].append(line.text)
        for key, texts in zip(keys, parts, strict=True):
            if key:
                self.notes[key] = Footnote(self.notes[key].marker, join_lines(texts))

    def blocks(self) -> list[Block]:
        """The file's blocks: header lines cut at masthead facts, body cut at paragraph starts."""
        header_end = self.formula_at if self.formula_at is not None else self._header_guess()
        groups: list[_Group] = []
        current: _Group | None = None
        after_break = False
        for i, line in enumerate(self.lines):
            if line.kind != "text":
                current = None
                after_break = after_break or line.kind in ("furniture", "footnote")
                continue
            cells = _COLUMNS.split(line.raw.strip()) if i < header_end else [line.text]
            for cell in cells:
                text = _one_spaced(cell).strip() if i < header_end else cell
                if i < header_end:
                    current = self._add_header_cell(groups, current, text)
                else:
                    if i == self.formula_at or (current and _starts_paragraph(text, current)):
                        current = None
                    if current is None:
                        current = _Group([], body=True, after_break=after_break)
                        groups.append(current)
                        check_block_count(len(groups))
                    current.lines.append(text)
                    if i == self.formula_at or (current.lines[0][:1] == "[" and text[-1:] == "]"):
                        current = None
                after_break = False
        return [self._block(group) for group in _rejoin_pages(groups)]

    @staticmethod
    def _add_header_cell(groups: list[_Group], current: _Group | None, text: str) -> _Group | None:
        """Add one header line (or layout column): masthead facts stand alone."""
        check_block_count(len(groups))
        if stands_alone(text):
            groups.append(_Group([text]))
            return None
        if current is None or _STARTS_BLOCK.match(text):
            current = _Group([])
            groups.append(current)
        current.lines.append(text)
        return None if text.endswith("]") or _ENDS_SPONSORS.search(text) else current

    def _header_guess(self) -> int:
        """Without a formula: the header is the leading chunks with a masthead line in them,
        within the first `_MAX_HEADER_LINES` lines of text."""
        end, has_fact, start = 0, False, True
        for i, line in enumerate(self.lines[: _MAX_HEADER_LINES * 4]):
            if line.kind == "text":
                if start and has_fact:
                    end = i
                if start:
                    has_fact = False
                has_fact = has_fact or stands_alone(line.text)
                start = False
            else:
                if not start and not has_fact:
                    return end
                start = True
        if len(self.lines) > _MAX_HEADER_LINES * 4:
            return end
        return len(self.lines) if has_fact else end

    def _block(self, group: _Group) -> Block:
        """One block from a group of lines: joined, emphasis and markers turned into ranges."""
        text = _one_spaced(join_lines(group.lines)).strip()
        if self.markdown:
            text = _EMPHASIS[0].sub(lambda m: m.group(1) or m.group(2), text)
            text = _EMPHASIS[1].sub(
                lambda m: self.italic_on + (m.group(1) or m.group(2)) + self.italic_off, text
            )
            text = re.sub(r"\\([*_#\\.\[\]()-])", r"\1", text)
        number = ""
        if group.body:
            match = PRINTED_NUMBER.match(text)
            if match:
                number, text = match.group(1), text[match.end() :]
        if not (self.markdown or self.notes) or not self.marks.search(text):
            return Block(text.strip(), number)
        clean: list[str] = []
        italics: list[tuple[int, int]] = []
        footnotes: list[Footnote] = []
        opened = -1
        size = 0  # len("".join(clean))
        for k, piece in enumerate(self.marks.split(text)):  # text, mark, text, mark, ..., text
            if k % 2 == 0:
                clean.append(piece)
                size += len(piece)
            elif piece == self.italic_on:
                opened = size
            elif piece == self.italic_off and opened >= 0:
                italics.append((opened, size))
                opened = -1
            elif piece in self.notes:
                note = self.notes[piece]
                footnotes.append(Footnote(note.marker, note.text, size))
            else:
                clean.append(piece)
                size += 1
        body = "".join(clean)
        stripped = len(body) - len(body.lstrip())
        body = body.strip()
        italics = [(max(s - stripped, 0), min(e - stripped, len(body))) for s, e in italics]
        footnotes = [
            Footnote(f.marker, f.text, min(max(f.offset - stripped, 0), len(body)))
            for f in footnotes
        ]
        return Block(body, number, None, tuple(i for i in italics if i[0] < i[1]), tuple(footnotes))


@dataclass
class _Group:
    """Lines that make one block; `after_break` when page furniture or footnotes came before."""

    lines: list[str]
    body: bool = False
    after_break: bool = False


def _starts_paragraph(text: str, group: _Group) -> bool:
    """Whether a body line opens a new block rather than continuing the wrapped one."""
    previous = group.lines[-1]
    if len(group.lines) == 1 and (stands_alone(previous) or is_annex_heading(previous)):
        return True
    if PRINTED_NUMBER.match(text) and _reads_as_heading(group.lines):
        return True
    if not _unmarked(previous).rstrip().endswith(ENDS_SENTENCE):
        return False
    return bool(PRINTED_NUMBER.match(text)) or text.startswith("[") or stands_alone(text)


_OPERATIVE_START = re.compile(r"^\d+\.(?:\s|$)")  # "5." opens an operative paragraph
_HEADING_MAX = 120  # characters: a section heading ("II. Implementation of ...") is shorter


def _reads_as_heading(lines: list[str]) -> bool:
    """Whether lines read as a section heading: one or two short lines, capitalised, no stop."""
    text = _unmarked(" ".join(lines))
    return (
        len(lines) <= 3
        and len(text) <= _HEADING_MAX
        and text[:1].isupper()
        and not text.endswith(ENDS_SENTENCE)
    )


def _rejoin_pages(groups: list[_Group]) -> list[_Group]:
    """Join a paragraph that a page break (furniture, footnotes) cut in two.

    The part after the break continues the paragraph before it when it has no number and is no
    closing line, and the text before the break is unfinished, or the part after it starts in
    lower case, or - among operative paragraphs, where every paragraph is numbered - it does not
    read as a heading ("GC(69)/DEC/11, entitled ..." after "...of the Statute”;").
    """
    out: list[_Group] = []
    operative = False
    for group in groups:
        previous = out[-1] if out else None
        first = group.lines[0]
        if (
            previous is not None
            and group.body
            and previous.body
            and group.after_break
            and not PRINTED_NUMBER.match(first)
            and not stands_alone(first)
            and (
                not _unmarked(previous.lines[-1]).rstrip().endswith(ENDS_SENTENCE)
                or first[:1].islower()
                or (operative and not _reads_as_heading(group.lines[:2]))
            )
        ):
            previous.lines.extend(group.lines)
        else:
            out.append(group)
        operative = operative or bool(_OPERATIVE_START.match(first))
    return out


def _unmarked(text: str) -> str:
    """The text without the sentinels that stand for footnote markers and emphasis."""
    return _SENTINELS.sub("", text)


def _line_count(text: str) -> int:
    """How many lines `text` has, counted without splitting it (every `_LINE_BREAKS` kind)."""
    breaks = text.count("\n") + text.count("\r") - text.count("\r\n") + text.count("\f")
    if not text.isascii():
        breaks += text.count("\u2028") + text.count("\u2029") + text.count("\x85")
    return breaks + 1


def _one_spaced(text: str) -> str:
    """`text` with every run of spaces, tabs and no-break spaces as one space.

    Printable text has no whitespace but " " (Unicode puts the others in categories Z and Cc),
    so a printable line without a double space is returned as it is, without a regex scan.
    """
    if "  " not in text and text.isprintable():
        return text
    return _SPACES.sub(" ", text)
