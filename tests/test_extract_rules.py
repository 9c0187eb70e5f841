"""The extractor's rules, one convention of ../shared/spec/commitments.md per case."""

from __future__ import annotations

import pytest

from servanda.extract import extract

CAN_KOR = ("CAN", "KOR")
ON = "2026-02-25"


def _only(text: str, issuers: tuple[str, ...] = CAN_KOR, on: str = ON):
    result = extract(text, date=on, issuers=issuers)
    assert len(result.commitments) == 1, [c.quote for c in result.commitments]
    return result.commitments[0]


@pytest.mark.parametrize(
    ("sentence", "strength"),
    [
        ("We will deepen cooperation on export controls for dual-use goods.", "firm"),
        ("Both sides shall exchange liaison officers at each other's headquarters.", "firm"),
        ("We commit to doubling the number of joint research grants.", "firm"),
        ("The two countries agree to open negotiations on a new fisheries arrangement.", "firm"),
        ("The ministers decided to establish a working group on port security.", "firm"),
        ("We are committed to protecting undersea cables in the region.", "firm"),
        ("We agreed to explore a joint satellite programme.", "firm"),
        ("We will continue to share information on maritime threats.", "firm"),
        ("We reaffirm our commitment to the peaceful settlement of disputes.", "reaffirmed"),
        ("We reiterate our support for a rules-based trading system.", "reaffirmed"),
        ("We remain firmly committed to the reform of the United Nations.", "reaffirmed"),
        ("We continue to coordinate closely on humanitarian relief for Sudan.", "reaffirmed"),
        ("We continue to support the territorial integrity of Georgia.", "position"),
        ("We strongly support the early entry into force of the treaty.", "position"),
        ("We oppose any attempt to change the status quo by force.", "position"),
        ("We look forward to welcoming the delegation next year.", "aspirational"),
        ("We intend to hold a ministerial dialogue on critical minerals.", "aspirational"),
        ("We plan to launch a fellowship for young diplomats.", "aspirational"),
        ("We will seek to expand student exchanges between our universities.", "aspirational"),
        ("We are keen to work together on wildfire prevention.", "aspirational"),
        ("We aim to conclude the negotiations as soon as possible.", "aspirational"),
    ],
)
def test_strength_follows_the_verb_that_governs(sentence: str, strength: str) -> None:
    assert _only(sentence).strength == strength


@pytest.mark.parametrize(
    "sentence",
    [
        "We express grave concern at the launch of ballistic missiles over the sea.",
        "We urge all parties to return to the negotiating table.",
        "We call for the immediate release of all detained journalists.",
        "We condemn the attack on the embassy in the strongest terms.",
        "Canada noted Korea's efforts to expand its development assistance.",
        "We note the strong leadership shown by the chair of the forum.",
        "We recognize that artificial intelligence is transforming our economies.",
        "The global economy is changing rapidly.",
    ],
)
def test_statements_of_concern_fact_or_calls_on_others_are_not_commitments(sentence: str) -> None:
    assert extract(sentence, date=ON, issuers=CAN_KOR).commitments == ()


def test_a_past_deed_is_an_achievement_dated_on_the_statement() -> None:
    result = extract("The two governments have signed the Agreement on Youth Mobility.", date=ON, issuers=CAN_KOR)
    assert result.commitments == ()
    assert [a.date for a in result.achievements] == [ON]


@pytest.mark.parametrize(
    ("sentence", "actors"),
    [
        ("We will hold annual consultations on development policy.", CAN_KOR),
        ("Canada and the Republic of Korea will expand their science partnership.", CAN_KOR),
        ("Both countries will strengthen cooperation on clean hydrogen.", CAN_KOR),
        ("Canada is keen to work with the ROK to set up a joint space forum.", ("CAN",)),
        ("The ROK will host the next meeting of the working group.", ("KOR",)),
        ("Canada welcomed the ROK's decision to join the coalition on critical minerals.", ("KOR",)),
    ],
)
def test_actors_are_the_issuers_that_undertake(sentence: str, actors: tuple[str, ...]) -> None:
    assert _only(sentence).actors == actors


def test_a_third_party_undertaking_is_not_the_issuers_commitment() -> None:
    assert extract("Russia will withdraw its forces from the region.", date=ON, issuers=CAN_KOR).commitments == ()


def test_two_undertakings_in_one_sentence_become_two_commitments() -> None:
    text = (
        "We will enhance operational cooperation through expanded bilateral and multilateral exercises and "
        "sign the Terms of Reference on regular Coast Guard Talks in 2026."
    )
    result = extract(text, date=ON, issuers=CAN_KOR)
    assert [c.due for c in result.commitments] == [None, "2026"]
    assert result.commitments[1].quote.startswith("sign the Terms of Reference")


@pytest.mark.parametrize(
    ("text", "second"),
    [
        (
            "We aim to widen scholarships for nursing students from both countries and also create a joint "
            "fund for rural clinics.",
            "also create a joint fund",
        ),
        (
            "The ministers are committed to modernise the shared border crossings at three sites; reduce "
            "waiting times for freight trucks at each of them.",
            "reduce waiting times",
        ),
    ],
)
def test_a_second_act_under_an_infinitive_cue_is_split_when_marked(text: str, second: str) -> None:
    quotes = [c.quote for c in extract(text, date=ON, issuers=CAN_KOR).commitments]
    assert len(quotes) == 2, quotes
    assert quotes[1].startswith(second)


def test_a_comma_list_of_acts_under_an_infinitive_cue_stays_one_commitment() -> None:
    text = "We intend to exchange liaison officers, align our procurement rules, and share test ranges."
    assert _only(text).quote == text


def test_a_list_of_objects_under_one_verb_stays_one_commitment() -> None:
    text = (
        "We commit to deepening cooperation on AI policy and standards, responsible uses of AI and the "
        "prevention of malicious uses of advanced technologies."
    )
    assert _only(text).quote == text


def test_undertaking_then_call_on_others_keeps_only_the_undertaking() -> None:
    text = "We reiterate our support for the sovereignty of Ukraine and call for the withdrawal of Russian forces."
    commitment = _only(text)
    assert "withdrawal" not in commitment.quote
    assert commitment.strength == "reaffirmed"


def test_list_items_inherit_the_undertaking_that_introduces_them() -> None:
    text = (
        "We will reduce the risk of wildfires by:\n"
        "- Sharing satellite data on fire danger.\n"
        "- Training firefighters together every summer.\n"
    )
    result = extract(text, date=ON, issuers=CAN_KOR)
    assert [c.quote for c in result.commitments] == [
        "Sharing satellite data on fire danger.",
        "Training firefighters together every summer.",
    ]
    assert {c.strength for c in result.commitments} == {"firm"}


@pytest.mark.parametrize(
    ("phrase", "due"),
    [
        ("The first meeting will take place in March 2026.", "2026-03"),
        ("We will sign the arrangement in 2026.", "2026"),
        ("We will complete the study by the end of 2027.", "2027"),
        ("The next meeting will be held in Seoul in 2028.", "2028"),
        ("We will open the office next year.", "2027"),
        ("We will publish the roadmap within six months.", "2026-08"),
        ("We will reach the target within this decade.", "2030"),
        ("We will convene the forum this fall.", "2026"),
        ("We will hold the dialogue on May 14, 2026.", "2026-05-14"),
        ("We will implement it within six months of entry into force.", None),
        ("We will strengthen cooperation on energy.", None),
        ("We will consider a further meeting that may follow.", None),
        ("On this occasion of February 25, 2026, we will strengthen cooperation on energy.", None),
    ],
)
def test_due_dates_keep_the_precision_the_text_states(phrase: str, due: str | None) -> None:
    assert _only(phrase).due == due


@pytest.mark.parametrize(
    ("phrase", "recurrence"),
    [
        ("We will convene this meeting on a biennial basis.", "P2Y"),
        ("We will hold the talks annually.", "P1Y"),
        ("We will meet every two years.", "P2Y"),
        ("We will hold semi-annual reviews of the plan.", "P6M"),
        ("We will hold regular talks on cyber policy.", None),
    ],
)
def test_recurrence_of_standing_mechanisms(phrase: str, recurrence: str | None) -> None:
    assert _only(phrase).recurrence == recurrence


def test_annex_deliverable_restating_a_body_commitment_is_not_counted_twice() -> None:
    text = (
        "We will initiate measures to commence negotiations on a Fisheries Cooperation Agreement.\n\n"
        "Annex: Joint deliverables\n\n"
        "1. Initiation of measures to commence negotiations on a Fisheries Cooperation Agreement;\n"
        "2. Signing of the Memorandum of Understanding on Polar Research.\n"
    )
    result = extract(text, date=ON, issuers=CAN_KOR)
    assert len(result.commitments) == 1
    assert [a.quote for a in result.achievements] == ["Signing of the Memorandum of Understanding on Polar Research."]


def test_paragraph_opening_with_a_quotation_mark_is_read() -> None:
    text = '"We will open a consulate in Vancouver in 2027.\n\n"We will also expand the visa programme.'
    result = extract(text, date=ON, issuers=CAN_KOR)
    assert [c.quote for c in result.commitments] == [
        "We will open a consulate in Vancouver in 2027.",
        "We will also expand the visa programme.",
    ]


def test_section_heading_is_recorded_and_never_a_commitment() -> None:
    text = "Security and defence\n\nWe will hold joint naval exercises every year."
    commitment = _only(text)
    assert commitment.section == "Security and defence"
    assert commitment.area == "defence"
    assert commitment.recurrence == "P1Y"


def test_a_byline_above_the_statement_is_not_its_section() -> None:
    text = (
        "Ministry of Oceans and Fisheries\n\nThe ministers met in Lisbon today.\n\n"
        "We will hold joint naval exercises every year."
    )
    assert _only(text).section is None


def test_mechanisms_and_agreements_are_named_and_linked() -> None:
    text = (
        "We reaffirm our commitment to convening this 2+2 Ministerial Meeting on a biennial basis, with the "
        "next meeting to be held in Ottawa in 2028. The governments have signed the Agreement on the Protection "
        "of Classified Information. We will initiate measures to commence negotiations on a Defence Cooperation "
        "Agreement."
    )
    result = extract(text, date=ON, issuers=CAN_KOR)
    mechanism = result.mechanisms[0]
    assert (mechanism.name, mechanism.recurrence, mechanism.next) == (
        "2+2 Ministerial Meeting",
        "P2Y",
        "2028",
    )
    stages = {a.name: a.stage for a in result.agreements}
    assert stages == {
        "Agreement on the Protection of Classified Information": "signed",
        "Defence Cooperation Agreement": "proposed",
    }
    assert result.commitments[0].mechanisms == ("2+2 Ministerial Meeting",)
    assert result.commitments[-1].agreements == ("Defence Cooperation Agreement",)


def test_a_headline_verb_is_not_part_of_a_mechanisms_name() -> None:
    text = (
        "Chile and Peru Hold the Second Vice-Ministerial Fisheries Dialogue\n\n"
        "The Vice-Ministerial Fisheries Dialogue will meet again in 2027."
    )
    names = [m.name for m in extract(text, date=ON, issuers=("CHL", "PER")).mechanisms]
    assert names == ["Vice-Ministerial Fisheries Dialogue"]


@pytest.mark.parametrize(
    ("sentence", "strength"),
    [
        ("We welcome the joint fisheries dialogue planned in November to review catch limits.", "aspirational"),
        ("The ministers welcomed the next trade ministers' meeting to be held in Lisbon in 2027.", "firm"),
    ],
)
def test_welcoming_the_issuers_own_planned_event_is_an_undertaking(sentence: str, strength: str) -> None:
    commitment = _only(sentence)
    assert (commitment.strength, commitment.actors) == (strength, CAN_KOR)


def test_welcoming_someone_elses_plan_is_not_the_issuers_undertaking() -> None:
    text = "We welcome Acme's announcement of a cable project that will begin work this year."
    assert extract(text, date=ON, issuers=CAN_KOR).commitments == ()


def test_a_name_joined_by_an_en_dash_is_read_whole() -> None:
    text = "The Chile–Peru Fisheries Dialogue will meet again in 2027."
    names = [m.name for m in extract(text, date=ON, issuers=("CHL", "PER")).mechanisms]
    assert names == ["Chile–Peru Fisheries Dialogue"]
