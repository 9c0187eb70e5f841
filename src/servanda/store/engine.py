"""Connections to the store: engines tuned for SQLite or PostgreSQL, sessions and write transactions."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError, NoSuchModuleError, OperationalError
from sqlalchemy.orm import Session, sessionmaker

from servanda.errors import StoreError
from servanda.settings import get_settings

# Execution option read by the BEGIN hook: read-only sessions begin DEFERRED so they never wait for a writer.
SQLITE_BEGIN = "servanda_sqlite_begin"

_SQLITE_PRAGMAS = (
    "PRAGMA journal_mode=WAL",
    "PRAGMA foreign_keys=ON",
    "PRAGMA busy_timeout=10000",
    "PRAGMA synchronous=NORMAL",
)

# A read may hold two connections at once: its own, and a write transaction of their own for the audit entries of
# the marked records it returned. The web app serves up to 40 requests at once (its thread pool), so a pool of
# SQLAlchemy's default 15 connections could leave every request holding one and waiting for a second until the
# pool's 30-second timeout; 80 cannot (docs/performance.md, web load). Connections beyond 5 close when returned.
KEPT_CONNECTIONS = 5


def _pool() -> dict[str, int]:
    most = get_settings().database_connections
    kept = min(KEPT_CONNECTIONS, most)
    return {"pool_size": kept, "max_overflow": most - kept}


def make_engine(url: str | None = None) -> Engine:
    """Build an engine for `url` (default: the settings' database URL) without touching the database."""
    parsed = _parse_url(url or get_settings().database_url)
    try:
        if parsed.get_backend_name() == "sqlite":
            in_memory = parsed.database in (None, "", ":memory:") or parsed.query.get("mode") == "memory"
            engine = create_engine(parsed, **({} if in_memory else _pool()))
            _configure_sqlite(engine)
            return engine
        connect_args: dict[str, Any] = {}
        if parsed.get_backend_name() == "postgresql" and "connect_timeout" not in parsed.query:
            connect_args["connect_timeout"] = 10
        return create_engine(parsed, pool_pre_ping=True, connect_args=connect_args, **_pool())
    except (ArgumentError, NoSuchModuleError, ImportError) as err:
        raise StoreError(f"cannot use database URL {display_url(parsed)}: {one_line(err)}") from None


def session_factory(engine: Engine, *, readonly: bool = False) -> sessionmaker[Session]:
    """Make sessions on `engine`; `readonly` ones do not take SQLite's write lock when they begin."""
    bind = engine.execution_options(**{SQLITE_BEGIN: "DEFERRED"}) if readonly else engine
    return sessionmaker(bind=bind, expire_on_commit=False)


@contextmanager
def transaction(engine: Engine) -> Iterator[Session]:
    """Yield a session whose work is committed when the block ends, or rolled back if it raises.

    A database that fails for operational reasons (locked, read-only, full, gone) raises StoreError.
    """
    try:
        with session_factory(engine)() as session, session.begin():
            yield session
    except OperationalError as err:
        raise StoreError(f"cannot use database {display_url(engine.url)}: {one_line(err.orig)}") from err


def reads_only(session: Session) -> bool:
    """Whether `session` came from a `readonly` session factory, so must not write in its own transaction."""
    return session.get_bind().get_execution_options().get(SQLITE_BEGIN) == "DEFERRED"


def writing(bind: Engine) -> Engine:
    """`bind` as an engine whose transactions may write, also when it was made for reading."""
    return bind.execution_options(**{SQLITE_BEGIN: "IMMEDIATE"})


def display_url(url: URL) -> str:
    """The URL as it may be shown to a user: without its password."""
    return url.render_as_string(hide_password=True)


def one_line(err: BaseException | None) -> str:
    """The first line of an error's message, for one-line user-facing reports."""
    text = str(err).strip()
    return text.splitlines()[0] if text else type(err).__name__


def _parse_url(url: str) -> URL:
    try:
        parsed = make_url(url)
    except ArgumentError:
        raise StoreError(f"not a database URL: {url!r}") from None
    # Hosting platforms hand out postgres:// and postgresql:// URLs; psycopg 3 is the driver installed.
    if parsed.drivername in ("postgres", "postgresql"):
        parsed = parsed.set(drivername="postgresql+psycopg")
    return parsed


def _configure_sqlite(engine: Engine) -> None:
    # SQLAlchemy's documented pysqlite recipe: take BEGIN away from the sqlite3 module and emit it ourselves,
    # so reads and DDL are inside real transactions; writers take the lock up front (BEGIN IMMEDIATE) and
    # so never fail to upgrade a read lock halfway through a transaction.
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        try:
            for pragma in _SQLITE_PRAGMAS:
                cursor.execute(pragma)
        finally:
            cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Any) -> None:
        mode = connection.get_execution_options().get(SQLITE_BEGIN, "IMMEDIATE")
        connection.exec_driver_sql(f"BEGIN {mode}")
