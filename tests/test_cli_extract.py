"""`servanda extract`: the JSON contract the reference scorer reads, the table, and a light start-up."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from servanda.cli.app import app
from servanda.demo import STATEMENT, statement_bytes
from servanda.ingest import read_path

COMMITMENT_KEYS = {
    "quote",
    "start",
    "end",
    "strength",
    "actors",
    "area",
    "due",
    "recurrence",
    "section",
    "mechanisms",
    "agreements",
}
ACHIEVEMENT_KEYS = {"quote", "start", "end", "actors", "area", "date"}


def run(*args: str, stdin: bytes | None = None) -> Result:
    return CliRunner().invoke(app, list(args), input=stdin)


@pytest.fixture(scope="module")
def statement(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("extract") / STATEMENT
    path.write_bytes(statement_bytes())
    return path


@pytest.fixture(scope="module")
def extracted(statement: Path) -> dict:
    result = run("extract", str(statement), "--format", "json", "--date", "2026-02-25")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_json_has_the_contract_keys(extracted: dict):
    assert set(extracted) == {"document", "commitments", "achievements", "mechanisms", "agreements"}
    assert set(extracted["document"]) == {"title", "date", "issuers", "sha256"}
    assert extracted["document"]["date"] == "2026-02-25"
    assert extracted["document"]["issuers"] == ["CAN", "KOR"]
    assert extracted["commitments"] and extracted["achievements"]
    assert all(set(c) == COMMITMENT_KEYS for c in extracted["commitments"])
    assert all(set(a) == ACHIEVEMENT_KEYS for a in extracted["achievements"])
    assert all({"name", "recurrence", "next"} <= set(m) for m in extracted["mechanisms"])
    assert all(set(a) == {"name", "kind", "stage", "date"} for a in extracted["agreements"])


def test_every_span_is_its_quote_in_the_clean_text(statement: Path, extracted: dict):
    text = read_path(statement).text
    for unit in extracted["commitments"] + extracted["achievements"]:
        assert text[unit["start"] : unit["end"]] == unit["quote"]


def test_sha256_is_of_the_file_bytes(extracted: dict):
    import hashlib

    assert extracted["document"]["sha256"] == hashlib.sha256(statement_bytes()).hexdigest()


def test_stdin_gives_the_same_commitments(extracted: dict):
    result = run("extract", "-", "--date", "2026-02-25", stdin=statement_bytes())
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["commitments"] == extracted["commitments"]


def test_given_metadata_is_used(statement: Path):
    result = run("extract", str(statement), "--title", "The 2+2", "--issuers", "KOR,CAN", "--date", "2026-02")
    document = json.loads(result.stdout)["document"]
    assert (document["title"], document["date"], document["issuers"]) == (
        "The 2+2",
        "2026-02",
        ["KOR", "CAN"],
    )


def test_table_format_lists_commitments(statement: Path, extracted: dict):
    result = run("extract", str(statement), "--format", "table")
    assert result.exit_code == 0, result.output
    assert "Commitments" in result.stdout and "Achievements" in result.stdout
    assert extracted["commitments"][0]["strength"] in result.stdout


def test_a_file_that_is_not_a_statement_is_one_line(tmp_path: Path):
    (tmp_path / "picture.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(64))
    result = run("extract", str(tmp_path / "picture.txt"))
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr.startswith("error: ") and len(result.stderr.splitlines()) == 1


def test_extract_neither_imports_the_store_nor_rich(statement: Path):
    program = (
        "import sys\n"
        "from servanda.cli.app import app\n"
        f"try:\n    app([{'extract'!r}, {str(statement)!r}, '--date', '2026-02-25'], prog_name='servanda')\n"
        "except SystemExit as exit:\n    assert not exit.code, exit.code\n"
        "heavy = sorted(m for m in ('sqlalchemy', 'alembic', 'rich') if m in sys.modules)\n"
        "sys.stderr.write(repr(heavy))\n"
    )
    done = subprocess.run([sys.executable, "-c", program], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["commitments"]
    assert done.stderr == "[]"
