"""Alembic environment: migrates the connection `servanda.store.migrate` hands over.

Without one (the `alembic` command with a local alembic.ini, e.g. to draft a revision) it connects to
`sqlalchemy.url` from that file, else to the settings' database URL.
"""

from __future__ import annotations

from alembic import context
from sqlalchemy import Connection

from servanda.store.engine import make_engine
from servanda.store.models import Base

# SQLite cannot ALTER most things in place; batch mode lets later revisions copy-and-swap tables instead.
_OPTIONS = {"target_metadata": Base.metadata, "render_as_batch": True, "compare_type": True}


def _run(connection: Connection) -> None:
    context.configure(connection=connection, **_OPTIONS)
    with context.begin_transaction():
        context.run_migrations()


def _main() -> None:
    config = context.config
    url = config.get_main_option("sqlalchemy.url")
    if context.is_offline_mode():
        context.configure(url=url, literal_binds=True, **_OPTIONS)
        with context.begin_transaction():
            context.run_migrations()
        return
    connection = config.attributes.get("connection")
    if connection is not None:
        _run(connection)
        return
    engine = make_engine(url or None)
    try:
        with engine.connect() as own_connection:
            _run(own_connection)
    finally:
        engine.dispose()


_main()
