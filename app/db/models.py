"""The stored shapes: SQLAlchemy 2 typed ORM classes, one per table.

Drafts are immutable once stored: nothing updates a draft's text, its paragraphs or its original
file. Only its label may be corrected and it may be withdrawn (a flag, restorable, audited).
Relationships load nothing by themselves (`lazy="raise"`); repositories load on purpose.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, deferred, mapped_column, relationship

from app.core.vocabulary import DraftStage, NegotiationStatus, ProposalStatus

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def utcnow() -> dt.datetime:
    """Now, in UTC, without microseconds noise in the API."""
    return dt.datetime.now(dt.UTC).replace(microsecond=0)


class Base(DeclarativeBase):
    """Every table's base, with constraint names both databases agree on."""

    metadata = MetaData(naming_convention=NAMING)


Stamp = DateTime(timezone=True)


class Negotiation(Base):
    """One resolution under negotiation."""

    __tablename__ = "negotiations"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(80), unique=True)
    title: Mapped[str] = mapped_column(String(500))
    body: Mapped[str] = mapped_column(String(40))
    session: Mapped[str] = mapped_column(String(40), default="")
    agenda_item: Mapped[str] = mapped_column(String(200), default="")
    penholders: Mapped[list[Any]] = mapped_column(JSON, default=list)
    status: Mapped[str] = mapped_column(String(20), default=NegotiationStatus.INFORMALS)
    next_seq: Mapped[int] = mapped_column(Integer, default=1)
    created_at: Mapped[dt.datetime] = mapped_column(Stamp, default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(Stamp, default=utcnow)

    drafts: Mapped[list[Draft]] = relationship(
        back_populates="negotiation", lazy="raise", order_by="Draft.seq"
    )


class Draft(Base):
    """One immutable version of a negotiation's text, with its original upload."""

    __tablename__ = "drafts"
    __table_args__ = (UniqueConstraint("negotiation_id", "seq"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    negotiation_id: Mapped[int] = mapped_column(ForeignKey("negotiations.id", ondelete="CASCADE"))
    seq: Mapped[int] = mapped_column(Integer)
    label: Mapped[str] = mapped_column(String(120))
    symbol: Mapped[str | None] = mapped_column(String(80))
    stage: Mapped[str] = mapped_column(String(20), default=DraftStage.REVISION)
    circulated_on: Mapped[dt.date | None] = mapped_column(Date)
    language: Mapped[str] = mapped_column(String(8), default="en")
    based_on_id: Mapped[int | None] = mapped_column(ForeignKey("drafts.id"))
    title: Mapped[str] = mapped_column(Text, default="")
    formula: Mapped[str] = mapped_column(Text, default="")
    masthead: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    file_name: Mapped[str] = mapped_column(String(255))
    media_type: Mapped[str] = mapped_column(String(120))
    sha256: Mapped[str] = mapped_column(String(64))
    size: Mapped[int] = mapped_column(Integer)
    content: Mapped[bytes] = deferred(mapped_column(LargeBinary))
    summary: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    created_at: Mapped[dt.datetime] = mapped_column(Stamp, default=utcnow)
    created_by: Mapped[str] = mapped_column(String(120), default="")
    withdrawn_at: Mapped[dt.datetime | None] = mapped_column(Stamp)

    negotiation: Mapped[Negotiation] = relationship(back_populates="drafts", lazy="raise")
    paragraphs: Mapped[list[Paragraph]] = relationship(
        back_populates="draft", lazy="raise", order_by="Paragraph.position"
    )


class Lineage(Base):
    """A paragraph's identity across drafts; splits and merges record their origins."""

    __tablename__ = "lineages"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    negotiation_id: Mapped[int] = mapped_column(
        ForeignKey("negotiations.id", ondelete="CASCADE"), index=True
    )
    created_in_draft_id: Mapped[int] = mapped_column(ForeignKey("drafts.id", ondelete="CASCADE"))
    origin_kind: Mapped[str | None] = mapped_column(String(10))
    origins: Mapped[list[Any]] = mapped_column(JSON, default=list)


class Paragraph(Base):
    """One paragraph of one draft, in document order."""

    __tablename__ = "paragraphs"
    __table_args__ = (UniqueConstraint("draft_id", "position"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    draft_id: Mapped[int] = mapped_column(ForeignKey("drafts.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(Integer)
    lineage_id: Mapped[str] = mapped_column(ForeignKey("lineages.id"), index=True)
    kind: Mapped[str] = mapped_column(String(20))
    label: Mapped[str] = mapped_column(String(40))
    number: Mapped[str] = mapped_column(String(20))
    lead: Mapped[str] = mapped_column(String(200))
    text: Mapped[str] = mapped_column(Text)
    level: Mapped[int] = mapped_column(Integer, default=0)
    italics: Mapped[list[Any]] = mapped_column(JSON, default=list)
    footnotes: Mapped[list[Any]] = mapped_column(JSON, default=list)
    revisions: Mapped[list[Any]] = mapped_column(JSON, default=list)
    comments: Mapped[list[Any]] = mapped_column(JSON, default=list)

    draft: Mapped[Draft] = relationship(back_populates="paragraphs", lazy="raise")


class Change(Base):
    """One lineage step between a draft and its base, with its word-level diff."""

    __tablename__ = "changes"
    __table_args__ = (Index("ix_changes_draft_position", "draft_id", "position"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    draft_id: Mapped[int] = mapped_column(ForeignKey("drafts.id", ondelete="CASCADE"))
    base_draft_id: Mapped[int | None] = mapped_column(ForeignKey("drafts.id"))
    position: Mapped[int] = mapped_column(Integer)
    lineage_id: Mapped[str] = mapped_column(ForeignKey("lineages.id"), index=True)
    kind: Mapped[str] = mapped_column(String(20))
    moved: Mapped[bool] = mapped_column(Boolean, default=False)
    modified: Mapped[bool] = mapped_column(Boolean, default=False)
    similarity: Mapped[float] = mapped_column(Float, default=1.0)
    from_paragraph_ids: Mapped[list[Any]] = mapped_column(JSON, default=list)
    to_paragraph_ids: Mapped[list[Any]] = mapped_column(JSON, default=list)
    ops: Mapped[list[Any]] = mapped_column(JSON, default=list)
    hunks: Mapped[list[Any]] = mapped_column(JSON, default=list)
    words_inserted: Mapped[int] = mapped_column(Integer, default=0)
    words_deleted: Mapped[int] = mapped_column(Integer, default=0)


class LineageCorrection(Base):
    """An editor's word that a paragraph continues a lineage (or none)."""

    __tablename__ = "lineage_corrections"

    id: Mapped[int] = mapped_column(primary_key=True)
    draft_id: Mapped[int] = mapped_column(ForeignKey("drafts.id", ondelete="CASCADE"))
    paragraph_id: Mapped[int] = mapped_column(ForeignKey("paragraphs.id", ondelete="CASCADE"))
    lineage_id: Mapped[str | None] = mapped_column(ForeignKey("lineages.id"))
    created_at: Mapped[dt.datetime] = mapped_column(Stamp, default=utcnow)
    created_by: Mapped[str] = mapped_column(String(120), default="")


class Delegation(Base):
    """A member state, observer state, group or organisation."""

    __tablename__ = "delegations"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(20), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(20))
    aliases: Mapped[list[Any]] = mapped_column(JSON, default=list)
    members: Mapped[list[Any]] = mapped_column(JSON, default=list)
    builtin: Mapped[bool] = mapped_column(Boolean, default=False)


class Proposal(Base):
    """One or more delegations' amendment to a draft."""

    __tablename__ = "proposals"
    __table_args__ = (UniqueConstraint("negotiation_id", "import_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    negotiation_id: Mapped[int] = mapped_column(
        ForeignKey("negotiations.id", ondelete="CASCADE"), index=True
    )
    draft_id: Mapped[int] = mapped_column(ForeignKey("drafts.id", ondelete="CASCADE"))
    lineage_id: Mapped[str | None] = mapped_column(ForeignKey("lineages.id"))
    after_lineage_id: Mapped[str | None] = mapped_column(ForeignKey("lineages.id"))
    action: Mapped[str] = mapped_column(String(20))
    find: Mapped[str | None] = mapped_column(Text)
    text: Mapped[str | None] = mapped_column(Text)
    source: Mapped[str] = mapped_column(String(120), default="")
    note: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = mapped_column(String(20), default=ProposalStatus.PENDING)
    delegation_codes: Mapped[list[Any]] = mapped_column(JSON, default=list)
    import_key: Mapped[str | None] = mapped_column(String(64))
    created_at: Mapped[dt.datetime] = mapped_column(Stamp, default=utcnow)
    created_by: Mapped[str] = mapped_column(String(120), default="")


class Attribution(Base):
    """A change (or one hunk of it) tied to the delegations behind it."""

    __tablename__ = "attributions"
    __table_args__ = (UniqueConstraint("change_id", "key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    change_id: Mapped[int] = mapped_column(ForeignKey("changes.id", ondelete="CASCADE"))
    hunk_index: Mapped[int | None] = mapped_column(Integer)
    key: Mapped[str] = mapped_column(String(400))
    delegation_codes: Mapped[list[Any]] = mapped_column(JSON, default=list)
    proposal_id: Mapped[int | None] = mapped_column(ForeignKey("proposals.id", ondelete="SET NULL"))
    method: Mapped[str] = mapped_column(String(10))
    confidence: Mapped[float] = mapped_column(Float, default=1.0)
    created_at: Mapped[dt.datetime] = mapped_column(Stamp, default=utcnow)
    created_by: Mapped[str] = mapped_column(String(120), default="")


class ApiToken(Base):
    """An API token: only its SHA-256 is stored."""

    __tablename__ = "api_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120))
    role: Mapped[str] = mapped_column(String(10))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[dt.datetime] = mapped_column(Stamp, default=utcnow)
    expires_at: Mapped[dt.datetime | None] = mapped_column(Stamp)
    revoked_at: Mapped[dt.datetime | None] = mapped_column(Stamp)


class WebSession(Base):
    """A browser's signed-in session: a cookie exchanged for a token; only its SHA-256 is
    stored, and the token behind it is checked on every request."""

    __tablename__ = "web_sessions"

    id: Mapped[int] = mapped_column(primary_key=True)
    token_id: Mapped[int] = mapped_column(
        ForeignKey("api_tokens.id", ondelete="CASCADE"), index=True
    )
    session_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[dt.datetime] = mapped_column(Stamp, default=utcnow)
    expires_at: Mapped[dt.datetime] = mapped_column(Stamp)
    ended_at: Mapped[dt.datetime | None] = mapped_column(Stamp)


class AuditEntry(Base):
    """One write: who (the token's name), what, on what, when."""

    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[dt.datetime] = mapped_column(Stamp, default=utcnow)
    actor: Mapped[str] = mapped_column(String(120))
    action: Mapped[str] = mapped_column(String(60))
    target: Mapped[str] = mapped_column(String(200))
    detail: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)


class LibraryDocument(Base):
    """An adopted resolution in the library, stored apart from negotiations."""

    __tablename__ = "library_documents"

    id: Mapped[int] = mapped_column(primary_key=True)
    symbol: Mapped[str] = mapped_column(String(80), unique=True)
    body: Mapped[str] = mapped_column(String(40), index=True)
    session: Mapped[int] = mapped_column(Integer)
    session_kind: Mapped[str] = mapped_column(String(20))
    adopted_on: Mapped[dt.date | None] = mapped_column(Date, index=True)
    title: Mapped[str] = mapped_column(Text)
    adoption: Mapped[str] = mapped_column(Text, default="")
    file_name: Mapped[str] = mapped_column(String(255))
    fingerprint: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[dt.datetime] = mapped_column(Stamp, default=utcnow)
    created_by: Mapped[str] = mapped_column(String(120), default="")

    paragraphs: Mapped[list[LibraryParagraph]] = relationship(
        back_populates="document",
        lazy="raise",
        order_by="LibraryParagraph.position",
    )


class LibraryParagraph(Base):
    """One paragraph of an adopted resolution, with its searchable form (`norm`).

    `norm` is `app.core.library.searchable(text)`. The full-text indexes on it are made by the
    migrations, dialect by dialect (`SEARCH_INDEXES`), not by these models.
    """

    __tablename__ = "library_paragraphs"
    __table_args__ = (UniqueConstraint("document_id", "position"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("library_documents.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(20))
    label: Mapped[str] = mapped_column(String(40))
    number: Mapped[str] = mapped_column(String(20))
    text: Mapped[str] = mapped_column(Text)
    norm: Mapped[str] = mapped_column(Text)

    document: Mapped[LibraryDocument] = relationship(back_populates="paragraphs", lazy="raise")


class LibraryTerm(Base):
    """How many library paragraphs hold a word: `similar` searches with the rarest words."""

    __tablename__ = "library_terms"

    term: Mapped[str] = mapped_column(String(200), primary_key=True)
    paragraphs: Mapped[int] = mapped_column(Integer)


# Made by the migrations, not by the models (Alembic's comparison leaves them alone): SQLite's
# FTS5 table over library_paragraphs.norm (and the shadow tables FTS5 keeps beside it), and
# PostgreSQL's GIN indexes (full text and pg_trgm trigrams) on the same column.
SEARCH_TABLE = "library_fts"
SEARCH_INDEXES = frozenset({"ix_library_paragraphs_norm_tsv", "ix_library_paragraphs_norm_trgm"})


def is_search_index(name: str) -> bool:
    """Whether a table or index is one of the full-text search structures the migrations make."""
    return name == SEARCH_TABLE or name.startswith(f"{SEARCH_TABLE}_") or name in SEARCH_INDEXES
