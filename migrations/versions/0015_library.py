"""The library of adopted resolutions, and its full-text search, dialect by dialect.

SQLite: an FTS5 table over `library_paragraphs.norm` (external content, kept in step by two
triggers). PostgreSQL: GIN indexes on the same column, one for full-text search
(`to_tsvector('simple', norm)`) and one for trigrams (`pg_trgm`, exact phrases by LIKE).
`CREATE EXTENSION pg_trgm` needs a superuser or the database owner on PostgreSQL 13+ (pg_trgm
is a trusted extension); run the migration once as such a role.

Revision ID: 0015_library
Revises: 0002
Create Date: 2026-12-02 06:30:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0015_library"
down_revision = "0002"
branch_labels = None
depends_on = None

SQLITE_UP = (
    "CREATE VIRTUAL TABLE library_fts USING fts5(norm, content='library_paragraphs', "
    "content_rowid='id', tokenize='unicode61 remove_diacritics 0')",
    "CREATE TRIGGER library_fts_insert AFTER INSERT ON library_paragraphs BEGIN "
    "INSERT INTO library_fts(rowid, norm) VALUES (new.id, new.norm); END",
    "CREATE TRIGGER library_fts_delete AFTER DELETE ON library_paragraphs BEGIN "
    "INSERT INTO library_fts(library_fts, rowid, norm) VALUES ('delete', old.id, old.norm); END",
)
SQLITE_DOWN = (
    "DROP TRIGGER IF EXISTS library_fts_delete",
    "DROP TRIGGER IF EXISTS library_fts_insert",
    "DROP TABLE IF EXISTS library_fts",
)
POSTGRES_UP = (
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "CREATE INDEX ix_library_paragraphs_norm_trgm ON library_paragraphs "
    "USING gin (norm gin_trgm_ops)",
    "CREATE INDEX ix_library_paragraphs_norm_tsv ON library_paragraphs "
    "USING gin (to_tsvector('simple', norm))",
)
POSTGRES_DOWN = (
    "DROP INDEX IF EXISTS ix_library_paragraphs_norm_tsv",
    "DROP INDEX IF EXISTS ix_library_paragraphs_norm_trgm",
)


def upgrade() -> None:
    op.create_table(
        "library_documents",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("symbol", sa.String(length=80), nullable=False),
        sa.Column("body", sa.String(length=40), nullable=False),
        sa.Column("session", sa.Integer(), nullable=False),
        sa.Column("session_kind", sa.String(length=20), nullable=False),
        sa.Column("adopted_on", sa.Date(), nullable=True),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("adoption", sa.Text(), nullable=False),
        sa.Column("file_name", sa.String(length=255), nullable=False),
        sa.Column("fingerprint", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_by", sa.String(length=120), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_library_documents")),
        sa.UniqueConstraint("symbol", name=op.f("uq_library_documents_symbol")),
    )
    op.create_index(op.f("ix_library_documents_body"), "library_documents", ["body"], unique=False)
    op.create_index(
        op.f("ix_library_documents_adopted_on"), "library_documents", ["adopted_on"], unique=False
    )
    op.create_table(
        "library_paragraphs",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("label", sa.String(length=40), nullable=False),
        sa.Column("number", sa.String(length=20), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("norm", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["document_id"],
            ["library_documents.id"],
            name=op.f("fk_library_paragraphs_document_id_library_documents"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_library_paragraphs")),
        sa.UniqueConstraint(
            "document_id", "position", name=op.f("uq_library_paragraphs_document_id")
        ),
    )
    op.create_table(
        "library_terms",
        sa.Column("term", sa.String(length=200), nullable=False),
        sa.Column("paragraphs", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("term", name=op.f("pk_library_terms")),
    )
    dialect = op.get_bind().dialect.name
    for statement in SQLITE_UP if dialect == "sqlite" else POSTGRES_UP:
        op.execute(statement)


def downgrade() -> None:
    dialect = op.get_bind().dialect.name
    for statement in SQLITE_DOWN if dialect == "sqlite" else POSTGRES_DOWN:
        op.execute(statement)
    op.drop_table("library_terms")
    op.drop_table("library_paragraphs")
    op.drop_index(op.f("ix_library_documents_adopted_on"), table_name="library_documents")
    op.drop_index(op.f("ix_library_documents_body"), table_name="library_documents")
    op.drop_table("library_documents")
