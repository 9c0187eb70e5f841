"""`access.decide()` against the golden authorisation matrix and the write rules."""

from __future__ import annotations

import pytest

from authorisation_matrix import expectations, markings, personas
from servanda.access import PUBLIC, Action, Person, decide, highest, parse_marking

PEOPLE = personas()
MARKS = markings()


@pytest.mark.parametrize(("persona", "marking", "code"), expectations("read"))
def test_read_decisions_match_the_golden_matrix(persona: str, marking: str, code: str) -> None:
    decision = decide(PEOPLE[persona], "read", MARKS[marking])
    assert (decision.code, decision.allow) == (code, code == "ok"), decision.reason


@pytest.mark.parametrize(("persona", "marking", "code"), expectations("create"))
def test_write_decisions_match_the_golden_matrix(persona: str, marking: str, code: str) -> None:
    assert decide(PEOPLE[persona], "create", MARKS[marking]).code == code


@pytest.mark.parametrize(("persona", "marking", "code"), expectations("administer"))
def test_administration_decisions_match_the_golden_matrix(persona: str, marking: str, code: str) -> None:
    assert decide(PEOPLE[persona], "administer", MARKS[marking]).code == code


def test_the_matrix_has_the_personas_the_access_model_requires() -> None:
    roles = {(p.nationality, p.role) for p in PEOPLE.values()}
    assert {("CAN", "reader"), ("KOR", "analyst"), ("KOR", "admin")} <= roles
    assert any(p.nationality not in ("CAN", "KOR") for p in PEOPLE.values())
    assert any(p.clearance == "UNCLASSIFIED" for p in PEOPLE.values())
    assert any("SDCP" not in p.compartments and p.clearance == "SECRET" for p in PEOPLE.values())


def test_every_denial_gives_a_reason_naming_what_is_missing() -> None:
    decision = decide(PEOPLE["no_sdcp"], "read", MARKS["can_secret_rel_sdcp"])
    assert not decision and "SDCP" in decision.reason


analyst = Person("kim", "KOR", "군사Ⅱ급비밀", "analyst", frozenset({"SDCP"}))
secret = parse_marking("CAN SECRET//REL TO CAN, KOR")
confidential = parse_marking("CAN CONFIDENTIAL//REL TO CAN, KOR")


def test_no_write_down_content_may_not_be_attached_to_a_lower_record() -> None:
    decision = decide(analyst, Action("attach", source=secret), confidential)
    assert decision.code == "write-down"
    assert "CAN SECRET//REL TO CAN, KOR" in decision.reason


def test_content_may_be_attached_to_a_record_marked_as_high_or_higher() -> None:
    assert decide(analyst, Action("attach", source=confidential), secret).allow
    assert decide(analyst, Action("derive", source=secret), secret).allow


def test_attaching_content_the_user_may_not_read_is_refused() -> None:
    sdcp = parse_marking("CAN SECRET//REL TO CAN, KOR//SDCP")
    no_compartment = Person("lee", "KOR", "군사Ⅱ급비밀", "analyst")
    assert decide(no_compartment, Action("attach", source=sdcp), sdcp).code == "compartment"


def test_widening_releasability_needs_the_originators_recorded_consent() -> None:
    widen = frozenset({"USA"})
    assert decide(analyst, Action("widen", widen_to=widen), secret).code == "consent"
    assert decide(analyst, Action("widen", widen_to=widen, consent=True), secret).allow
    assert decide(analyst, Action("widen", widen_to=frozenset({"KOR"})), secret).allow  # nothing added


def test_derived_records_inherit_the_highest_marking_of_their_sources() -> None:
    sdcp = parse_marking("KOR 군사Ⅲ급비밀//REL TO CAN, KOR//SDCP")
    combined = highest(PUBLIC, confidential, secret, sdcp)
    assert combined.banner == "CAN SECRET//REL TO CAN, KOR//SDCP"
    assert highest(PUBLIC, PUBLIC) == PUBLIC
    eyes = parse_marking("CAN CONFIDENTIAL//CAN EYES ONLY")
    assert highest(secret, eyes).releasable_to == frozenset({"CAN"})


def test_unknown_actions_and_roles_are_refused() -> None:
    assert decide(analyst, "delete", PUBLIC).code == "unknown-action"
    assert decide(Person("x", "CAN", "SECRET", "superuser"), "read", PUBLIC).code == "role"


def test_a_user_of_a_nation_without_a_scheme_reads_only_public_material() -> None:
    visitor = Person("ito", "JPN", "SECRET", "reader")
    assert decide(visitor, "read", PUBLIC).allow
    assert decide(visitor, "read", secret).code == "no-scheme"
