"""Continuity across statements: restatements, replacements, dropped commitments and lineage."""

from __future__ import annotations

from servanda.tracking.continuity import Stated, dropped, lineage, link_statements

EARLY = [
    Stated(
        1,
        "We decided to hold the 2+2 Ministerial Meeting every two years.",
        "2024-11-01",
        "firm",
        None,
        "P2Y",
        ("2+2 Ministerial Meeting",),
    ),
    Stated(2, "We will launch negotiations on a youth mobility arrangement.", "2024-11-01", "firm"),
    Stated(3, "We will hold the first Cyber Policy Consultations in 2025.", "2024-11-01", "firm", "2025"),
]
LATER = [
    Stated(
        10,
        "We reaffirm our commitment to convening this 2+2 Ministerial Meeting on a biennial basis.",
        "2026-02-25",
        "reaffirmed",
        "2028",
        "P2Y",
        ("2+2 Ministerial Meeting",),
    ),
    Stated(11, "The inaugural Cyber Policy Consultations will be held in March 2026.", "2026-02-25", "firm", "2026-03"),
    Stated(12, "We will cooperate on Arctic research.", "2026-02-25", "firm"),
]


def test_a_later_commitment_is_linked_to_the_one_it_restates_or_replaces() -> None:
    links = {link.later: link for link in link_statements(LATER, EARLY)}
    assert links[10].earlier == 1
    assert links[11].earlier == 3 and links[11].relation == "supersedes"  # its date moved
    assert 12 not in links


def test_links_only_run_forward_in_time() -> None:
    assert link_statements(EARLY, LATER) == []


def test_a_commitment_the_next_statement_drops_is_flagged_for_review() -> None:
    links = link_statements(LATER, EARLY)
    flagged = dropped(EARLY, continued=[link.earlier for link in links], settled=[])
    assert [s.id for s in flagged] == [2]
    assert dropped(EARLY, continued=[1, 3], settled=[2]) == []


def test_lineage_runs_from_the_first_statement_to_the_last() -> None:
    links = link_statements(LATER, EARLY)
    again = Stated(
        20,
        "We reaffirm our commitment to convening the 2+2 Ministerial Meeting every two years.",
        "2028-06-01",
        "reaffirmed",
        None,
        "P2Y",
        ("2+2 Ministerial Meeting",),
    )
    links += link_statements([again], LATER)
    assert lineage(10, links) == [1, 10, 20]
    assert lineage(1, links) == [1, 10, 20]
    assert lineage(12, links) == [12]
