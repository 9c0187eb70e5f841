"""The golden authorisation matrix through the tracking commands: for every persona, `history`, `due`, `calendar`,
`report`, `mechanisms` and `agreements` show, count and total exactly what the matrix lets them read, and a
record they may not read answers exactly like a missing one."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import pytest
from icalendar import Calendar
from typer.testing import CliRunner, Result

from authorisation_matrix import expectations, matrix
from servanda.cli.app import app

BANNERS: dict[str, str] = matrix()["markings"]
PERSONAS = matrix()["personas"]
ENABLED = sorted(name for name, p in PERSONAS.items() if not p.get("disabled"))
READABLE = {
    persona: {marking for p, marking, code in expectations("read") if p == persona and code == "ok"}
    for persona in PERSONAS
}
MISSING_ID = 10_000
UNNAMED = {"SERVANDA_USER": None, "SERVANDA_TOKEN": None}
ROOT = ("--nationality", "CAN", "--clearance", "TOP SECRET", "--compartment", "SDCP", "--role", "admin")
# One word per marking names its statement's dialogue and agreement, so no two statements share a record.
TREES = ("Alder", "Birch", "Cedar", "Elm", "Fir", "Hazel", "Larch", "Maple", "Oak", "Pine")
WORDS = dict(zip(sorted(BANNERS), TREES, strict=True))


def servanda(url: str, *args: str, acting: str) -> Result:
    return CliRunner().invoke(app, [*args, "--db", url, "--as", acting], env={**UNNAMED, "COLUMNS": "200"})


def ok(result: Result) -> Result:
    assert result.exit_code == 0, result.output
    return result


def statement(folder: Path, word: str) -> Path:
    """A statement whose dialogue met on its date and meets next in 2027, with a commitment due in 2026 and an
    agreement signed."""
    path = folder / f"{word}.txt"
    path.write_text(
        f"Joint statement on the {word} Dialogue\n\n"
        f"We, the officials of Canada and the Republic of Korea, met in Ottawa on March 3, 2026, for the first "
        f"{word} Dialogue.\n\n"
        f"Canada and the Republic of Korea will hold talks on {word.lower()} forests in 2026. We will convene the "
        f"{word} Dialogue annually, with the next meeting to be held in Seoul in 2027. The two sides have signed "
        f"the {word} Agreement.\n"
    )
    return path


@dataclass(frozen=True)
class Stored:
    url: str
    commitments: dict[str, list[int]]  # marking name -> its statement's commitments
    assessed: dict[str, int]  # marking name -> the commitment root assessed
    mechanisms: dict[str, int]
    agreements: dict[str, int]


@pytest.fixture(scope="module")
def stored(tmp_path_factory: pytest.TempPathFactory) -> Stored:
    """The personas; per marking of the matrix, one statement stored and tracked by root, and one assessment."""
    folder = tmp_path_factory.mktemp("tracking-matrix")
    url = f"sqlite:///{folder / 'servanda.db'}"
    ok(CliRunner().invoke(app, ["user", "add", "root", *ROOT, "--db", url], env=UNNAMED))
    for name, p in PERSONAS.items():
        compartments = [arg for c in p.get("compartments") or () for arg in ("--compartment", c)]
        fields = ("--nationality", p["nationality"], "--clearance", str(p["clearance"]), "--role", p["role"])
        ok(servanda(url, "user", "add", name, *fields, *compartments, acting="root"))
    by_word = {word: name for name, word in WORDS.items()}
    for name, word in WORDS.items():
        path = statement(folder, word)
        ok(servanda(url, "ingest", str(path), "--date", "2026-03-03", "--marking", BANNERS[name], acting="root"))
    exported = ok(servanda(url, "export", "--format", "jsonl", acting="root")).stdout.splitlines()
    commitments: dict[str, list[int]] = {name: [] for name in BANNERS}
    for record in map(json.loads, exported):
        word = record["document_title"].split()[-2]
        commitments[by_word[word]].append(record["id"])
    assessed = {}
    for name, ids in commitments.items():
        assert len(ids) == 2, f"the extractor should find two commitments in {name}'s statement"
        assessed[name] = ids[0]
        ok(
            servanda(
                url,
                "assess",
                str(ids[0]),
                "--status",
                "in-progress",
                "--score",
                "CAN=+1",
                "--as-of",
                "2026-03-10",
                "--evidence",
                f"https://example.org/{name}",
                "--note",
                f"{name} begun",
                acting="root",
            )
        )
    mechanisms = json.loads(ok(servanda(url, "mechanisms", "--format", "json", acting="root")).stdout)
    agreements = json.loads(ok(servanda(url, "agreements", "--format", "json", acting="root")).stdout)
    return Stored(
        url,
        commitments,
        assessed,
        {by_word[m["name"].split()[0]]: m["id"] for m in mechanisms},
        {by_word[a["name"].split()[0]]: a["id"] for a in agreements},
    )


def _answer(result: Result, record_id: int) -> tuple[int, str, str]:
    return result.exit_code, result.stdout, result.stderr.replace(str(record_id), "ID")


@pytest.mark.parametrize("persona", ENABLED)
def test_history_shows_exactly_the_commitments_the_persona_may_read(stored: Stored, persona: str) -> None:
    missing = _answer(servanda(stored.url, "history", str(MISSING_ID), acting=persona), MISSING_ID)
    assert missing == (1, "", "error: no commitment ID\n")
    for name, cid in stored.assessed.items():
        result = servanda(stored.url, "history", str(cid), "--format", "json", acting=persona)
        if name in READABLE[persona]:
            shown = json.loads(ok(result).stdout)
            assert [a["rationale"] for a in shown["assessments"]] == [f"{name} begun"]
            assert shown["status"] == "in-progress" and shown["ogp"] == "substantial"
        else:
            assert _answer(result, cid) == missing  # a forbidden commitment answers like a missing one


@pytest.mark.parametrize("persona", ENABLED)
def test_due_and_calendar_hold_only_what_the_persona_may_read(stored: Stored, persona: str) -> None:
    readable = READABLE[persona]
    expected = {f"commitment-{c}" for name in readable for c in stored.commitments[name]}
    expected |= {f"mechanism-{stored.mechanisms[name]}" for name in readable}
    due = json.loads(
        ok(
            servanda(stored.url, "due", "--as-of", "2026-06-01", "--within", "600d", "--format", "json", acting=persona)
        ).stdout
    )
    assert {item["key"] for item in (*due["overdue"], *due["upcoming"])} == expected
    ics = ok(servanda(stored.url, "calendar", "--as-of", "2026-06-01", acting=persona)).stdout_bytes
    assert {str(event["uid"]).split("@")[0] for event in Calendar.from_ical(ics).walk("VEVENT")} == expected


@pytest.mark.parametrize("persona", ENABLED)
def test_the_report_counts_and_scores_only_what_the_persona_may_read(stored: Stored, persona: str) -> None:
    readable = READABLE[persona]
    report = json.loads(
        ok(servanda(stored.url, "report", "--as-of", "2026-12-31", "--format", "json", acting=persona)).stdout
    )
    assert {item["commitment_id"] for item in report["items"]} == {
        c for name in readable for c in stored.commitments[name]
    }
    scored = [item for item in report["items"] if item["scores"].get("CAN") is not None]
    assert {item["commitment_id"] for item in scored} == {stored.assessed[name] for name in readable}
    markdown = ok(servanda(stored.url, "report", "--as-of", "2026-12-31", acting=persona)).stdout
    assert f"{len(report['items'])} commitments." in markdown
    # Compliance as the G7 Research Group publishes it, over the readable scores alone: every one is +1.
    assert f"| **overall** | +1.00 | 100% | {len(readable)} |" in markdown


@pytest.mark.parametrize("persona", ENABLED)
def test_mechanisms_and_agreements_are_listed_and_shown_only_when_readable(stored: Stored, persona: str) -> None:
    readable = READABLE[persona]
    for command, ids, noun in (
        ("mechanisms", stored.mechanisms, "mechanism"),
        ("agreements", stored.agreements, "agreement"),
    ):
        listed = json.loads(ok(servanda(stored.url, command, "--format", "json", acting=persona)).stdout)
        assert {record["id"] for record in listed} == {ids[name] for name in readable}
        missing = _answer(servanda(stored.url, command, str(MISSING_ID), acting=persona), MISSING_ID)
        assert missing == (1, "", f"error: no {noun} ID\n")
        hidden = sorted(set(BANNERS) - readable)
        assert hidden, "every persona of the matrix is refused something"
        assert _answer(servanda(stored.url, command, str(ids[hidden[0]]), acting=persona), ids[hidden[0]]) == missing
        shown = sorted(readable)[0]
        assert ok(servanda(stored.url, command, str(ids[shown]), acting=persona)).stdout
