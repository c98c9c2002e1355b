"""Labels and numbers of a clean text, the way the UN re-labels a draft after changes.

The paragraphs come in their new order, each marked new or from the base (a deleted base
paragraph stays in the sequence, `gone`, so that the ones after it move down):

- preambular paragraphs are counted again (PP1, PP2…), as they are unnumbered in print;
- an operative paragraph from the base keeps its number and suffix ("5", "5 bis") moved by
  the running shift: each new paragraph before it adds one, each deleted one (without a suffix)
  takes one away; a new paragraph takes the number after the operative paragraph before it and
  adds one to the shift (a new paragraph after OP5 is OP6, the old OP6 becomes OP7); a new
  paragraph marked `bis` takes the number before it with the next free suffix (OP5 bis, OP5
  ter) and moves nothing;
- sub-paragraphs follow their parent's new label; under an operative paragraph that gained or
  lost a sub-paragraph they are lettered again ((a), (b)… and (i), (ii)… below those).

With nothing new and nothing gone every label and number is the base's. Cost: O(paragraphs).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace

from app.core.model import Paragraph
from app.core.parsing.structure import next_letter, next_roman
from app.core.vocabulary import ParagraphKind

BIS_SUFFIXES = ("bis", "ter", "quater", "quinquies", "sexies", "septies", "octies", "novies")
"""Latin suffixes of paragraphs inserted while the numbering is unsettled, in order."""

_OPERATIVE_LABEL = re.compile(r"^OP(\d+)(?: (\w+))?$")


@dataclass(frozen=True, slots=True)
class Placed:
    """A paragraph in its new place: new or from the base, numbered `bis` or not, or a base
    paragraph the next draft deletes (`gone`: kept only to count)."""

    paragraph: Paragraph
    new: bool = False
    bis: bool = False
    gone: bool = False


def relabel(slots: Sequence[Placed]) -> list[Paragraph]:
    """Each paragraph with the label and number the UN would print (see the module docstring)."""
    out: list[Paragraph] = []
    preambular = shift = last_number = 0
    suffixes = _base_suffixes(slots)
    parents: list[tuple[str, bool]] = []  # by level: (label, whether children are re-lettered)
    tokens: dict[int, str] = {}  # by level: the last item used under the current parent
    changed_groups = _changed_groups(slots)
    group = -1
    for slot in slots:
        p = slot.paragraph
        if p.kind == ParagraphKind.PREAMBULAR:
            preambular += not slot.gone
            out.append(replace(p, label=f"PP{preambular}"))
        elif p.kind == ParagraphKind.OPERATIVE and p.level == 0:
            group += 1
            label, number, shift, last_number = _operative(slot, shift, last_number, suffixes)
            out.append(replace(p, label=label, number=number))
            parents, tokens = [(label, group in changed_groups)], {}
        elif p.kind == ParagraphKind.SUBPARAGRAPH and 1 <= p.level <= len(parents):
            level = p.level
            del parents[level:]
            for deeper in [k for k in tokens if k > level]:
                del tokens[deeper]
            parent_label, reletter = parents[-1]
            token = None if reletter else _sub_token(p.number)
            if token is None:
                token = _next_token(tokens.get(level), level)
            if not slot.gone:
                tokens[level] = token
            label = f"{parent_label}({token})"
            out.append(replace(p, label=label, number=f"({token})"))
            parents.append((label, reletter))
        else:
            out.append(p)
    return out


def _base_suffixes(slots: Sequence[Placed]) -> dict[int, set[str]]:
    """The suffixes ("", "bis"…) each base operative number already carries."""
    taken: dict[int, set[str]] = {}
    for slot in slots:
        found = _OPERATIVE_LABEL.match(slot.paragraph.label) if not slot.new else None
        if found and not slot.gone:
            taken.setdefault(int(found.group(1)), set()).add(found.group(2) or "")
    return taken


def _changed_groups(slots: Sequence[Placed]) -> set[int]:
    """Operative paragraphs (by their count) whose sub-paragraphs were added or deleted."""
    changed: set[int] = set()
    group = -1
    for slot in slots:
        p = slot.paragraph
        if p.kind == ParagraphKind.OPERATIVE and p.level == 0:
            group += 1
        elif p.kind == ParagraphKind.SUBPARAGRAPH and (slot.gone or slot.new):
            changed.add(group)
    return changed


def _operative(
    slot: Placed, shift: int, last_number: int, suffixes: dict[int, set[str]]
) -> tuple[str, str, int, int]:
    """An operative paragraph's label and printed number, the running shift and number."""
    p = slot.paragraph
    if not slot.new:
        found = _OPERATIVE_LABEL.match(p.label)
        if found is None:  # an operative paragraph the parser could not number
            return p.label, p.number, shift, last_number
        number, suffix = int(found.group(1)), found.group(2) or ""
        if slot.gone:
            return p.label, p.number, shift - (0 if suffix else 1), last_number
        if shift == 0:
            return p.label, p.number, shift, number
        number += shift
    elif slot.bis:
        number = max(last_number, 1)
        taken = suffixes.setdefault(number, {""})
        suffix = next((s for s in BIS_SUFFIXES if s not in taken), BIS_SUFFIXES[-1])
    else:
        number, suffix = last_number + 1, ""
        shift += 1
    suffixes.setdefault(number, set()).add(suffix)
    label = f"OP{number} {suffix}" if suffix else f"OP{number}"
    printed = f"{number} {suffix}." if suffix else f"{number}."
    return label, printed, shift, number


def _sub_token(number: str) -> str | None:
    found = re.fullmatch(r"\(([a-z]+)\)", number.strip())
    return found.group(1) if found else None


def _next_token(previous: str | None, level: int) -> str:
    """The item after `previous`: letters under an operative paragraph, roman numerals below."""
    if level >= 2:
        return next_roman(previous)
    return next_letter(previous) if previous else "a"
