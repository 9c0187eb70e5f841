"""Serial lists of undertakings, renewed commitments and welcomed plans: sentences written for these tests."""

from __future__ import annotations

import pytest

from servanda.extract import extract
from servanda.extract.clauses import split_clauses

ISSUERS = ("AUS", "NZL")
ON = "2025-05-01"


def _quotes(text: str, issuers: tuple[str, ...] = ISSUERS) -> list[str]:
    return [c.quote for c in extract(text, date=ON, issuers=issuers).commitments]


def test_a_serial_list_of_long_predicates_under_will_is_one_undertaking_each() -> None:
    text = (
        "We will modernise the port facilities of the northern coast with new cranes, train customs officers in "
        "risk-based inspection of cargo, and expand the joint patrols of the fisheries zone."
    )
    assert _quotes(text) == [
        "We will modernise the port facilities of the northern coast with new cranes",
        "train customs officers in risk-based inspection of cargo",
        "expand the joint patrols of the fisheries zone.",
    ]


def test_a_serial_list_of_gerunds_under_a_commitment_verb_is_cut_too() -> None:
    text = (
        "We are committed to building a regional grid for renewable power, financing storage projects in the "
        "Pacific islands, and training technicians for solar maintenance."
    )
    quotes = _quotes(text)
    assert len(quotes) == 3
    assert quotes[1] == "financing storage projects in the Pacific islands"
    assert all(c.strength == "firm" for c in extract(text, date=ON, issuers=ISSUERS).commitments)


@pytest.mark.parametrize(
    "text",
    [
        # short items: one act told in parts
        "Through the new channel we intend to share information, align our messaging, and coordinate responses.",
        # the list continues an infinitive inside the first item, not the governing verb
        "We will continue to implement efforts to strengthen our force posture, build high-end base capabilities, "
        "and increase preparedness for regional contingencies.",
        # adjectives, not verbs
        "We will ensure safe, secure, and trustworthy artificial intelligence for the public services of the region.",
    ],
)
def test_lists_that_are_one_undertaking_stay_whole(text: str) -> None:
    assert len(_quotes(text)) == 1


def test_a_list_without_a_closing_and_is_not_cut() -> None:
    text = "We will fund new research chairs in marine science, expand scholarships for students from the islands."
    assert len(split_clauses(text, 0, len(text))) == 1


def test_a_cue_verb_inside_a_list_leaves_the_modal_governing_the_items_after_it() -> None:
    text = (
        "We will strengthen our economic and trade ties, support the open international order based on the rule "
        "of law, and bolster peace and security across the whole Pacific region."
    )
    found = extract(text, date=ON, issuers=ISSUERS).commitments
    assert [c.strength for c in found] == ["firm", "position", "firm"]


@pytest.mark.parametrize(
    ("sentence", "strength"),
    [
        ("The ministers reinforced their commitment to the regional maritime initiative.", "reaffirmed"),
        ("They reassert their commitment to countering disinformation in all its forms.", "reaffirmed"),
        ("The ministers noted their determination to remain closely coordinated on sanctions.", "reaffirmed"),
        ("The ministers confirmed their resolve to deepen the strategic partnership.", "reaffirmed"),
        ("We have re-committed to the goals of the partnership.", "reaffirmed"),
        ("Today we embark on a joint effort to map the seabed of the Tasman Sea.", "firm"),
        ("The ministers determined that New Zealand would host the next round of talks.", "firm"),
        ("The ministers committed, as part of the resilience agenda, to build trusted supply chains.", "firm"),
    ],
)
def test_renewed_and_interrupted_commitment_verbs(sentence: str, strength: str) -> None:
    found = extract(sentence, date=ON, issuers=ISSUERS).commitments
    assert [c.strength for c in found] == [strength], sentence


def test_welcomed_plans_of_the_issuers_are_their_undertaking() -> None:
    found = extract(
        "The ministers welcome plans to launch a bilateral clean energy partnership by the end of the year.",
        date=ON,
        issuers=ISSUERS,
    ).commitments
    assert [(c.strength, c.actors, c.due) for c in found] == [("aspirational", ISSUERS, "2025")]


def test_a_welcomed_decision_made_by_an_issuer_is_that_issuers_undertaking() -> None:
    found = extract(
        "Both sides welcomed the recent announcement by the Government of New Zealand to double its aid budget.",
        date=ON,
        issuers=ISSUERS,
    ).commitments
    assert [(c.strength, c.actors) for c in found] == [("firm", ("NZL",))]


def test_a_welcomed_decision_of_a_third_party_is_left_out() -> None:
    text = "Both sides welcomed the recent announcement by the Government of Fiji to double its aid budget."
    assert _quotes(text) == []


def test_announcing_that_something_has_been_done_reports_a_deed() -> None:
    result = extract(
        "The ministers announced that the new fisheries arrangement has been approved by both cabinets.",
        date=ON,
        issuers=ISSUERS,
    )
    assert result.commitments == () and len(result.achievements) == 1
    assert _quotes("The ministers announced that they will open a joint fisheries office in Suva.") != []


def test_an_accepted_invitation_and_a_welcomed_opportunity_to_take_part_are_undertakings() -> None:
    accepted = extract(
        "The Prime Minister of New Zealand accepted the Australian Prime Minister's invitation to visit Canberra.",
        date=ON,
        issuers=ISSUERS,
    ).commitments
    assert [(c.strength, c.actors) for c in accepted] == [("firm", ("NZL",))]
    welcomed = extract(
        "Both sides welcome the opportunity to participate in a regional meeting on fisheries in Fiji.",
        date=ON,
        issuers=ISSUERS,
    ).commitments
    assert [c.strength for c in welcomed] == ["aspirational"]


def test_a_list_after_a_chain_of_cues_counts_its_first_item_from_the_first_cue() -> None:
    text = (
        "We commit to continue funding the regional coast guard academy, training cadets from the island states, "
        "and sharing surveillance data with their maritime agencies."
    )
    assert len(_quotes(text)) == 3


def test_while_and_a_gerund_after_a_comma_starts_a_second_act() -> None:
    found = extract(
        "We will continue imposing economic costs on the regime, while maintaining our support for its people.",
        date=ON,
        issuers=ISSUERS,
    ).commitments
    assert [c.quote for c in found] == [
        "We will continue imposing economic costs on the regime",
        "maintaining our support for its people.",
    ]
    assert {c.strength for c in found} == {"firm"}
