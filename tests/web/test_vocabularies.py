"""The web app spells every vocabulary word as app/core/vocabulary.py does, and lists it whole.

The modules are read as text: the lists and maps that enumerate a vocabulary are found by their
constant's name, the other uses by the property they are compared with (`change.kind ===
"moved"`, `["replace", "delete"].includes(action.value)`) or the function they are passed to.
"""

from __future__ import annotations

import re
from enum import StrEnum
from pathlib import Path

import pytest

from app.core import vocabulary
from app.core.vocabulary import (
    AttributionMethod,
    ChangeKind,
    DelegationKind,
    Departure,
    DiffOpKind,
    DraftStage,
    Nature,
    NegotiationStatus,
    OriginKind,
    ParagraphKind,
    ProposalAction,
    ProposalStatus,
    Role,
    ShiftDirection,
)

WEB = Path(__file__).resolve().parents[2] / "app" / "web"
SOURCES = {
    str(path.relative_to(WEB)): path.read_text(encoding="utf-8") for path in WEB.rglob("*.js")
}
VOCABULARIES = tuple(
    value
    for value in vars(vocabulary).values()
    if isinstance(value, type) and issubclass(value, StrEnum) and value is not StrEnum
)

# The constants that enumerate a vocabulary: each must hold every value and nothing else.
LISTS: dict[str, tuple[type[StrEnum], ...]] = {
    "KIND_NAMES": (ChangeKind, Departure),
    "STAGES": (DraftStage,),
    "PROPOSAL_STATUSES": (ProposalStatus,),
    "ACTIONS": (ProposalAction,),
    "STATUSES": (NegotiationStatus,),
    "FILTER_KINDS": (ChangeKind,),
    "LEGEND": (ChangeKind,),
}

# The property a string is compared with, and the words it may hold.
PROPERTIES: dict[str, frozenset[str]] = {
    "kind": frozenset().union(ChangeKind, Departure, ParagraphKind, DelegationKind, OriginKind),
    "change": frozenset().union(ChangeKind, Departure),
    "op": frozenset(DiffOpKind),
    "status": frozenset().union(ProposalStatus, NegotiationStatus),
    "action": frozenset(ProposalAction),
    "method": frozenset(AttributionMethod),
    "stage": frozenset(DraftStage),
    "role": frozenset(Role),
    "nature": frozenset(Nature),
    "direction": frozenset(ShiftDirection),
}

# The functions that take a history kind.
KIND_FUNCTIONS = ("kindBadge", "kindName")

STRING = r'"((?:[^"\\]|\\.)*)"'
OPERAND = r"([A-Za-z_$][\w$]*(?:\??\.[A-Za-z_$][\w$]*)*)"
COMPARED = re.compile(rf"{OPERAND}\s*[!=]==?\s*{STRING}|{STRING}\s*[!=]==?\s*{OPERAND}")
INCLUDES = re.compile(rf"\[([^\[\]]*)\]\.includes\(\s*{OPERAND}\s*\)")
ARRAY = re.compile(r"\[([^\[\]]*)\]")
# Object keys that only ever hold a vocabulary word (`role`, `method`, `kind` also mean ARIA
# roles, HTTP methods and local shapes, so they are read in comparisons only).
WRITTEN = re.compile(rf"\b(op)\s*:\s*{STRING}")


def constant(name: str) -> str:
    """The source of `const NAME = [...]` or `{...}` in the web app's modules."""
    found = [
        match.group(1)
        for source in SOURCES.values()
        for match in re.finditer(rf"\bconst {name} = (\[.*?\]|\{{.*?\}});", source, flags=re.S)
    ]
    assert len(found) == 1, f"expected one `const {name}` in app/web, found {len(found)}"
    return found[0]


def words(literal: str) -> list[str]:
    """The strings of an array literal, or the keys of an object literal mapping to strings."""
    if literal.startswith("["):
        return re.findall(STRING, literal)
    keys = re.findall(rf'(?:{STRING}|([A-Za-z_$][\w$]*))\s*:\s*"', literal)
    return [quoted or bare for quoted, bare in keys]


def property_of(operand: str) -> str:
    """The property an operand reads: `change.kind` -> kind, `action.value` -> action."""
    parts = re.split(r"\??\.", operand)
    if parts[-1] == "value" and len(parts) > 1:
        return parts[-2]
    return parts[-1]


def uses() -> list[tuple[str, str, str]]:
    """Every (module, property, word) where a module compares or sets a property to a word."""
    found = []
    for module, source in SOURCES.items():
        for match in COMPARED.finditer(source):
            operand, word = (
                (match.group(1), match.group(2)) if match.group(1) else match.group(4, 3)
            )
            found.append((module, property_of(operand), word))
        for match in INCLUDES.finditer(source):
            found += [
                (module, property_of(match.group(2)), w) for w in words(f"[{match.group(1)}]")
            ]
        found += [(module, prop, word) for prop, word in WRITTEN.findall(source)]
        for function in KIND_FUNCTIONS:
            for word in re.findall(rf"\b{function}\(\s*{STRING}", source):
                found.append((module, "change", word))
    return [(module, prop, word) for module, prop, word in found if prop in PROPERTIES]


@pytest.mark.parametrize("name", LISTS)
def test_each_list_of_a_vocabulary_holds_every_value_and_nothing_else(name: str) -> None:
    listed = words(constant(name))
    vocabularies = LISTS[name]
    assert len(listed) == len(set(listed)), f"{name} repeats a word: {listed}"
    names = " and ".join(v.__name__ for v in vocabularies)
    assert set(listed) == set().union(*vocabularies), f"{name} differs from {names}"


def test_every_word_the_scripts_compare_or_write_is_a_value_of_its_vocabulary() -> None:
    found = uses()
    assert {prop for _, prop, _ in found} >= {"kind", "change", "op", "action", "method"}
    wrong = [(module, prop, word) for module, prop, word in found if word not in PROPERTIES[prop]]
    assert not wrong, f"words no vocabulary has: {wrong}"


def test_a_list_naming_two_values_of_a_vocabulary_names_only_its_values() -> None:
    checked = 0
    for module, source in SOURCES.items():
        for match in ARRAY.finditer(source):
            listed = set(words(match.group(0)))
            near = [v for v in VOCABULARIES if len(listed & set(v)) >= 2]
            if near:
                checked += 1
                assert any(listed <= set(v) for v in near), f"{module}: {sorted(listed)}"
    assert checked, "found no list of vocabulary words to check"


def test_no_string_is_a_misspelt_vocabulary_word() -> None:
    spelled = {plain(value): value for vocabulary in VOCABULARIES for value in vocabulary}
    misspelt = [
        (module, literal)
        for module, source in SOURCES.items()
        for literal in re.findall(STRING, source)
        if plain(literal) in spelled
        and literal != spelled[plain(literal)]
        and not literal[:1].isupper()  # a label shown to the reader: "Oral revision"
    ]
    assert not misspelt, f"near-misses of vocabulary words: {misspelt}"


def plain(word: str) -> str:
    """A word lower-cased, with spaces and underscores as hyphens: how a near-miss is found."""
    return re.sub(r"[\s_]+", "-", word.lower())
