"""`servanda demo`: a local operator and the matrix's personas on a fresh database, the founding statement and
fictional marked notes stored once, and who may read what."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from authorisation_matrix import matrix
from servanda.access import parse_marking
from servanda.cli.app import app
from servanda.demo import STATEMENT, notes, operator, personas, statement_bytes

UNNAMED = {"SERVANDA_USER": None, "SERVANDA_TOKEN": None}


def run(*args: str) -> Result:
    return CliRunner().invoke(app, list(args), env=UNNAMED)


def rows(db: Path, sql: str) -> list[tuple]:
    with sqlite3.connect(db) as connection:
        return connection.execute(sql).fetchall()


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Result, Result]:
    """A database the demo ran on twice, with what each run printed."""
    db = tmp_path_factory.mktemp("demo") / "servanda.db"
    first = run("demo", "--db", f"sqlite:///{db}")
    assert first.exit_code == 0, first.output
    second = run("demo", "--db", f"sqlite:///{db}")
    assert second.exit_code == 0, second.output
    return db, first, second


def test_demo_creates_the_operator_and_the_personas_then_stores_everything_once(demo):
    db, first, second = demo
    assert first.stdout.splitlines()[:3] == [
        "created the local operator 'operator' (CAN SECRET, SDCP, admin) and 6 demo personas",
        f"stored the demo statement → document 1 in sqlite:///{db}",
        "stored 3 fictional marked notes → documents 2, 3, 4",
    ]
    assert second.stdout.splitlines()[:2] == [
        f"already stored the demo statement (document 1 in sqlite:///{db})",
        "already stored the 3 fictional marked notes (documents 2, 3, 4)",
    ]
    assert "Canada" in first.stdout and "strength" in first.stdout and "area" in first.stdout
    assert rows(db, "SELECT count(*) FROM document") == [(4,)]
    assert rows(db, "SELECT count(*) FROM person") == [(7,)]
    assert rows(db, "SELECT DISTINCT actor FROM audit_log WHERE action = 'create'") == [("operator",)]
    stored = rows(db, "SELECT count(*) FROM commitment WHERE document_id = 1")[0][0]
    assert stored > 10 and f"{stored} commitments" in second.stdout


def test_the_operator_is_a_canadian_admin_cleared_secret_with_sdcp(demo):
    db, _, _ = demo
    assert rows(db, "SELECT nationality, clearance, role, compartments FROM person WHERE username = 'operator'") == [
        ("CAN", "SECRET", "admin", '["SDCP"]')
    ]
    assert (operator().username, operator().role) == ("operator", "admin")


def test_the_demo_personas_are_the_matrixs_enabled_personas():
    expected = {
        name: (p["nationality"], str(p["clearance"]), p["role"], tuple(p.get("compartments") or ()))
        for name, p in matrix()["personas"].items()
        if not p.get("disabled")
    }
    assert {p.username: (p.nationality, p.clearance, p.role, p.compartments) for p in personas()} == expected


def test_each_persona_sees_what_the_demo_says_they_may_read(demo):
    db, first, _ = demo
    table = first.stdout[first.stdout.index("Who may read what") :]
    for person in (operator(), *personas()):
        documents = json.loads(
            run("documents", "--format", "json", "--as", person.username, "--db", f"sqlite:///{db}").stdout
        )
        row = next(line.split() for line in table.splitlines() if line.split()[:1] == [person.username])
        assert int(row[-2]) == len(documents)
    assert "try: servanda documents --as kor_analyst_iii" in first.stdout


def test_the_notes_are_marked_and_say_they_are_fictional(demo):
    db, _, _ = demo
    marked = rows(db, "SELECT m.banner FROM document d JOIN marking m ON m.id = d.marking_id ORDER BY d.id")
    assert [banner for (banner,) in marked] == ["UNCLASSIFIED", *(parse_marking(n.marking).banner for n in notes())]
    for (text,) in rows(db, "SELECT text FROM document WHERE id > 1"):
        assert "fictional" in text


def test_the_demo_refuses_a_database_whose_people_do_not_include_its_operator(tmp_path: Path):
    url = f"sqlite:///{tmp_path / 'other.db'}"
    run("user", "add", "root", "--nationality", "CAN", "--clearance", "SECRET", "--role", "admin", "--db", url)
    result = run("demo", "--db", url)
    assert result.exit_code == 1
    assert result.stderr.startswith("error: servanda demo acts as its local operator 'operator'")


def test_demo_data_is_bundled_in_the_package():
    text = statement_bytes().decode()
    assert STATEMENT.startswith("2026-02-25")
    assert "Foreign and Defence (2+2) Ministerial Meeting" in text
