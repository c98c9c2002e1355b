"""Seed the delegation registry: every member state, the observer states and the main groups.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-28 16:30:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from app.data import load_delegations

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

delegations = sa.table(
    "delegations",
    sa.column("code", sa.String),
    sa.column("name", sa.String),
    sa.column("kind", sa.String),
    sa.column("aliases", sa.JSON),
    sa.column("members", sa.JSON),
    sa.column("builtin", sa.Boolean),
)


def upgrade() -> None:
    op.bulk_insert(
        delegations,
        [
            {
                "code": record["code"],
                "name": record["name"],
                "kind": record["kind"],
                "aliases": list(record.get("aliases", [])),
                "members": list(record.get("members", [])),
                "builtin": True,
            }
            for record in load_delegations()
        ],
    )


def downgrade() -> None:
    op.execute(delegations.delete().where(delegations.c.builtin == sa.true()))
