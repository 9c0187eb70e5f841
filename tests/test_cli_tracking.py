"""The tracking commands on the demo data: each one's happy path and its refusals, which are one line and write
nothing. The database is a copy, per test, of one the demo filled."""

from __future__ import annotations

import csv
import io
import json
import shutil
import sqlite3
from pathlib import Path

import pytest
from icalendar import Calendar
from pypdf import PdfReader
from typer.testing import CliRunner, Result

from servanda.cli.app import app

UNNAMED = {"SERVANDA_USER": None, "SERVANDA_TOKEN": None}
CYBER = "inaugural Canada-Korea Cyber Policy Consultations will take place in March 2026"
BIENNIAL = "convening this 2+2 Ministerial Meeting on a biennial basis"


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("demo") / "servanda.db"
    result = CliRunner().invoke(app, ["demo", "--db", f"sqlite:///{db}"], env=UNNAMED)
    assert result.exit_code == 0, result.output
    return db


@pytest.fixture
def db(template: Path, tmp_path: Path) -> Path:
    """A fresh copy of the demo database."""
    copy = tmp_path / "servanda.db"
    shutil.copy(template, copy)
    return copy


def run(db: Path, *args: str, acting: str = "operator", stdin: str | None = None) -> Result:
    return CliRunner().invoke(
        app, [*args, "--db", f"sqlite:///{db}", "--as", acting], env={**UNNAMED, "COLUMNS": "160"}, input=stdin
    )


def ok(result: Result) -> Result:
    assert result.exit_code == 0, result.output
    return result


def refused(result: Result) -> str:
    """The one line of a refusal."""
    assert (result.exit_code, result.stdout) == (1, ""), result.output
    assert result.stderr.count("\n") == 1 and result.stderr.startswith("error: "), result.stderr
    return result.stderr.strip()


def rows(db: Path, sql: str) -> list[tuple]:
    with sqlite3.connect(db) as connection:
        return connection.execute(sql).fetchall()


def count(db: Path, table: str) -> int:
    return rows(db, f"SELECT count(*) FROM {table}")[0][0]


def commitment(db: Path, words: str) -> int:
    return rows(db, f"SELECT min(id) FROM commitment WHERE quote LIKE '%{words}%'")[0][0]


def test_assess_records_an_assessment_that_history_shows_in_g7_and_ogp_terms(db: Path) -> None:
    cid = commitment(db, BIENNIAL)
    line = ok(
        run(
            db,
            "assess",
            str(cid),
            "--status",
            "in-progress",
            "--score",
            "CAN=+1,KOR=0",
            "--as-of",
            "2026-06-30",
            "--evidence",
            "https://example.org/planning",
            "--title",
            "Planning note",
            "--note",
            "Dates proposed.",
        )
    ).stdout
    assert (
        line.startswith("assessment ") and f"of commitment {cid}: in-progress as of 2026-06-30 (CAN +1, KOR 0)" in line
    )
    shown = json.loads(ok(run(db, "history", str(cid), "--format", "json")).stdout)
    (assessment,) = shown["assessments"]
    assert (shown["status"], shown["ogp"], shown["scores"]) == ("in-progress", "substantial", {"CAN": 1, "KOR": 0})
    assert assessment["assessor"] == "operator" and assessment["evidence"][0]["title"] == "Planning note"
    assert [step["commitment_id"] for step in shown["lineage"]][-1] == cid
    table = ok(run(db, "history", str(cid))).stdout
    assert "in-progress" in table and "mean +0.50 (75%)" in table and "substantial" in table
    assert "substantial (OGP)" in ok(run(db, "history", str(cid), "--view", "ogp")).stdout


def test_a_correction_is_a_new_assessment_naming_the_one_it_corrects(db: Path) -> None:
    cid = commitment(db, CYBER)
    (first,) = json.loads(ok(run(db, "history", str(cid), "--format", "json")).stdout)["assessments"]
    evidence = str(first["evidence"][0]["id"])
    corrected = json.loads(
        ok(
            run(
                db,
                "assess",
                str(cid),
                "--status",
                "delivered",
                "--score",
                "CAN=+1,KOR=+1",
                "--evidence",
                evidence,
                "--corrects",
                str(first["id"]),
                "--note",
                "Held as planned.",
                "--as-of",
                "2026-03-31",
                "--format",
                "json",
            )
        ).stdout
    )
    assert corrected["corrects"] == first["id"] and corrected["evidence"][0]["id"] == first["evidence"][0]["id"]
    history = json.loads(ok(run(db, "history", str(cid), "--format", "json")).stdout)
    assert [a["status"] for a in history["assessments"]] == ["in-progress", "delivered"]


def test_refused_assessments_are_one_line_and_write_nothing(db: Path, tmp_path: Path) -> None:
    cid = commitment(db, BIENNIAL)
    sdcp = rows(
        db, "SELECT c.id FROM commitment c JOIN document d ON d.id = c.document_id WHERE d.origin LIKE '%note-1%'"
    )[0][0]
    bad_pdf = tmp_path / "readout.pdf"
    bad_pdf.write_bytes(b"not a PDF at all")
    before = {table: count(db, table) for table in ("assessment", "evidence", "document")}
    base = ("--status", "in-progress", "--note", "why", "--evidence", "https://example.org/x")
    missing = refused(run(db, "assess", "99999", *base, acting="no_sdcp"))
    assert missing == "error: no commitment 99999"
    assert refused(run(db, "assess", str(sdcp), *base, acting="no_sdcp")) == f"error: no commitment {sdcp}"
    assert refused(run(db, "assess", str(cid), *base, "--score", "USA=+1")) == (
        f"error: cannot assess commitment {cid}: USA is not an actor of it (its actors: CAN, KOR)"
    )
    assert refused(run(db, "assess", str(cid), *base, "--as-of", "2026-02-24")) == (
        f"error: cannot assess commitment {cid} as of 2026-02-24: its statement is dated 2026-02-25"
    )
    assert "is not a status" in refused(run(db, "assess", str(cid), "--status", "done", *base[2:]))
    assert "needs a rationale" in refused(run(db, "assess", str(cid), "--status", "delivered", *base[4:]))
    assert "compliance score" in refused(run(db, "assess", str(cid), *base, "--score", "CAN=2"))
    failed = refused(run(db, "assess", str(cid), "--status", "delivered", "--note", "x", "--evidence", str(bad_pdf)))
    assert failed.startswith(f"error: evidence file {bad_pdf} cannot be stored") and "nothing was written" in failed
    assert "is not a URL" in refused(run(db, "assess", str(cid), *base[:4], "--evidence", "no-such-file"))
    assert "may not" in refused(run(db, "assess", str(cid), *base, acting="can_reader_secret"))  # a reader
    assert {table: count(db, table) for table in before} == before


def test_an_evidence_file_is_stored_and_its_proposed_passage_cited(db: Path, tmp_path: Path) -> None:
    readout = tmp_path / "2026-03-18_readout.txt"
    readout.write_text(
        "Readout: first Canada-Korea Cyber Policy Consultations\n\nOttawa, March 18, 2026\n\n"
        "Today, officials of Canada and the Republic of Korea held the inaugural Canada-Korea Cyber Policy "
        "Consultations in Ottawa. They discussed cyber resilience and threat information sharing.\n"
    )
    cid = commitment(db, CYBER)
    documents = count(db, "document")
    ok(
        run(
            db,
            "assess",
            str(cid),
            "--status",
            "delivered",
            "--score",
            "CAN=+1,KOR=+1",
            "--evidence",
            str(readout),
            "--note",
            "The readout reports the consultations held.",
            "--as-of",
            "2026-03-31",
        )
    )
    assert count(db, "document") == documents + 1
    latest = json.loads(ok(run(db, "history", str(cid), "--format", "json")).stdout)["assessments"][-1]
    (evidence,) = latest["evidence"]
    assert evidence["kind"] == "document" and "Cyber Policy" in evidence["passage"]
    assert evidence["document_title"] == "Readout: first Canada-Korea Cyber Policy Consultations"


def test_evidence_proposals_are_listed_accepted_and_rejected(db: Path) -> None:
    pending = json.loads(ok(run(db, "evidence", "suggest", "--format", "json")).stdout)
    assert pending and {p["state"] for p in pending} == {"pending"}
    assert "accept with: servanda evidence accept" in ok(run(db, "evidence", "suggest")).stdout
    founding = rows(db, "SELECT id FROM document WHERE origin LIKE '%2026-02-25_canada-korea_2plus2.txt'")[0][0]
    recomputed = json.loads(ok(run(db, "evidence", "suggest", str(founding), "--format", "json")).stdout)
    assert recomputed and {p["document_id"] for p in recomputed} == {founding}
    target = next(p for p in pending if p["commitment_id"] is not None)
    assessments = count(db, "assessment")
    accepted = json.loads(
        ok(
            run(
                db,
                "evidence",
                "accept",
                str(target["id"]),
                "--status",
                "in-progress",
                "--note",
                "Under way.",
                "--format",
                "json",
            )
        ).stdout
    )
    assert accepted["proposal"]["state"] == "accepted" and accepted["assessment"]["status"] == "in-progress"
    assert accepted["evidence"]["passage"] == target["passage"] and count(db, "assessment") == assessments + 1
    again = refused(run(db, "evidence", "accept", str(target["id"])))
    assert again == f"error: cannot accept proposal {target['id']}: operator accepted it already"
    other = next(p for p in pending if p["id"] != target["id"])
    assert ok(run(db, "evidence", "reject", str(other["id"]), "--reason", "unrelated")).stdout == (
        f"rejected proposal {other['id']}\n"
    )
    left = {p["id"] for p in json.loads(ok(run(db, "evidence", "suggest", "--format", "json")).stdout)}
    assert left == {p["id"] for p in pending} - {target["id"], other["id"]}
    assert refused(run(db, "evidence", "reject", "99999")) == "error: no proposal 99999"
    assert "scores need a status" in refused(run(db, "evidence", "accept", str(min(left)), "--score", "CAN=+1"))


def test_evidence_is_added_by_hand_listed_and_never_written_down(db: Path) -> None:
    cid = commitment(db, BIENNIAL)
    founding = rows(db, "SELECT document_id FROM commitment WHERE id = ?".replace("?", str(cid)))[0][0]
    added = ok(
        run(
            db,
            "evidence",
            "add",
            str(cid),
            "--url",
            "https://example.org/n",
            "--title",
            "Note",
            "--date",
            "2026-04",
            "--passage",
            "Seoul offered to host.",
        )
    ).stdout
    assert added.startswith("evidence ") and "Note (2026-04), https://example.org/n; marked UNCLASSIFIED" in added
    secret = ("--document", str(founding), "--span", "0-40", "--marking", "SECRET//REL TO CAN, KOR")
    assert "raise the record" in refused(run(db, "evidence", "add", str(cid), *secret))
    raised = ok(run(db, "evidence", "add", str(cid), *secret, "--raise-marking")).stdout
    assert "marked CAN SECRET//REL TO CAN, KOR" in raised
    listed = json.loads(ok(run(db, "evidence", "list", str(cid), "--format", "json")).stdout)
    assert [e["kind"] for e in listed] == ["external", "document"]
    assert refused(run(db, "evidence", "list", str(cid), acting="uncleared")) == f"error: no commitment {cid}"
    usage = run(db, "evidence", "add", str(cid), "--title", "no url")
    assert usage.exit_code == 2


def test_links_are_listed_confirmed_and_rejected_and_dropped_commitments_flagged(db: Path) -> None:
    links = json.loads(ok(run(db, "links", "--format", "json")).stdout)
    assert links and all(link["state"] == "proposed" for link in links)
    first = links[0]
    about = json.loads(ok(run(db, "links", str(first["later_id"]), "--format", "json")).stdout)
    assert first["id"] in {link["id"] for link in about}
    assert ok(run(db, "links", "confirm", str(first["id"]))).stdout.startswith(f"confirmed link {first['id']}:")
    assert "confirmed it already" in refused(run(db, "links", "reject", str(first["id"])))
    assert refused(run(db, "links", "confirm", "99999")) == "error: no link 99999"
    assert refused(run(db, "links", "99999")) == "error: no commitment 99999"
    flags = json.loads(ok(run(db, "review", "--format", "json")).stdout)
    assert flags and {f["next_date"] for f in flags} == {"2026-02-25"}
    assert "Flagged for review" in ok(run(db, "review")).stdout


def test_due_lists_overdue_and_upcoming_items_and_mechanisms_expected_meetings(db: Path) -> None:
    due = json.loads(ok(run(db, "due", "--as-of", "2026-12-31", "--within", "90d", "--format", "json")).stdout)
    cyber = commitment(db, CYBER)
    assert f"commitment-{cyber}" in {item["key"] for item in due["overdue"]}
    assert any(item["key"].startswith("mechanism-") for item in due["overdue"] + due["upcoming"])
    assert due["within"] == "P90D" and due["as_of"] == "2026-12-31"
    shown = ok(run(db, "due", "--as-of", "2026-12-31")).stdout
    assert "Overdue" in shown and "Due soon" in shown
    assert run(db, "due", "--within", "soon").exit_code == 2
    assert run(db, "due", "--as-of", "31/12/2026").exit_code == 2


def test_the_calendar_re_parses_on_stdout_and_in_a_file(db: Path, tmp_path: Path) -> None:
    text = ok(run(db, "calendar", "--as-of", "2026-01-01")).stdout_bytes
    events = Calendar.from_ical(text).walk("VEVENT")
    assert events and all(event.get("dtstart") for event in events)
    target = tmp_path / "servanda.ics"
    result = ok(run(db, "calendar", "--as-of", "2026-01-01", "-o", str(target)))
    written = Calendar.from_ical(target.read_bytes())
    assert len(written.walk("VEVENT")) == len(events)
    assert f"wrote {len(events)} events to {target}" in result.stderr
    assert str(written["x-wr-calname"]).startswith("Servanda deadlines (")
    assert not list(tmp_path.glob(".servanda.ics.*"))  # no temporary file left


def test_mechanisms_are_listed_shown_met_and_edited(db: Path) -> None:
    listed = json.loads(ok(run(db, "mechanisms", "--format", "json")).stdout)
    two_plus_two = next(m for m in listed if m["recurrence"] == "P2Y" and m["meetings"])
    shown = json.loads(ok(run(db, "mechanisms", str(two_plus_two["id"]), "--format", "json")).stdout)
    assert shown == json.loads(ok(run(db, "mechanisms", "show", str(two_plus_two["id"]), "--format", "json")).stdout)
    assert shown["next"]["expected"] == "2028"
    met = ok(run(db, "mechanisms", "meeting", str(two_plus_two["id"]), "--held", "2028-05")).stdout
    assert met.startswith("meeting ") and "held 2028-05; marked UNCLASSIFIED" in met
    edited = json.loads(
        ok(run(db, "mechanisms", "edit", str(two_plus_two["id"]), "--recurrence", "P1Y", "--format", "json")).stdout
    )
    assert edited["recurrence"] == "P1Y"
    assert "ISO 8601 duration" in refused(run(db, "mechanisms", "edit", str(two_plus_two["id"]), "--recurrence", "2y"))
    assert refused(run(db, "mechanisms", "99999")) == "error: no mechanism 99999"
    assert run(db, "mechanisms", "edit", str(two_plus_two["id"])).exit_code == 2
    assert "Mechanisms" not in ok(run(db, "mechanisms")).stdout and "next expected" in ok(run(db, "mechanisms")).stdout


def test_agreements_are_listed_shown_staged_and_edited(db: Path) -> None:
    listed = json.loads(ok(run(db, "agreements", "--format", "json")).stdout)
    classified = next(a for a in listed if a["name"].startswith("Agreement on the Protection of Military"))
    assert [s["stage"] for s in classified["stages"]] == ["concluded", "signed"]
    staged = ok(run(db, "agreements", "stage", str(classified["id"]), "in-force", "--on", "2026-07-01")).stdout
    assert staged.startswith(f"agreement {classified['id']} in-force on 2026-07-01")
    shown = json.loads(ok(run(db, "agreements", str(classified["id"]), "--format", "json")).stdout)
    assert shown["current"]["stage"] == "in-force"
    assert "is not a stage" in refused(
        run(db, "agreements", "stage", str(classified["id"]), "ratified", "--on", "2026")
    )
    edited = json.loads(
        ok(run(db, "agreements", "edit", str(classified["id"]), "--name", "CIA 2026", "--format", "json")).stdout
    )
    assert edited["name"] == "CIA 2026"
    assert "is not a kind" in refused(run(db, "agreements", "edit", str(classified["id"]), "--kind", "treaty"))
    assert refused(run(db, "agreements", "stage", "99999", "signed", "--on", "2026")) == "error: no agreement 99999"


def test_the_report_renders_to_markdown_html_and_pdf(db: Path, tmp_path: Path) -> None:
    markdown = ok(run(db, "report", "--as-of", "2026-12-31")).stdout
    assert markdown.startswith("**") and "# Commitments and compliance" in markdown and "## Overdue" in markdown
    banner = markdown.splitlines()[0]
    html = tmp_path / "report.html"
    wrote = ok(run(db, "report", "--format", "html", "-o", str(html), "--as-of", "2026-12-31"))
    assert "<svg" in html.read_text() and banner.strip("*") in html.read_text()
    assert wrote.stderr.startswith("wrote the report as of 2026-12-31 (html, ")
    pdf = tmp_path / "report.pdf"
    ok(run(db, "report", "--format", "pdf", "-o", str(pdf), "--as-of", "2026-12-31"))
    text = "\n".join(page.extract_text() for page in PdfReader(pdf).pages)
    assert "Commitments and compliance" in text and "Example assessment" not in text
    assert banner.strip("*").split("//")[0] in text and "Compliance" in text
    assert run(db, "report", "--format", "pdf").exit_code == 2  # a PDF needs -o


def test_snapshots_are_taken_listed_compared_and_rendered(db: Path) -> None:
    first = ok(run(db, "report", "snapshot", "interim 2026", "--as-of", "2026-03-01")).stdout
    assert first.startswith("snapshot 1 'interim 2026' as of 2026-03-01")
    ok(run(db, "report", "snapshot", "final 2026", "--as-of", "2026-12-31"))
    listed = json.loads(ok(run(db, "report", "snapshots", "--format", "json")).stdout)
    assert [s["label"] for s in listed] == ["interim 2026", "final 2026"]
    changes = json.loads(ok(run(db, "report", "compare", "1", "2", "--format", "json")).stdout)
    cyber = commitment(db, CYBER)
    assert {"commitment_id": cyber, "field": "status", "before": "not-assessed", "after": "in-progress"} in [
        {k: c[k] for k in ("commitment_id", "field", "before", "after")} for c in changes
    ]
    assert "As of 2026-03-01" in ok(run(db, "report", "--snapshot", "1")).stdout
    assert refused(run(db, "report", "compare", "1", "99")) == "error: no snapshot 99"
    assert run(db, "report", "--as-of", "2026-01-01", "snapshots").exit_code == 2
    assert refused(run(db, "report", "snapshot", "   ")).startswith("error: cannot take a snapshot: it needs a label")


def test_assessments_round_trip_through_csv_and_an_edit_becomes_a_correction(db: Path, tmp_path: Path) -> None:
    exported = tmp_path / "assessments.csv"
    result = ok(run(db, "assessments", "export", "-o", str(exported)))
    assert result.stderr == "exported 2 assessments to " + str(exported) + "\n"
    table = list(csv.DictReader(exported.open(newline="", encoding="utf-8")))
    assert ok(run(db, "assessments", "import", str(exported))).stdout == "imported 0 assessments; 2 rows unchanged\n"
    table[0]["status"], table[0]["rationale"] = "delivered", "Corrected in a spreadsheet."
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(table[0]))
    writer.writeheader()
    writer.writerows(table)
    edited = tmp_path / "edited.csv"
    edited.write_text(out.getvalue(), encoding="utf-8")
    imported = ok(run(db, "assessments", "import", str(edited))).stdout
    assert imported.startswith("imported 1 assessment (") and imported.endswith("; 1 row unchanged\n")
    history = json.loads(ok(run(db, "history", table[0]["commitment_id"], "--format", "json")).stdout)
    assert history["assessments"][-1]["corrects"] == int(table[0]["id"])
    assert history["assessments"][-1]["status"] == "delivered"


def test_bad_csv_rows_are_each_named_and_nothing_is_imported(db: Path) -> None:
    exported = ok(run(db, "assessments", "export")).stdout
    row = next(csv.DictReader(io.StringIO(exported)))
    fresh = {**row, "id": "", "status": "delivered"}
    wrong = [{**fresh, "commitment_id": "99999"}, {**fresh, "scores": "USA=+1"}, {**fresh, "as_of": "soon"}]
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(row))
    writer.writeheader()
    writer.writerows([fresh, *wrong])
    before = count(db, "assessment")
    result = run(db, "assessments", "import", "-", stdin=out.getvalue())
    assert result.exit_code == 1 and result.stdout == ""
    lines = result.stderr.splitlines()
    assert lines[0] == "error: cannot import assessments: 3 problems; nothing was imported"
    assert [line.split(":")[0].strip() for line in lines[1:]] == ["row 3", "row 4", "row 5"]
    assert "no commitment 99999" in lines[1] and "USA is not an actor" in lines[2]
    assert count(db, "assessment") == before


def test_ingest_tracks_each_statement_and_counts_its_proposals(tmp_path: Path) -> None:
    from servanda.demo import bundled_bytes, history

    url = f"sqlite:///{tmp_path / 'servanda.db'}"
    add = ["user", "add", "me", "--nationality", "CAN", "--clearance", "SECRET", "--role", "admin", "--db", url]
    ok(CliRunner().invoke(app, add, env=UNNAMED))
    for name in history():
        (tmp_path / Path(name).name).write_bytes(bundled_bytes(name))
    result = ok(CliRunner().invoke(app, ["ingest", str(tmp_path), "--db", url], env=UNNAMED))
    stored = [line for line in result.stdout.splitlines() if line.startswith("stored ")]
    assert len(stored) == len(history())
    assert all(line.endswith(("evidence proposals", "evidence proposal")) for line in stored)
    assert any(not line.endswith(" 0 evidence proposals") for line in stored)


def test_the_tracking_commands_work_alike_on_each_backend(database_url: str, tmp_path: Path) -> None:
    from servanda.demo import STATEMENT, bundled_bytes

    def on(*args: str, stdin: str | None = None) -> Result:
        return CliRunner().invoke(app, [*args, "--db", database_url, "--as", "me"], env=UNNAMED, input=stdin)

    add = ["user", "add", "me", "--nationality", "CAN", "--clearance", "SECRET", "--role", "admin"]
    ok(CliRunner().invoke(app, [*add, "--db", database_url], env=UNNAMED))
    for name in ("history/2024-11-01_canada-korea_2plus2.md", STATEMENT):
        (tmp_path / Path(name).name).write_bytes(bundled_bytes(name))
    ok(on("ingest", str(tmp_path)))
    exported = [json.loads(line) for line in ok(on("export", "--format", "jsonl")).stdout.splitlines()]
    cid = next(c["id"] for c in exported if BIENNIAL in c["quote"])
    ok(
        on(
            "assess",
            str(cid),
            "--status",
            "in-progress",
            "--score",
            "CAN=+1,KOR=+1",
            "--evidence",
            "https://example.org/plan",
            "--note",
            "Dates proposed.",
            "--as-of",
            "2026-06-30",
        )
    )
    history = json.loads(ok(on("history", str(cid), "--format", "json")).stdout)
    assert [a["status"] for a in history["assessments"]] == ["in-progress"]
    report = json.loads(ok(on("report", "--as-of", "2026-12-31", "--format", "json")).stdout)
    assert {i["commitment_id"]: i["status"] for i in report["items"]}[cid] == "in-progress"
    due = json.loads(ok(on("due", "--as-of", "2026-12-31", "--within", "800d", "--format", "json")).stdout)
    assert f"commitment-{cid}" in {item["key"] for item in due["upcoming"]}
    assert json.loads(ok(on("review", "--as-of", "2026-12-31", "--format", "json")).stdout)  # the 2024 2+2, dropped
    table = ok(on("assessments", "export")).stdout
    row = next(csv.DictReader(io.StringIO(table)))
    bad = io.StringIO()
    writer = csv.DictWriter(bad, fieldnames=list(row))
    writer.writeheader()
    writer.writerows([{**row, "id": "", "status": "delivered"}, {**row, "id": "", "scores": "USA=+1"}])
    assert on("assessments", "import", "-", stdin=bad.getvalue()).exit_code == 1
    assert len(json.loads(ok(on("history", str(cid), "--format", "json")).stdout)["assessments"]) == 1
    edited = table.replace("Dates proposed.", "Dates agreed.")
    assert ok(on("assessments", "import", "-", stdin=edited)).stdout.startswith("imported 1 assessment (")
    assert refused(on("assess", "99999", "--status", "delivered", "--note", "x", "--evidence", "https://e.org")) == (
        "error: no commitment 99999"
    )
