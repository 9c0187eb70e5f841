"""Operations through the CLI, on both backends: bulk ingest with workers, the job queue, backup and restore."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from servanda.cli.app import app
from test_bulk_ingest import _statement

UNNAMED = {"SERVANDA_USER": None, "SERVANDA_TOKEN": None, "COLUMNS": "160"}


def run(url: str, *args: str, acting: str | None = "ops") -> Result:
    who = ["--as", acting] if acting else []
    return CliRunner().invoke(app, [*args, "--db", url, *who], env=UNNAMED)


def ok(result: Result) -> Result:
    assert result.exit_code == 0, result.output
    return result


@pytest.fixture
def store_url(database_url: str) -> str:
    ok(run(database_url, "user", "add", "ops", "--nationality", "CAN", "--clearance", "SECRET", "--role", "admin",
           acting=None))  # fmt: skip
    return database_url


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    folder = tmp_path / "in"
    folder.mkdir()
    for i in range(12):
        (folder / f"s{i:02d}.txt").write_text(_statement(i))
    (folder / "blank.md").write_text("\n\n")
    return folder


def test_bulk_ingest_reports_the_bad_file_defers_tracking_and_work_drains_it(store_url: str, folder: Path) -> None:
    result = run(store_url, "ingest", str(folder), "--workers", "2", "--issuers", "CAN,KOR", "--defer-tracking")
    assert result.exit_code == 1, result.output  # one file failed, the rest landed
    assert "failed " in result.stderr and "blank.md" in result.stderr
    assert "13 statements: 12 stored, 0 already stored, 1 failed" in result.stdout
    assert "12 tracking jobs queued" in result.stdout
    listed = json.loads(ok(run(store_url, "jobs", "--format", "json")).stdout)
    assert {job["state"] for job in listed} == {"queued"} and len(listed) == 12
    drained = ok(run(store_url, "work", "--drain", acting=None)).stdout
    assert "ran 12 jobs" in drained
    listed = json.loads(ok(run(store_url, "jobs", "--format", "json")).stdout)
    assert {job["state"] for job in listed} == {"done"}
    again = run(store_url, "ingest", str(folder), "--workers", "2", "--issuers", "CAN,KOR")
    assert "0 stored, 12 already stored, 1 failed" in again.stdout


def test_defer_tracking_needs_bulk_mode(store_url: str, folder: Path) -> None:
    result = run(store_url, "ingest", str(folder), "--defer-tracking")
    assert result.exit_code == 2 and "--workers" in result.output


def test_backup_and_restore_round_trip_through_the_cli(store_url: str, folder: Path, tmp_path: Path) -> None:
    run(store_url, "ingest", str(folder), "--workers", "1", "--issuers", "CAN,KOR")
    before = json.loads(ok(run(store_url, "list", "--format", "json")).stdout)
    dump = tmp_path / "store.jsonl.gz"
    assert "12 statements" in ok(run(store_url, "backup", str(dump))).stdout
    target = f"sqlite:///{tmp_path / 'restored.db'}"
    assert "12 statements" in ok(run(target, "restore", str(dump), acting=None)).stdout
    assert json.loads(ok(run(target, "list", "--format", "json")).stdout) == before
    assert "intact" in ok(run(target, "audit", "verify")).stdout
    refused = run(target, "restore", str(dump), acting=None)
    assert refused.exit_code == 1 and "already holds statements" in refused.stderr


def test_only_an_administrator_backs_up(store_url: str, tmp_path: Path) -> None:
    ok(run(store_url, "user", "add", "ana", "--nationality", "CAN", "--clearance", "SECRET", "--role", "analyst"))
    result = run(store_url, "backup", str(tmp_path / "x.jsonl"), acting="ana")
    assert result.exit_code == 1 and "cannot back up" in result.stderr
    assert not (tmp_path / "x.jsonl").exists()
