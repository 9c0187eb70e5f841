"""Tracking: assessments with scores and evidence, evidence proposals, continuity links, mechanism meetings,
agreement stages and report snapshots; the records of judgement and history are append-only.

Revision ID: 0003
Revises: 0002
Create Date: 2026-03-15
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Written out here rather than imported, so this revision keeps building the schema it built when it was written.
STATUSES = ("not-started", "in-progress", "delivered", "delivered-late", "stalled", "abandoned", "superseded")
STAGES = ("proposed", "negotiating", "launched", "concluded", "signed", "in-force", "terminated")
SPAN = '"start" >= 0 AND "start" < "end"'
ONE_TARGET = "(commitment_id IS NULL) <> (achievement_id IS NULL)"
EVIDENCE_SOURCE = (
    "(kind = 'document' AND document_id IS NOT NULL AND url IS NULL AND \"start\" IS NOT NULL "
    'AND "end" IS NOT NULL AND "start" >= 0 AND "start" < "end") '
    "OR (kind = 'external' AND document_id IS NULL AND url IS NOT NULL AND title IS NOT NULL)"
)
# Triggers refuse UPDATE and DELETE on these, as on the audit log (migration 0002 made the PostgreSQL function).
APPEND_ONLY = (
    "evidence",
    "assessment",
    "assessment_score",
    "assessment_evidence",
    "mechanism_meeting",
    "agreement_stage",
    "report_snapshot",
)


def _among(column: str, values: tuple[str, ...]) -> str:
    return f"{column} IN ({', '.join(repr(v) for v in values)})"


def _marking(table: str) -> list[sa.SchemaItem]:
    return [
        sa.Column("marking_id", sa.Integer(), nullable=False, server_default=sa.text("1")),
        sa.ForeignKeyConstraint(
            ["marking_id"], ["marking.id"], name=f"fk_{table}_marking_id_marking", ondelete="RESTRICT"
        ),
    ]


def _fk(table: str, column: str, target: str, ondelete: str = "RESTRICT") -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint([column], [f"{target}.id"], name=f"fk_{table}_{column}_{target}", ondelete=ondelete)


def _index(table: str, *columns: str) -> None:
    op.create_index(f"ix_{table}_{'_'.join(columns)}", table, list(columns))


def upgrade() -> None:
    op.create_table(
        "evidence",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("commitment_id", sa.Integer(), nullable=True),
        sa.Column("achievement_id", sa.Integer(), nullable=True),
        sa.Column("kind", sa.String(8), nullable=False),
        sa.Column("document_id", sa.Integer(), nullable=True),
        sa.Column("start", sa.Integer(), nullable=True),
        sa.Column("end", sa.Integer(), nullable=True),
        sa.Column("passage", sa.Text(), nullable=True),
        sa.Column("url", sa.Text(), nullable=True),
        sa.Column("title", sa.Text(), nullable=True),
        sa.Column("date", sa.String(10), nullable=True),
        sa.Column("recorded_by", sa.Text(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        *_marking("evidence"),
        sa.CheckConstraint(ONE_TARGET, name=op.f("ck_evidence_target")),
        sa.CheckConstraint("kind IN ('document', 'external')", name=op.f("ck_evidence_kind")),
        sa.CheckConstraint(EVIDENCE_SOURCE, name=op.f("ck_evidence_source")),
        _fk("evidence", "commitment_id", "commitment"),
        _fk("evidence", "achievement_id", "achievement"),
        _fk("evidence", "document_id", "document"),
        sa.PrimaryKeyConstraint("id", name="pk_evidence"),
    )
    for column in ("commitment_id", "achievement_id", "document_id", "marking_id"):
        _index("evidence", column)

    op.create_table(
        "assessment",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("commitment_id", sa.Integer(), nullable=False),
        sa.Column("assessor", sa.Text(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("as_of", sa.Date(), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("rationale", sa.Text(), nullable=False),
        sa.Column("corrects", sa.Integer(), nullable=True),
        *_marking("assessment"),
        sa.CheckConstraint(_among("status", STATUSES), name=op.f("ck_assessment_status")),
        _fk("assessment", "commitment_id", "commitment"),
        sa.ForeignKeyConstraint(
            ["corrects"], ["assessment.id"], name="fk_assessment_corrects_assessment", ondelete="RESTRICT"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_assessment"),
    )
    op.create_index("ix_assessment_commitment_as_of", "assessment", ["commitment_id", "as_of", "at"])
    _index("assessment", "marking_id")

    op.create_table(
        "assessment_score",
        sa.Column("assessment_id", sa.Integer(), nullable=False),
        sa.Column("party", sa.Text(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("score", sa.Integer(), nullable=True),
        sa.CheckConstraint("score IN (-1, 0, 1)", name=op.f("ck_assessment_score_score")),
        _fk("assessment_score", "assessment_id", "assessment"),
        sa.PrimaryKeyConstraint("assessment_id", "party", name="pk_assessment_score"),
    )
    op.create_table(
        "assessment_evidence",
        sa.Column("assessment_id", sa.Integer(), nullable=False),
        sa.Column("evidence_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        _fk("assessment_evidence", "assessment_id", "assessment"),
        _fk("assessment_evidence", "evidence_id", "evidence"),
        sa.PrimaryKeyConstraint("assessment_id", "evidence_id", name="pk_assessment_evidence"),
    )
    _index("assessment_evidence", "evidence_id")

    op.create_table(
        "evidence_proposal",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.Column("commitment_id", sa.Integer(), nullable=True),
        sa.Column("achievement_id", sa.Integer(), nullable=True),
        sa.Column("score", sa.Float(), nullable=False),
        sa.Column("start", sa.Integer(), nullable=False),
        sa.Column("end", sa.Integer(), nullable=False),
        sa.Column("passage", sa.Text(), nullable=False),
        sa.Column("relation", sa.String(16), nullable=False),
        sa.Column("state", sa.String(8), nullable=False),
        sa.Column("proposed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("decided_by", sa.Text(), nullable=True),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("evidence_id", sa.Integer(), nullable=True),
        *_marking("evidence_proposal"),
        sa.CheckConstraint(ONE_TARGET, name=op.f("ck_evidence_proposal_target")),
        sa.CheckConstraint(SPAN, name=op.f("ck_evidence_proposal_span")),
        sa.CheckConstraint(
            _among("relation", ("delivers", "restates", "progresses")), name=op.f("ck_evidence_proposal_relation")
        ),
        sa.CheckConstraint(
            _among("state", ("pending", "accepted", "rejected")), name=op.f("ck_evidence_proposal_state")
        ),
        _fk("evidence_proposal", "document_id", "document", "CASCADE"),
        _fk("evidence_proposal", "commitment_id", "commitment", "CASCADE"),
        _fk("evidence_proposal", "achievement_id", "achievement", "CASCADE"),
        _fk("evidence_proposal", "evidence_id", "evidence"),
        sa.PrimaryKeyConstraint("id", name="pk_evidence_proposal"),
        sa.UniqueConstraint("document_id", "commitment_id", name="uq_evidence_proposal_document_id_commitment_id"),
        sa.UniqueConstraint("document_id", "achievement_id", name="uq_evidence_proposal_document_id_achievement_id"),
    )
    for column in ("commitment_id", "achievement_id", "marking_id"):
        _index("evidence_proposal", column)

    op.create_table(
        "commitment_link",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("earlier_id", sa.Integer(), nullable=False),
        sa.Column("later_id", sa.Integer(), nullable=False),
        sa.Column("relation", sa.String(16), nullable=False),
        sa.Column("score", sa.Float(), nullable=False),
        sa.Column("state", sa.String(16), nullable=False),
        sa.Column("linked_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("decided_by", sa.Text(), nullable=True),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=True),
        *_marking("commitment_link"),
        sa.CheckConstraint("earlier_id <> later_id", name=op.f("ck_commitment_link_distinct")),
        sa.CheckConstraint(
            _among("relation", ("restates", "supersedes", "narrows")), name=op.f("ck_commitment_link_relation")
        ),
        sa.CheckConstraint(
            _among("state", ("proposed", "confirmed", "rejected")), name=op.f("ck_commitment_link_state")
        ),
        _fk("commitment_link", "earlier_id", "commitment", "CASCADE"),
        _fk("commitment_link", "later_id", "commitment", "CASCADE"),
        sa.PrimaryKeyConstraint("id", name="pk_commitment_link"),
        sa.UniqueConstraint("earlier_id", "later_id", name="uq_commitment_link_earlier_id_later_id"),
    )
    for column in ("later_id", "marking_id"):
        _index("commitment_link", column)

    op.create_table(
        "mechanism_meeting",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("mechanism_id", sa.Integer(), nullable=False),
        sa.Column("held_on", sa.String(10), nullable=False),
        sa.Column("document_id", sa.Integer(), nullable=True),
        sa.Column("recorded_by", sa.Text(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        *_marking("mechanism_meeting"),
        _fk("mechanism_meeting", "mechanism_id", "mechanism"),
        _fk("mechanism_meeting", "document_id", "document"),
        sa.PrimaryKeyConstraint("id", name="pk_mechanism_meeting"),
    )
    for column in ("mechanism_id", "document_id", "marking_id"):
        _index("mechanism_meeting", column)

    op.create_table(
        "agreement_stage",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("agreement_id", sa.Integer(), nullable=False),
        sa.Column("stage", sa.String(16), nullable=False),
        sa.Column("date", sa.String(10), nullable=False),
        sa.Column("document_id", sa.Integer(), nullable=True),
        sa.Column("recorded_by", sa.Text(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        *_marking("agreement_stage"),
        sa.CheckConstraint(_among("stage", STAGES), name=op.f("ck_agreement_stage_stage")),
        _fk("agreement_stage", "agreement_id", "agreement"),
        _fk("agreement_stage", "document_id", "document"),
        sa.PrimaryKeyConstraint("id", name="pk_agreement_stage"),
    )
    for column in ("agreement_id", "document_id", "marking_id"):
        _index("agreement_stage", column)

    op.create_table(
        "report_snapshot",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("label", sa.Text(), nullable=False),
        sa.Column("as_of", sa.Date(), nullable=False),
        sa.Column("taken_by", sa.Text(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("data", sa.JSON().with_variant(postgresql.JSONB(), "postgresql"), nullable=False),
        *_marking("report_snapshot"),
        sa.PrimaryKeyConstraint("id", name="pk_report_snapshot"),
    )
    _index("report_snapshot", "marking_id")
    _refuse_changes()


def _refuse_changes() -> None:
    if op.get_bind().dialect.name == "postgresql":
        for table in APPEND_ONLY:
            op.execute(
                f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
                "FOR EACH ROW EXECUTE FUNCTION servanda_append_only()"
            )
            op.execute(
                f"CREATE TRIGGER {table}_no_truncate BEFORE TRUNCATE ON {table} "
                "FOR EACH STATEMENT EXECUTE FUNCTION servanda_append_only()"
            )
        return
    for table in APPEND_ONLY:
        for change in ("UPDATE", "DELETE"):
            op.execute(
                f"CREATE TRIGGER {table}_no_{change.lower()} BEFORE {change} ON {table} "
                f"BEGIN SELECT RAISE(ABORT, '{table} is append-only: {change} refused'); END"
            )


def downgrade() -> None:
    postgres = op.get_bind().dialect.name == "postgresql"
    for table in APPEND_ONLY:
        if postgres:
            op.execute(f"DROP TRIGGER {table}_no_truncate ON {table}")
            op.execute(f"DROP TRIGGER {table}_append_only ON {table}")
        else:
            for change in ("update", "delete"):
                op.execute(f"DROP TRIGGER {table}_no_{change}")
    for table in (
        "report_snapshot",
        "agreement_stage",
        "mechanism_meeting",
        "commitment_link",
        "evidence_proposal",
        "assessment_evidence",
        "assessment_score",
        "assessment",
        "evidence",
    ):
        op.drop_table(table)
