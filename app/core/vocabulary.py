"""Every closed vocabulary of the negotiation, each one `StrEnum`, defined here once.

The database stores these as their string values, the API serves them as such, and the web app
spells the same strings (`tests/web/test_vocabularies.py` holds it to these enums). A string
literal of one of these values anywhere else in `app/` is a typo waiting to happen: import the
member instead.
"""

from __future__ import annotations

from enum import StrEnum


class ParagraphKind(StrEnum):
    """What a paragraph is in the structure of a resolution."""

    TITLE = "title"
    PREAMBULAR = "preambular"
    OPERATIVE = "operative"
    SUBPARAGRAPH = "subparagraph"
    OTHER = "other"


class ChangeKind(StrEnum):
    """What happened to a lineage between a base draft and a new draft."""

    UNCHANGED = "unchanged"
    MODIFIED = "modified"
    ADDED = "added"
    DELETED = "deleted"
    MOVED = "moved"
    SPLIT = "split"
    MERGED = "merged"


class Departure(StrEnum):
    """How a paragraph leaves its history without being deleted.

    A history entry says what happened to the paragraph in a draft: a `ChangeKind`, or one of
    these in the draft where its words went on in the pieces of a split, or in the paragraph
    it was merged into.
    """

    SPLIT_AWAY = "split-away"
    MERGED_AWAY = "merged-away"


class OriginKind(StrEnum):
    """How a lineage that did not exist in the base draft came from others."""

    SPLIT = "split"
    MERGED = "merged"


class DiffOpKind(StrEnum):
    """One word-diff operation."""

    EQUAL = "equal"
    INSERT = "insert"
    DELETE = "delete"


class RevisionKind(StrEnum):
    """A Word tracked change's kind."""

    INSERT = "insert"
    DELETE = "delete"
    MOVE_FROM = "move-from"
    MOVE_TO = "move-to"


class DraftStage(StrEnum):
    """Where a draft stands in the life of a resolution."""

    ZERO = "zero"
    REVISION = "revision"
    TABLED = "tabled"
    ORAL_REVISION = "oral-revision"
    ADOPTED = "adopted"


class NegotiationStatus(StrEnum):
    """Where a negotiation stands."""

    INFORMALS = "informals"
    TABLED = "tabled"
    ADOPTED = "adopted"
    WITHDRAWN = "withdrawn"


class ProposalAction(StrEnum):
    """What a proposal asks for."""

    REPLACE = "replace"
    INSERT = "insert"
    DELETE = "delete"
    NEW_PARAGRAPH = "new-paragraph"
    DELETE_PARAGRAPH = "delete-paragraph"


class ProposalStatus(StrEnum):
    """What became of a proposal."""

    PENDING = "pending"
    ACCEPTED = "accepted"
    PARTLY_ACCEPTED = "partly-accepted"
    REJECTED = "rejected"
    WITHDRAWN = "withdrawn"


class AttributionMethod(StrEnum):
    """How Penholder knows who is behind a change."""

    MANUAL = "manual"
    MATCHED = "matched"
    IMPORTED = "imported"
    APPLIED = "applied"


class Nature(StrEnum):
    """Whether a change touches the meaning: `editorial` when only case, punctuation, spacing,
    quotation marks or footnote numbering changed, else `substantive`."""

    EDITORIAL = "editorial"
    SUBSTANTIVE = "substantive"


class NatureFilter(StrEnum):
    """Which changes the map counts: the substantive ones (default), or all."""

    SUBSTANTIVE = "substantive"
    ALL = "all"


class ShiftDirection(StrEnum):
    """Which way a swapped lead verb moved on the scale of `app/data/lead_verbs.json`."""

    STRONGER = "stronger"
    WEAKER = "weaker"


class DelegationKind(StrEnum):
    """What sort of delegation this is."""

    MEMBER_STATE = "member-state"
    OBSERVER_STATE = "observer-state"
    GROUP = "group"
    ORGANIZATION = "organization"


class Role(StrEnum):
    """What a token may do; each role may do everything the ones before it may."""

    VIEWER = "viewer"
    EDITOR = "editor"
    ADMIN = "admin"

    @property
    def rank(self) -> int:
        """0 for viewer, 1 for editor, 2 for admin."""
        return list(Role).index(self)

    def allows(self, needed: Role) -> bool:
        """True when this role may do what `needed` may."""
        return self.rank >= needed.rank


class ExportKind(StrEnum):
    """The Word files Penholder writes."""

    CLEAN = "clean"
    COMPARE = "compare"
    COMPILATION = "compilation"


class TrackedChangesView(StrEnum):
    """How a Word file with tracked changes is read: all accepted, or all rejected (original)."""

    ACCEPTED = "accepted"
    REJECTED = "rejected"


class SearchMode(StrEnum):
    """How the library is searched: the exact words, all the words, or the closest paragraphs."""

    PHRASE = "phrase"
    WORDS = "words"
    SIMILAR = "similar"


class SessionKind(StrEnum):
    """Which kind of session adopted a resolution (a special session's 23 is not the 23rd)."""

    REGULAR = "regular"
    SPECIAL = "special"
    EMERGENCY_SPECIAL = "emergency special"


class ImportOutcome(StrEnum):
    """What importing a resolution into the library did."""

    STORED = "stored"
    UNCHANGED = "unchanged"
    REPLACED = "replaced"
