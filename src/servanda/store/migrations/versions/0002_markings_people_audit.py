"""Markings on every record, people, API tokens, releasability consents and the append-only audit log.

Revision ID: 0002
Revises: 0001
Create Date: 2026-03-08
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

MARKED = ("document", "commitment", "achievement", "mechanism", "agreement")
APPEND_ONLY = ("audit_log", "audit_checkpoint")


def _json(*, none_as_null: bool = False) -> sa.types.TypeEngine:
    return sa.JSON(none_as_null=none_as_null).with_variant(postgresql.JSONB(none_as_null=none_as_null), "postgresql")


def upgrade() -> None:
    op.create_table(
        "marking",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("banner", sa.Text(), nullable=False),
        sa.Column("classification", sa.Text(), nullable=False),
        sa.Column("originator", sa.Text(), nullable=True),
        sa.Column("releasable_to", _json(none_as_null=True), nullable=True),
        sa.Column("compartments", _json(none_as_null=True), nullable=False),
        sa.Column("instrument", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_marking"),
        sa.UniqueConstraint("banner", "instrument", name="uq_marking_banner_instrument"),
    )
    op.create_index(
        "ix_marking_banner_default_instrument",
        "marking",
        ["banner"],
        unique=True,
        sqlite_where=sa.text("instrument IS NULL"),
        postgresql_where=sa.text("instrument IS NULL"),
    )
    # The first row, id 1: the public marking (UNCLASSIFIED, releasable to all), every record's default.
    op.execute(
        "INSERT INTO marking (banner, classification, originator, releasable_to, compartments, instrument) "
        "VALUES ('UNCLASSIFIED', 'UNCLASSIFIED', NULL, NULL, '[]', NULL)"
    )
    for table in MARKED:
        with op.batch_alter_table(table) as batch:
            batch.add_column(sa.Column("marking_id", sa.Integer(), nullable=False, server_default=sa.text("1")))
            batch.create_foreign_key(
                f"fk_{table}_marking_id_marking", "marking", ["marking_id"], ["id"], ondelete="RESTRICT"
            )
            batch.create_index(f"ix_{table}_marking_id", ["marking_id"])

    op.create_table(
        "consent",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("record_type", sa.Text(), nullable=False),
        sa.Column("record_id", sa.Integer(), nullable=False),
        sa.Column("party", sa.Text(), nullable=False),
        sa.Column("reference", sa.Text(), nullable=False),
        sa.Column("recorded_by", sa.Text(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_consent"),
    )
    op.create_index("ix_consent_record", "consent", ["record_type", "record_id"])

    op.create_table(
        "organisation",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("party", sa.Text(), nullable=False),
        sa.CheckConstraint("kind IN ('ministry', 'department', 'agency', 'other')", name=op.f("ck_organisation_kind")),
        sa.PrimaryKeyConstraint("id", name="pk_organisation"),
        sa.UniqueConstraint("name", name="uq_organisation_name"),
    )
    op.create_table(
        "person",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("username", sa.Text(), nullable=False),
        sa.Column("display_name", sa.Text(), nullable=False),
        sa.Column("nationality", sa.Text(), nullable=False),
        sa.Column("clearance", sa.Text(), nullable=False),
        sa.Column("role", sa.String(16), nullable=False),
        sa.Column("compartments", _json(none_as_null=True), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=True),
        sa.Column("password_hash", sa.Text(), nullable=True),
        sa.Column("disabled", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("role IN ('reader', 'analyst', 'admin')", name=op.f("ck_person_role")),
        sa.ForeignKeyConstraint(
            ["organisation_id"], ["organisation.id"], name="fk_person_organisation_id_organisation", ondelete="RESTRICT"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_person"),
        sa.UniqueConstraint("username", name="uq_person_username"),
    )
    op.create_table(
        "api_token",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("prefix", sa.String(8), nullable=False),
        sa.Column("token_hash", sa.String(64), nullable=False),
        sa.Column("scopes", _json(none_as_null=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_used_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["person_id"], ["person.id"], name="fk_api_token_person_id_person", ondelete="RESTRICT"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_api_token"),
        sa.UniqueConstraint("token_hash", name="uq_api_token_token_hash"),
    )
    op.create_index("ix_api_token_person_id", "api_token", ["person_id"])
    op.create_index("ix_api_token_prefix", "api_token", ["prefix"])

    op.create_table(
        "audit_log",
        sa.Column("id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("actor", sa.Text(), nullable=False),
        sa.Column("action", sa.Text(), nullable=False),
        sa.Column("record_type", sa.Text(), nullable=False),
        sa.Column("record_id", sa.Integer(), nullable=True),
        sa.Column("marking", sa.Text(), nullable=True),
        sa.Column("decision", sa.String(5), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("detail", _json(), nullable=True),
        sa.Column("prev_hash", sa.String(64), nullable=False),
        sa.Column("hash", sa.String(64), nullable=False),
        sa.CheckConstraint("decision IN ('allow', 'deny')", name=op.f("ck_audit_log_decision")),
        sa.PrimaryKeyConstraint("id", name="pk_audit_log"),
    )
    op.create_index("ix_audit_log_actor", "audit_log", ["actor"])
    op.create_index("ix_audit_log_record", "audit_log", ["record_type", "record_id"])
    op.create_table(
        "audit_checkpoint",
        sa.Column("id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_entry_id", sa.Integer(), nullable=False),
        sa.Column("last_hash", sa.String(64), nullable=False),
        sa.Column("signature", sa.String(64), nullable=False),
        sa.Column("key_id", sa.String(16), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_audit_checkpoint"),
    )
    _refuse_changes()


def _refuse_changes() -> None:
    """Triggers that make the audit tables append-only for anyone who cannot drop them."""
    if op.get_bind().dialect.name == "postgresql":
        op.execute(
            "CREATE FUNCTION servanda_append_only() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
            "RAISE EXCEPTION '% is append-only: % refused', TG_TABLE_NAME, TG_OP; END $$"
        )
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
    if op.get_bind().dialect.name == "postgresql":
        for table in APPEND_ONLY:
            op.execute(f"DROP TRIGGER {table}_no_truncate ON {table}")
            op.execute(f"DROP TRIGGER {table}_append_only ON {table}")
        op.execute("DROP FUNCTION servanda_append_only()")
    else:
        for table in APPEND_ONLY:
            for change in ("update", "delete"):
                op.execute(f"DROP TRIGGER {table}_no_{change}")
    for table in ("audit_checkpoint", "audit_log", "api_token", "person", "organisation", "consent"):
        op.drop_table(table)
    for table in MARKED:
        with op.batch_alter_table(table) as batch:
            batch.drop_index(f"ix_{table}_marking_id")
            batch.drop_constraint(f"fk_{table}_marking_id_marking", type_="foreignkey")
            batch.drop_column("marking_id")
    op.drop_table("marking")
