"""Which characters Penholder stores: what XML 1.0 (and so Word) can hold, and bidi controls.

- **Unstorable** (`first_unstorable`): a character XML 1.0 cannot hold (its `Char` production:
  tab, line feed and carriage return are the only controls below U+0020; no lone surrogate
  U+D800-DFFF; no U+FFFE or U+FFFF). PostgreSQL cannot store NUL either. Draft text holding one
  is refused (422 naming the paragraph and the position), never silently changed: a draft is
  stored faithfully or not at all, and every stored character can be written to Word.
- **Bidi controls** (`first_bidi_control`): the embeddings and overrides U+202A-202E and the
  isolates U+2066-2069. In a label, title or delegation name they reorder what a reader sees
  ("Rev.1" shown as "1.veR", or a name that reads as another); they are refused there. Draft
  text keeps them: Arabic text legitimately carries marks, and the diff shows every character.
- `xml_safe` is the exporter's last guard for rows stored before these rules: each unstorable
  character becomes U+FFFD, so an export never fails on stored text.

Complexity: each test is one compiled regular expression scan, O(n) in the text.
"""

from __future__ import annotations

import re

_UNSTORABLE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_BIDI_CONTROLS = re.compile(r"[\u202a-\u202e\u2066-\u2069]")
REPLACEMENT = "\ufffd"


def first_unstorable(text: str) -> int:
    """The index of the first character XML 1.0 cannot hold, or -1 when there is none."""
    found = _UNSTORABLE.search(text)
    return found.start() if found else -1


def first_bidi_control(text: str) -> int:
    """The index of the first bidi embedding, override or isolate control, or -1."""
    found = _BIDI_CONTROLS.search(text)
    return found.start() if found else -1


def code_point(character: str) -> str:
    """A character as negotiators' tools print it: "U+FFFE"."""
    return f"U+{ord(character):04X}"


def xml_safe(text: str) -> str:
    """`text` with every character XML 1.0 cannot hold replaced by U+FFFD."""
    return _UNSTORABLE.sub(REPLACEMENT, text) if _UNSTORABLE.search(text) else text
