"""Deadlines, the calendar, the compliance report and its snapshots, and assessments as CSV, from stored data."""

from __future__ import annotations

import csv
import io
from datetime import date, timedelta

import pytest
from icalendar import Calendar
from pypdf import PdfReader
from sqlalchemy import Engine, select
from sqlalchemy.exc import DBAPIError

from conftest import AIR_FORCE, BIENNIAL, CLASSIFIED, CYBER, DELIVERABLE, MEETING, SPACE
from servanda.access import Person, parse_marking
from servanda.store.engine import session_factory, transaction
from servanda.store.models import Mechanism
from servanda.tracking.assess import AssessmentCreate, assess, history
from servanda.tracking.assessments_csv import CsvImportError, export_assessments, import_assessments
from servanda.tracking.due_items import calendar_ics, due_items
from servanda.tracking.errors import NotFound
from servanda.tracking.evidence import EvidenceCreate
from servanda.tracking.render import render
from servanda.tracking.report import summarise
from servanda.tracking.reporting import (
    compare_snapshots,
    get_snapshot,
    list_snapshots,
    report_data,
    report_from_snapshot,
    take_snapshot,
)
from tracking_scenario import CONSULTATIONS, HELD, commitment_id, count, readout, store

ANALYST = Person("ann", "CAN", "SECRET", "analyst", frozenset({"SDCP"}))
UNCLEARED = Person("uma", "CAN", "UNCLASSIFIED", "reader")
SECRET = parse_marking("CAN SECRET//REL TO CAN, KOR")
NEWS = EvidenceCreate.reference("https://www.canada.ca/en/news/air-force-talks.html", "Air Force Staff Talks ToR")


@pytest.fixture
def stored(engine: Engine, two_plus_two, make_statement) -> dict[str, int]:
    """The 2+2 excerpt and the readout, the cyber commitment delivered and Air Force talks in progress, and a SECRET
    statement whose one commitment is assessed as stalled."""
    store(engine, two_plus_two)
    readout_id = store(engine, readout()).document_id
    plans = "We will exchange secret plans in 2026."
    store(engine, make_statement({"quote": plans, "due": "2026"}, title="Secret", date="2026-05-15"), marking=SECRET)
    quotes = {"cyber": CYBER, "air_force": AIR_FORCE, "space": SPACE, "biennial": BIENNIAL, "secret": plans}
    quotes["deliverable"] = DELIVERABLE
    ids = {name: commitment_id(engine, quote) for name, quote in quotes.items()}
    start = readout()[0].text.index(HELD)
    held = EvidenceCreate.span(readout_id, start, start + len(HELD))
    secret_news = EvidenceCreate.reference("https://x.example/s", "S")
    with transaction(engine) as session:
        for cid, status, scores, evidence, day in (
            (ids["cyber"], "delivered", {"CAN": 1, "KOR": 1}, held, date(2026, 3, 18)),
            (ids["air_force"], "in-progress", {"CAN": 0}, NEWS, date(2026, 5, 1)),
            (ids["secret"], "stalled", {"CAN": -1, "KOR": 0}, secret_news, date(2026, 6, 1)),
        ):
            assess(session, AssessmentCreate(cid, status, f"{status}.", [evidence], scores, as_of=day), actor=ANALYST)
    with session_factory(engine)() as session:
        mechanisms = {m.name: f"mechanism-{m.id}" for m in session.scalars(select(Mechanism))}
    return ids | {"readout": readout_id, "mechanisms": mechanisms}


def test_due_items_list_what_is_overdue_and_what_falls_due_soon(engine: Engine, stored) -> None:
    with session_factory(engine, readonly=True)() as session:
        before = due_items(session, viewer=ANALYST, as_of=date(2026, 3, 10), within=timedelta(days=30))
        later = due_items(session, viewer=ANALYST, as_of=date(2026, 12, 1), within=timedelta(days=90))
        public = due_items(session, viewer=UNCLEARED, as_of=date(2026, 12, 1), within=timedelta(days=90))
    mechanisms = stored["mechanisms"]
    assert [i.key for i in before.upcoming] == [f"commitment-{stored['cyber']}", mechanisms[CONSULTATIONS]]
    assert before.overdue == []
    assert {i.key: i.status for i in later.upcoming} == {
        f"commitment-{stored['air_force']}": "in-progress",  # due 2026: by 31 December
        f"commitment-{stored['secret']}": "stalled",
        f"commitment-{stored['deliverable']}": "not-assessed",
    }
    assert [i.key for i in later.overdue] == []
    assert later.marking == SECRET
    assert f"commitment-{stored['secret']}" not in {i.key for i in (*public.upcoming, *public.overdue)}
    assert public.marking == parse_marking("UNCLASSIFIED")
    assert all(i.detail.startswith("UNCLASSIFIED.") for i in public.upcoming)


def test_the_calendar_reparses_and_holds_deadlines_and_expected_meetings(engine: Engine, stored) -> None:
    with session_factory(engine, readonly=True)() as session:
        ics = calendar_ics(session, viewer=UNCLEARED, as_of=date(2026, 6, 1))
        cleared = calendar_ics(session, viewer=ANALYST, as_of=date(2026, 6, 1))
    parsed = Calendar.from_ical(ics)
    events = {str(e["uid"]).split("@")[0]: e for e in parsed.walk("VEVENT")}
    assert str(parsed["x-wr-calname"]) == "Servanda deadlines (UNCLASSIFIED)"
    assert f"commitment-{stored['cyber']}" not in events  # delivered: nothing left to remind anyone of
    air_force = events[f"commitment-{stored['air_force']}"]
    assert air_force["dtstart"].dt == date(2026, 12, 31)
    assert "in-progress" in str(air_force["description"])
    assert events[f"commitment-{stored['biennial']}"]["dtstart"].dt == date(2028, 12, 31)
    assert any(str(e["summary"]) == f"{MEETING}: next meeting" for e in events.values())
    assert f"commitment-{stored['secret']}" not in events
    assert f"commitment-{stored['secret']}@".encode() in cleared
    assert str(Calendar.from_ical(cleared)["x-wr-calname"]) == f"Servanda deadlines ({SECRET.banner})"


def test_the_report_is_built_from_stored_assessments_and_renders(engine: Engine, stored) -> None:
    with session_factory(engine, readonly=True)() as session:
        data = report_data(session, viewer=UNCLEARED, as_of=date(2026, 12, 31), title="Canada–Korea")
    items = {i.commitment_id: i for i in data.items}
    assert stored["secret"] not in items and data.marking == "UNCLASSIFIED"
    assert (items[stored["cyber"]].status, items[stored["cyber"]].scores) == ("delivered", {"CAN": 1, "KOR": 1})
    assert items[stored["air_force"]].scores == {"CAN": 0, "KOR": None}
    assert (items[stored["space"]].status, items[stored["space"]].scores) == ("not-assessed", {"CAN": None})
    notes = {f.number: f for f in data.footnotes}
    cyber_note = notes[items[stored["cyber"]].footnotes[0]]
    assert cyber_note.source.startswith("Readout: first Canada-Korea Cyber Policy Consultations (2026-03-18)")
    assert cyber_note.passage == HELD
    assert NEWS.url in notes[items[stored["air_force"]].footnotes[0]].source
    assert {a.name: a.stage for a in data.agreements}[CLASSIFIED] == "signed"
    assert {m.name: m.last_held for m in data.mechanisms}[MEETING] == "2026-02-25"
    summary = summarise(data)
    assert summary.per_party["CAN"].mean == pytest.approx(0.5)  # +1 and 0: the SECRET -1 is not the reader's to see
    assert summary.overall.assessed == 3
    html = render(data, "html").decode()
    assert "UNCLASSIFIED" in html and "Readout: first Canada-Korea" in html and "<svg" in html
    pdf = PdfReader(io.BytesIO(render(data, "pdf")))
    text = "".join(page.extract_text() for page in pdf.pages)
    assert "Canada–Korea" in text or "Canada" in text
    assert "UNCLASSIFIED" in text and "Compliance" in text
    with session_factory(engine, readonly=True)() as session:
        cleared = report_data(session, viewer=ANALYST, as_of=date(2026, 12, 31))
    assert stored["secret"] in {i.commitment_id for i in cleared.items}
    assert cleared.marking == SECRET.banner
    assert summarise(cleared).per_party["CAN"].mean == pytest.approx(0.0)


def test_snapshots_are_kept_under_their_marking_and_compared(engine: Engine, stored) -> None:
    with transaction(engine) as session:
        interim = take_snapshot(session, "interim", actor=ANALYST, as_of=date(2026, 4, 1))
    with transaction(engine) as session:
        evidence = [EvidenceCreate.reference("https://x.example/tor", "ToR signed")]
        assess(
            session,
            AssessmentCreate(
                stored["air_force"], "delivered", "ToR signed", evidence, {"CAN": 1, "KOR": 1}, as_of=date(2026, 11, 1)
            ),
            actor=ANALYST,
        )
        final = take_snapshot(session, "final", actor=ANALYST, as_of=date(2026, 12, 31))
    assert (interim.marking, final.marking) == (parse_marking("UNCLASSIFIED"), SECRET)
    with session_factory(engine, readonly=True)() as session:
        changes = compare_snapshots(session, interim.id, final.id, viewer=ANALYST)
        assert [s.label for s in list_snapshots(session, viewer=UNCLEARED)] == ["interim"]
        with pytest.raises(NotFound, match=f"no snapshot {final.id}"):
            get_snapshot(session, final.id, viewer=UNCLEARED)
        again = report_from_snapshot(get_snapshot(session, final.id, viewer=ANALYST))
    described = {(c.commitment_id, c.field, c.before, c.after) for c in changes}
    assert (stored["air_force"], "status", "not-assessed", "delivered") in described
    assert (stored["air_force"], "score:CAN", "n/a", "+1") in described
    assert (stored["secret"], "added", None, "stalled") in described
    assert render(again, "md").decode().startswith(f"**{SECRET.banner}**")
    with pytest.raises(DBAPIError, match="append-only"), engine.begin() as connection:
        connection.exec_driver_sql("DELETE FROM report_snapshot")


def test_assessments_round_trip_through_csv(engine: Engine, stored) -> None:
    out = io.StringIO()
    with session_factory(engine, readonly=True)() as session:
        assert export_assessments(session, out, viewer=UNCLEARED) == 2  # the SECRET one is not exported to them
        exported = export_assessments(session, io.StringIO(), viewer=ANALYST)
    assert exported == 3
    rows = list(csv.DictReader(io.StringIO(out.getvalue())))
    by_commitment = {int(r["commitment_id"]): r for r in rows}
    cyber = by_commitment[stored["cyber"]]
    assert (cyber["scores"], cyber["status"]) == ("CAN=+1;KOR=+1", "delivered")
    assert cyber["evidence"].startswith(f"document:{stored['readout']}:")
    assert by_commitment[stored["air_force"]]["evidence"] == NEWS.url

    with transaction(engine) as session:
        unchanged = import_assessments(session, io.StringIO(out.getvalue()), actor=ANALYST)
    assert (unchanged.created, sorted(unchanged.unchanged)) == ([], sorted(int(r["id"]) for r in rows))

    edited = by_commitment[stored["air_force"]] | {
        "status": "delivered",
        "scores": "CAN=+1;KOR=+1",
        "as_of": "2026-11-02",
    }
    new = {**edited, "id": "", "commitment_id": str(stored["space"]), "scores": "CAN=0", "status": "in-progress"}
    with transaction(engine) as session:
        result = import_assessments(session, _csv([cyber, edited, new]), actor=ANALYST)
    assert len(result.created) == 2 and result.unchanged == [int(cyber["id"])]
    with session_factory(engine, readonly=True)() as session:
        air_force = history(session, stored["air_force"], viewer=ANALYST)
        space = history(session, stored["space"], viewer=ANALYST)
    assert [a.status for a in air_force] == ["in-progress", "delivered"]
    assert air_force[-1].corrects == int(edited["id"])  # an edited row corrects; it never overwrites
    assert [e.url for e in air_force[-1].evidence] == [NEWS.url]
    assert (space[0].scores, space[0].evidence[0].url) == ({"CAN": 0}, NEWS.url)


def test_a_csv_with_a_bad_row_imports_nothing_and_names_every_bad_row(engine: Engine, stored) -> None:
    good = {
        "commitment_id": str(stored["space"]),
        "as_of": "2026-05-01",
        "status": "in-progress",
        "scores": "CAN=0",
        "rationale": "begun",
        "evidence": NEWS.url,
    }
    rows = [
        good,
        good | {"scores": "KOR=+1"},
        good | {"status": "finished"},
        good | {"commitment_id": "999"},
        good | {"as_of": "2020-01-01"},
        good | {"evidence": "a note"},
    ]
    before = count(engine, "assessment")
    with pytest.raises(CsvImportError) as caught, transaction(engine) as session:
        import_assessments(session, _csv(rows), actor=ANALYST)
    first = f"row 3: cannot assess commitment {stored['space']}: KOR is not an actor of it (its actors: CAN)"
    assert str(caught.value) == f"cannot import assessments: {first} (and 4 more)"
    assert [p.split(":")[0] for p in caught.value.problems] == ["row 3", "row 4", "row 5", "row 6", "row 7"]
    assert "no commitment 999" in caught.value.problems[2]
    assert count(engine, "assessment") == before
    with pytest.raises(CsvImportError, match="the header lacks status"), transaction(engine) as session:
        import_assessments(session, io.StringIO("commitment_id,as_of,scores,rationale,evidence\n"), actor=ANALYST)


def _csv(rows: list[dict[str, str]]) -> io.StringIO:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]), extrasaction="ignore")
    writer.writeheader()
    writer.writerows(rows)
    out.seek(0)
    return out
