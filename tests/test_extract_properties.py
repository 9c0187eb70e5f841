"""Properties that must hold for any text: the extractor never raises and every span slices its input."""

from __future__ import annotations

import random

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from servanda.extract import extract
from servanda.extract.cues import find_cues, scan_every_position
from servanda.extract.segment import sentences
from shared_files import DEV, needs_shared

_PHRASES = [
    "We will",
    "we commit to",
    "Canada and the ROK",
    "reaffirm",
    "look forward to",
    "in March 2026",
    "annex",
    "Annex: Joint deliverables",
    "\n",
    "\n\n",
    "- ",
    "1. ",
    '"',
    "U.S.",
    "and sign the",
    "; and",
    "by:",
    ":",
    "the Republic of Korea",
    "biennial",
    "2+2 Ministerial Meeting",
    "Agreement on",
    "have signed",
    ". .",
    "’s",
    "Dialogue",
    "Talks",
    "(SDCP)",
    "within six months",
    "may",
    "May",
    "—",
    "e.g.",
    "Jr.",
    "\t",
]
statement_like = st.lists(st.one_of(st.sampled_from(_PHRASES), st.text(max_size=12)), max_size=60).map("".join)


def _check(text: str) -> None:
    result = extract(text, date="2026-02-25", issuers=("CAN", "KOR"))
    for unit in (*result.commitments, *result.achievements):
        assert 0 <= unit.start < unit.end <= len(text)
        assert text[unit.start : unit.end] == unit.quote
    for commitment in result.commitments:
        assert commitment.strength in ("firm", "reaffirmed", "position", "aspirational")


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=400))
def test_extractor_never_raises_on_arbitrary_text(text: str) -> None:
    _check(text)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(statement_like)
def test_extractor_never_raises_on_statement_like_text(text: str) -> None:
    _check(text)


def test_extractor_without_issuers_or_date_still_returns_spans() -> None:
    text = "We, the leaders of Japan and Canada, will meet again in 2027."
    result = extract(text)
    assert result.issuers == ("JPN", "CAN")
    assert result.commitments[0].due == "2027"


@needs_shared
def test_shuffled_real_sentences_keep_every_span_exact() -> None:
    rng = random.Random(7)
    pieces = []
    for path in sorted(DEV.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        pieces.extend(text[s.start : s.end] for s in sentences(text))
    for _ in range(5):
        rng.shuffle(pieces)
        _check("\n".join(pieces[:120]))


@needs_shared
def test_anchored_cue_scan_finds_what_a_scan_of_every_position_finds() -> None:
    for path in sorted(DEV.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        for s in sentences(text):
            sentence = text[s.start : s.end]
            assert find_cues(sentence) == scan_every_position(sentence), sentence


@settings(max_examples=200, deadline=None)
@given(statement_like)
def test_anchored_cue_scan_agrees_on_generated_text(text: str) -> None:
    assert find_cues(text) == scan_every_position(text)
