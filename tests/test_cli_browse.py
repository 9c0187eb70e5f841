"""`servanda list`, `show`, `documents`, `document` and `export` against one stored set of statements."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from servanda.cli.app import app
from servanda.demo import STATEMENT, statement_bytes

SILVER = Path(__file__).resolve().parents[1] / "eval" / "silver"
OTHERS = ("2024-07-08_japan-philippines_2plus2.txt", "2024-08-20_japan-india_2plus2-3rd.txt")


# Commands act as the database's only person, whoever the environment names.
UNNAMED = {"SERVANDA_USER": None, "SERVANDA_TOKEN": None}


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> str:
    """A database with one person, the demo statement (document 1) and two shorter ones; tests only read it."""
    folder = tmp_path_factory.mktemp("browse")
    (folder / STATEMENT).write_bytes(statement_bytes())
    url = f"sqlite:///{folder / 'servanda.db'}"
    # The database's only person, so every command acts as them without --as.
    operator = ["user", "add", "operator", "--nationality", "CAN", "--clearance", "SECRET", "--role", "admin"]
    assert CliRunner().invoke(app, [*operator, "--db", url]).exit_code == 0
    paths = [str(folder / STATEMENT), *(str(SILVER / name) for name in OTHERS)]
    result = CliRunner().invoke(app, ["ingest", *paths, "--db", url], env=UNNAMED)
    assert result.exit_code == 0, result.output
    return url


@pytest.fixture(scope="module")
def everything(db: str) -> list[dict]:
    """Every stored commitment, as `export --format json` gives it."""
    return json.loads(run(db, "export", "--format", "json").stdout)


def run(db: str, *args: str) -> Result:
    return CliRunner().invoke(app, [*args, "--db", db], env=UNNAMED)


def flat(text: str) -> str:
    """Text with Rich's box borders and line wrapping taken out."""
    return " ".join(text.replace("│", " ").split())


def listed(db: str, *args: str) -> list[dict]:
    result = run(db, "list", "--format", "json", "--limit", "1000", *args)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)["commitments"]


def test_list_json_pages_through_everything_in_order(db: str, everything: list[dict]):
    first = json.loads(run(db, "list", "--format", "json", "--limit", "5").stdout)
    second = json.loads(run(db, "list", "--format", "json", "--limit", "5", "--offset", "5").stdout)
    assert first["total"] == len(everything)
    assert first["commitments"] + second["commitments"] == everything[:10]


@pytest.mark.parametrize(
    ("flags", "keep"),
    [
        (("--area", "defence"), lambda c: c["area"] == "defence"),
        (("--strength", "reaffirmed"), lambda c: c["strength"] == "reaffirmed"),
        (("--actor", "CAN"), lambda c: "CAN" in c["actors"]),
        (("--actor", "Japan"), lambda c: "JPN" in c["actors"]),
        (("--document", "1"), lambda c: c["document_id"] == 1),
        (("--due-before", "2027-01-01"), lambda c: c["due"] is not None and c["due"] < "2027"),
        (("--area", "defence", "--actor", "KOR"), lambda c: c["area"] == "defence" and "KOR" in c["actors"]),
    ],
)
def test_list_filters(db: str, everything: list[dict], flags: tuple[str, ...], keep):
    expected = [c for c in everything if keep(c)]
    assert expected, "the stored statements should give each filter something to find"
    assert listed(db, *flags) == expected


def test_list_filters_by_sha256_prefix(db: str, everything: list[dict]):
    prefix = everything[0]["document_sha256"][:10]
    assert listed(db, "--document", prefix) == [c for c in everything if c["document_sha256"].startswith(prefix)]


def test_list_table_says_which_rows_it_shows(db: str, everything: list[dict]):
    result = run(db, "list", "--limit", "3")
    assert result.exit_code == 0
    assert f"commitments 1–3 of {len(everything)}; next page: --offset 3" in result.stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--area", "astrology"), "astrology"),
        (("--due-before", "2027-02-30"), "not a day written YYYY-MM-DD"),
        (("--actor", "Atlantis"), "does not name one party"),
        (("--limit", "0"), "--limit"),
    ],
)
def test_bad_filters_are_usage_errors(db: str, args: tuple[str, ...], message: str):
    result = run(db, "list", *args)
    assert result.exit_code == 2
    assert message in flat(result.stderr)


def test_an_unknown_document_filter_is_an_error(db: str):
    result = run(db, "list", "--document", "999")
    assert result.exit_code == 1
    assert result.stderr == "error: no document '999' is stored\n"


def test_show_gives_the_quote_in_context_and_every_attribute(db: str, everything: list[dict]):
    commitment = next(c for c in everything if c["mechanisms"] and c["section"])
    result = CliRunner().invoke(app, ["show", str(commitment["id"]), "--db", db], env={**UNNAMED, "COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    assert flat(commitment["quote"]) in flat(result.stdout)
    for field in ("strength", "area", "section"):
        assert f"{field}" in result.stdout and commitment[field] in result.stdout
    assert commitment["mechanisms"][0] in result.stdout
    assert commitment["document_sha256"] in result.stdout
    assert "…" in result.stdout  # the quote sits inside a longer text


def test_show_of_a_missing_commitment_is_one_line(db: str):
    result = run(db, "show", "100000")
    assert (result.exit_code, result.stderr) == (1, "error: no commitment 100000 is stored\n")


def test_documents_lists_each_statement_with_its_count(db: str, everything: list[dict]):
    result = run(db, "documents", "--format", "json")
    documents = json.loads(result.stdout)
    assert [d["date"] for d in documents] == sorted(d["date"] for d in documents)
    assert {d["id"]: d["commitments"] for d in documents} == {
        d["id"]: sum(1 for c in everything if c["document_id"] == d["id"]) for d in documents
    }
    assert [d["id"] for d in json.loads(run(db, "documents", "--issuer", "PHL", "--format", "json").stdout)] == [
        d["id"] for d in documents if "PHL" in d["issuers"]
    ]
    assert "commitments" in run(db, "documents").stdout


def test_document_summarises_by_id_or_sha256_prefix(db: str, everything: list[dict]):
    demo = [c for c in everything if c["document_id"] == 1]
    by_id = json.loads(run(db, "document", "1", "--format", "json").stdout)
    by_sha = json.loads(run(db, "document", demo[0]["document_sha256"][:8], "--format", "json").stdout)
    assert by_id == by_sha
    assert by_id["commitments"] == len(demo)
    assert sum(by_id["by_strength"].values()) == sum(by_id["by_area"].values()) == len(demo)
    assert by_id["mechanisms"] and by_id["agreements"]
    table = run(db, "document", "1")
    assert table.exit_code == 0 and "Mechanisms" in table.stdout and "Agreements" in table.stdout


def test_document_that_is_not_stored_is_one_line(db: str):
    result = run(db, "document", "ffffffff")
    assert (result.exit_code, result.stderr) == (1, "error: no document 'ffffffff' is stored\n")


def test_export_in_three_formats_parses_back_to_the_same_records(db: str, everything: list[dict], tmp_path: Path):
    jsonl = run(db, "export", "--format", "jsonl").stdout
    assert [json.loads(line) for line in jsonl.splitlines()] == everything
    out = tmp_path / "commitments.csv"
    result = run(db, "export", "--format", "csv", "-o", str(out))
    assert result.exit_code == 0
    assert result.stderr == f"exported {len(everything)} commitments to {out}\n"
    with out.open(newline="", encoding="utf-8") as handle:
        records = list(csv.DictReader(handle))
    assert [r["quote"] for r in records] == [c["quote"] for c in everything]
    assert [r["actors"].split(";") for r in records] == [c["actors"] for c in everything]
    assert [int(r["start"]) for r in records] == [c["start"] for c in everything]
    assert out.read_bytes().endswith(b"\r\n")  # the csv module's line ends, not translated


def test_export_takes_the_list_filters(db: str, everything: list[dict]):
    exported = json.loads(run(db, "export", "--format", "json", "--strength", "firm", "--document", "1").stdout)
    assert exported == [c for c in everything if c["strength"] == "firm" and c["document_id"] == 1]


def test_export_that_fails_leaves_the_previous_file_untouched(db: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    import servanda.store.export as store_export

    out = tmp_path / "out.json"
    out.write_text("previous export\n")
    real = store_export.commitment_record
    written = 0

    def fail_halfway(commitment):
        nonlocal written
        written += 1
        if written > 3:
            raise RuntimeError("disk on fire")
        return real(commitment)

    monkeypatch.setattr(store_export, "commitment_record", fail_halfway)
    result = run(db, "export", "--format", "json", "-o", str(out))
    assert result.exit_code == 1
    assert result.stderr.startswith("error: internal error (RuntimeError: disk on fire)")
    assert out.read_text() == "previous export\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.json"]


def test_export_to_a_new_file_appears_complete(db: str, everything: list[dict], tmp_path: Path):
    out = tmp_path / "new.json"
    assert run(db, "export", "-o", str(out)).exit_code == 0
    assert json.loads(out.read_text()) == everything
