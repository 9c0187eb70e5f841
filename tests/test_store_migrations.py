"""Opening a database: migrations, the schema they build, connection settings and clear failures."""

from __future__ import annotations

import sqlite3

import pytest
from alembic.autogenerate import compare_metadata
from alembic.operations import Operations
from alembic.runtime.migration import MigrationContext
from sqlalchemy import Engine, Text, inspect, text

from conftest import WRITER
from servanda.errors import StoreError
from servanda.store.engine import make_engine, session_factory, transaction
from servanda.store.migrate import (
    _migrate,
    current_revision,
    downgrade,
    head_revision,
    open_database,
    upgrade,
)
from servanda.store.models import Base
from servanda.store.save import save_document


def _schema_diff(engine: Engine) -> list:
    with engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True, "include_name": _not_search_index})
        return compare_metadata(context, Base.metadata)


def _not_search_index(name: str | None, type_: str, parent_names: dict) -> bool:
    """SQLite's FTS5 tables and PostgreSQL's expression indexes for search live outside the models (0005)."""
    return not (name and (name.endswith("_fts") or "_fts_" in name or name.endswith("_search")))


def _tables(engine: Engine) -> set[str]:
    return {name for name in inspect(engine).get_table_names() if _not_search_index(name, "table", {})}


def test_migrations_run_from_empty_to_head_and_back_to_base(database_url: str) -> None:
    engine = make_engine(database_url)
    try:
        assert current_revision(engine) is None
        upgrade(engine)
        assert current_revision(engine) == head_revision()
        assert _tables(engine) == set(Base.metadata.tables) | {"alembic_version"}

        downgrade(engine, "base")
        assert current_revision(engine) is None
        assert inspect(engine).get_table_names() == ["alembic_version"]

        upgrade(engine)
        assert current_revision(engine) == head_revision()
    finally:
        engine.dispose()


def test_models_match_the_migrations_at_head(engine: Engine) -> None:
    assert _schema_diff(engine) == []


def test_schema_comparison_notices_a_missing_index(engine: Engine) -> None:
    with engine.begin() as connection:
        connection.execute(text("DROP INDEX ix_commitment_area"))
    assert [change[0] for change in _schema_diff(engine)] == ["add_index"]


def test_constraints_and_indexes_have_explicit_names(engine: Engine) -> None:
    inspector = inspect(engine)
    assert inspector.get_unique_constraints("document")[0]["name"] == "uq_document_sha256"
    assert inspector.get_foreign_keys("commitment")[0]["name"] == "fk_commitment_document_id_document"
    assert {index["name"] for index in inspector.get_indexes("commitment")} >= {
        "ix_commitment_area",
        "ix_commitment_strength",
        "ix_commitment_due_by",
    }
    assert {check["name"] for check in inspector.get_check_constraints("commitment")} == {
        "ck_commitment_span",
        "ck_commitment_strength",
    }
    assert [check["name"] for check in inspector.get_check_constraints("mechanism_mention")] == [
        "ck_mechanism_mention_span"
    ]


def test_opening_a_migrated_database_again_changes_nothing(engine: Engine, database_url: str) -> None:
    again = open_database(database_url)
    try:
        assert current_revision(again) == head_revision()
        assert _schema_diff(again) == []
    finally:
        again.dispose()


def test_sqlite_connections_use_wal_foreign_keys_and_a_busy_timeout(tmp_path) -> None:
    engine = open_database(f"sqlite:///{tmp_path / 'tuned.db'}")
    try:
        with engine.connect() as connection:
            pragma = {
                name: connection.exec_driver_sql(f"PRAGMA {name}").scalar()
                for name in ("journal_mode", "foreign_keys", "busy_timeout", "synchronous")
            }
        assert pragma == {"journal_mode": "wal", "foreign_keys": 1, "busy_timeout": 10000, "synchronous": 1}
    finally:
        engine.dispose()


def test_sqlite_write_transactions_take_the_write_lock_when_they_begin(tmp_path) -> None:
    path = tmp_path / "locks.db"
    engine = open_database(f"sqlite:///{path}")
    other = sqlite3.connect(path, timeout=0, isolation_level=None)
    try:
        with transaction(engine) as session:
            session.execute(text("SELECT 1"))  # a read, yet the transaction already holds the write lock
            with pytest.raises(sqlite3.OperationalError, match="locked"):
                other.execute("BEGIN IMMEDIATE")
        with session_factory(engine, readonly=True)() as reader:
            reader.execute(text("SELECT count(*) FROM document"))
            other.execute("BEGIN IMMEDIATE")  # a reader does not keep writers out
            other.execute("ROLLBACK")
    finally:
        other.close()
        engine.dispose()


def test_sqlite_transactions_are_real_for_ddl(tmp_path) -> None:
    engine = open_database(f"sqlite:///{tmp_path / 'ddl.db'}")
    try:
        with pytest.raises(RuntimeError), transaction(engine) as session:
            session.execute(text("CREATE TABLE scratch (id INTEGER)"))
            raise RuntimeError("abandon")
        assert "scratch" not in inspect(engine).get_table_names()
    finally:
        engine.dispose()


@pytest.mark.parametrize(
    ("url", "message"),
    [
        (
            "sqlite:////nonexistent-directory/servanda.db",
            "cannot open database sqlite:////nonexistent-directory",
        ),
        ("postgresql://postgres:secret@127.0.0.1:1/servanda", "cannot open database postgresql+psycopg://"),
        ("not a url", "not a database URL"),
        ("nosuchdb://somewhere/servanda", "cannot use database URL nosuchdb://somewhere/servanda"),
    ],
    ids=["sqlite-missing-directory", "postgresql-refused", "malformed", "unknown-dialect"],
)
def test_a_database_that_cannot_be_opened_raises_a_one_line_store_error(url: str, message: str) -> None:
    with pytest.raises(StoreError) as caught:
        open_database(url)
    assert str(caught.value).startswith(message)
    assert "\n" not in str(caught.value)
    assert "secret" not in str(caught.value)
    assert caught.value.__cause__ is None and caught.value.__suppress_context__


def test_a_read_only_database_raises_a_store_error(tmp_path) -> None:
    path = tmp_path / "read-only.db"
    sqlite3.connect(path).close()
    with pytest.raises(StoreError, match=r"cannot open database .*readonly database"):
        open_database(f"sqlite:///file:{path}?mode=ro&uri=true")


def test_a_database_from_a_newer_servanda_is_refused(engine: Engine) -> None:
    with engine.begin() as connection:
        connection.execute(text("UPDATE alembic_version SET version_num = '9999'"))
    with pytest.raises(StoreError, match="newer version of Servanda"):
        upgrade(engine)


def test_writing_to_a_read_only_database_raises_a_store_error(tmp_path, two_plus_two) -> None:
    path = tmp_path / "archive.db"
    open_database(f"sqlite:///{path}").dispose()
    engine = open_database(f"sqlite:///file:{path}?mode=ro&uri=true")
    try:
        with (
            pytest.raises(StoreError, match=r"^cannot use database .*readonly database$"),
            transaction(engine) as session,
        ):
            save_document(session, *two_plus_two, actor=WRITER)
    finally:
        engine.dispose()


def test_sqlite_migrations_that_copy_a_table_keep_its_children(tmp_path, two_plus_two) -> None:
    engine = open_database(f"sqlite:///{tmp_path / 'copy.db'}")
    try:
        with transaction(engine) as session:
            save_document(session, *two_plus_two, actor=WRITER)

        def rebuild_document_table(config) -> None:
            # What a batch migration does to change a column SQLite cannot ALTER: copy, drop, rename.
            migration = MigrationContext.configure(config.attributes["connection"])
            with Operations(migration).batch_alter_table("document", recreate="always") as batch:
                batch.alter_column("title", existing_type=Text(), nullable=True)

        _migrate(engine, rebuild_document_table)
        with engine.connect() as connection:
            assert connection.exec_driver_sql("SELECT count(*) FROM commitment").scalar() == 8
            assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
    finally:
        engine.dispose()


def test_name_keys_are_rewritten_oldest_first_and_no_row_is_merged(database_url: str) -> None:
    engine = make_engine(database_url)
    names = [
        "Canada-ROK Foreign and Defence (2+2) Ministerial Meeting",
        "Canada-Republic of Korea Foreign and Defence Ministerial Meeting",
        "Air Force Staff Talks",
    ]
    try:
        upgrade(engine, "0008")
        with engine.begin() as connection:
            for name in names:
                key = " ".join(name.casefold().replace("-", " ").replace("(", "").replace(")", "").split())
                connection.execute(text("INSERT INTO mechanism (name, key) VALUES (:n, :k)"), {"n": name, "k": key})
        upgrade(engine)
        with engine.connect() as connection:
            rows = connection.execute(text("SELECT id, key FROM mechanism ORDER BY id")).all()
        first, second, third = rows
        assert first.key == "can kor 2+2 ministerial meeting"
        assert second.key == f"can kor 2+2 ministerial meeting #{second.id}"
        assert third.key == "air force staff talks"

        downgrade(engine, "0008")
        with engine.connect() as connection:
            keys = connection.execute(text("SELECT key FROM mechanism ORDER BY id")).scalars().all()
        assert keys == [
            "canada rok foreign and defence 2+2 ministerial meeting",
            "canada republic of korea foreign and defence ministerial meeting",
            "air force staff talks",
        ]
    finally:
        engine.dispose()
