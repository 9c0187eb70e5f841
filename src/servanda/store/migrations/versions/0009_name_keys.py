"""Name keys that see through parties' other names, parenthesised abbreviations and spelling; each commitment's
link to a mechanism or agreement keeps the name as its statement writes it (`written`).

Mechanisms and agreements are found again by a key made from their name (`servanda.store.keys.name_key`). The key
now writes parties as their codes in a fixed order, so "Canada-ROK ..." and "ROK-Canada ..." and "Canada-Republic
of Korea ..." meet. Rows stored under the older keys are given the new ones here, the oldest row first; a later
row whose new key an older one already holds keeps a key of its own (the new key and its id), so no row is merged
or lost and what documents say of it is unchanged; later statements join the oldest.

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-30
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import sqlalchemy as sa
from alembic import op

from servanda.store.keys import name_key, plain_key

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TABLES = ("mechanism", "agreement")


def upgrade() -> None:
    for name in TABLES:
        op.add_column(f"commitment_{name}", sa.Column("written", sa.Text(), nullable=True))
        _rekey(name, name_key)


def downgrade() -> None:
    # The keys before this revision: the name casefolded, with parties and abbreviations as written.
    for name in TABLES:
        _rekey(name, lambda row_name, _: plain_key(row_name))
        with op.batch_alter_table(f"commitment_{name}") as batch:
            batch.drop_column("written")


def _rekey(name: str, key_of: Callable[[str, list[str]], str]) -> None:
    bind = op.get_bind()
    table = sa.table(name, sa.column("id", sa.Integer), sa.column("name", sa.Text), sa.column("key", sa.Text))
    rows = bind.execute(sa.select(table.c.id, table.c.name).order_by(table.c.id)).all()
    # Out of the way first, so that no new key meets an old one still in place ("#" is never in a key).
    for row_id, _ in rows:
        bind.execute(sa.update(table).where(table.c.id == row_id).values(key=f"#{row_id}"))
    taken: set[str] = set()
    for row_id, row_name in rows:
        key = key_of(row_name, _issuers(bind, name, row_id))
        if key in taken:
            key = f"{key} #{row_id}"
        taken.add(key)
        bind.execute(sa.update(table).where(table.c.id == row_id).values(key=key))


def _issuers(bind: sa.Connection, name: str, row_id: int) -> list[str]:
    """The issuers of the first statement that names the row, which a name naming no party belongs to."""
    first = bind.execute(
        sa.text(
            f"SELECT min(document_id) FROM (SELECT document_id FROM {name}_mention WHERE {name}_id = :id "
            f"UNION SELECT c.document_id FROM commitment_{name} l JOIN commitment c ON c.id = l.commitment_id "
            f"WHERE l.{name}_id = :id) named"
        ),
        {"id": row_id},
    ).scalar()
    if first is None:
        return []
    found = sa.text("SELECT party FROM document_issuer WHERE document_id = :id ORDER BY position")
    return list(bind.execute(found, {"id": first}).scalars())
