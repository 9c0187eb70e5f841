"""Party reference data and the party matcher: exact spans on tricky forms, the data, real statements."""

from __future__ import annotations

import json
import os
import re
import time
from datetime import date
from importlib import resources
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from servanda.reference.parties import (
    Party,
    PartyMention,
    _reference,
    all_parties,
    code_for,
    data_version,
    expand_members,
    find_parties,
    get_party,
    leader_terms,
    leader_titles,
    party_name,
)


def _data(filename: str) -> dict:
    text = resources.files("servanda.reference").joinpath(filename).read_text(encoding="utf-8")
    return yaml.safe_load(text)


PARTIES = _data("parties.yaml")
LEADERS = _data("leaders.yaml")


def _found(text: str, **options) -> list[tuple[str, str, str]]:
    return [(text[m.start : m.end], m.code, m.form) for m in find_parties(text, **options)]


def _expect(text: str, expected: list[tuple[str, str]]) -> list[PartyMention]:
    """Turn (surface, code) pairs, in reading order, into the mentions they must be, with exact offsets."""
    mentions, pos = [], 0
    for surface, code in expected:
        start = text.index(surface, pos)
        pos = start + len(surface)
        mentions.append((start, pos, code))
    return mentions


# --- exact spans and codes ---

CASES = [
    # longest form wins; the Koreas and the Chinas
    ("the Democratic People's Republic of Korea", [("Democratic People's Republic of Korea", "PRK")]),
    (
        "the Democratic People’s Republic of Korea (DPRK)",
        [("Democratic People’s Republic of Korea", "PRK"), ("DPRK", "PRK")],
    ),
    ("North Korea and South Korea", [("North Korea", "PRK"), ("South Korea", "KOR")]),
    (
        "the Republic of Korea (ROK) and Korea",
        [("Republic of Korea", "KOR"), ("ROK", "KOR"), ("Korea", "KOR")],
    ),
    ("the People's Republic of China (PRC)", [("People's Republic of China", "CHN"), ("PRC", "CHN")]),
    ("Republic of\nKorea", [("Republic of\nKorea", "KOR")]),
    ("Russian Federation, Russia", [("Russian Federation", "RUS"), ("Russia", "RUS")]),
    ("Türkiye, Turkiye and Turkey", [("Türkiye", "TUR"), ("Turkiye", "TUR"), ("Turkey", "TUR")]),
    ("Côte d’Ivoire and Cote d'Ivoire", [("Côte d’Ivoire", "CIV"), ("Cote d'Ivoire", "CIV")]),
    # the many Americas and Britains
    (
        "the United States of America, the U.S., the USA, America",
        [("United States of America", "USA"), ("U.S.", "USA"), ("USA", "USA"), ("America", "USA")],
    ),
    (
        "the United Kingdom, UK, U.K., Great Britain and Britain",
        [
            ("United Kingdom", "GBR"),
            ("UK", "GBR"),
            ("U.K.", "GBR"),
            ("Great Britain", "GBR"),
            ("Britain", "GBR"),
        ],
    ),
    # acronyms are case-sensitive, names accept Title Case and ALL CAPS
    ("Let us work with the US.", [("US", "USA")]),
    ("the rok and the ROK", [("ROK", "KOR")]),
    ("JAPAN and Japan", [("JAPAN", "JPN"), ("Japan", "JPN")]),
    ("CANADA-REPUBLIC OF KOREA JOINT STATEMENT", [("CANADA", "CAN"), ("REPUBLIC OF KOREA", "KOR")]),
    ("Canada-Republic Of Korea", [("Canada", "CAN"), ("Republic Of Korea", "KOR")]),
    ("the quad and the Quad", [("Quad", "Quad")]),
    # hyphen and dash compounds yield a mention per side
    ("the Canada-ROK 2+2", [("Canada", "CAN"), ("ROK", "KOR")]),
    ("Japan-U.S. Alliance", [("Japan", "JPN"), ("U.S.", "USA")]),
    ("ASEAN-U.S. Special Summit", [("ASEAN", "ASEAN"), ("U.S.", "USA")]),
    ("U.S.-Japan", [("U.S.", "USA"), ("Japan", "JPN")]),
    ("Canada–Korea relations", [("Canada", "CAN"), ("Korea", "KOR")]),
    ("Japan-Philippines-U.S. trilateral", [("Japan", "JPN"), ("Philippines", "PHL"), ("U.S.", "USA")]),
    # places that merely contain a party's name
    ("peace on the Korean Peninsula", []),
    ("the Korean peninsula and the KOREAN PENINSULA", []),
    ("inter-Korean dialogue", []),
    ("the Indian Ocean", []),
    ("the Indian Ocean Rim Association", [("Indian Ocean Rim Association", "IORA")]),
    ("a free and open Indo-Pacific", []),
    ("the South China Sea and the East China Sea", []),
    ("the Sea of Japan", []),
    ("Taiwan; across the Taiwan Strait", [("Taiwan", "TWN")]),
    ("American Samoa", [("American Samoa", "ASM")]),
    ("the Pacific Islands Forum and Pacific Islands", [("Pacific Islands Forum", "PIF")]),
    ("Mexico, the Gulf of Mexico and Mexico City", [("Mexico", "MEX")]),
    ("Latin America and Latin American states", []),
    ("the Gulf of Guinea", []),
    ("Ireland and Northern Ireland", [("Ireland", "IRL")]),
    ("United Nations Convention on the Law of the Sea (UNCLOS) and the UN Charter", []),
    ("Secretary of State for Foreign and Commonwealth Affairs of the UK", [("UK", "GBR")]),
    ("the Commonwealth", [("Commonwealth", "Commonwealth")]),
    # neighbours with nested names
    (
        "Papua New Guinea, New Guinea, Guinea-Bissau, Equatorial Guinea and Guinea",
        [
            ("Papua New Guinea", "PNG"),
            ("Guinea-Bissau", "GNB"),
            ("Equatorial Guinea", "GNQ"),
            ("Guinea", "GIN"),
        ],
    ),
    ("Niger and Nigeria", [("Niger", "NER"), ("Nigeria", "NGA")]),
    ("Dominica and the Dominican Republic", [("Dominica", "DMA"), ("Dominican Republic", "DOM")]),
    (
        "the Republic of the Congo, the Democratic Republic of the Congo, the DRC and Congo",
        [
            ("Republic of the Congo", "COG"),
            ("Democratic Republic of the Congo", "COD"),
            ("DRC", "COD"),
            ("Congo", "COG"),
        ],
    ),
    ("Congolese troops", []),
    ("Georgia", [("Georgia", "GEO")]),
    ("South Sudan and Sudan", [("South Sudan", "SSD"), ("Sudan", "SDN")]),
    ("Samoa and American Samoa", [("Samoa", "WSM"), ("American Samoa", "ASM")]),
    # organisations and groupings
    (
        "the G7, the G-7, the Group of Seven and the G20",
        [("G7", "G7"), ("G-7", "G7"), ("Group of Seven", "G7"), ("G20", "G20")],
    ),
    ("NATO Allies and the European Union", [("NATO", "NATO"), ("European Union", "EU")]),
    ("UNSC resolutions and the United Nations", [("UNSC", "UN"), ("United Nations", "UN")]),
    (
        "the Association of Southeast Asian Nations (ASEAN)",
        [("Association of Southeast Asian Nations", "ASEAN"), ("ASEAN", "ASEAN")],
    ),
    ("AUKUS and the Five Eyes", [("AUKUS", "AUKUS"), ("Five Eyes", "FVEY")]),
]


@pytest.mark.parametrize(("text", "expected"), CASES, ids=[c[0][:40] for c in CASES])
def test_mentions_have_exact_codes_and_spans(text: str, expected: list[tuple[str, str]]) -> None:
    got = [(m.start, m.end, m.code) for m in find_parties(text, leaders=False)]
    assert got == _expect(text, expected)


ADJECTIVES = [
    ("Canadian", "CAN"),
    ("Canadians", "CAN"),
    ("Korean", "KOR"),
    ("South Korean", "KOR"),
    ("North Korean", "PRK"),
    ("Japanese", "JPN"),
    ("American", "USA"),
    ("British", "GBR"),
    ("Australian", "AUS"),
    ("Indian", "IND"),
    ("Filipino", "PHL"),
    ("Philippine", "PHL"),
    ("European", "EU"),
    ("Chinese", "CHN"),
    ("Emirati", "ARE"),
    ("Saudi", "SAU"),
]


@pytest.mark.parametrize(("word", "code"), ADJECTIVES)
def test_adjectives_name_their_party(word: str, code: str) -> None:
    text = f"the {word} side"
    assert _found(text) == [(word, code, "adjective")]
    assert find_parties(text, adjectives=False) == []


def test_us_is_a_name_even_when_used_as_an_adjective() -> None:
    assert _found("U.S. forces", adjectives=False) == [("U.S.", "USA", "name")]


def test_korean_peninsula_never_yields_korea() -> None:
    text = "The ROK and Korean partners discussed the Korean Peninsula."
    assert _found(text) == [("ROK", "KOR", "name"), ("Korean", "KOR", "adjective")]


# --- leaders ---

LEADER_CASES = [
    (
        "Prime Minister Kishida Fumio of Japan",
        date(2023, 5, 20),
        [("Kishida Fumio", "JPN"), ("Japan", "JPN")],
    ),
    ("KISHIDA Fumio", date(2023, 5, 20), [("KISHIDA Fumio", "JPN")]),
    (
        "President Joseph R. Biden, Jr. of the United States",
        date(2023, 5, 20),
        [("Joseph R. Biden, Jr.", "USA"), ("United States", "USA")],
    ),
    (
        "Minister Cho Tae-yul and Cho Taeyul",
        date(2024, 11, 1),
        [("Cho Tae-yul", "KOR"), ("Cho Taeyul", "KOR")],
    ),
    (
        "Minister Ahn Gyuback and Ahn Gyu-back",
        date(2026, 2, 25),
        [("Ahn Gyuback", "KOR"), ("Ahn Gyu-back", "KOR")],
    ),
    ("Mélanie Joly and Melanie Joly", date(2024, 11, 1), [("Mélanie Joly", "CAN"), ("Melanie Joly", "CAN")]),
    ("President Yoon Suk Yeol", date(2023, 5, 17), [("Yoon Suk Yeol", "KOR")]),
    ("President Lee Jae Myung", date(2025, 10, 30), [("Lee Jae Myung", "KOR")]),
    ("President Ferdinand R. Marcos Jr.", date(2024, 4, 11), [("Ferdinand R. Marcos Jr.", "PHL")]),
]


@pytest.mark.parametrize(("text", "on", "expected"), LEADER_CASES, ids=[c[0][:30] for c in LEADER_CASES])
def test_leaders_resolve_to_their_party(text: str, on: date, expected: list[tuple[str, str]]) -> None:
    got = [(m.start, m.end, m.code) for m in find_parties(text, on=on)]
    assert got == _expect(text, expected)
    assert find_parties(text, on=on)[0].form == "leader"


def test_a_leader_out_of_office_on_the_date_does_not_count() -> None:
    assert find_parties("Prime Minister Kishida", on=date(2025, 6, 1)) == []
    assert [m.code for m in find_parties("Prime Minister Kishida", on=date(2022, 1, 1))] == ["JPN"]
    assert [m.code for m in find_parties("Foreign Minister Kishida", on=date(2015, 1, 1))] == ["JPN"]
    assert [m.code for m in find_parties("Prime Minister Kishida")] == ["JPN"]


def test_a_leader_who_changed_office_takes_the_code_of_the_date() -> None:
    assert [m.code for m in find_parties("Mark Rutte", on=date(2020, 1, 1))] == ["NLD"]
    assert [m.code for m in find_parties("Mark Rutte", on=date(2025, 6, 25))] == ["NATO"]
    assert [m.code for m in find_parties("Mark Rutte")] == ["NATO"]
    assert [m.code for m in find_parties("Ursula von der Leyen", on=date(2015, 1, 1))] == ["DEU"]


def test_leaders_can_be_switched_off() -> None:
    assert find_parties("Justin Trudeau and Canada", leaders=False) == [PartyMention(19, 25, "CAN", "name")]


def test_names_the_brief_requires_are_known_leaders() -> None:
    for name in [
        "Yoon Suk Yeol",
        "Lee Jae Myung",
        "Kishida Fumio",
        "Fumio Kishida",
        "Joseph R. Biden",
        "Biden",
        "Mark Carney",
        "Justin Trudeau",
        "Anthony Albanese",
        "Narendra Modi",
        "Ferdinand Marcos Jr.",
        "Anita Anand",
        "Mélanie Joly",
        "Cho Hyun",
        "Cho Tae-yul",
        "Ahn Gyu-back",
        "Ahn Gyuback",
        "David McGuinty",
        "Bill Blair",
        "Kim Yong-hyun",
    ]:
        assert leader_terms(name), name


def test_leader_terms_are_latest_first() -> None:
    terms = leader_terms("Anita Anand")
    assert [t.role for t in terms] == ["Minister of Foreign Affairs", "Minister of National Defence"]
    assert terms[0].end is None and terms[1].end == date(2023, 7, 26)


def test_titles_include_the_common_ones() -> None:
    titles = leader_titles()
    for title in [
        "President",
        "Prime Minister",
        "Minister of National Defense",
        "Secretary of State",
        "Emperor",
    ]:
        assert title in titles


# --- the rest of the API ---


def test_get_party_and_name() -> None:
    korea = get_party("KOR")
    assert isinstance(korea, Party)
    assert (korea.name, korea.kind) == ("Republic of Korea", "country")
    assert "ROK" in korea.names and "Korean" in korea.adjectives
    assert get_party("XXX") is None
    assert party_name("USA") == "United States"
    assert party_name("Quad") == "Quad"
    assert party_name("XXX") == "XXX"


def test_expand_members_of_fixed_groupings() -> None:
    assert expand_members("Quad") == ("AUS", "IND", "JPN", "USA")
    assert set(expand_members("G7")) == {"CAN", "FRA", "DEU", "ITA", "JPN", "GBR", "USA"}
    assert set(expand_members("AUKUS")) == {"AUS", "GBR", "USA"}
    assert len(expand_members("NATO")) == 32
    assert len(expand_members("EU")) == 27
    assert len(expand_members("ASEAN")) == 11
    assert len(expand_members("UN")) == 193
    assert expand_members("CAN") == ()
    assert expand_members("nothing") == ()


@pytest.mark.parametrize(
    ("written", "code"),
    [
        ("the Republic of Korea", "KOR"),
        ("ROK", "KOR"),
        ("Korean", "KOR"),
        ("kor", "KOR"),
        ("quad", "Quad"),
        ("The United States", "USA"),
        ("Canada", "CAN"),
        ("Korean Peninsula", None),
        ("nowhere", None),
        ("Justin Trudeau", None),
    ],
)
def test_code_for_a_whole_name(written: str, code: str | None) -> None:
    assert code_for(written) == code


def test_data_is_versioned() -> None:
    assert data_version() == {"parties": PARTIES["version"], "leaders": LEADERS["version"]}


def test_find_parties_grows_linearly_with_the_text() -> None:
    # A scaling check, not a speed target (speed lives in bench/): four times the text may cost about four times
    # as much, never the sixteen times a scan that restarts per mention would.
    text = (" ".join(c[0] for c in CASES + LEADER_CASES) * 48)[:40_000]
    short = text[:10_000]
    find_parties(text)
    ratio = min(_timed(text) for _ in range(5)) / min(_timed(short) for _ in range(5))
    assert ratio < 8, f"40,000 characters cost {ratio:.1f} times 10,000"


def _timed(text: str) -> float:
    start = time.perf_counter()
    find_parties(text)
    return time.perf_counter() - start


# --- the data files ---

KINDS = {"country", "organisation", "grouping", "territory"}


def test_every_party_row_is_well_formed() -> None:
    assert isinstance(PARTIES["version"], int)
    codes = [row["code"] for row in PARTIES["parties"]]
    assert len(codes) == len(set(codes)), "duplicate codes"
    states = {row["code"] for row in PARTIES["parties"] if row["kind"] in ("country", "territory")}
    for row in PARTIES["parties"]:
        assert set(row) <= {"code", "name", "kind", "names", "adjectives", "members"}, row["code"]
        assert row["kind"] in KINDS, row["code"]
        if row["kind"] in ("country", "territory"):
            assert re.fullmatch(r"[A-Z]{3}", row["code"]), row["code"]
        else:
            assert re.fullmatch(r"[A-Za-z][A-Za-z0-9]*", row["code"]), row["code"]
            assert row["code"] not in states
        assert row["name"] in row["names"], row["code"]
        forms = row["names"] + (row.get("adjectives") or [])
        assert all(isinstance(f, str) and f == f.strip() and f for f in forms), row["code"]
        assert not any(f.lower().startswith("the ") for f in forms), row["code"]
        members = row.get("members") or []
        assert len(members) == len(set(members)), row["code"]
        assert set(members) <= set(codes), row["code"]


def test_un_members_are_exactly_the_member_states() -> None:
    countries = {row["code"] for row in PARTIES["parties"] if row["kind"] == "country"}
    assert set(expand_members("UN")) == countries - {"VAT", "PSE"}
    assert len(countries) == 195


def test_every_form_maps_to_one_code_unless_declared_ambiguous() -> None:
    owners: dict[str, set[str]] = {}
    for row in PARTIES["parties"]:
        for form in row["names"] + (row.get("adjectives") or []):
            owners.setdefault(form, set()).add(row["code"])
    declared = {entry["form"] for entry in PARTIES["ambiguous"]}
    shared = {form for form, codes in owners.items() if len(codes) > 1}
    assert shared <= declared, shared - declared
    # after case variants, plurals, accent-free forms and leader names are derived, nothing collides
    assert _reference().conflicts == ()


def test_ambiguous_entries_point_at_known_parties() -> None:
    codes = {row["code"] for row in PARTIES["parties"]}
    forms = {f for row in PARTIES["parties"] for f in row["names"] + (row.get("adjectives") or [])}
    for entry in PARTIES["ambiguous"]:
        assert entry["form"] in forms, entry["form"]
        assert entry["means"] is None or entry["means"] in codes, entry["form"]
        assert set(entry["also"]) <= codes, entry["form"]
        assert entry["note"], entry["form"]


def test_not_parties_contain_a_party_form_and_are_none() -> None:
    forms = {f for row in PARTIES["parties"] for f in row["names"] + (row.get("adjectives") or [])}
    for place in PARTIES["not_parties"]:
        assert place not in forms, place
        words = re.findall(r"[\w.'’]+(?:-[\w.]+)*", place)
        contains = any(f in place for f in forms) or any(f.startswith(place) for f in forms)
        assert contains, f"{place!r} names no party, so it needs no entry ({words})"
        assert find_parties(place) == [], place


def test_every_leader_term_is_well_formed() -> None:
    assert isinstance(LEADERS["version"], int)
    codes = {row["code"] for row in PARTIES["parties"]}
    names = [person["name"] for person in LEADERS["leaders"]]
    assert len(names) == len(set(names))
    for person in LEADERS["leaders"]:
        assert set(person) <= {"name", "variants", "terms"}, person["name"]
        assert person["terms"], person["name"]
        for term in leader_terms(person["name"]):
            assert term.code in codes, person["name"]
            assert term.role, person["name"]
            assert term.start >= date(1940, 1, 1), person["name"]
            assert term.end is None or term.start <= term.end <= date(2026, 12, 31), person["name"]
    titles = LEADERS["titles"]
    assert len(titles) == len(set(titles))


# --- never raises, spans always slice the text ---

_FRAGMENTS = [
    "Korea",
    "Korean",
    "Peninsula",
    "ROK",
    "rok",
    "U.S.",
    "US",
    "us",
    "Japan",
    "-",
    "–",
    "’s",
    " ",
    "\n",
    "the",
    "Democratic People's Republic of",
    "Guinea",
    "New",
    "Papua",
    "Niger",
    "ia",
    "Congo",
    "G7",
    "Quad",
    "Kishida",
    "Fumio",
    "Cho Tae-",
    "yul",
    "Indian Ocean",
    "Sea of",
    "Türkiye",
    "ı",
    "\u00a0",
    ".",
    "é",
    "\u0301",
]


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.one_of(st.sampled_from(_FRAGMENTS), st.text(max_size=8)), max_size=40).map("".join),
    st.booleans(),
    st.booleans(),
    st.one_of(st.none(), st.dates(min_value=date(2000, 1, 1), max_value=date(2030, 12, 31))),
)
def test_find_parties_never_raises_and_spans_slice_the_text(
    text: str, adjectives: bool, leaders: bool, on: date | None
) -> None:
    mentions = find_parties(text, adjectives=adjectives, leaders=leaders, on=on)
    known = {p.code for p in all_parties()}
    last_end = 0
    for m in mentions:
        assert last_end <= m.start < m.end <= len(text)
        assert text[m.start : m.end].strip() == text[m.start : m.end]
        assert m.code in known
        assert m.form in ("name", "adjective", "leader")
        assert adjectives or m.form != "adjective"
        assert leaders or m.form != "leader"
        last_end = m.end


# --- real statements ---


def _shared() -> Path | None:
    # CI lays shared/ beside the clone; SERVANDA_SHARED may point elsewhere.
    for candidate in (os.environ.get("SERVANDA_SHARED"), Path(__file__).resolve().parents[2] / "shared"):
        if candidate and Path(candidate, "eval", "dev").is_dir():
            return Path(candidate)
    return None


SHARED = _shared()
needs_shared = pytest.mark.skipif(SHARED is None, reason="the shared statements folder is not present")

# Places whose name contains a country's: no mention of that country may fall inside one.
_PLACES = {
    "Korean Peninsula": "KOR",
    "Korean peninsula": "KOR",
    "Indian Ocean": "IND",
    "South China Sea": "CHN",
    "East China Sea": "CHN",
    "Taiwan Strait": "TWN",
    "Sea of Japan": "JPN",
    "Latin America": "USA",
}


def _statements() -> list[Path]:
    if SHARED is None:
        return []
    return sorted((SHARED / "eval" / "dev").glob("*.txt")) + sorted((SHARED / "corpus").glob("*.md"))


@needs_shared
@pytest.mark.parametrize("path", _statements(), ids=lambda p: p.name)
def test_real_statements_yield_sensible_mentions(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    mentions = find_parties(text)
    assert mentions, "a joint statement names at least one party"
    for m in mentions:
        assert text[m.start : m.end]
        assert m.start == 0 or not text[m.start - 1].isalnum()
        assert m.end == len(text) or not text[m.end].isalnum()
    for place, code in _PLACES.items():
        for hit in re.finditer(re.escape(place), text):
            inside = [m for m in mentions if m.code == code and m.start < hit.end() and hit.start() < m.end]
            assert not inside, f"{code} found inside {place!r}"


@needs_shared
def test_the_quad_statement_opens_with_its_four_members() -> None:
    text = (SHARED / "eval" / "dev" / "2023-05-20_quad_leaders-joint-statement.txt").read_text(encoding="utf-8")
    opening = text[: text.index("met for the third")]
    named = [m.code for m in find_parties(opening, leaders=False)]
    assert named == ["AUS", "IND", "JPN", "USA"]
    leaders = [
        (opening[m.start : m.end], m.code) for m in find_parties(opening, on=date(2023, 5, 20)) if m.form == "leader"
    ]
    assert leaders == [
        ("Anthony Albanese", "AUS"),
        ("Narendra Modi", "IND"),
        ("Kishida Fumio", "JPN"),
        ("Joseph R. Biden, Jr.", "USA"),
    ]


@needs_shared
@pytest.mark.parametrize(
    ("name", "on"),
    [
        ("2024-11-01_canada-korea_2plus2.txt", date(2024, 11, 1)),
        ("2026-02-25_canada-korea_2plus2.txt", date(2026, 2, 25)),
    ],
)
def test_the_canada_korea_2plus2s_name_the_parties_they_discuss(name: str, on: date) -> None:
    text = (SHARED / "eval" / "dev" / name).read_text(encoding="utf-8")
    mentions = find_parties(text, on=on)
    assert {"CAN", "KOR", "PRK", "RUS", "UKR"} <= {m.code for m in mentions}
    for hit in re.finditer(r"Korean [Pp]eninsula", text):
        assert not [m for m in mentions if m.start < hit.end() and hit.start() < m.end]


def _gold() -> list[Path]:
    return sorted((SHARED / "eval" / "dev").glob("*.json")) if SHARED else []


@needs_shared
@pytest.mark.parametrize("path", _gold(), ids=lambda p: p.stem)
def test_gold_issuers_are_found_in_their_statement(path: Path) -> None:
    gold = json.loads(path.read_text(encoding="utf-8"))
    on = date.fromisoformat(gold["date"])
    text = (path.parent / gold["text"]).read_text(encoding="utf-8")
    assert set(gold["issuers"]) <= {m.code for m in find_parties(text, on=on)}
    if note := gold.get("issuers_note"):
        # the ministers named in the byline were in office that day, and belong to the issuers
        mentions = find_parties(note, on=on)
        assert {m.code for m in mentions} - {"Quad"} == set(gold["issuers"])
        assert len([m for m in find_parties(note) if m.form == "leader"]) == len(
            [m for m in mentions if m.form == "leader"]
        )


@needs_shared
def test_corpus_bylines_name_ministers_in_office_on_the_statement_date() -> None:
    for path in sorted((SHARED / "corpus").glob("*.md")):
        front = yaml.safe_load(path.read_text(encoding="utf-8").split("---", 2)[1])
        on = date.fromisoformat(str(front["date"]))
        byline = front.get("issuers") or ""
        any_day = [m for m in find_parties(byline) if m.form == "leader"]
        that_day = [m for m in find_parties(byline, on=on) if m.form == "leader"]
        assert len(any_day) == len(that_day), path.name
        parties = {m.code for m in find_parties(byline) if m.form == "name"}
        assert {m.code for m in that_day} <= parties, path.name
