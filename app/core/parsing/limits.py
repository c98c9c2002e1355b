"""What one draft may hold, checked while it is read, so no upload costs more than its caps.

Every refusal names the limit it hit (413) or the paragraph and position of the character it
cannot store (422). The caps bound every later step: alignment and diffing are linear or
n log n in the paragraphs, and each paragraph's own work is bounded by its length.

- `MAX_LINES`: lines of a text file, counted before the file is split (C-speed counting, no
  allocation), so a file of two million one-word lines is refused in milliseconds.
- `MAX_BLOCKS`: printed paragraphs a reader collects, counted as they are collected; masthead
  lines are blocks too, hence the margin over `MAX_PARAGRAPHS`.
- `MAX_PARAGRAPHS`, `MAX_PARAGRAPH_CHARS`: the structured draft's paragraphs and the length
  of each (the longest paragraphs of real resolutions have about 3,000 characters).
"""

from __future__ import annotations

from collections.abc import Sequence

from app.core.characters import code_point, first_unstorable
from app.core.errors import TooLarge, UnreadableDraft
from app.core.model import Draft, Paragraph

# Paragraphs in one draft; the longest resolutions have about 500. Unit: paragraphs.
MAX_PARAGRAPHS = 5_000
# Characters in one paragraph (its text without the number). Unit: characters; range
# 10,000-100,000: the similarity of two paragraphs this long costs about 5 ms.
MAX_PARAGRAPH_CHARS = 20_000
# Blocks a reader collects before structuring: paragraphs plus masthead lines. Unit: blocks.
MAX_BLOCKS = MAX_PARAGRAPHS + 500
# Lines of a text draft: a 5,000-paragraph draft hard-wrapped at 80 columns has about 40,000.
# Unit: lines.
MAX_LINES = 100_000


def check_line_count(lines: int) -> None:
    """Refuse a text file of more than `MAX_LINES` lines (413)."""
    if lines > MAX_LINES:
        raise TooLarge(
            f"The file has {lines:,} lines; Penholder reads at most {MAX_LINES:,} lines of a "
            f"draft, and stores at most {MAX_PARAGRAPHS:,} paragraphs per draft."
        )


def check_block_count(blocks: int) -> None:
    """Refuse, while reading, a file that already holds more paragraphs than a draft may (413)."""
    if blocks > MAX_BLOCKS:
        raise TooLarge(
            f"The file holds more than {MAX_BLOCKS:,} paragraphs; Penholder stores at most "
            f"{MAX_PARAGRAPHS:,} per draft."
        )


def check_draft(draft: Draft) -> None:
    """Refuse too many paragraphs, a paragraph too long (413) or an unstorable character (422)."""
    check_paragraphs(draft.paragraphs)
    for fact, value in draft.masthead:
        at = first_unstorable(value)
        if at >= 0:
            raise UnreadableDraft(
                f"The masthead's {fact} holds the character {code_point(value[at])} at position "
                f"{at + 1}, which a Word document cannot hold. Remove it and upload again."
            )


def check_paragraphs(paragraphs: Sequence[Paragraph]) -> None:
    """Refuse too many paragraphs, a paragraph too long (413) or an unstorable character (422)."""
    if len(paragraphs) > MAX_PARAGRAPHS:
        raise TooLarge(
            f"The draft has {len(paragraphs):,} paragraphs; Penholder stores at most "
            f"{MAX_PARAGRAPHS:,} per draft."
        )
    for position, paragraph in enumerate(paragraphs, 1):
        name = _name(paragraph, position)
        if len(paragraph.text) > MAX_PARAGRAPH_CHARS:
            raise TooLarge(
                f"{name} has {len(paragraph.text):,} characters; Penholder stores paragraphs of "
                f"at most {MAX_PARAGRAPH_CHARS:,} characters. Split it and upload again."
            )
        texts = [("", paragraph.text)] + [
            (f" (footnote {note.marker})", note.text) for note in paragraph.footnotes
        ]
        for where, text in texts:
            at = first_unstorable(text)
            if at >= 0:
                raise UnreadableDraft(
                    f"{name}{where} holds the character {code_point(text[at])} at position "
                    f"{at + 1}, which a Word document cannot hold. Remove it and upload again."
                )


def _name(paragraph: Paragraph, position: int) -> str:
    """How a refusal names a paragraph: its label, else its position in the draft."""
    if paragraph.label:
        return f"Paragraph {paragraph.label}"
    return f"Paragraph {position} (the {paragraph.kind} paragraph)"
