"""Backups: a portable dump on both backends (and between them), an SQLite copy, and restoring them whole."""

from __future__ import annotations

import gzip
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import Engine, func, select, text

from conftest import CYBER, WRITER, _empty_database
from servanda.access import parse_marking
from servanda.audit import verify
from servanda.store import open_database, transaction
from servanda.store.backup import BackupError, backup, restore
from servanda.store.models import Base
from servanda.tracking.assess import AssessmentCreate, assess
from servanda.tracking.evidence import EvidenceCreate
from tracking_scenario import commitment_id, readout, store

READOUT = EvidenceCreate.reference("https://example.org/readout", "Readout of the first consultations (example)")


def _fill(engine: Engine, two_plus_two) -> None:
    store(engine, two_plus_two, marking=parse_marking("CAN SECRET//REL TO CAN, KOR//SDCP"))
    store(engine, readout())
    with transaction(engine) as session:
        assess(
            session,
            AssessmentCreate(
                commitment_id(engine, CYBER),
                "delivered",
                "Held in March 2026.",
                evidence=[READOUT],
                scores={"CAN": "+1", "KOR": "+1"},
                as_of=date(2026, 3, 18),
            ),
            actor=WRITER,
        )


def _counts(engine: Engine) -> dict[str, int]:
    with engine.connect() as connection:
        return {t.name: connection.scalar(select(func.count()).select_from(t)) for t in Base.metadata.sorted_tables}


@pytest.fixture
def target(backend: str, request: pytest.FixtureRequest, tmp_path: Path):
    with _empty_database(backend, request, tmp_path / "target") as url:
        engine = open_database(url)
        yield engine
        engine.dispose()


@pytest.fixture
def filled(engine: Engine, two_plus_two) -> Engine:
    _fill(engine, two_plus_two)
    return engine


def test_a_portable_dump_restores_every_row_and_the_audit_chain(filled: Engine, target: Engine, tmp_path) -> None:
    path = tmp_path / "store.jsonl.gz"
    written = backup(filled, path)
    assert written["commitment"] > 0 and written["audit_log"] > 0 and written["assessment"] == 1
    restored = restore(target, path)
    assert restored == written
    assert _counts(target) == _counts(filled)
    cyber = commitment_id(target, CYBER)
    with transaction(target) as session:
        assert verify(session).ok
        # ids carry on after the restored rows
        assess(
            session,
            AssessmentCreate(cyber, "delivered", "A second look.", evidence=[READOUT], as_of=date(2026, 4, 1)),
            actor=WRITER,
        )


def test_a_dump_moves_between_backends(filled: Engine, tmp_path, request: pytest.FixtureRequest) -> None:
    path = tmp_path / "store.jsonl"
    backup(filled, path)
    other = "postgresql" if filled.dialect.name == "sqlite" else "sqlite"
    with _empty_database(other, request, tmp_path / "other") as url:
        engine = open_database(url)
        try:
            restore(engine, path)
            assert _counts(engine) == _counts(filled)
        finally:
            engine.dispose()


def test_restoring_into_a_store_with_statements_is_refused_and_changes_nothing(filled: Engine, tmp_path) -> None:
    path = tmp_path / "store.jsonl.gz"
    backup(filled, path)
    before = _counts(filled)
    with pytest.raises(BackupError, match="already holds statements"):
        restore(filled, path)
    assert _counts(filled) == before


def test_a_damaged_dump_restores_nothing(filled: Engine, target: Engine, tmp_path) -> None:
    path = tmp_path / "store.jsonl.gz"
    backup(filled, path)
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        lines = handle.readlines()
    damaged = tmp_path / "damaged.jsonl.gz"
    with gzip.open(damaged, "wt", encoding="utf-8") as handle:
        handle.writelines([*lines[: len(lines) // 2], "{not json\n"])
    before = _counts(target)
    with pytest.raises(BackupError, match="damaged"):
        restore(target, damaged)
    assert _counts(target) == before


def test_a_dump_of_another_schema_or_format_is_refused(target: Engine, tmp_path) -> None:
    wrong = tmp_path / "wrong.jsonl"
    wrong.write_text('{"format": "servanda-dump", "version": 1, "schema": "0001"}\n', encoding="utf-8")
    with pytest.raises(BackupError, match="schema 0001"):
        restore(target, wrong)
    other = tmp_path / "other.jsonl"
    other.write_text("hello\n", encoding="utf-8")
    with pytest.raises(BackupError, match="not a Servanda dump"):
        restore(target, other)


def test_an_sqlite_copy_round_trips(engine: Engine, two_plus_two, tmp_path, backend: str) -> None:
    if backend != "sqlite":
        with pytest.raises(BackupError, match="for SQLite stores"):
            backup(engine, tmp_path / "copy.db")
        return
    _fill(engine, two_plus_two)
    copy = tmp_path / "copy.db"
    backup(engine, copy)
    fresh = open_database(f"sqlite:///{tmp_path / 'fresh.db'}")
    try:
        restore(fresh, copy)
        assert _counts(fresh) == _counts(engine)
        with fresh.connect() as connection:
            assert connection.scalar(text("SELECT count(*) FROM commitment_fts WHERE commitment_fts MATCH 'cyber'"))
    finally:
        fresh.dispose()
