"""Full-text search: FTS5 tables kept in step by triggers on SQLite, GIN indexes over tsvectors on PostgreSQL.

Revision ID: 0005
Revises: 0004
"""

from __future__ import annotations

from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels = None
depends_on = None

# FTS5's external-content tables index the text where it already lives; these triggers keep them in step.
_SQLITE = [
    "CREATE VIRTUAL TABLE commitment_fts USING fts5(quote, content='commitment', content_rowid='id', "
    "tokenize='porter unicode61 remove_diacritics 2')",
    "CREATE TRIGGER commitment_fts_insert AFTER INSERT ON commitment BEGIN "
    "INSERT INTO commitment_fts(rowid, quote) VALUES (new.id, new.quote); END",
    "CREATE TRIGGER commitment_fts_delete AFTER DELETE ON commitment BEGIN "
    "INSERT INTO commitment_fts(commitment_fts, rowid, quote) VALUES ('delete', old.id, old.quote); END",
    "CREATE TRIGGER commitment_fts_update AFTER UPDATE OF quote ON commitment BEGIN "
    "INSERT INTO commitment_fts(commitment_fts, rowid, quote) VALUES ('delete', old.id, old.quote); "
    "INSERT INTO commitment_fts(rowid, quote) VALUES (new.id, new.quote); END",
    "INSERT INTO commitment_fts(commitment_fts) VALUES ('rebuild')",
    "CREATE VIRTUAL TABLE document_fts USING fts5(title, text, content='document', content_rowid='id', "
    "tokenize='porter unicode61 remove_diacritics 2')",
    "CREATE TRIGGER document_fts_insert AFTER INSERT ON document BEGIN "
    "INSERT INTO document_fts(rowid, title, text) VALUES (new.id, new.title, new.text); END",
    "CREATE TRIGGER document_fts_delete AFTER DELETE ON document BEGIN "
    "INSERT INTO document_fts(document_fts, rowid, title, text) VALUES ('delete', old.id, old.title, old.text); END",
    "CREATE TRIGGER document_fts_update AFTER UPDATE OF title, text ON document BEGIN "
    "INSERT INTO document_fts(document_fts, rowid, title, text) VALUES ('delete', old.id, old.title, old.text); "
    "INSERT INTO document_fts(rowid, title, text) VALUES (new.id, new.title, new.text); END",
    "INSERT INTO document_fts(document_fts) VALUES ('rebuild')",
]
_SQLITE_DOWN = [
    "DROP TRIGGER IF EXISTS document_fts_update",
    "DROP TRIGGER IF EXISTS document_fts_delete",
    "DROP TRIGGER IF EXISTS document_fts_insert",
    "DROP TABLE IF EXISTS document_fts",
    "DROP TRIGGER IF EXISTS commitment_fts_update",
    "DROP TRIGGER IF EXISTS commitment_fts_delete",
    "DROP TRIGGER IF EXISTS commitment_fts_insert",
    "DROP TABLE IF EXISTS commitment_fts",
]
# The expressions must match servanda.store.search's, character for character, for the planner to use them.
_POSTGRES = [
    "CREATE INDEX ix_commitment_quote_search ON commitment USING gin (to_tsvector('english'::regconfig, quote))",
    "CREATE INDEX ix_document_search ON document USING gin "
    "(to_tsvector('english'::regconfig, coalesce(title, '') || ' ' || text))",
]
_POSTGRES_DOWN = ["DROP INDEX IF EXISTS ix_document_search", "DROP INDEX IF EXISTS ix_commitment_quote_search"]


def upgrade() -> None:
    for statement in _SQLITE if op.get_bind().dialect.name == "sqlite" else _POSTGRES:
        op.execute(statement)


def downgrade() -> None:
    for statement in _SQLITE_DOWN if op.get_bind().dialect.name == "sqlite" else _POSTGRES_DOWN:
        op.execute(statement)
