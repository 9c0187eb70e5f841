"""Indexes for stores of a million commitments: counting the commitments a reader may see reads an index alone.

The count behind every list's total, and the dashboard's, joins each readable document to its commitments and
tests each commitment's marking. With the marking beside the document in one index, that test no longer reads
the commitment's row (its quote and all), which made the count several times slower. SQLite's planner also needs
statistics, without which it sorts every readable commitment to show the first page of a list: `open_database`
gathers them, and keeps them current as the store grows (migrate.py).

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-30
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index("ix_commitment_document_marking", "commitment", ["document_id", "marking_id"])


def downgrade() -> None:
    op.drop_index("ix_commitment_document_marking", table_name="commitment")
