"""Initial schema: documents, commitments, achievements, mechanisms, agreements and their links.

Revision ID: 0001
Revises:
Create Date: 2026-03-01
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Every constraint and index is named as the models' naming convention would name it; check constraints go
# through op.f() because their convention wraps the given name, which is already final here.
SPAN = '"start" >= 0 AND "start" < "end"'
OPTIONAL_SPAN = '"start" >= 0 AND "start" <= "end"'
STRENGTHS = "strength IN ('firm', 'reaffirmed', 'position', 'aspirational')"


def _party_table(name: str, parent: str) -> None:
    parent_id = f"{parent}_id"
    op.create_table(
        name,
        sa.Column(parent_id, sa.Integer(), nullable=False),
        sa.Column("party", sa.Text(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            [parent_id], [f"{parent}.id"], name=f"fk_{name}_{parent_id}_{parent}", ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint(parent_id, "party", name=f"pk_{name}"),
    )
    op.create_index(f"ix_{name}_party", name, ["party", parent_id])


def _entity_table(name: str, extra: sa.Column) -> None:
    op.create_table(
        name,
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("key", sa.Text(), nullable=False),
        extra,
        sa.PrimaryKeyConstraint("id", name=f"pk_{name}"),
        sa.UniqueConstraint("key", name=f"uq_{name}_key"),
    )


def _link_table(entity: str) -> None:
    name = f"commitment_{entity}"
    op.create_table(
        name,
        sa.Column("commitment_id", sa.Integer(), nullable=False),
        sa.Column(f"{entity}_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["commitment_id"],
            ["commitment.id"],
            name=f"fk_{name}_commitment_id_commitment",
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            [f"{entity}_id"], [f"{entity}.id"], name=f"fk_{name}_{entity}_id_{entity}", ondelete="RESTRICT"
        ),
        sa.PrimaryKeyConstraint("commitment_id", f"{entity}_id", name=f"pk_{name}"),
    )
    op.create_index(f"ix_{name}_{entity}_id", name, [f"{entity}_id"])


def _mention_table(entity: str, *columns: sa.Column) -> None:
    name = f"{entity}_mention"
    op.create_table(
        name,
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column(f"{entity}_id", sa.Integer(), nullable=False),
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.Column("ordinal", sa.Integer(), nullable=False),
        *columns,
        sa.Column("start", sa.Integer(), nullable=False),
        sa.Column("end", sa.Integer(), nullable=False),
        sa.CheckConstraint(OPTIONAL_SPAN, name=op.f(f"ck_{name}_span")),
        sa.ForeignKeyConstraint(
            [f"{entity}_id"], [f"{entity}.id"], name=f"fk_{name}_{entity}_id_{entity}", ondelete="RESTRICT"
        ),
        sa.ForeignKeyConstraint(
            ["document_id"], ["document.id"], name=f"fk_{name}_document_id_document", ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=f"pk_{name}"),
        sa.UniqueConstraint("document_id", "ordinal", name=f"uq_{name}_document_id_ordinal"),
    )
    op.create_index(f"ix_{name}_{entity}_id", name, [f"{entity}_id"])


def upgrade() -> None:
    op.create_table(
        "document",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("title", sa.Text(), nullable=True),
        sa.Column("date", sa.String(10), nullable=True),
        sa.Column("source", sa.Text(), nullable=True),
        sa.Column("origin", sa.Text(), nullable=False),
        sa.Column("format", sa.Text(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("extra", sa.JSON().with_variant(postgresql.JSONB(), "postgresql"), nullable=False),
        sa.Column("ingested_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_document"),
        sa.UniqueConstraint("sha256", name="uq_document_sha256"),
    )
    op.create_index("ix_document_date", "document", ["date"])
    _party_table("document_issuer", "document")

    op.create_table(
        "commitment",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.Column("ordinal", sa.Integer(), nullable=False),
        sa.Column("quote", sa.Text(), nullable=False),
        sa.Column("start", sa.Integer(), nullable=False),
        sa.Column("end", sa.Integer(), nullable=False),
        sa.Column("strength", sa.String(16), nullable=False),
        sa.Column("area", sa.Text(), nullable=False),
        sa.Column("due", sa.String(10), nullable=True),
        sa.Column("due_by", sa.Date(), nullable=True),
        sa.Column("recurrence", sa.Text(), nullable=True),
        sa.Column("section", sa.Text(), nullable=True),
        sa.Column("annex", sa.Boolean(), nullable=False),
        sa.CheckConstraint(SPAN, name=op.f("ck_commitment_span")),
        sa.CheckConstraint(STRENGTHS, name=op.f("ck_commitment_strength")),
        sa.ForeignKeyConstraint(
            ["document_id"], ["document.id"], name="fk_commitment_document_id_document", ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_commitment"),
        sa.UniqueConstraint("document_id", "ordinal", name="uq_commitment_document_id_ordinal"),
    )
    op.create_index("ix_commitment_area", "commitment", ["area"])
    op.create_index("ix_commitment_strength", "commitment", ["strength"])
    op.create_index("ix_commitment_due_by", "commitment", ["due_by"])
    _party_table("commitment_actor", "commitment")

    op.create_table(
        "achievement",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.Column("ordinal", sa.Integer(), nullable=False),
        sa.Column("quote", sa.Text(), nullable=False),
        sa.Column("start", sa.Integer(), nullable=False),
        sa.Column("end", sa.Integer(), nullable=False),
        sa.Column("area", sa.Text(), nullable=False),
        sa.Column("date", sa.String(10), nullable=True),
        sa.Column("section", sa.Text(), nullable=True),
        sa.CheckConstraint(SPAN, name=op.f("ck_achievement_span")),
        sa.ForeignKeyConstraint(
            ["document_id"], ["document.id"], name="fk_achievement_document_id_document", ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_achievement"),
        sa.UniqueConstraint("document_id", "ordinal", name="uq_achievement_document_id_ordinal"),
    )
    op.create_index("ix_achievement_area", "achievement", ["area"])
    _party_table("achievement_actor", "achievement")

    _entity_table("mechanism", sa.Column("recurrence", sa.Text(), nullable=True))
    _mention_table(
        "mechanism",
        sa.Column("recurrence", sa.Text(), nullable=True),
        sa.Column("next", sa.String(10), nullable=True),
        sa.Column("held", sa.String(10), nullable=True),
        sa.Column("status", sa.Text(), nullable=True),
    )
    _link_table("mechanism")

    _entity_table("agreement", sa.Column("kind", sa.Text(), nullable=False))
    _mention_table(
        "agreement",
        sa.Column("stage", sa.Text(), nullable=True),
        sa.Column("date", sa.String(10), nullable=True),
    )
    _link_table("agreement")


def downgrade() -> None:
    for table in (
        "commitment_agreement",
        "agreement_mention",
        "agreement",
        "commitment_mechanism",
        "mechanism_mention",
        "mechanism",
        "achievement_actor",
        "achievement",
        "commitment_actor",
        "commitment",
        "document_issuer",
        "document",
    ):
        op.drop_table(table)
