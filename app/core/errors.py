"""Penholder's one error hierarchy. Each maps to one HTTP status in `app.api.errors`.

    PenholderError                      (500, never raised on purpose)
    ├── NotFound                        404  no such negotiation, draft, paragraph, lineage...
    ├── Conflict                        409  a unique thing exists already, a lost race
    │   ├── CollidingProposals          409  proposals applied together clash, no order given
    │   ├── DuplicateUpload             409  this very file is stored already as a draft
    │   └── TrackedChangesFound         409  a Word file with tracked changes: draft or proposals?
    ├── Unauthorized                    401  no token, unknown, revoked or expired token
    ├── Forbidden                       403  the token's role may not do this
    └── InvalidInput                    422  the request is well-formed but cannot be used
        ├── StaleProposal               422  a proposal's words are no longer in the draft
        ├── UnreadableDraft             422  the uploaded file is not a draft we can read
        │   └── UnsafeDocument          422  the file could harm the server (bombs, macros)
        └── TooLarge                    413  over a size limit

Messages are written for a negotiator: they say what is wrong with *their* input in plain words,
never a stack trace, a class name or SQL.
"""

from __future__ import annotations


class PenholderError(Exception):
    """Base of every error Penholder raises on purpose."""

    status = 500
    title = "Internal error"

    def __init__(self, detail: str, **extra: object) -> None:
        super().__init__(detail)
        self.detail = detail
        self.extra = extra  # more members of the problem+json body, for clients to act on


class NotFound(PenholderError):
    """The thing named in the request does not exist."""

    status = 404
    title = "Not found"


class Conflict(PenholderError):
    """The request conflicts with what is stored."""

    status = 409
    title = "Conflict"


class CollidingProposals(Conflict):
    """Two proposals to apply together act on the same words, and no order was given."""

    title = "Colliding proposals"


class DuplicateUpload(Conflict):
    """The uploaded file is byte for byte a draft stored already (same SHA-256)."""

    title = "Duplicate upload"


class TrackedChangesFound(Conflict):
    """A Word file holds tracked changes: store it as a draft (changes accepted) or import its
    changes as proposals? Only the user can say."""

    title = "Tracked changes"


class Unauthorized(PenholderError):
    """No valid token came with the request."""

    status = 401
    title = "Unauthorized"


class Forbidden(PenholderError):
    """The token is valid but its role may not do this."""

    status = 403
    title = "Forbidden"


class InvalidInput(PenholderError):
    """Well-formed request, unusable content."""

    status = 422
    title = "Invalid input"


class StaleProposal(InvalidInput):
    """A proposal to apply acts on words or a paragraph that the draft no longer has."""

    title = "Proposal no longer applies"


class UnreadableDraft(InvalidInput):
    """The uploaded file cannot be read as a draft."""

    title = "Unreadable draft"


class UnsafeDocument(UnreadableDraft):
    """The uploaded file was refused before parsing because it could harm the server."""

    title = "Unsafe document"


class TooLarge(InvalidInput):
    """Over a size limit."""

    status = 413
    title = "Too large"
