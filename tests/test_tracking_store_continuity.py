"""Continuity in the store: links proposed on save, confirmed or rejected by a person, a commitment's lineage, and
the commitments a series of statements silently drops, flagged for review."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import Engine

from conftest import build_statement
from servanda.access import Person, parse_marking
from servanda.extract.model import Mechanism
from servanda.store.engine import session_factory, transaction
from servanda.tracking.assess import AssessmentCreate, assess
from servanda.tracking.errors import NotFound, TrackingError
from servanda.tracking.evidence import EvidenceCreate
from servanda.tracking.links import confirm_link, lineage, list_links, reject_link
from servanda.tracking.review import review_flags, series_key
from tracking_scenario import commitment_id, store

ANALYST = Person("ann", "CAN", "SECRET", "analyst")
UNCLEARED = Person("uma", "CAN", "UNCLASSIFIED", "reader")
MEETING = "2+2 Ministerial Meeting"
DECIDED = "We decided to hold the 2+2 Ministerial Meeting every two years."
YOUTH = "We will launch negotiations on a youth mobility arrangement."
CYBER_2025 = "We will hold the first Cyber Policy Consultations in 2025."
BIENNIAL = "We reaffirm our commitment to convening this 2+2 Ministerial Meeting on a biennial basis."
CYBER_2026 = "The inaugural Cyber Policy Consultations will be held in March 2026."
ARCTIC = "We will cooperate on Arctic research."
AGAIN = "We reaffirm our commitment to convening the 2+2 Ministerial Meeting every two years."


def _statement(day: str, *commitments: dict, issuers: tuple[str, ...] = ("CAN", "KOR"), title: str = "Joint statement"):
    return build_statement(
        *commitments,
        title=f"{title} ({day})",
        date=day,
        issuers=issuers,
        mechanisms=(Mechanism(MEETING, recurrence="P2Y", held=day),),
    )


def _series(engine: Engine, *, last_marking=None) -> dict[str, int]:
    meeting = {"mechanisms": (MEETING,), "recurrence": "P2Y"}
    store(
        engine,
        _statement("2024-11-01", {"quote": DECIDED, **meeting}, {"quote": YOUTH}, {"quote": CYBER_2025, "due": "2025"}),
    )
    # a statement of Canada alone is another series, though it names the same meeting
    store(
        engine, _statement("2025-06-01", {"quote": "We will host a trade mission."}, issuers=("CAN",), title="Readout")
    )
    store(
        engine,
        _statement(
            "2026-02-25",
            {"quote": BIENNIAL, "strength": "reaffirmed", "due": "2028", **meeting},
            {"quote": CYBER_2026, "due": "2026-03"},
            {"quote": ARCTIC},
        ),
    )
    last = _statement("2028-06-01", {"quote": AGAIN, "strength": "reaffirmed", **meeting})
    store(engine, last, **({"marking": last_marking} if last_marking else {}))
    quotes = {"decided": DECIDED, "youth": YOUTH, "cyber_2025": CYBER_2025, "biennial": BIENNIAL}
    quotes |= {"cyber_2026": CYBER_2026, "arctic": ARCTIC, "again": AGAIN}
    return {name: commitment_id(engine, quote) for name, quote in quotes.items()}


def test_a_restatement_is_linked_on_save_and_its_lineage_runs_first_to_last(engine: Engine) -> None:
    ids = _series(engine)
    with session_factory(engine, readonly=True)() as session:
        links = {(link.earlier_id, link.later_id): link for link in list_links(session, viewer=ANALYST)}
        steps = lineage(session, ids["biennial"], viewer=ANALYST)
    assert links[(ids["decided"], ids["biennial"])].relation == "restates"
    assert links[(ids["cyber_2025"], ids["cyber_2026"])].relation == "supersedes"  # its date moved
    assert (ids["biennial"], ids["again"]) in links
    assert all(link.state == "proposed" for link in links.values())
    assert [s.commitment_id for s in steps] == [ids["decided"], ids["biennial"], ids["again"]]
    assert [s.document_date for s in steps] == ["2024-11-01", "2026-02-25", "2028-06-01"]
    assert [s.relation for s in steps] == [None, "restates", "restates"]


def test_a_person_confirms_or_rejects_a_link_and_a_rejected_one_leaves_the_lineage(engine: Engine) -> None:
    ids = _series(engine)
    with session_factory(engine, readonly=True)() as session:
        links = {(link.earlier_id, link.later_id): link.id for link in list_links(session, viewer=ANALYST)}
    with transaction(engine) as session:
        confirmed = confirm_link(session, links[(ids["decided"], ids["biennial"])], actor=ANALYST)
        rejected = reject_link(session, links[(ids["biennial"], ids["again"])], actor=ANALYST)
    assert (confirmed.state, confirmed.decided_by, rejected.state) == ("confirmed", "ann", "rejected")
    with pytest.raises(TrackingError, match="ann rejected it already"), transaction(engine) as session:
        confirm_link(session, rejected.id, actor=ANALYST)
    with session_factory(engine, readonly=True)() as session:
        assert [s.commitment_id for s in lineage(session, ids["biennial"], viewer=ANALYST)] == [
            ids["decided"],
            ids["biennial"],
        ]
        assert [link.id for link in list_links(session, viewer=ANALYST, state="rejected")] == [rejected.id]


def test_a_commitment_the_next_statement_of_its_series_drops_is_flagged_until_settled(engine: Engine) -> None:
    ids = _series(engine)
    with session_factory(engine, readonly=True)() as session:
        flags = review_flags(session, viewer=ANALYST, as_of=date(2028, 12, 31))
    flagged = {(f.commitment_id, f.next_date) for f in flags}
    assert flagged == {
        (ids["youth"], "2026-02-25"),  # neither continued nor reported on by the 2026 statement
        (ids["cyber_2026"], "2028-06-01"),
        (ids["arctic"], "2028-06-01"),
    }
    assert {f.series for f in flags} == {MEETING}
    with transaction(engine) as session:
        evidence = [EvidenceCreate.reference("https://example.org/youth", "Negotiations set aside")]
        assess(session, AssessmentCreate(ids["youth"], "abandoned", "set aside", evidence), actor=ANALYST)
    with session_factory(engine, readonly=True)() as session:
        after = {f.commitment_id for f in review_flags(session, viewer=ANALYST, as_of=date(2028, 12, 31))}
        before_2028 = {f.commitment_id for f in review_flags(session, viewer=ANALYST, as_of=date(2027, 1, 1))}
    assert after == {ids["cyber_2026"], ids["arctic"]}
    assert before_2028 == set()  # the 2028 statement had not been made


def test_continuity_shows_only_what_the_reader_may_read(engine: Engine) -> None:
    ids = _series(engine, last_marking=parse_marking("CAN SECRET//REL TO CAN, KOR"))
    with session_factory(engine, readonly=True)() as session:
        steps = lineage(session, ids["biennial"], viewer=UNCLEARED)
        links = list_links(session, viewer=UNCLEARED)
        flags = review_flags(session, viewer=UNCLEARED, as_of=date(2028, 12, 31))
        with pytest.raises(NotFound, match=f"no commitment {ids['again']}"):
            lineage(session, ids["again"], viewer=UNCLEARED)
    assert [s.commitment_id for s in steps] == [ids["decided"], ids["biennial"]]
    assert all(ids["again"] not in (link.earlier_id, link.later_id) for link in links)
    # Naming the meeting, the SECRET statement raised the shared mechanism to SECRET (store.save): the series
    # itself is then out of the reader's sight, and so are its flags.
    assert flags == []
    with session_factory(engine, readonly=True)() as session:
        cleared = review_flags(session, viewer=ANALYST, as_of=date(2028, 12, 31))
    assert {f.commitment_id for f in cleared} == {ids["youth"], ids["cyber_2026"], ids["arctic"]}


def test_a_series_is_named_by_its_mechanism_less_the_parties() -> None:
    assert series_key("Canada-ROK Foreign and Defence (2+2) Ministerial Meeting") == series_key(
        "Canada-Republic of Korea Foreign and Defence (2+2) Ministerial Meeting"
    )
    assert series_key("Canada-ROK 2+2 Ministerial Meeting") != series_key("Korea-Canada DG-level 2+2 Meeting")
