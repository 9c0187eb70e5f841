"""Hard-wrapped statements: paragraphs folded at a fixed width read as the same sentences as unfolded ones."""

from __future__ import annotations

import textwrap

from servanda.extract import extract
from servanda.extract.segment import HEADING, ITEM, PARAGRAPH, sentences, split_blocks
from servanda.ingest.issuers import infer_issuers

CAN_KOR = ("CAN", "KOR")
ON = "2026-02-25"
WIDTH = 72

TITLE = "Joint Statement on the Canada-Korea Clean Energy Partnership"
OPENING = (
    "Today, the Minister of Energy and Natural Resources of Canada and the Minister of Trade, Industry "
    "and Energy of the Republic of Korea met in Ottawa to review the clean energy partnership between the "
    "two countries. The ministers welcomed the progress made since their last meeting."
)
HEADING_LINE = "Critical Minerals"
MINERALS = (
    "Canada and Korea will establish a joint working group on critical minerals processing before the end "
    "of the year. The United States and Japan will be invited to observe its first meeting. Both sides will "
    "also exchange data on the reserves of lithium, nickel and cobalt each holds, and Korea will host "
    "the first exchange."
)
LEAD_IN = "To that end, the two ministers decided to:"
ITEMS = (
    "expand joint research on battery recycling between the national laboratories of both countries, "
    "starting with a pilot in Busan;",
    "hold an annual investment forum bringing together the mining and manufacturing companies of the two countries.",
)
CLOSING = "The ministers will meet again next year in Seoul."


def _wrapped_paragraph(paragraph: str) -> str:
    return textwrap.fill(paragraph, WIDTH, break_on_hyphens=False)


def _wrapped_item(number: int, item: str) -> str:
    return textwrap.fill(item, WIDTH, initial_indent=f"{number}. ", subsequent_indent="   ", break_on_hyphens=False)


def _statement(fold) -> str:
    """The statement with every paragraph and list item passed through `fold`: wrapped, or left whole."""
    items = "\n".join(fold(n, item) for n, item in enumerate(ITEMS, start=1))
    body = [TITLE, fold(0, OPENING), HEADING_LINE, fold(0, MINERALS), LEAD_IN + "\n" + items, fold(0, CLOSING)]
    return "\n\n".join(body) + "\n"


def _wrapped() -> str:
    return _statement(lambda n, part: _wrapped_item(n, part) if n else _wrapped_paragraph(part))


def _unwrapped() -> str:
    return _statement(lambda n, part: f"{n}. {part}" if n else part)


def _flat(text: str) -> str:
    return " ".join(text.split())


def test_the_statement_is_really_wrapped() -> None:
    text = _wrapped()
    assert max(len(line) for line in text.split("\n")) <= WIDTH
    assert "The United States and\nJapan will be invited" in text  # a break before a capitalised word


def test_wrapped_paragraphs_give_the_sentences_of_unwrapped_ones() -> None:
    wrapped, unwrapped = _wrapped(), _unwrapped()
    assert [_flat(wrapped[s.start : s.end]) for s in sentences(wrapped)] == [
        _flat(unwrapped[s.start : s.end]) for s in sentences(unwrapped)
    ]


def test_a_heading_a_lead_in_and_each_wrapped_list_item_stay_blocks_of_their_own() -> None:
    text = _wrapped()
    blocks = [(block.kind, _flat(text[block.start : block.end])) for block in split_blocks(text)]
    assert (HEADING, HEADING_LINE) in blocks
    assert (PARAGRAPH, LEAD_IN) in blocks
    assert (ITEM, "1. " + ITEMS[0]) in blocks
    assert (ITEM, "2. " + ITEMS[1]) in blocks
    assert (PARAGRAPH, _flat(MINERALS)) in blocks
    assert (PARAGRAPH, CLOSING) in blocks


def test_a_sentence_cut_by_a_line_break_before_a_capital_is_read_whole() -> None:
    text = _wrapped()
    found = [_flat(text[s.start : s.end]) for s in sentences(text)]
    assert "The United States and Japan will be invited to observe its first meeting." in found
    assert "The ministers welcomed the progress made since their last meeting." in found
    assert all(not sentence.endswith((" the", " of", " and")) for sentence in found)


def test_wrapped_commitments_match_unwrapped_ones_and_slice_the_text() -> None:
    wrapped, unwrapped = _wrapped(), _unwrapped()
    folded = extract(wrapped, date=ON, issuers=CAN_KOR).commitments
    whole = extract(unwrapped, date=ON, issuers=CAN_KOR).commitments
    assert [(_flat(c.quote), c.strength, c.section) for c in folded] == [
        (_flat(c.quote), c.strength, c.section) for c in whole
    ]
    assert any("\n" in c.quote for c in folded)
    for c in folded:
        assert wrapped[c.start : c.end] == c.quote
    quotes = [_flat(c.quote) for c in folded]
    assert any(q.startswith("Canada and Korea will establish a joint working group") for q in quotes)
    assert any(q.startswith("expand joint research on battery recycling") for q in quotes)
    assert any(q.startswith("hold an annual investment forum") for q in quotes)
    assert all(c.section == HEADING_LINE for c in folded if "working group" in c.quote)


def test_a_line_shortened_before_a_lowercase_continuation_still_joins() -> None:
    # A no-break space folded into a plain one leaves a wrapped line well short of the width.
    text = (
        _wrapped_paragraph(OPENING)
        + "\n\n"
        + "The ministers reaffirm their support\nfor "
        + _wrapped_paragraph(
            "the early conclusion of a bilateral agreement on the mutual recognition of clean hydrogen "
            "certification, which both sides will sign next year."
        )
    )
    found = [_flat(text[s.start : s.end]) for s in sentences(text)]
    assert any(s.startswith("The ministers reaffirm their support for the early conclusion") for s in found)


def test_unwrapped_lines_stay_apart() -> None:
    # One line of 65 characters between headings is no evidence of wrapping: each line stays a block.
    text = "\n".join(
        [
            "Energy Security",
            "We will build a liquefied natural gas terminal on the west coast.",
            "Trade",
            "We will cut tariffs.",
        ]
    )
    assert [block.kind for block in split_blocks(text)] == [HEADING, PARAGRAPH, HEADING, PARAGRAPH]


def test_issuers_named_across_a_wrapped_line_are_found() -> None:
    opening = (
        "Today, the President of the United States of America and the President of the French Republic "
        "met in Rome on the margins of the summit to reaffirm their commitment to closer cooperation in the "
        "pursuit of peace and prosperity around the globe, building on their joint statement of last month."
    )
    text = _wrapped_paragraph(opening) + "\n"
    assert "French Republic" not in text.split("\n")[0]
    assert infer_issuers(text) == ("USA", "FRA")
