"""Extraction drafts: uploads read and extracted for their owner to correct before they are stored.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-06
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import JSONB

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

JSON = sa.JSON().with_variant(JSONB(), "postgresql")


def upgrade() -> None:
    op.create_table(
        "extraction_draft",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("job_id", sa.Integer(), nullable=True),
        sa.Column("state", sa.String(16), nullable=False),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("origin", sa.Text(), nullable=False),
        sa.Column("format", sa.String(8), nullable=False),
        sa.Column("title", sa.Text(), nullable=True),
        sa.Column("source", sa.Text(), nullable=True),
        sa.Column("extra", JSON, nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("proposed", JSON, nullable=False),
        sa.Column("corrected", JSON, nullable=True),
        sa.Column("document_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("saved_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("marking_id", sa.Integer(), server_default=sa.text("1"), nullable=False),
        sa.CheckConstraint("state IN ('draft', 'saved')", name=op.f("ck_extraction_draft_state")),
        sa.ForeignKeyConstraint(
            ["person_id"], ["person.id"], name="fk_extraction_draft_person_id_person", ondelete="RESTRICT"
        ),
        sa.ForeignKeyConstraint(["job_id"], ["job.id"], name="fk_extraction_draft_job_id_job", ondelete="SET NULL"),
        sa.ForeignKeyConstraint(
            ["document_id"], ["document.id"], name="fk_extraction_draft_document_id_document", ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["marking_id"], ["marking.id"], name="fk_extraction_draft_marking_id_marking", ondelete="RESTRICT"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_extraction_draft"),
    )
    op.create_index("ix_extraction_draft_marking_id", "extraction_draft", ["marking_id"])
    op.create_index("ix_extraction_draft_person_id_id", "extraction_draft", ["person_id", "id"])


def downgrade() -> None:
    op.drop_table("extraction_draft")
