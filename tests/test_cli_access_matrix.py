"""The golden authorisation matrix through the real command line: for every persona, every read command shows
exactly the records the matrix lets them read, a forbidden record answers exactly like a missing one, and
`ingest --marking`, `widen` and the administrators' commands succeed exactly where the matrix says `ok`."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from authorisation_matrix import expectations, markings, matrix, personas
from servanda.access import Action, decide
from servanda.cli.app import app

BANNERS: dict[str, str] = matrix()["markings"]
PERSONAS = matrix()["personas"]
ENABLED = sorted(name for name, p in PERSONAS.items() if not p.get("disabled"))
DISABLED = sorted(name for name, p in PERSONAS.items() if p.get("disabled"))
READABLE = {
    persona: {marking for p, marking, code in expectations("read") if p == persona and code == "ok"}
    for persona in PERSONAS
}
MISSING_ID = 10_000
UNNAMED = {"SERVANDA_USER": None, "SERVANDA_TOKEN": None}
# The admin who stores the matrix's statements: cleared for every marking in it.
ROOT = ("--nationality", "CAN", "--clearance", "TOP SECRET", "--compartment", "SDCP", "--role", "admin")


def servanda(url: str, *args: str, acting: str) -> Result:
    return CliRunner().invoke(app, [*args, "--db", url, "--as", acting], env={**UNNAMED, "COLUMNS": "200"})


def ok(result: Result) -> Result:
    assert result.exit_code == 0, result.output
    return result


def statement(folder: Path, topic: str) -> str:
    """A one-commitment statement of its own bytes about `topic`."""
    path = folder / f"{topic}.txt"
    words = topic.replace("_", " ")
    path.write_text(
        f"Joint statement on {words}\n\nOttawa, March 3, 2026\n\n"
        f"Canada and the Republic of Korea will hold talks on {words} in 2026.\n"
    )
    return str(path)


def with_personas(url: str) -> None:
    """Add `root`, then every persona of the matrix as root adds them, disabling those the matrix disables."""
    ok(CliRunner().invoke(app, ["user", "add", "root", *ROOT, "--db", url], env=UNNAMED))
    for name, p in PERSONAS.items():
        compartments = [arg for c in p.get("compartments") or () for arg in ("--compartment", c)]
        fields = ("--nationality", p["nationality"], "--clearance", str(p["clearance"]), "--role", p["role"])
        ok(servanda(url, "user", "add", name, *fields, *compartments, acting="root"))
        if p.get("disabled"):
            ok(servanda(url, "user", "disable", name, acting="root"))


@dataclass(frozen=True)
class Stored:
    url: str
    documents: dict[str, int]  # marking name -> document id
    commitments: dict[str, list[int]]  # marking name -> its document's commitment ids


@pytest.fixture(scope="module")
def stored(tmp_path_factory: pytest.TempPathFactory) -> Stored:
    """The personas, and one small statement per marking of the matrix, stored by root; tests only read it."""
    folder = tmp_path_factory.mktemp("matrix")
    url = f"sqlite:///{folder / 'servanda.db'}"
    with_personas(url)
    for name, banner in sorted(BANNERS.items()):
        ok(servanda(url, "ingest", statement(folder, name), "--marking", banner, acting="root"))
    documents = json.loads(ok(servanda(url, "documents", "--format", "json", acting="root")).stdout)
    by_title = {d["title"].removeprefix("Joint statement on ").replace(" ", "_"): d["id"] for d in documents}
    assert set(by_title) == set(BANNERS)
    everything = [
        json.loads(line) for line in ok(servanda(url, "export", "--format", "jsonl", acting="root")).stdout.splitlines()
    ]
    commitments = {name: [c["id"] for c in everything if c["document_id"] == doc] for name, doc in by_title.items()}
    assert all(commitments.values()), "every statement should give the extractor a commitment"
    return Stored(url, by_title, commitments)


@pytest.fixture(scope="module")
def writable(tmp_path_factory: pytest.TempPathFactory) -> str:
    """Another database with the personas, for the commands that write."""
    url = f"sqlite:///{tmp_path_factory.mktemp('matrix-writes') / 'servanda.db'}"
    with_personas(url)
    return url


def _commitments_for(stored: Stored, persona: str) -> set[int]:
    return {i for name in READABLE[persona] for i in stored.commitments[name]}


@pytest.mark.parametrize("persona", ENABLED)
def test_lists_exports_and_counts_hold_exactly_what_the_persona_may_read(stored: Stored, persona: str) -> None:
    expected = _commitments_for(stored, persona)
    listed = json.loads(ok(servanda(stored.url, "list", "--format", "json", "--limit", "1000", acting=persona)).stdout)
    assert {c["id"] for c in listed["commitments"]} == expected
    assert listed["total"] == len(expected)
    exported = ok(servanda(stored.url, "export", "--format", "jsonl", acting=persona)).stdout.splitlines()
    assert {json.loads(line)["id"] for line in exported} == expected
    table = ok(servanda(stored.url, "list", "--limit", "1000", acting=persona)).stdout
    assert f"commitments 1–{len(expected)} of {len(expected)}" in table
    documents = json.loads(ok(servanda(stored.url, "documents", "--format", "json", acting=persona)).stdout)
    assert {d["id"] for d in documents} == {stored.documents[name] for name in READABLE[persona]}
    names = {doc: name for name, doc in stored.documents.items()}
    assert {d["id"]: d["commitments"] for d in documents} == {
        d["id"]: len(stored.commitments[names[d["id"]]]) for d in documents
    }
    shown = ok(servanda(stored.url, "documents", acting=persona)).stdout
    assert all(f" {stored.documents[name]} " in shown for name in READABLE[persona])


@pytest.mark.parametrize("persona", ENABLED)
def test_records_by_id_are_shown_exactly_when_the_persona_may_read_them(stored: Stored, persona: str) -> None:
    for name in BANNERS:
        allowed = name in READABLE[persona]
        for commitment_id in stored.commitments[name]:
            assert servanda(stored.url, "show", str(commitment_id), acting=persona).exit_code == (0 if allowed else 1)
        document_id = stored.documents[name]
        summary = servanda(stored.url, "document", str(document_id), "--format", "json", acting=persona)
        assert summary.exit_code == (0 if allowed else 1)
        if allowed:
            assert json.loads(summary.stdout)["commitments"] == len(stored.commitments[name])


@pytest.mark.parametrize("persona", ENABLED)
def test_a_forbidden_record_answers_exactly_like_a_missing_one(stored: Stored, persona: str) -> None:
    def answer(command: str, record_id: int) -> tuple[int, str, str]:
        result = servanda(stored.url, command, str(record_id), acting=persona)
        return result.exit_code, result.stdout, result.stderr.replace(str(record_id), "ID")

    missing = {command: answer(command, MISSING_ID) for command in ("show", "document")}
    assert missing["show"] == (1, "", "error: no commitment ID is stored\n")
    forbidden = [name for name in BANNERS if name not in READABLE[persona]]
    assert forbidden, "every persona of the matrix is refused something"
    for name in forbidden:
        assert answer("document", stored.documents[name]) == missing["document"]
        for commitment_id in stored.commitments[name]:
            assert answer("show", commitment_id) == missing["show"]


@pytest.mark.parametrize("persona", DISABLED)
def test_a_disabled_persona_can_run_nothing(stored: Stored, persona: str) -> None:
    some_document = str(next(iter(stored.documents.values())))
    for command in (("list",), ("documents",), ("export",), ("document", some_document), ("show", "1")):
        result = servanda(stored.url, *command, acting=persona)
        assert (result.exit_code, result.stdout, result.stderr) == (1, "", f"error: {persona}'s account is disabled\n")


@pytest.mark.parametrize("persona", sorted(PERSONAS))
def test_ingest_with_a_marking_succeeds_exactly_where_create_is_ok(writable: str, tmp_path: Path, persona: str):
    for name, banner in sorted(BANNERS.items()):
        code = dict((m, c) for p, m, c in expectations("create") if p == persona)[name]
        result = servanda(
            writable, "ingest", statement(tmp_path, f"{persona}_{name}"), "--marking", banner, acting=persona
        )
        assert result.exit_code == (0 if code == "ok" else 1), f"{persona} {name}: {result.output}"


@pytest.mark.parametrize(("persona", "marking", "code"), expectations("widen"))
def test_the_widen_rows_are_what_decide_says(persona: str, marking: str, code: str) -> None:
    widening = Action("widen", widen_to=frozenset({"USA"}), consent=True)
    assert decide(personas()[persona], widening, markings()[marking]).code == code


@pytest.mark.parametrize("persona", sorted(PERSONAS))
def test_widen_succeeds_exactly_where_the_matrix_says(writable: str, tmp_path: Path, persona: str):
    # Each widening gets a document of its own, stored by root, so no widening changes what another one meets.
    for name, banner in sorted(BANNERS.items()):
        code = dict((m, c) for p, m, c in expectations("widen") if p == persona)[name]
        stored = ok(
            servanda(
                writable, "ingest", statement(tmp_path, f"widen_{persona}_{name}"), "--marking", banner, acting="root"
            )
        )
        document_id = stored.stdout.split("→ document ")[1].split(":")[0]
        result = servanda(writable, "widen", document_id, "--to", "USA", "--consent", "Note 1", acting=persona)
        assert result.exit_code == (0 if code == "ok" else 1), f"{persona} {name}: {result.output}"


ADMINISTER = (
    ("user", "list"),
    ("audit", "show"),
    ("audit", "checkpoint"),
    ("token", "create", "root"),
    ("org", "add", "Org of {persona}", "--kind", "department", "--party", "CAN"),
    ("user", "add", "added_by_{persona}", "--nationality", "CAN", "--clearance", "SECRET"),
)


@pytest.mark.parametrize("persona", sorted(PERSONAS))
def test_administrators_commands_succeed_exactly_where_administer_is_ok(writable: str, persona: str) -> None:
    (code,) = [c for p, m, c in expectations("administer") if p == persona and m == "public"]
    for command in ADMINISTER:
        result = servanda(writable, *(part.format(persona=persona) for part in command), acting=persona)
        assert result.exit_code == (0 if code == "ok" else 1), f"{persona} {' '.join(command)}: {result.output}"
