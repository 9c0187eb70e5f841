"""Matching a cue by its first character answers exactly as the whole cue alternation does."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from servanda.extract.cues import CUE_PATTERN, match_cue
from servanda.extract.dispatch import PrefixDispatch, beginnings, first_characters
from shared_files import DEV, needs_shared


@pytest.mark.parametrize(
    ("pattern", "flags", "expected"),
    [
        (r"\bwill\s+go", 0, {"w"}),
        (r"\b(?:aim|seek)\s+to", re.IGNORECASE, {"a", "s"}),
        (r"^(?:also\s+)?(?:explore|consider)", re.IGNORECASE, {"a", "e", "c"}),
        (r"(?P<lead>in\s+)?(?:19|20)\d\d", 0, {"i", "1", "2"}),
        (r"(?-i:Plan)s?", re.IGNORECASE, {"p"}),
        (r"[a-c]x", 0, {"a", "b", "c"}),
    ],
)
def test_first_characters_of_a_pattern(pattern: str, flags: int, expected: set[str]) -> None:
    assert first_characters(pattern, flags) == expected


@pytest.mark.parametrize("pattern", [r"\w+", r"x?", r"[^a]b", r"(?:a|)b?", r".end"])
def test_first_characters_unknown_when_any_character_or_nothing_may_begin(pattern: str) -> None:
    assert first_characters(pattern) is None


@pytest.mark.parametrize(
    ("pattern", "expected"),
    [
        (r"\bwill\s+go", {"wi"}),
        (r"\b(?:a|an)\s+plan", {"a", "an"}),  # "a" then anything: a space class follows
        (r"(?:also\s+){0,3}seek", {"al", "se"}),
        (r"[A-C]x", {"ax", "bx", "cx"}),
        (r"re-?affirm", {"re"}),
    ],
)
def test_beginnings_up_to_two_characters(pattern: str, expected: set[str]) -> None:
    assert beginnings(pattern, re.IGNORECASE) == expected


def _same(a: re.Match[str] | None, b: re.Match[str] | None) -> bool:
    if a is None or b is None:
        return a is b
    return a.span() == b.span() and a.lastgroup == b.lastgroup


@needs_shared
def test_cue_match_at_every_position_of_the_dev_statements() -> None:
    for path in sorted(DEV.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        for pos in range(len(text)):
            assert _same(match_cue(text, pos), CUE_PATTERN.match(text, pos)), (path.name, text[pos : pos + 60])


_WORDS = st.sampled_from(
    ["We", "will", "seek", "to", "also", "explore", "ſeek", "K", "İ", "welcome", "reaffirm", "are", "keen", "plan"]
)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(_WORDS, st.text(max_size=4)), max_size=12), st.integers(min_value=0, max_value=80))
def test_cue_match_agrees_on_generated_text(words: list[str], pos: int) -> None:
    text = " ".join(words)
    pos = min(pos, len(text))
    assert _same(match_cue(text, pos), CUE_PATTERN.match(text, pos))
    assert _same(match_cue(text, pos, max(pos, len(text) - 3)), CUE_PATTERN.match(text, pos, max(pos, len(text) - 3)))


def test_a_dispatch_keeps_the_order_of_its_alternatives() -> None:
    dispatch = PrefixDispatch([("short", r"\bwill"), ("long", r"\bwill\s+seek"), ("other", r"\bgo")])
    m = dispatch.match("will seek", 0)
    assert m is not None and m.lastgroup == "short" and m.group(0) == "will"
    assert dispatch.match("seek", 0) is None
    assert dispatch.match("go", 0).lastgroup == "other"


@pytest.mark.parametrize(
    "text",
    ["İstanbul: we will meet again", "\u212aorea and Japan will cooperate", "İ We SEEK TO act", "We will go"],
)
def test_anchored_cue_scan_with_letters_whose_lowercase_differs(text: str) -> None:
    from servanda.extract.cues import find_cues, scan_every_position

    assert find_cues(text) == scan_every_position(text)
