"""Writers that die or race: a document is stored whole, once, or not at all."""

from __future__ import annotations

import os
import pickle
import signal
import subprocess
import sys
import threading
from pathlib import Path

from sqlalchemy import Engine, event, func, select

from conftest import WRITER
from servanda.store.engine import session_factory, transaction
from servanda.store.migrate import open_database
from servanda.store.models import Base, Document
from servanda.store.save import SaveResult, save_document

# Saves a statement, reports that its rows are written but not committed, then waits to be killed.
_WRITER = """
import pickle, sys, time
from servanda.access import Person
from servanda.store.save import save_document
from servanda.store.engine import transaction
from servanda.store.migrate import open_database

with open(sys.argv[2], "rb") as payload:
    document, extraction = pickle.load(payload)
with transaction(open_database(sys.argv[1])) as session:
    save_document(session, document, extraction, actor=Person("writer", "CAN", "SECRET", "analyst"))
    print("flushed", flush=True)
    time.sleep(60)
"""


def _total_rows(engine: Engine) -> int:
    with engine.connect() as connection:
        return sum(
            connection.scalar(select(func.count()).select_from(table)) for table in Base.metadata.tables.values()
        )


def test_a_writer_killed_before_commit_leaves_no_document(
    database_url: str, engine: Engine, two_plus_two, tmp_path: Path
) -> None:
    payload = tmp_path / "statement.pickle"
    payload.write_bytes(pickle.dumps(two_plus_two))
    writer = subprocess.Popen(
        [sys.executable, "-c", _WRITER, database_url, str(payload)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        ready = writer.stdout.readline() if writer.stdout else ""
        assert ready == "flushed\n", writer.stderr.read() if writer.stderr else ""
    finally:
        os.kill(writer.pid, signal.SIGKILL)
        writer.wait(timeout=10)
        writer.stdout and writer.stdout.close()
        writer.stderr and writer.stderr.close()
    assert writer.returncode == -signal.SIGKILL

    engine.dispose()
    reopened = open_database(database_url)
    try:
        assert _total_rows(reopened) == 1  # the public marking, which the migration inserts
        if reopened.dialect.name == "sqlite":
            with reopened.connect() as connection:
                assert connection.exec_driver_sql("PRAGMA integrity_check").scalar() == "ok"
        with transaction(reopened) as session:
            assert save_document(session, *two_plus_two, actor=WRITER).created
    finally:
        reopened.dispose()


def test_two_writers_saving_the_same_statement_store_it_once(engine: Engine, two_plus_two) -> None:
    inserts = 0
    if engine.dialect.name == "postgresql":
        # Hold both writers at the document INSERT until both have found no document: the second INSERT
        # then conflicts with the first on the unique SHA-256 (SQLite's BEGIN IMMEDIATE rules that race out).
        barrier = threading.Barrier(2, timeout=20)

        @event.listens_for(engine, "before_cursor_execute")
        def _meet(_conn, _cursor, statement: str, *_args) -> None:
            nonlocal inserts
            if statement.startswith("INSERT INTO document "):
                inserts += 1
                barrier.wait()

    results: list[SaveResult] = []
    errors: list[BaseException] = []

    def save() -> None:
        try:
            with transaction(engine) as session:
                results.append(save_document(session, *two_plus_two, actor=WRITER))
        except BaseException as err:
            errors.append(err)

    writers = [threading.Thread(target=save) for _ in range(2)]
    for writer in writers:
        writer.start()
    for writer in writers:
        writer.join(timeout=30)
    assert errors == []
    assert sorted(result.created for result in results) == [False, True]
    assert len({result.document_id for result in results}) == 1
    if engine.dialect.name == "postgresql":
        assert inserts == 2
    with session_factory(engine)() as session:
        assert session.scalar(select(func.count()).select_from(Document)) == 1
        document = session.scalars(select(Document)).one()
        assert len(document.commitments) == len(two_plus_two[1].commitments)


def test_concurrent_writers_of_different_statements_share_names_without_conflict(
    engine: Engine, make_statement
) -> None:
    writers = 4
    barrier = threading.Barrier(writers, timeout=20)
    errors: list[BaseException] = []

    def save(n: int) -> None:
        statement = make_statement(
            {
                "quote": f"We will convene the Strategic Policy Talks, round {n}.",
                "mechanisms": ("Strategic Policy Talks",),
            },
            {"quote": f"We will implement the Action Plan, step {n}.", "agreements": ("Action Plan",)},
            title=f"Statement {n}",
        )
        try:
            barrier.wait()
            with transaction(engine) as session:
                assert save_document(session, *statement, actor=WRITER).created
        except BaseException as err:
            errors.append(err)

    threads = [threading.Thread(target=save, args=(n,)) for n in range(writers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert errors == []
    with engine.connect() as connection:
        assert connection.exec_driver_sql("SELECT count(*) FROM mechanism").scalar() == 1
        assert connection.exec_driver_sql("SELECT count(*) FROM commitment_mechanism").scalar() == writers
        assert connection.exec_driver_sql("SELECT count(*) FROM document").scalar() == writers
