"""The delegation registry: who can propose a change, and how people write their names.

A delegation is a member state, an observer state, a group or an organisation (see the design's
"Delegation"). The registry answers three questions, all without I/O:

- `resolve("Russia")`: which one delegation does this name or code mean?
- `search("rus")`: which delegations might the user be typing?
- `resolve_many("Pakistan on behalf of the OIC")`: which delegations does a Word comment's author
  or a compilation's bracket name? Parts that name no delegation are kept, not guessed at.

Names are compared by their *normalised* form (`normalise_name`): "Côte d’Ivoire", "cote
d'ivoire" and "COTE D'IVOIRE" are one key. Codes are compared exactly ("RUS", "EU"), never
normalised, so that the words "and", "can" or "per" are not read as Andorra, Canada or Peru.
A registry refuses to be built if one key would mean two delegations.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from app.core.vocabulary import DelegationKind


@dataclass(frozen=True, slots=True)
class Delegation:
    """One delegation: `code` is ISO 3166-1 alpha-3 for states, a short code for groups.

    `members` holds the codes of a group's members (empty for states, and for groups whose
    membership is informal or changing).
    """

    code: str
    name: str
    kind: DelegationKind
    aliases: tuple[str, ...] = ()
    members: tuple[str, ...] = ()

    @classmethod
    def from_record(cls, record: Mapping[str, Any]) -> Delegation:
        """Build a delegation from its JSON shape (`code`, `name`, `kind`, `aliases`, `members`)."""
        return cls(
            code=record["code"],
            name=record["name"],
            kind=DelegationKind(record["kind"]),
            aliases=tuple(record.get("aliases", ())),
            members=tuple(record.get("members", ())),
        )

    def to_record(self) -> dict[str, Any]:
        """Return the delegation in its JSON shape."""
        return {
            "code": self.code,
            "name": self.name,
            "kind": str(self.kind),
            "aliases": list(self.aliases),
            "members": list(self.members),
        }


@dataclass(frozen=True, slots=True)
class DelegationReading:
    """What `Registry.read_delegations` found in a piece of text.

    `delegations` are in order of first mention, without repeats; `unresolved` are the parts of
    the text, as written, that named no known delegation ("penholder", "Group of Friends of X").
    """

    delegations: tuple[Delegation, ...] = ()
    unresolved: tuple[str, ...] = ()


# A word: letters and digits, with apostrophes or full stops inside it ("d'Ivoire", "U.S.A").
_WORD = r"[^\W_]+(?:[.'’ʼ`´][^\W_]+)*"
# A word, a hard break (between the parts of a list: a name never spans one) or a bracket (a
# soft break: "Bolivia (Plurinational State of)" is one name). Other marks are ignored.
_TOKEN = re.compile(rf"(?P<word>{_WORD})|(?P<hard>[;,/&:\n\[\]])|(?P<soft>[()])")
_INNER_MARKS = re.compile(r"[.'’ʼ`´]")

# Words that join delegation names in running text; never reported as unresolved on their own.
_CONNECTIVES = frozenset({"and", "the", "of", "on", "behalf", "by", "also", "supported", "with"})
_LONGEST_KEY_WORDS = 12


def _fold_word(word: str) -> str:
    """Casefold a word, strip its accents and its inner apostrophes and full stops."""
    decomposed = unicodedata.normalize("NFKD", word.casefold())
    bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return _INNER_MARKS.sub("", bare)


def normalise_name(name: str) -> str:
    """Fold a delegation name to its comparison key: "The Côte d’Ivoire" -> "cote divoire"."""
    text = unicodedata.normalize("NFC", name)
    words = [_fold_word(m.group()) for m in re.finditer(_WORD, text)]
    if len(words) > 1 and words[0] == "the":
        words = words[1:]
    return " ".join(words)


@dataclass(frozen=True, slots=True)
class _Token:
    """A folded word, or a break ("hard" between parts, "soft" for brackets), with its span."""

    text: str
    kind: str
    start: int
    end: int


def _tokenise(text: str) -> list[_Token]:
    """Split text into folded words and breaks, keeping each one's place in `text`."""
    tokens = []
    for match in _TOKEN.finditer(text):
        kind = match.lastgroup or "word"
        folded = _fold_word(match.group()) if kind == "word" else match.group()
        tokens.append(_Token(folded, kind, match.start(), match.end()))
    return tokens


class Registry:
    """Every known delegation, looked up by code, name or alias.

    Built once from the seed data (plus any ad hoc groups) and then read only. Raises
    `ValueError` if codes repeat, a group lists an unknown member, or one name, alias or code
    would mean two delegations.
    """

    def __init__(self, delegations: Iterable[Delegation]) -> None:
        self._by_code: dict[str, Delegation] = {}
        self._by_key: dict[str, Delegation] = {}
        self._keys: dict[str, tuple[str, ...]] = {}
        for delegation in delegations:
            if delegation.code in self._by_code:
                raise ValueError(f"Delegation code {delegation.code!r} is used twice.")
            self._by_code[delegation.code] = delegation
        for delegation in self._by_code.values():
            for member in delegation.members:
                if member not in self._by_code:
                    raise ValueError(f"{delegation.name} lists an unknown member {member!r}.")
            keys = []
            for written in (delegation.name, *delegation.aliases):
                keys.append(normalise_name(written))
                self._index(keys[-1], written, delegation)
            self._keys[delegation.code] = (*keys, delegation.code.casefold())

    @classmethod
    def from_records(cls, records: Iterable[Mapping[str, Any]]) -> Registry:
        """Build a registry from delegations in their JSON shape."""
        return cls(Delegation.from_record(record) for record in records)

    def _index(self, key: str, written: str, delegation: Delegation) -> None:
        """Add one comparison key, refusing a key that already means another delegation."""
        for other in (self._by_key.get(key), self._by_code.get(written)):
            if other is not None and other.code != delegation.code:
                raise ValueError(
                    f"{written!r} would mean both {other.name} and {delegation.name}; "
                    "a name or alias must mean one delegation."
                )
        if key:
            self._by_key[key] = delegation

    def __iter__(self) -> Iterator[Delegation]:
        """Iterate over the delegations in the order they were given."""
        return iter(self._by_code.values())

    def __len__(self) -> int:
        """Return how many delegations the registry holds."""
        return len(self._by_code)

    def __contains__(self, code: object) -> bool:
        """Tell whether a delegation has exactly this code."""
        return code in self._by_code

    def get(self, code: str) -> Delegation | None:
        """Return the delegation with exactly this code, or None."""
        return self._by_code.get(code)

    def members_of(self, code: str) -> list[Delegation]:
        """Return a group's member delegations, in the order the group lists them."""
        group = self._by_code.get(code)
        return [] if group is None else [self._by_code[member] for member in group.members]

    def resolve(self, name_or_code: str) -> Delegation | None:
        """Return the one delegation a code, name or alias means, or None if none does.

        An exact code wins ("NAM" is Namibia); otherwise names and aliases are compared
        after `normalise_name`, so "Turkiye", "the Netherlands" and "U.S." all resolve.
        """
        written = name_or_code.strip()
        found = self._by_code.get(written)
        if found is not None:
            return found
        key = normalise_name(written)
        return self._by_key.get(key) if key else None

    def search(self, query: str, limit: int = 20) -> list[Delegation]:
        """Return up to `limit` delegations whose code, name or alias matches `query`, best first.

        Ranks: 0 an exact code, name or alias; 1 a key starting with the query; 2 a word of a
        key starting with it; 3 the query anywhere in a key. Ties go to states before groups,
        then to the UN name in alphabetical order. An empty query matches nothing.
        """
        key = normalise_name(query)
        if not key or limit <= 0:
            return []
        ranked: list[tuple[int, int, str, Delegation]] = []
        kind_order = list(DelegationKind)
        for delegation in self._by_code.values():
            rank = self._rank(delegation.code, self._keys[delegation.code], query.strip(), key)
            if rank is not None:
                kind = kind_order.index(delegation.kind)
                ranked.append((rank, kind, normalise_name(delegation.name), delegation))
        ranked.sort(key=lambda item: item[:3])
        return [item[3] for item in ranked[:limit]]

    @staticmethod
    def _rank(code: str, keys: tuple[str, ...], query: str, key: str) -> int | None:
        """Rank how well one delegation matches a query (see `search`); None if it does not."""
        if query.upper() == code or key in keys:
            return 0
        if any(candidate.startswith(key) for candidate in keys):
            return 1
        if any(f" {key}" in f" {candidate}" for candidate in keys):
            return 2
        if any(key in candidate for candidate in keys):
            return 3
        return None

    def read_delegations(self, text: str) -> DelegationReading:
        """Read the delegations named in free text, and the parts that named none.

        Understands what negotiators write in a Word comment's author or a compilation's
        bracket: "Mexico; Chile", "EU, Mexico and Chile", "Pakistan on behalf of the OIC",
        "Cameroon (on behalf of the African Group)", "Norway (penholder)". At each word the
        longest run of words (up to `_LONGEST_KEY_WORDS`, skipping brackets but never crossing
        a comma, semicolon, colon, slash or ampersand) that is a known name or alias is taken,
        so "Group of 77 and China" and "Bolivia (Plurinational State of)" stay whole. Codes are
        read only where they are also aliases ("EU", "OIC"). Linear in the number of words.
        """
        text = unicodedata.normalize("NFC", text)
        tokens = _tokenise(text)
        found: list[Delegation] = []
        leftover_runs: list[list[_Token]] = [[]]
        i = 0
        while i < len(tokens):
            token = tokens[i]
            if token.kind != "word":
                leftover_runs.append([])
                i += 1
                continue
            match = self._longest_match(tokens, i)
            if match is None:
                leftover_runs[-1].append(token)
                i += 1
                continue
            delegation, i = match
            if delegation not in found:
                found.append(delegation)
            leftover_runs.append([])
        unresolved = [
            part for run in leftover_runs for part in self._unresolved_parts_of(run, text)
        ]
        return DelegationReading(tuple(found), tuple(unresolved))

    def _longest_match(self, tokens: list[_Token], start: int) -> tuple[Delegation, int] | None:
        """Return the delegation named by the longest run of words from `start`, and its end."""
        words: list[str] = []
        best: tuple[Delegation, int] | None = None
        i = start
        while i < len(tokens) and len(words) < _LONGEST_KEY_WORDS:
            token = tokens[i]
            i += 1
            if token.kind == "hard":
                break
            if token.kind == "soft":
                continue
            words.append(token.text)
            delegation = self._by_key.get(" ".join(words))
            if delegation is not None:
                best = (delegation, i)
        return best

    @staticmethod
    def _unresolved_parts_of(run: list[_Token], text: str) -> list[str]:
        """Split a run of unknown words at "and" / "on behalf of" and trim connectives."""
        pieces: list[list[_Token]] = [[]]
        i = 0
        while i < len(run):
            if run[i].text == "and":
                pieces.append([])
                i += 1
            elif [token.text for token in run[i : i + 3]] == ["on", "behalf", "of"]:
                pieces.append([])
                i += 3
            else:
                pieces[-1].append(run[i])
                i += 1
        parts = []
        for piece in pieces:
            while piece and piece[0].text in _CONNECTIVES:
                piece = piece[1:]
            while piece and piece[-1].text in _CONNECTIVES:
                piece = piece[:-1]
            if piece:
                parts.append(text[piece[0].start : piece[-1].end])
        return parts

    def resolve_many(self, text: str) -> list[Delegation]:
        """Return the delegations named in free text, in order of first mention."""
        return list(self.read_delegations(text).delegations)

    def unresolved_parts(self, text: str) -> list[str]:
        """Return the parts of free text, as written, that named no known delegation."""
        return list(self.read_delegations(text).unresolved)
