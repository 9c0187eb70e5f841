"""Evidence proposals: which earlier commitments a new statement bears on, and how well they are ranked."""

from __future__ import annotations

from pathlib import Path

from servanda.extract import extract
from servanda.tracking.measure import measure
from servanda.tracking.proposals import Candidate, propose
from shared_files import REPO, SHARED, needs_shared

EARLIER = [
    Candidate(
        1,
        "We confirm that the inaugural Canada-Korea Cyber Policy Consultations will take place in March 2026.",
        "2026-02-25",
        "2026-03",
        ("Canada-Korea Cyber Policy Consultations",),
        ("CAN", "KOR"),
    ),
    Candidate(
        2, "We will strengthen cooperation on critical minerals supply chains.", "2026-02-25", None, (), ("CAN", "KOR")
    ),
    Candidate(3, "Canada and Japan will expand their fisheries dialogue.", "2026-02-25", None, (), ("CAN", "JPN")),
]
READOUT = (
    "Ottawa, March 18, 2026 - Today, officials of Canada and the Republic of Korea held the first Canada-Korea "
    "Cyber Policy Consultations in Ottawa. They discussed cyber resilience and threat information sharing."
)


def test_a_readout_of_a_meeting_is_proposed_as_delivering_the_commitment_to_hold_it() -> None:
    extraction = extract(READOUT, date="2026-03-18", issuers=("CAN", "KOR"))
    proposals = propose(READOUT, extraction, EARLIER, date="2026-03-18", issuers=("CAN", "KOR"))
    assert proposals[0].commitment_id == 1
    assert proposals[0].relation == "delivers"
    assert "held the first Canada-Korea Cyber Policy Consultations" in proposals[0].passage
    assert READOUT[proposals[0].start : proposals[0].end] == proposals[0].passage
    assert all(p.commitment_id != 2 for p in proposals)  # nothing in the readout bears on minerals


def test_a_commitment_of_a_party_absent_from_the_statement_is_not_proposed() -> None:
    text = "Canada and Korea will expand their fisheries dialogue."
    extraction = extract(text, date="2026-05-01", issuers=("CAN", "KOR"))
    proposals = propose(text, extraction, EARLIER, date="2026-05-01", issuers=("CAN", "KOR"))
    assert all(p.commitment_id != 3 for p in proposals)


def test_a_statement_cannot_bear_on_what_was_promised_after_it() -> None:
    extraction = extract(READOUT, date="2026-01-01", issuers=("CAN", "KOR"))
    assert propose(READOUT, extraction, EARLIER, date="2026-01-01", issuers=("CAN", "KOR")) == []


@needs_shared
def test_precision_at_three_on_the_canada_korea_history() -> None:
    gold = REPO / "eval" / "evidence" / "canada-korea-links.json"
    result = measure(gold, [SHARED / "corpus", SHARED / "eval" / "dev"])
    assert result.gold == 38
    assert result.precision >= 0.4, result.per_document
    assert Path(gold).is_file()
