"""Schema migrations, run in-process with Alembic: no alembic.ini needed, so an installed package works."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from alembic.util import CommandError
from sqlalchemy import Connection, Engine, text
from sqlalchemy.exc import DBAPIError, OperationalError

from servanda.errors import StoreError
from servanda.store.engine import SQLITE_BEGIN, display_url, make_engine, one_line
from servanda.store.models import Base

MIGRATIONS = Path(__file__).with_name("migrations")

# Any constant will do, as long as every Servanda process uses the same one.
_PG_MIGRATION_LOCK = 0x5E_4A_2D_A0

# SQLite's statistics are gathered again once the commitments outnumber those they were gathered on this many times.
STATISTICS_GROWTH = 10


def alembic_config(connection: Connection | None = None) -> Config:
    """An Alembic configuration pointing at the packaged migrations, bound to `connection` if given."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    if connection is not None:
        config.attributes["connection"] = connection
    return config


def head_revision() -> str:
    """The newest revision this version of Servanda knows."""
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None, "the packaged migrations have no head"
    return head


def current_revision(engine: Engine) -> str | None:
    """The revision the database is at, or None for an empty database."""
    with engine.execution_options(**{SQLITE_BEGIN: "DEFERRED"}).connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Migrate the database up to `revision`; a no-op, taking no write lock, when it is there already."""
    if revision == "head" and current_revision(engine) == head_revision():
        return
    _migrate(engine, lambda config: command.upgrade(config, revision))


def downgrade(engine: Engine, revision: str) -> None:
    """Migrate the database down to `revision` ("base" empties it)."""
    _migrate(engine, lambda config: command.downgrade(config, revision))


def open_database(url: str | None = None) -> Engine:
    """Connect to `url` (default: the settings' database URL) and migrate it to the newest schema."""
    engine = make_engine(url)
    try:
        upgrade(engine)
    except DBAPIError as err:
        engine.dispose()
        raise StoreError(f"cannot open database {display_url(engine.url)}: {one_line(err.orig)}") from None
    except StoreError:
        engine.dispose()
        raise
    if engine.dialect.name == "sqlite":
        refresh_statistics(engine)
    return engine


def refresh_statistics(engine: Engine) -> bool:
    """Run ANALYZE on the tables of a SQLite store that holds commitments but no statistics on them, or statistics
    gathered when it held a tenth as many; whether it ran. Without statistics SQLite guesses that a marking matches
    few rows, and lists commitments by sorting every readable one to return the first page (linear in the store);
    with them it walks the documents in date order and stops after the page. The search index's own tables are
    left without statistics: those taken while they were nearly empty made every insert several times slower.
    PostgreSQL's autovacuum keeps its own. Statistics only steer plans, so a store that cannot be written now
    (locked, read-only) is left as it is."""
    try:
        with engine.execution_options(**{SQLITE_BEGIN: "DEFERRED"}).connect() as connection:
            size = connection.exec_driver_sql("SELECT max(id) FROM commitment").scalar() or 0
            gathered = stray = 0
            if connection.exec_driver_sql(
                "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'sqlite_stat1'"
            ).first():
                stat = connection.exec_driver_sql(
                    "SELECT stat FROM sqlite_stat1 WHERE tbl = 'commitment' AND idx IS NOT NULL LIMIT 1"
                ).scalar()
                gathered = int(stat.split()[0]) if stat else 0
                stray = connection.exec_driver_sql(f"SELECT count(*) FROM sqlite_stat1 WHERE {_NOT_OURS}").scalar()
        stale = bool(size) and not (gathered and gathered * STATISTICS_GROWTH >= size)
        if not (stale or stray):
            return False
        with engine.begin() as connection:
            if stale:
                for table in Base.metadata.tables:
                    connection.exec_driver_sql(f'ANALYZE "{table}"')
            connection.exec_driver_sql(f"DELETE FROM sqlite_stat1 WHERE {_NOT_OURS}")
        return stale
    except OperationalError:
        return False


# Statistics on tables the models do not declare: the full-text search index's shadow tables (0005).
_NOT_OURS = "tbl NOT IN ({})".format(", ".join(f"'{name}'" for name in Base.metadata.tables))


def _migrate(engine: Engine, run: Callable[[Config], None]) -> None:
    with engine.connect() as connection:
        sqlite = connection.dialect.name == "sqlite"
        if sqlite:
            # SQLite alters a table by copying it; with foreign keys enforced, dropping the old copy would
            # cascade-delete its children (https://www.sqlite.org/lang_altertable.html, "other changes").
            # The pragma is ignored inside a transaction, so it goes to the driver before BEGIN.
            _driver_execute(connection, "PRAGMA foreign_keys=OFF")
        try:
            with connection.begin():
                if connection.dialect.name == "postgresql":
                    lock = text("SELECT pg_advisory_xact_lock(:key)")
                    connection.execute(lock, {"key": _PG_MIGRATION_LOCK})
                try:
                    run(alembic_config(connection))
                except CommandError as err:
                    raise StoreError(
                        f"cannot migrate database {display_url(engine.url)}: {one_line(err)}"
                        " (is it from a newer version of Servanda?)"
                    ) from None
                if sqlite and connection.exec_driver_sql("PRAGMA foreign_key_check").first() is not None:
                    raise StoreError(f"migration left broken references in {display_url(engine.url)}")
        finally:
            if sqlite:
                _driver_execute(connection, "PRAGMA foreign_keys=ON")


def _driver_execute(connection: Connection, statement: str) -> None:
    connection.connection.driver_connection.execute(statement)  # type: ignore[union-attr]
