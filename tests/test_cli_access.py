"""The command line acts as a named person: who that is, people and tokens, markings in and out, widening
releasability, and the audit log, each through the real `servanda` command."""

from __future__ import annotations

import csv
import io
import json
import sqlite3
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from servanda.cli.app import app

# Commands act as whom their arguments say, whoever the environment running the tests names.
UNNAMED = {"SERVANDA_USER": None, "SERVANDA_TOKEN": None}
SAY_WHO = "error: say who you are: --as NAME or SERVANDA_USER; create the first person with servanda user add\n"
ROOT = ("--nationality", "CAN", "--clearance", "TOP SECRET", "--compartment", "SDCP", "--role", "admin")
SDCP_SECRET = "CAN SECRET//REL TO CAN, KOR//SDCP"
STATEMENT = (
    "Joint statement on {topic}\n\nOttawa, March 3, 2026\n\n"
    "Canada and the Republic of Korea will hold {topic} talks in 2026.\n"
)


def servanda(url: str, *args: str, acting: str | None = None, stdin: str | None = None, **env: str) -> Result:
    """Run a command on the database at `url`, acting as `acting` when given."""
    argv = [*args, "--db", url, *(["--as", acting] if acting else [])]
    return CliRunner().invoke(app, argv, input=stdin, env={**UNNAMED, **env})


def ok(result: Result) -> Result:
    assert result.exit_code == 0, result.output
    return result


@pytest.fixture
def db(tmp_path: Path) -> str:
    """A database whose first person is `root`, a Canadian admin cleared TOP SECRET with SDCP."""
    url = f"sqlite:///{tmp_path / 'servanda.db'}"
    ok(servanda(url, "user", "add", "root", *ROOT))
    return url


def add(url: str, username: str, nationality: str, clearance: str, *more: str) -> None:
    ok(
        servanda(
            url, "user", "add", username, "--nationality", nationality, "--clearance", clearance, *more, acting="root"
        )
    )


def statement(tmp_path: Path, topic: str) -> str:
    path = tmp_path / f"{topic}.txt"
    path.write_text(STATEMENT.format(topic=topic))
    return str(path)


def count(url: str, sql: str) -> int:
    with sqlite3.connect(url.removeprefix("sqlite:///")) as connection:
        return connection.execute(sql).fetchone()[0]


# Who a command acts as


def test_a_fresh_database_asks_who_you_are(tmp_path: Path):
    result = servanda(f"sqlite:///{tmp_path / 'fresh.db'}", "list")
    assert (result.exit_code, result.stdout, result.stderr) == (1, "", SAY_WHO)


def test_the_only_person_of_an_embedded_database_is_who_acts(db: str, tmp_path: Path):
    ok(servanda(db, "ingest", statement(tmp_path, "naval")))
    assert count(db, "SELECT count(*) FROM audit_log WHERE actor = 'root' AND action = 'create'") == 1


def test_with_several_people_the_command_must_be_told_who_acts(db: str):
    add(db, "ann", "KOR", "Ⅲ급", "--role", "analyst")
    assert servanda(db, "list").stderr == SAY_WHO
    assert ok(servanda(db, "list", acting="ann")).stdout == "no commitments are stored\n"
    assert ok(servanda(db, "list", SERVANDA_USER="ann")).stdout == "no commitments are stored\n"


def test_as_goes_before_servanda_user_and_names_are_not_case_sensitive(db: str, tmp_path: Path):
    add(db, "ann", "KOR", "Ⅲ급", "--role", "reader")
    refused = servanda(db, "ingest", statement(tmp_path, "air"), SERVANDA_USER="ann")
    assert refused.exit_code == 1 and "a reader may not create" in refused.stderr
    ok(servanda(db, "ingest", statement(tmp_path, "air"), acting="ROOT", SERVANDA_USER="ann"))


def test_unknown_and_disabled_people_are_refused_in_one_line_and_audited(db: str):
    add(db, "ann", "KOR", "Ⅲ급")
    ok(servanda(db, "user", "disable", "ann", acting="root"))
    unknown = servanda(db, "list", acting="mallory")
    assert (unknown.exit_code, unknown.stderr) == (
        1,
        "error: no person called 'mallory'; `servanda user list` shows who there is\n",
    )
    disabled = servanda(db, "documents", SERVANDA_USER="ann")
    assert (disabled.exit_code, disabled.stderr) == (1, "error: ann's account is disabled\n")
    assert count(db, "SELECT count(*) FROM audit_log WHERE action = 'act-as' AND decision = 'deny'") == 2


def test_only_an_embedded_sqlite_database_falls_back_to_its_only_person(backend: str, database_url: str):
    ok(servanda(database_url, "user", "add", "root", *ROOT))
    result = servanda(database_url, "documents")
    if backend == "sqlite":
        assert ok(result).stdout == "no documents are stored\n"
    else:
        assert (result.exit_code, result.stderr) == (1, SAY_WHO)


# People, organisations and tokens


def test_the_first_person_needs_no_one_to_add_them_and_must_be_an_admin(tmp_path: Path):
    url = f"sqlite:///{tmp_path / 'fresh.db'}"
    refused = servanda(url, "user", "add", "ann", "--nationality", "CAN", "--clearance", "SECRET")
    assert (refused.exit_code, refused.stderr) == (1, "error: the first person must be an admin\n")
    first = ok(servanda(url, "user", "add", "root", *ROOT, "--name", "Root Admin"))
    assert (
        first.stdout == "added root (CAN TOP SECRET, SDCP, admin)\nact as them with --as root or SERVANDA_USER=root\n"
    )


def test_people_are_added_listed_and_disabled_by_admins_only(db: str):
    ok(servanda(db, "org", "add", "Global Affairs Canada", "--kind", "ministry", "--party", "CAN", acting="root"))
    add(db, "ann", "KOR", "Ⅲ급", "--role", "analyst", "--name", "Ann Kim")
    add(db, "ben", "CAN", "SECRET", "--compartment", "sdcp", "--organisation", "Global Affairs Canada")
    people = json.loads(ok(servanda(db, "user", "list", "--format", "json", acting="root")).stdout)
    assert [(p["username"], p["clearance"], p["compartments"], p["role"], p["organisation"]) for p in people] == [
        ("ann", "군사Ⅲ급비밀", [], "analyst", None),
        ("ben", "SECRET", ["SDCP"], "reader", "Global Affairs Canada"),
        ("root", "TOP SECRET", ["SDCP"], "admin", None),
    ]
    assert "Ann Kim" in ok(servanda(db, "user", "list", acting="root")).stdout
    for args in (
        ("user", "list"),
        ("user", "disable", "ben"),
        ("org", "add", "X", "--kind", "agency", "--party", "KOR"),
    ):
        refused = servanda(db, *args, acting="ann")
        assert refused.exit_code == 1
        assert refused.stderr.endswith("may not administer; it needs the admin role\n")
    assert ok(servanda(db, "user", "disable", "ben", acting="root")).stdout == "disabled ben\n"
    last = servanda(db, "user", "disable", "root", acting="root")
    assert (last.exit_code, last.stderr) == (1, "error: cannot disable root: no other admin would be left\n")


def test_a_password_is_read_from_stdin_exactly_as_given_and_may_be_long(db: str):
    from servanda.store import open_database, verify_password
    from servanda.store.engine import transaction

    passphrase = "correct horse battery staple, " * 4  # 120 characters, spaces at both ends kept
    ok(
        servanda(
            db,
            "user",
            "add",
            "ann",
            "--nationality",
            "KOR",
            "--clearance",
            "Ⅲ급",
            "--password-stdin",
            acting="root",
            stdin=" spaced out words \n",
        )
    )
    ok(servanda(db, "user", "password", "root", "--password-stdin", acting="root", stdin=passphrase + "\r\n"))
    short = servanda(db, "user", "password", "ann", "--password-stdin", acting="root", stdin="short\n")
    assert (short.exit_code, short.stderr) == (1, "error: a password has 8 to 1024 characters\n")
    engine = open_database(db)
    try:
        with transaction(engine) as session:
            assert verify_password(session, "ann", " spaced out words ") is not None
            assert verify_password(session, "ann", "spaced out words") is None
            assert verify_password(session, "root", passphrase) is not None
    finally:
        engine.dispose()


def test_a_token_secret_is_shown_once_and_lets_a_script_act(db: str, tmp_path: Path):
    add(db, "ann", "CAN", "SECRET", "--role", "analyst")
    created = ok(servanda(db, "token", "create", "ann", "--scope", "read", "--expires", "30d", acting="root"))
    secret = created.stdout.strip()
    assert len(created.stdout.splitlines()) == 1 and len(secret) >= 40
    assert "shown this once" in created.stderr and "token 1 for ann: read; expires " in created.stderr
    assert not any(secret.encode() in path.read_bytes() for path in tmp_path.glob("servanda.db*"))
    ok(servanda(db, "list", SERVANDA_TOKEN=secret))
    refused = servanda(db, "ingest", statement(tmp_path, "read-only"), SERVANDA_TOKEN=secret)
    assert "a reader may not create" in refused.stderr  # the read scope caps an analyst at reading
    assert ok(servanda(db, "token", "revoke", "1", acting="root")).stdout == "revoked token 1\n"
    revoked = servanda(db, "list", SERVANDA_TOKEN=secret)
    assert (revoked.exit_code, revoked.stderr.startswith("error: SERVANDA_TOKEN holds no valid token")) == (1, True)


@pytest.mark.parametrize(
    ("expires", "message"), [("3x", "is not a lifetime"), ("400d", "at most 366 days"), ("0d", "at most 366 days")]
)
def test_token_lifetimes_are_checked(db: str, expires: str, message: str):
    result = servanda(db, "token", "create", "root", "--expires", expires, acting="root")
    assert result.exit_code in (1, 2) and message in " ".join(result.stderr.split())


# Markings in and out


def test_a_shared_level_is_the_acting_persons_nations(db: str, tmp_path: Path):
    add(db, "ann", "KOR", "Ⅱ급", "--role", "analyst", "--compartment", "SDCP")
    ok(
        servanda(
            db, "ingest", statement(tmp_path, "naval"), "--marking", "SECRET//REL TO CAN, KOR//SDCP", acting="root"
        )
    )
    ok(servanda(db, "ingest", statement(tmp_path, "cyber"), "--marking", "Ⅲ급//REL TO CAN", acting="ann"))
    documents = json.loads(ok(servanda(db, "documents", "--format", "json", acting="ann")).stdout)
    assert [(d["marking"], d["marking_for_viewer"]) for d in documents] == [
        (SDCP_SECRET, "군사Ⅱ급비밀//REL TO KOR, CAN//SDCP"),
        ("군사Ⅲ급비밀//REL TO KOR, CAN", "군사Ⅲ급비밀//REL TO KOR, CAN"),
    ]


def test_an_unreadable_marking_stops_before_anything_is_read_or_written(db: str, tmp_path: Path):
    missing = str(tmp_path / "never-read.txt")
    result = servanda(db, "ingest", statement(tmp_path, "naval"), missing, "--marking", "SECRET//REL TO MARS")
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == "error: cannot read marking 'SECRET//REL TO MARS': MARS is not a party code\n"
    assert count(db, "SELECT count(*) FROM document") == 0
    usage = servanda(db, "ingest", statement(tmp_path, "naval"), "--instrument", "CAN-KOR-2026", COLUMNS="200")
    assert usage.exit_code == 2 and "an instrument governs a marking: give --marking too" in usage.stderr


def test_every_read_path_shows_the_marking_and_the_viewers_equivalent(db: str, tmp_path: Path):
    add(db, "ann", "KOR", "Ⅱ급", "--compartment", "SDCP")
    ok(servanda(db, "ingest", statement(tmp_path, "naval"), "--marking", SDCP_SECRET, acting="root"))
    label = f"{SDCP_SECRET} (KOR: 군사Ⅱ급비밀//REL TO KOR, CAN//SDCP)"
    wide = {"COLUMNS": "250"}
    assert label in ok(servanda(db, "show", "1", acting="ann", **wide)).stdout
    assert label in ok(servanda(db, "document", "1", acting="ann", **wide)).stdout
    assert "KOR: 군사Ⅱ급비밀//REL TO KOR, CAN//SDCP" in ok(servanda(db, "list", acting="ann", **wide)).stdout
    assert "KOR: 군사Ⅱ급비밀//REL TO KOR, CAN//SDCP" in ok(servanda(db, "documents", acting="ann", **wide)).stdout
    listed = json.loads(ok(servanda(db, "list", "--format", "json", acting="ann")).stdout)["commitments"]
    summary = json.loads(ok(servanda(db, "document", "1", "--format", "json", acting="ann")).stdout)
    exported = json.loads(ok(servanda(db, "export", acting="ann")).stdout)
    rows = list(csv.DictReader(io.StringIO(ok(servanda(db, "export", "--format", "csv", acting="ann")).stdout)))
    for record in (listed[0], summary, exported[0], rows[0]):
        assert (record["marking"], record["marking_for_viewer"]) == (SDCP_SECRET, "군사Ⅱ급비밀//REL TO KOR, CAN//SDCP")
    # A Canadian sees the banner alone: their nation writes it the same way.
    assert f"{SDCP_SECRET} (" not in ok(servanda(db, "show", "1", acting="root", **wide)).stdout


# Widening releasability


def test_widening_to_a_third_party_needs_the_originators_consent(db: str, tmp_path: Path):
    add(db, "sam", "USA", "SECRET", "--role", "analyst")
    ok(servanda(db, "ingest", statement(tmp_path, "naval"), "--marking", "CAN SECRET//REL TO CAN, KOR", acting="root"))
    refused = servanda(db, "widen", "1", "--to", "USA", acting="root")
    assert refused.stderr == (
        "error: cannot widen document 1: releasing to USA needs the recorded consent of CAN, the originator\n"
    )
    assert json.loads(ok(servanda(db, "documents", "--format", "json", acting="sam")).stdout) == []
    widened = ok(servanda(db, "widen", "1", "--to", "USA", "--consent", "Note verbale 2026/041", acting="root"))
    assert widened.stdout == "document 1 is now CAN SECRET//REL TO CAN, KOR, USA\n"
    assert [d["id"] for d in json.loads(ok(servanda(db, "documents", "--format", "json", acting="sam")).stdout)] == [1]
    assert count(db, "SELECT count(*) FROM consent WHERE party = 'USA' AND reference = 'Note verbale 2026/041'") == 1
    again = ok(servanda(db, "widen", "1", "--to", "usa", "--consent", "again", acting="root"))
    assert again.stdout.startswith("document 1 is releasable to USA already: ")


def test_widening_a_forbidden_document_answers_like_a_missing_one(db: str, tmp_path: Path):
    add(db, "sam", "USA", "SECRET", "--role", "analyst")
    ok(servanda(db, "ingest", statement(tmp_path, "naval"), "--marking", "CAN SECRET//CAN EYES ONLY", acting="root"))
    forbidden = servanda(db, "widen", "1", "--to", "USA", "--consent", "x", acting="sam")
    missing = servanda(db, "widen", "2", "--to", "USA", "--consent", "x", acting="sam")
    assert (forbidden.exit_code, forbidden.stderr) == (1, "error: no document '1' is stored\n")
    assert (missing.exit_code, missing.stderr) == (1, "error: no document '2' is stored\n")


# The audit log


def test_audit_verify_reports_an_intact_log_and_names_the_first_broken_entry(db: str, tmp_path: Path):
    ok(servanda(db, "ingest", statement(tmp_path, "naval"), "--marking", SDCP_SECRET))
    entries = count(db, "SELECT count(*) FROM audit_log")
    assert ok(servanda(db, "audit", "verify")).stdout == f"audit log intact: {entries} entries, 0 checkpoints\n"
    signed = ok(servanda(db, "audit", "checkpoint"))
    assert signed.stdout.startswith(f"checkpoint 1 signed: entries 1–{entries + 1} (key ")
    with sqlite3.connect(db.removeprefix("sqlite:///")) as connection:
        connection.execute("DROP TRIGGER audit_log_no_update")
        connection.execute("UPDATE audit_log SET reason = 'nothing to see' WHERE id = 2")
    broken = servanda(db, "audit", "verify")
    assert broken.exit_code == 1
    assert broken.stderr.startswith("error: audit log broken at entry 2 (edited): entry 2 was changed")
    assert len(broken.stderr.splitlines()) == 1


def test_audit_checkpoint_and_show_are_for_admins(db: str):
    add(db, "ann", "CAN", "SECRET", "--role", "analyst")
    for command in ("checkpoint", "show"):
        refused = servanda(db, "audit", command, acting="ann")
        assert refused.exit_code == 1 and refused.stderr.endswith("it needs the admin role\n")
    ok(servanda(db, "audit", "verify", acting="ann"))


def test_audit_show_lists_recent_entries_and_withholds_what_the_admin_may_not_read(db: str, tmp_path: Path):
    add(db, "kim", "KOR", "Ⅱ급", "--role", "admin", "--compartment", "SDCP")
    ok(servanda(db, "ingest", statement(tmp_path, "eyes"), "--marking", "CAN SECRET//CAN EYES ONLY", acting="root"))
    ok(servanda(db, "ingest", statement(tmp_path, "shared"), "--marking", SDCP_SECRET, acting="root"))
    wide = {"COLUMNS": "250"}
    shown = ok(servanda(db, "audit", "show", "--limit", "5", acting="kim", **wide)).stdout
    rows = [line.split() for line in shown.splitlines() if line.strip()[:1].isdigit()]
    assert len(rows) == 5
    # Each statement stored is audited as created, then as tracked (the evidence proposals asked for it).
    eyes_only, shared = [row for row in rows if row[4] == "create"]
    assert eyes_only[3:5] == ["root", "create"] and "withheld:" in eyes_only and "document" not in eyes_only
    assert shared[3:7] == ["root", "create", "document", "2"]
    assert all("document" not in row for row in rows if "withheld:" in row)
    root_view = ok(servanda(db, "audit", "show", "--limit", "6", acting="root", **wide)).stdout
    assert "withheld" not in root_view and "kim read 5 entries of the audit log" in root_view
