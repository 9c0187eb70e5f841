"""The cleaning step: character and whitespace normalisation, republishers' boilerplate, idempotence."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from servanda.ingest import clean_text
from servanda.ingest.boilerplate import KINDS, load_patterns

MIRAGE_TRAILER = (
    "/Public Release. This material from the originating organization/author(s) might be of the "
    "point-in-time nature, and edited for clarity, style and length. Mirage.News does not take "
    "institutional positions or sides, and all views, positions, and conclusions expressed herein are "
    "solely those of the author(s).View in full here."
)


def test_clean_text_straightens_quotes_and_spaces() -> None:
    raw = "Canada\u2019s \u201ccomprehensive\u201d\u00a0partnership\u2009\u2014 and \u2018ROK\u2019"
    assert clean_text(raw) == "Canada's \"comprehensive\" partnership \u2014 and 'ROK'"


def test_clean_text_keeps_dashes() -> None:
    assert (
        clean_text("2024\u20132026 \u2013 Ottawa \u2014 Seoul - Tokyo")
        == "2024\u20132026 \u2013 Ottawa \u2014 Seoul - Tokyo"
    )


def test_clean_text_removes_zero_width_and_control_characters() -> None:
    assert clean_text("co\u00adoperation\u200b with\ufeff the\u200d ROK\x07") == "cooperation with the ROK"


def test_clean_text_normalises_to_nfc() -> None:
    assert clean_text("Me\u0301lanie Joly") == "M\u00e9lanie Joly"


def test_clean_text_normalises_line_breaks_and_blank_lines() -> None:
    raw = "  Title \r\n\r\n\r\n\r\nFirst\tparagraph   here.  \rSecond line\n\n\n\nThird\n"
    assert clean_text(raw) == "Title\n\nFirst paragraph here.\nSecond line\n\nThird"


def test_clean_text_keeps_one_paragraph_per_line() -> None:
    raw = "We met today.\nWe agreed to cooperate.\nPartners for stability\nWe will meet again."
    assert clean_text(raw) == raw


def test_clean_text_cuts_the_mirage_trailer_glued_to_the_last_line() -> None:
    raw = '3. "Action Plan to implement the Partnership."\n' + MIRAGE_TRAILER
    assert clean_text(raw) == '3. "Action Plan to implement the Partnership."'
    glued = 'We will meet again in 2028."' + MIRAGE_TRAILER + "\n"
    assert clean_text(glued) == 'We will meet again in 2028."'


@pytest.mark.parametrize(
    "line",
    [
        "###",
        "# # #",
        "-30-",
        "- 30 -",
        "Share this article",
        "Share on Facebook",
        "View in full here.",
        "SOURCE Prime Minister's Office",
        "(This story has not been edited by Example staff and is auto-generated from a syndicated feed.)",
    ],
)
def test_clean_text_drops_wire_and_republisher_lines(line: str) -> None:
    assert clean_text(f"We will cooperate.\n\n{line}\n\nContact: media@example.org") == (
        "We will cooperate.\n\nContact: media@example.org"
    )


@pytest.mark.parametrize(
    "sentence",
    [
        "Companies now must share this information with the Department.",
        "OTTAWA, ON, Sept. 23, 2022 /CNW/ - We, the leaders, met today.",
        "The SOURCE of the problem is clear.",
        "We will view in full the report of the panel.",
    ],
)
def test_clean_text_keeps_statement_sentences_that_resemble_boilerplate(sentence: str) -> None:
    assert clean_text(sentence) == sentence


def test_boilerplate_patterns_are_packaged_data() -> None:
    patterns = load_patterns()
    assert {p.name for p in patterns} >= {"mirage-news-public-release", "end-marker", "wire-source-footer"}
    assert all(p.kind in KINDS for p in patterns)


_PIECES = st.one_of(
    st.text(max_size=8),
    st.sampled_from(["\u2019", "\u201c", "\u00a0", "\u200b", "\r\n", "\r", "\n", "\t", "  ", "#", "\u0301"]),
    st.sampled_from(["Share this", "###", MIRAGE_TRAILER, "View in full here.", "SOURCE X", "May 2023"]),
)
_NOISY = st.lists(_PIECES, max_size=30).map("".join)


@settings(max_examples=300)
@given(_NOISY)
def test_clean_text_is_idempotent(raw: str) -> None:
    once = clean_text(raw)
    assert clean_text(once) == once


@given(st.text())
def test_clean_text_never_leaves_odd_whitespace(raw: str) -> None:
    cleaned = clean_text(raw)
    assert "\r" not in cleaned and "\t" not in cleaned and "\n\n\n" not in cleaned
    assert all(line == line.strip() for line in cleaned.split("\n"))


@given(st.lists(st.from_regex(r"[A-Za-z]{1,12}", fullmatch=True), min_size=1, max_size=40))
def test_clean_text_never_loses_words(words: list[str]) -> None:
    raw = " ".join(words)
    assert clean_text(raw).split() == words
