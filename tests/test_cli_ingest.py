"""`servanda ingest`: statements in, one transaction each, a line per statement out."""

from __future__ import annotations

import os
import shutil
import sqlite3
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from servanda.cli.app import app

SILVER = Path(__file__).resolve().parents[1] / "eval" / "silver"
JAPAN_PHILIPPINES = SILVER / "2024-07-08_japan-philippines_2plus2.txt"
JAPAN_INDIA = SILVER / "2024-08-20_japan-india_2plus2-3rd.txt"
CANADA_JAPAN = SILVER / "2026-03-06_canada-japan_csp-joint-statement.txt"

# A short statement of our own whose one commitment a database trigger below refuses to store.
NARWHAL = """\
Joint Statement of Canada and Denmark on Arctic Cooperation

Ottawa, March 3, 2026

Canada and Denmark will establish a joint narwhal monitoring programme in the Arctic by 2027. \
Both countries commit to sharing research data on sea ice through their national polar institutes.
"""


def run(*args: str, stdin: bytes | None = None) -> Result:
    return CliRunner().invoke(app, list(args), input=stdin)


def rows(db: Path, sql: str) -> list[tuple]:
    with sqlite3.connect(db) as connection:
        return connection.execute(sql).fetchall()


def add_operator(url: str) -> None:
    """Add the database's only person, an admin, whom commands then act as without --as."""
    operator = ("user", "add", "operator", "--nationality", "CAN", "--clearance", "SECRET", "--role", "admin")
    added = run(*operator, "--db", url)
    assert added.exit_code == 0, added.output


@pytest.fixture(autouse=True)
def _no_acting_person_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SERVANDA_USER", raising=False)
    monkeypatch.delenv("SERVANDA_TOKEN", raising=False)


@pytest.fixture
def db(tmp_path: Path) -> Path:
    """A database with one person, an admin."""
    path = tmp_path / "servanda.db"
    add_operator(f"sqlite:///{path}")
    return path


@pytest.fixture
def statements(tmp_path: Path) -> Path:
    """A folder with two statements, a file that is not one, and an empty statement file."""
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(JAPAN_PHILIPPINES, folder / "a.txt")
    shutil.copy(JAPAN_INDIA, folder / "b.txt")
    (folder / "notes.csv").write_text("not,a,statement\n")
    (folder / "c-empty.txt").write_text("")
    return folder


def test_ingest_stores_good_files_and_reports_the_bad_one_with_exit_code_1(statements: Path, db: Path):
    result = run("ingest", str(statements), "--db", f"sqlite:///{db}")
    assert result.exit_code == 1
    stored = [line for line in result.stdout.splitlines() if line.startswith("stored ")]
    assert len(stored) == 2
    assert stored[0].startswith(f"stored {statements / 'a.txt'} → document 1: ")
    assert result.stderr.splitlines() == [f"failed {statements / 'c-empty.txt'}: is empty"]
    assert "3 statements: 2 stored, 1 failed" in result.stdout
    assert [origin for (origin,) in rows(db, "SELECT origin FROM document ORDER BY id")] == [
        str(statements / "a.txt"),
        str(statements / "b.txt"),
    ]


def test_reingesting_says_already_stored_and_changes_nothing(statements: Path, db: Path):
    (statements / "c-empty.txt").unlink()
    run("ingest", str(statements), "--db", f"sqlite:///{db}")
    before = rows(db, "SELECT count(*) FROM commitment")
    again = run("ingest", str(statements / "b.txt"), "--db", f"sqlite:///{db}")
    assert again.exit_code == 0
    assert again.stdout == f"already stored {statements / 'b.txt'} (document 2)\n"
    assert rows(db, "SELECT count(*) FROM commitment") == before


def test_ingest_reads_stdin(db: Path):
    result = run("ingest", "-", "--date", "2026-03-06", "--db", f"sqlite:///{db}", stdin=CANADA_JAPAN.read_bytes())
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("stored <stdin> → document 1: ")
    assert rows(db, "SELECT origin, date FROM document") == [("<stdin>", "2026-03-06")]


def test_ingest_applies_given_metadata(db: Path):
    result = run(
        "ingest",
        str(JAPAN_PHILIPPINES),
        "--title",
        "Second 2+2",
        "--issuers",
        "JPN,PHL",
        "--date",
        "2024-07-08",
        "--db",
        f"sqlite:///{db}",
    )
    assert result.exit_code == 0, result.output
    assert rows(db, "SELECT title, date FROM document") == [("Second 2+2", "2024-07-08")]
    assert rows(db, "SELECT party FROM document_issuer ORDER BY position") == [("JPN",), ("PHL",)]


def test_a_title_for_several_statements_is_a_usage_error(statements: Path, tmp_path: Path):
    fresh = tmp_path / "fresh.db"
    result = run("ingest", str(statements), "--title", "One title", "--db", f"sqlite:///{fresh}")
    assert result.exit_code == 2
    assert "a title fits one statement" in result.stderr
    assert not fresh.exists()


@pytest.mark.parametrize(
    ("flag", "value", "message"),
    [("--date", "25/02/2026", "not an ISO date"), ("--issuers", "CAN,Atlantis", "'Atlantis' is not a party")],
)
def test_malformed_overrides_are_usage_errors(flag: str, value: str, message: str, db: Path):
    result = run("ingest", str(JAPAN_INDIA), flag, value, "--db", f"sqlite:///{db}")
    assert result.exit_code == 2
    assert message in result.stderr


def test_unreadable_directory_entries_fail_alone(statements: Path, db: Path):
    (statements / "c-empty.txt").unlink()
    sub = statements / "sub"
    sub.mkdir()
    (sub / "gone.txt").symlink_to(statements / "no-such-file.txt")
    os.mkfifo(sub / "pipe.md")
    (statements / ".hidden").mkdir()
    (statements / ".hidden" / "x.txt").write_text("never read")
    result = run("ingest", str(statements), "--db", f"sqlite:///{db}")
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        f"failed {sub / 'gone.txt'}: does not exist",
        f"failed {sub / 'pipe.md'}: is not a regular file",
    ]
    assert rows(db, "SELECT count(*) FROM document") == [(2,)]


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads folders whatever their permissions")
def test_a_folder_that_cannot_be_listed_is_reported(statements: Path, db: Path):
    locked = statements / "locked"
    locked.mkdir()
    locked.chmod(0)
    try:
        result = run("ingest", str(statements), "--db", f"sqlite:///{db}")
    finally:
        locked.chmod(0o755)
    assert f"failed {locked}: folder cannot be read (permission denied)" in result.stderr.splitlines()


def test_globs_missing_files_and_empty_folders_are_reported(statements: Path, tmp_path: Path, db: Path):
    (tmp_path / "empty").mkdir()
    named = [statements / "[ab].txt", tmp_path / "nope-*.txt", tmp_path / "missing.txt", tmp_path / "empty"]
    result = run("ingest", *map(str, named), "--db", f"sqlite:///{db}")
    assert result.exit_code == 1
    assert len([line for line in result.stdout.splitlines() if line.startswith("stored ")]) == 2
    assert result.stderr.splitlines() == [
        f"failed {tmp_path / 'nope-*.txt'}: no files match this pattern",
        f"failed {tmp_path / 'missing.txt'}: does not exist",
        f"failed {tmp_path / 'empty'}: holds no statement files (.txt .md .markdown .html .htm .pdf .docx)",
    ]


def test_a_statement_the_database_refuses_leaves_nothing_behind(tmp_path: Path, db: Path):
    from servanda.store import open_database

    open_database(f"sqlite:///{db}").dispose()
    with sqlite3.connect(db) as connection:
        # A real failure halfway through the transaction: after the document row, at its first commitment.
        connection.execute(
            "CREATE TRIGGER refuse_narwhals BEFORE INSERT ON commitment WHEN NEW.quote LIKE '%narwhal%' "
            "BEGIN SELECT RAISE(ABORT, 'narwhals are refused'); END"
        )
    (tmp_path / "narwhal.txt").write_text(NARWHAL)
    result = run("ingest", str(tmp_path / "narwhal.txt"), str(JAPAN_INDIA), "--db", f"sqlite:///{db}")
    assert result.exit_code == 1
    assert "narwhals are refused" in result.stderr
    assert rows(db, "SELECT origin FROM document") == [(str(JAPAN_INDIA),)]
    assert rows(db, "SELECT count(*) FROM commitment WHERE document_id NOT IN (SELECT id FROM document)") == [(0,)]
    assert rows(db, "SELECT count(*) FROM achievement WHERE document_id NOT IN (SELECT id FROM document)") == [(0,)]


def test_a_database_that_cannot_be_opened_is_one_line(tmp_path: Path):
    result = run("ingest", str(JAPAN_INDIA), "--db", f"sqlite:///{tmp_path / 'no' / 'such' / 'dir.db'}")
    assert result.exit_code == 1
    assert result.stderr.startswith("error: cannot open database sqlite:///")
    assert len(result.stderr.splitlines()) == 1


def test_database_url_comes_from_the_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    from servanda.settings import get_settings

    db = tmp_path / "from-env.db"
    add_operator(f"sqlite:///{db}")
    monkeypatch.setenv("SERVANDA_DATABASE_URL", f"sqlite:///{db}")
    get_settings.cache_clear()
    try:
        assert run("ingest", str(JAPAN_INDIA)).exit_code == 0
    finally:
        get_settings.cache_clear()
    assert rows(db, "SELECT count(*) FROM document") == [(1,)]
