"""`servanda demo`: a local operator and the matrix's personas on a fresh database; the Canada-Korea history, the
founding statement and fictional marked notes stored and tracked once; clearly labelled example assessments
applied once; and who may read what."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from authorisation_matrix import matrix
from servanda.access import parse_marking
from servanda.cli.app import app
from servanda.demo import STATEMENT, bundled_bytes, history, notes, operator, personas, statement_bytes
from servanda.demo.examples import LABEL

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
    assert first.stdout.splitlines()[:5] == [
        "created the local operator 'operator' (CAN SECRET, SDCP, admin) and 6 demo personas",
        f"stored the Canada-Korea history: 10 statements → documents 1–10, 11 evidence proposals in sqlite:///{db}",
        "stored the demo statement: 1 statement → document 11, 7 evidence proposals",
        "stored the fictional marked notes: 3 notes → documents 12–14",
        "applied 3 examples",
    ]
    assert second.stdout.splitlines()[:4] == [
        f"already stored the Canada-Korea history (documents 1–10) in sqlite:///{db}",
        "already stored the demo statement (document 11)",
        "already stored the fictional marked notes (documents 12–14)",
        "the 3 examples applied already",
    ]
    assert rows(db, "SELECT count(*) FROM document") == [(14,)]
    assert rows(db, "SELECT count(*) FROM person") == [(7,)]
    assert rows(db, "SELECT DISTINCT actor FROM audit_log WHERE action = 'create'") == [("operator",)]
    stored = rows(db, "SELECT count(*) FROM commitment WHERE document_id = 11")[0][0]
    assert stored > 10
    (row,) = [line.split() for line in second.stdout.splitlines() if line.split()[:2] == ["11", "2026-02-25"]]
    assert row[-2:] == [str(stored), "7"]  # commitments, proposals


def test_the_history_is_loaded_in_date_order_before_the_founding_statement(demo):
    db, first, _ = demo
    dates = [d for (d,) in rows(db, "SELECT date FROM document WHERE id <= 11 ORDER BY id")]
    assert dates == sorted(dates) and dates[0] == "2022-09-23" and dates[-1] == "2026-02-25"
    assert "Statements tracked" in first.stdout
    assert rows(db, "SELECT count(*) FROM commitment_link")[0][0] >= 1
    assert rows(db, "SELECT count(*) FROM mechanism_meeting")[0][0] >= 3
    assert rows(db, "SELECT count(*) FROM agreement_stage")[0][0] >= 10


def test_the_demo_shows_proposals_and_clearly_labelled_example_assessments(demo):
    db, first, second = demo
    states = dict(rows(db, "SELECT state, count(*) FROM evidence_proposal GROUP BY state"))
    assert states["accepted"] == 2 and states["pending"] > 5
    rationales = [r for (r,) in rows(db, "SELECT rationale FROM assessment ORDER BY id")]
    assert len(rationales) == 2 and all(r.startswith(LABEL) for r in rationales)
    invented = rows(db, "SELECT title, passage FROM evidence WHERE kind = 'external'")
    assert invented and all("invented for the demo" in t and "invented for the demo" in p for t, p in invented)
    for output in (first, second):
        assert f'Examples, each labelled "{LABEL}":' in output.stdout
        assert "in-progress as of 2026-03-31 (CAN 0, KOR 0)" in output.stdout
        assert "servanda evidence suggest" in output.stdout and "servanda report" in output.stdout
    statuses = dict(
        rows(
            db,
            "SELECT c.quote LIKE '%Cyber Policy Consultations%', a.status FROM assessment a "
            "JOIN commitment c ON c.id = a.commitment_id",
        )
    )
    assert statuses == {1: "in-progress", 0: "delivered"}
    signed = rows(
        db,
        "SELECT a.quote, e.passage FROM evidence e JOIN achievement a ON a.id = e.achievement_id",
    )
    assert [("conclusion of substantive negotiations" in q, "Signing of the Agreement" in p) for q, p in signed] == [
        (True, True)
    ]
    next_two_plus_two = rows(
        db, "SELECT count(*) FROM assessment a JOIN commitment c ON c.id = a.commitment_id WHERE c.due = '2028'"
    )
    assert next_two_plus_two == [(0,)]  # the next 2+2 is left not assessed


def test_the_history_is_bundled_without_the_french_readout_or_the_excerpt_of_the_founding_statement():
    names = history()
    assert len(names) == 10 and names == tuple(sorted(names))
    assert not any(name.endswith("-fr.md") or "2plus2-second" in name for name in names)
    assert all(b"date:" in bundled_bytes(name) for name in names)


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
    expected = ["UNCLASSIFIED"] * 11 + [parse_marking(n.marking).banner for n in notes()]
    assert [banner for (banner,) in marked] == expected
    for (text,) in rows(db, "SELECT text FROM document WHERE origin LIKE '%note-%'"):
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
