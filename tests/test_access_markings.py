"""Reading and writing marking banners, and each viewer's national equivalent."""

from __future__ import annotations

import contextlib

import pytest
from hypothesis import given
from hypothesis import strategies as st

from servanda.access import PUBLIC, Marking, MarkingError, equivalent_banner, highest, parse_marking
from servanda.access.schemes import catalogue, scheme


@pytest.mark.parametrize(
    ("banner", "originator", "printed"),
    [
        ("UNCLASSIFIED", None, "UNCLASSIFIED"),
        ("SECRET//REL TO CAN, KOR//SDCP", "CAN", "CAN SECRET//REL TO CAN, KOR//SDCP"),
        ("CAN SECRET//REL TO KOR, CAN//SDCP", None, "CAN SECRET//REL TO CAN, KOR//SDCP"),
        ("KOR 군사Ⅱ급비밀//REL TO CAN, KOR", None, "군사Ⅱ급비밀//REL TO KOR, CAN"),
        ("군사II급비밀//REL TO CAN", None, "군사Ⅱ급비밀//REL TO KOR, CAN"),
        ("CAN SECRET", None, "CAN SECRET//CAN EYES ONLY"),
        ("CAN SECRET//NOFORN", None, "CAN SECRET//CAN EYES ONLY"),
        ("protected b//rel to can", "CAN", "PROTECTED B//CAN EYES ONLY"),
        ("CAN CONFIDENTIAL//REL TO CAN, KOR//NUC/SDCP", None, "CAN CONFIDENTIAL//REL TO CAN, KOR//NUC/SDCP"),
    ],
)
def test_banners_read_and_print_in_the_conventional_form(banner: str, originator: str | None, printed: str) -> None:
    marking = parse_marking(banner, originator=originator)
    assert marking.banner == printed
    assert parse_marking(printed) == marking


@pytest.mark.parametrize(
    ("banner", "message"),
    [
        ("", "empty"),
        ("SECRET", "SECRET is used by CAN, USA"),
        ("KOR SECRET", "KOR has no level SECRET"),
        ("CAN SECRET//REL TO ZZZ", "ZZZ is not a party code"),
        ("CAN SECRET////SDCP", "empty part"),
        ("CAN SECRET//REL TO KOR//REL TO USA", "two releasability"),
        ("CAN SECRET//sdcp!", "not a releasability control"),
        ("CAN RELIABILITY", "clearance, not a marking"),
        ("COSMIC", "unknown classification"),
    ],
)
def test_unreadable_markings_are_rejected_with_a_clear_message(banner: str, message: str) -> None:
    with pytest.raises(MarkingError, match=message):
        parse_marking(banner)


def test_classified_material_without_releasability_stays_with_its_originator() -> None:
    assert parse_marking("KOR 군사Ⅲ급비밀").releasable_to == frozenset({"KOR"})
    assert PUBLIC.releasable_to is None and PUBLIC.is_public


@pytest.mark.parametrize(
    ("banner", "nationality", "shown"),
    [
        ("CAN SECRET//REL TO CAN, KOR//SDCP", "KOR", "군사Ⅱ급비밀//REL TO KOR, CAN//SDCP"),
        ("KOR 군사Ⅲ급비밀//REL TO CAN, KOR", "CAN", "CAN CONFIDENTIAL//REL TO CAN, KOR"),
        ("CAN TOP SECRET//REL TO CAN, KOR", "KOR", None),
        ("UNCLASSIFIED", "KOR", "UNCLASSIFIED"),
    ],
)
def test_a_record_is_shown_with_the_viewers_national_equivalent(banner: str, nationality: str, shown: str) -> None:
    assert equivalent_banner(parse_marking(banner), nationality) == shown


def test_the_schemes_file_is_versioned_and_consistent() -> None:
    cat = catalogue()
    assert cat.version >= 1
    assert [lv.name for lv in scheme("KOR").levels][-1] == "군사Ⅰ급비밀"
    tops = {scheme("CAN").level("TOP SECRET"), scheme("KOR").level("군사Ⅰ급비밀")}
    governing = cat.instruments[cat.default_instrument]
    assert all(
        governing.equivalent(level, other) is None
        for level, other in zip(tops, ("KOR", "CAN"), strict=False)
        if level.scheme != other
    )


_MARKABLE = [(party, lv.name) for party, s in catalogue().schemes.items() for lv in s.levels if not lv.clearance_only]
markings_strategy = st.builds(
    lambda level, rel, comps: parse_marking(
        "//".join(
            [f"{level[0]} {level[1]}"]
            + ([f"REL TO {', '.join(sorted(rel))}"] if rel else [])
            + (["/".join(sorted(comps))] if comps else [])
        )
    ),
    st.sampled_from(_MARKABLE),
    st.sets(st.sampled_from(["CAN", "KOR", "USA", "JPN"]), max_size=3),
    st.sets(st.sampled_from(["SDCP", "NUC"]), max_size=2),
)


@given(markings_strategy)
def test_every_marking_survives_printing_and_reading(marking: Marking) -> None:
    assert parse_marking(marking.banner) == marking


@given(markings_strategy, markings_strategy)
def test_the_covering_marking_covers_both(a: Marking, b: Marking) -> None:
    top = highest(a, b)
    assert top.compartments >= a.compartments | b.compartments
    for part in (a, b):
        if part.releasable_to is not None and top.releasable_to is not None:
            assert top.releasable_to - {top.originator} <= part.releasable_to
    assert highest(top, a) == top and highest(top, b) == top


@given(st.text(max_size=60))
def test_reading_arbitrary_text_either_gives_a_marking_or_a_marking_error(text: str) -> None:
    with contextlib.suppress(MarkingError):
        parse_marking(text)
