"""Backups of a whole store, and restoring them.

Two forms. A **portable dump** (`.jsonl.gz`) works on both backends and between them: a header line, then one line
per table (`{"table": ...}`) followed by its rows as JSON, tables in dependency order, streamed so memory stays
flat. An **SQLite copy** (`.db`) uses SQLite's online backup API, which copies a live database page by page while
others keep reading and writing. Restoring refuses a store that already holds statements, and runs in one
transaction: it lands whole or not at all. The audit log's rows are restored as they were, so `servanda audit
verify` checks the restored chain.
"""

from __future__ import annotations

import base64
import gzip
import json
import sqlite3
from collections.abc import Iterator
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any, TextIO

from sqlalchemy import Engine, Table, func, insert, select, text
from sqlalchemy.types import TypeDecorator

from servanda.errors import StoreError
from servanda.store.engine import transaction
from servanda.store.migrate import current_revision, head_revision
from servanda.store.models import Base

FORMAT = "servanda-dump"
VERSION = 1
BATCH = 1000


class BackupError(StoreError):
    """A backup that cannot be written, or a dump that cannot be restored."""


def _tables() -> list[Table]:
    return list(Base.metadata.sorted_tables)


def _encode(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, bytes | bytearray | memoryview):
        return base64.b64encode(bytes(value)).decode("ascii")
    if isinstance(value, Decimal):
        return str(value)
    return value


def _decoder(table: Table):
    converters = {}
    for col in table.columns:
        kind = _python_type(col)
        if kind is datetime:
            converters[col.name] = lambda v: None if v is None else datetime.fromisoformat(v)
        elif kind is date:
            converters[col.name] = lambda v: None if v is None else date.fromisoformat(v)
        elif kind is bytes:
            converters[col.name] = lambda v: None if v is None else base64.b64decode(v)

    def decode(row: dict) -> dict:
        return {k: converters[k](v) if k in converters else v for k, v in row.items()}

    return decode


def _python_type(col) -> type | None:
    kind = col.type
    if isinstance(kind, TypeDecorator):
        kind = kind.impl_instance
    try:
        return kind.python_type
    except NotImplementedError:
        return None


def dump(engine: Engine, out: TextIO) -> dict[str, int]:
    """Write every table's rows to `out` as the portable dump; return the row count of each table."""
    counts: dict[str, int] = {}
    with engine.connect() as connection:
        header = {
            "format": FORMAT,
            "version": VERSION,
            "schema": current_revision(engine),
            "dialect": connection.dialect.name,
            "written": datetime.now().astimezone().isoformat(),
        }
        out.write(json.dumps(header) + "\n")
        for table in _tables():
            out.write(json.dumps({"table": table.name}) + "\n")
            order = list(table.primary_key.columns) or list(table.columns)
            result = connection.execution_options(yield_per=BATCH).execute(select(table).order_by(*order))
            n = 0
            for row in result.mappings():
                out.write(json.dumps({k: _encode(v) for k, v in row.items()}, ensure_ascii=False) + "\n")
                n += 1
            counts[table.name] = n
    return counts


def backup(engine: Engine, path: Path) -> dict[str, int]:
    """Back the store up to `path`: an SQLite copy when `path` ends in `.db` (SQLite only), else a portable
    dump (gzip-compressed when it ends in `.gz`). Written to a temporary file first, then renamed."""
    path = Path(path)
    temporary = path.with_name(f".{path.name}.partial")
    try:
        if path.suffix == ".db":
            if engine.dialect.name != "sqlite":
                raise BackupError("a .db copy is for SQLite stores; write a portable dump (.jsonl.gz) instead")
            counts = _sqlite_copy(engine, temporary)
        else:
            opener = gzip.open if path.suffix == ".gz" else open
            with opener(temporary, "wt", encoding="utf-8") as out:
                counts = dump(engine, out)
        temporary.replace(path)
    except OSError as err:
        raise BackupError(f"cannot write {path}: {err.strerror or err}") from None
    finally:
        temporary.unlink(missing_ok=True)
    return counts


def _sqlite_copy(engine: Engine, target: Path) -> dict[str, int]:
    source_path = engine.url.database
    if not source_path or source_path == ":memory:":
        raise BackupError("an in-memory database cannot be copied")
    source = sqlite3.connect(source_path)
    try:
        destination = sqlite3.connect(target)
        try:
            source.backup(destination)  # SQLite's online backup API
            return {t.name: destination.execute(f'SELECT count(*) FROM "{t.name}"').fetchone()[0] for t in _tables()}
        finally:
            destination.close()
    finally:
        source.close()


def _lines(path: Path) -> Iterator[str]:
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8") as handle:
        yield from handle


def restore(engine: Engine, path: Path) -> dict[str, int]:
    """Load a portable dump or an SQLite copy into `engine`'s store, which must be migrated and hold no
    statements. All in one transaction; on any error nothing is kept."""
    path = Path(path)
    if not path.is_file():
        raise BackupError(f"no backup at {path}")
    if path.suffix == ".db":
        return _restore_copy(engine, path)
    lines = _lines(path)
    try:
        header = json.loads(next(lines))
    except (StopIteration, json.JSONDecodeError, OSError, EOFError) as err:
        raise BackupError(f"{path} is not a Servanda dump: {err}") from None
    if header.get("format") != FORMAT or header.get("version") != VERSION:
        raise BackupError(f"{path} is not a Servanda dump of version {VERSION}")
    if header.get("schema") != head_revision():
        raise BackupError(
            f"{path} was written by schema {header.get('schema')}; this Servanda has "
            f"{head_revision()}: restore it with the version that wrote it, then upgrade"
        )
    tables = {t.name: t for t in _tables()}
    counts: dict[str, int] = {}
    try:
        with transaction(engine) as session:
            connection = session.connection()
            _require_empty(connection)
            _clear_seed_rows(connection)
            table: Table | None = None
            decode = None
            batch: list[dict] = []
            for line in lines:
                record = json.loads(line)
                if set(record) == {"table"}:
                    _flush(connection, table, batch)
                    batch = []
                    table = tables.get(record["table"])
                    if table is None:
                        raise BackupError(f"{path} holds a table this schema does not have: {record['table']}")
                    decode = _decoder(table)
                    counts[table.name] = 0
                    continue
                if table is None or decode is None:
                    raise BackupError(f"{path} is malformed: rows before any table")
                batch.append(decode(record))
                counts[table.name] += 1
                if len(batch) >= BATCH:
                    _flush(connection, table, batch)
                    batch = []
            _flush(connection, table, batch)
            _reset_sequences(connection)
    except (json.JSONDecodeError, OSError, EOFError) as err:
        raise BackupError(f"{path} is damaged: {err}") from None
    return counts


def _restore_copy(engine: Engine, path: Path) -> dict[str, int]:
    if engine.dialect.name != "sqlite":
        raise BackupError("an SQLite copy restores into SQLite; move between backends with a portable dump")
    copy = sqlite3.connect(path)
    try:
        revision = copy.execute("SELECT version_num FROM alembic_version").fetchone()
    except sqlite3.DatabaseError as err:
        raise BackupError(f"{path} is not an SQLite database: {err}") from None
    finally:
        copy.close()
    if not revision or revision[0] != head_revision():
        raise BackupError(f"{path} is not a store at schema {head_revision()}")
    with engine.connect() as connection:
        _require_empty(connection)
    engine.dispose()
    target = sqlite3.connect(engine.url.database)
    source = sqlite3.connect(path)
    try:
        source.backup(target)
        return {t.name: target.execute(f'SELECT count(*) FROM "{t.name}"').fetchone()[0] for t in _tables()}
    finally:
        source.close()
        target.close()


def _require_empty(connection) -> None:
    documents = next(t for t in _tables() if t.name == "document")
    if connection.scalar(select(func.count()).select_from(documents)):
        raise BackupError("the store already holds statements: restore into a new, empty database")


def _clear_seed_rows(connection) -> None:
    """Rows a migration inserts (the public marking) come back from the dump; remove them first. Tables the
    audit triggers guard are empty in a new store."""
    marking = next(t for t in _tables() if t.name == "marking")
    connection.execute(marking.delete())


def _flush(connection, table: Table | None, batch: list[dict]) -> None:
    if table is not None and batch:
        connection.execute(insert(table), batch)


def _reset_sequences(connection) -> None:
    """PostgreSQL's id sequences must continue after the restored rows, or the next insert collides."""
    if connection.dialect.name != "postgresql":
        return
    for table in _tables():
        key = list(table.primary_key.columns)
        if len(key) == 1 and _python_type(key[0]) is int:
            name = key[0].name
            connection.execute(
                text(
                    f"SELECT setval(pg_get_serial_sequence('{table.name}', '{name}'), "
                    f"COALESCE((SELECT max({name}) FROM {table.name}), 0) + 1, false) "
                    f"WHERE pg_get_serial_sequence('{table.name}', '{name}') IS NOT NULL"
                )
            )
