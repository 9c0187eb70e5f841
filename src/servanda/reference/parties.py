"""Parties named in joint statements, and a fast matcher that finds them (and their leaders) in text."""

from __future__ import annotations

import re
import unicodedata
from calendar import monthrange
from dataclasses import dataclass
from datetime import date
from functools import cache
from importlib import resources
from typing import Literal

import yaml

from servanda.errors import ServandaError

Kind = Literal["country", "organisation", "grouping", "territory"]
Form = Literal["name", "adjective", "leader"]


class ReferenceDataError(ServandaError):
    """The packaged party or leader data is missing or malformed."""


@dataclass(frozen=True, slots=True)
class Party:
    """A state, territory, organisation or grouping, with every English form a statement uses for it."""

    code: str  # ISO 3166-1 alpha-3, or an organisation's short name (EU, NATO, Quad)
    name: str
    kind: Kind
    names: tuple[str, ...]
    adjectives: tuple[str, ...]
    members: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class PartyMention:
    """One mention of a party in a text: `text[start:end]` is the words that name it."""

    start: int
    end: int
    code: str
    form: Form


@dataclass(frozen=True, slots=True)
class LeaderTerm:
    """One term in one office; `end` is None while the term runs."""

    name: str
    code: str
    role: str
    start: date
    end: date | None

    def covers(self, day: date) -> bool:
        return self.start <= day and (self.end is None or day <= self.end)


# --- public API ---


def get_party(code: str) -> Party | None:
    """The party with this code, or None."""
    return _reference().parties.get(code)


def party_name(code: str) -> str:
    """The party's short UI name; the code itself when the code is unknown."""
    party = get_party(code)
    return party.name if party else code


def all_parties() -> tuple[Party, ...]:
    """Every party in data-file order: states, observers, territories, organisations, groupings."""
    return tuple(_reference().parties.values())


def expand_members(code: str) -> tuple[str, ...]:
    """Members of an organisation or grouping with a settled membership; () for anything else."""
    party = get_party(code)
    return party.members if party else ()


def code_for(text: str) -> str | None:
    """The code that a whole name, adjective or code stands for ("the Republic of Korea", "kor"), or None."""
    ref = _reference()
    wanted = _key(text.strip())
    if wanted[:4] in ("the ", "The ", "THE "):
        wanted = wanted[4:]
    target = ref.surfaces.get(wanted)
    if isinstance(target, _Named):
        return target.code
    return ref.codes_folded.get(wanted.casefold())


def leader_terms(name: str) -> tuple[LeaderTerm, ...]:
    """Terms of office held by the person written `name` (any recorded form), latest first."""
    target = _reference().surfaces.get(_key(name.strip()))
    return target.terms if isinstance(target, _Leader) else ()


def leader_titles() -> tuple[str, ...]:
    """Words that title a leader or minister ("Prime Minister", "Minister of National Defense")."""
    return _reference().titles


def data_version() -> dict[str, int]:
    """The `version:` of each packaged data file, to stamp results that depend on them."""
    return dict(_reference().versions)


def find_parties(
    text: str, *, adjectives: bool = True, leaders: bool = True, on: date | None = None
) -> list[PartyMention]:
    """Every mention of a party in `text`, sorted and non-overlapping, the longest form winning at each place.

    A leader's name counts only when one of the person's terms includes `on` (any term when `on` is None).
    """
    ref = _reference()
    mentions: list[PartyMention] = []
    for match in ref.pattern.finditer(text):
        target = ref.surfaces.get(_key(match.group()))
        if isinstance(target, _Named):
            if adjectives or target.form == "name":
                mentions.append(PartyMention(match.start(), match.end(), target.code, target.form))
        elif isinstance(target, _Leader) and leaders:
            term = _term_on(target.terms, on)
            if term is not None:
                mentions.append(PartyMention(match.start(), match.end(), term.code, "leader"))
    return mentions


# --- the tables behind the API ---


@dataclass(frozen=True, slots=True)
class _Named:
    code: str
    form: Literal["name", "adjective"]


@dataclass(frozen=True, slots=True)
class _Leader:
    terms: tuple[LeaderTerm, ...]  # latest start first


class _NotParty:
    """A place, event or instrument that contains a party's name: consumed whole, reported as nothing."""


_NOT_PARTY = _NotParty()
_Target = _Named | _Leader | _NotParty


@dataclass(frozen=True, slots=True)
class _Reference:
    parties: dict[str, Party]
    codes_folded: dict[str, str]
    titles: tuple[str, ...]
    versions: tuple[tuple[str, int], ...]
    surfaces: dict[str, _Target]  # every matchable form, normalised by _key
    # Forms claimed by two targets without an `ambiguous` entry; the data tests keep it empty.
    conflicts: tuple[str, ...]
    pattern: re.Pattern[str]


_APOSTROPHES = "'’ʼ"
_HYPHENS = "-‐‑"
_KEY_TABLE = str.maketrans({"’": "'", "ʼ": "'", "‐": "-", "‑": "-"})
_SPACE_RUN = re.compile(r"\s+")
# Letters that Unicode decomposition does not strip to ASCII.
_FOLD_TABLE = str.maketrans({"ı": "i", "đ": "d", "Đ": "D", "ø": "o", "Ø": "O", "ł": "l", "Ł": "L", "ß": "ss"})


def _key(surface: str) -> str:
    """One spelling for what the matcher treats as equal: whitespace runs, curly apostrophes, hyphens."""
    return _SPACE_RUN.sub(" ", surface.translate(_KEY_TABLE))


def _fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.translate(_FOLD_TABLE))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _is_acronym(form: str) -> bool:
    # US, U.S., ROK, DPRK, G7, G-20: matched exactly as written, so "us" and "rok" never match.
    return not any(c.islower() for c in form)


def _capitalised_words(form: str) -> str:
    return " ".join(w[:1].upper() + w[1:] for w in form.split(" "))


def _case_variants(form: str) -> set[str]:
    """Title Case and ALL CAPS headings name parties too; acronyms are case-sensitive."""
    forms = {form, _fold(form)}
    if _is_acronym(form):
        return forms
    out = set()
    for f in forms:
        out |= {f, f.upper(), _capitalised_words(f), f[:1].upper() + f[1:]}
    return out


def _plural(adjective: str) -> str | None:
    if not adjective[-1:].isalpha() or adjective.endswith(("s", "sh", "ch", "ese")):
        return None
    return adjective + "s"


def _place_variants(form: str) -> set[str]:
    """Case variants of a place, which is also written "Korean peninsula" and "inter-Korean"."""
    head, _, rest = form.partition(" ")
    out = _case_variants(form)
    if rest:
        out.add(f"{head} {rest.lower()}")
    out |= {f[:1].lower() + f[1:] for f in list(out)}
    return out


def _leader_variants(name: str, variants: list[str], codes: set[str]) -> set[str]:
    forms = {name, *variants}
    if "KOR" in codes or "PRK" in codes:
        # Korean given names are romanised with or without a hyphen: Cho Tae-yul, Cho Tae Yul, Cho Taeyul.
        for f in list(forms):
            if re.search(r"-[a-z]", f):
                forms |= {
                    re.sub(r"-([a-z])", lambda m: "-" + m.group(1).upper(), f),
                    re.sub(r"-([a-z])", lambda m: " " + m.group(1).upper(), f),
                    re.sub(r"-([a-z])", r"\1", f),
                }
    words = name.split(" ")
    if "JPN" in codes and len(words) == 2:
        # Japan's Ministry of Foreign Affairs writes family name first, often in capitals: KISHIDA Fumio.
        given, family = words
        forms |= {f"{family} {given}", f"{family.upper()} {given}"}
    out = set()
    for f in forms:
        for g in (f, _fold(f)):
            out |= {g, g[:1].upper() + g[1:]}
            if " " in g:
                out.add(g.upper())
    return out


def _parse_day(value: object, *, end: bool) -> date | None:
    """A term boundary given as a day, a month (2025-07) or a year (2025); a month or year counts whole."""
    if value is None:
        return None
    if isinstance(value, date):
        return value
    parts = [int(p) for p in str(value).split("-")]
    if len(parts) == 3:
        return date(*parts)
    year = parts[0]
    month = parts[1] if len(parts) == 2 else (12 if end else 1)
    return date(year, month, monthrange(year, month)[1] if end else 1)


def _term_on(terms: tuple[LeaderTerm, ...], on: date | None) -> LeaderTerm | None:
    if on is None:
        return terms[0]
    return next((t for t in terms if t.covers(on)), None)


def _trie_regex(keys: list[str]) -> str:
    """One alternation over all keys, shared prefixes factored out so the engine branches per character."""
    trie: dict = {}
    for key in keys:
        node = trie
        for ch in key:
            node = node.setdefault(ch, {})
        node[""] = {}

    def token(ch: str) -> str:
        if ch == " ":
            return r"\s+"
        if ch == "'":
            return f"[{_APOSTROPHES}]"
        if ch == "-":
            return f"[{re.escape(_HYPHENS)}]"
        return re.escape(ch)

    def emit(node: dict) -> str:
        branches = [token(ch) + emit(child) for ch, child in sorted(node.items()) if ch]
        if not branches:
            return ""
        if "" in node:
            return f"(?:{'|'.join(branches)})?"
        return branches[0] if len(branches) == 1 else f"(?:{'|'.join(branches)})"

    return emit(trie)


def _load_yaml(filename: str) -> dict:
    try:
        text = resources.files("servanda.reference").joinpath(filename).read_text(encoding="utf-8")
        return yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except (OSError, yaml.YAMLError) as exc:
        raise ReferenceDataError(f"cannot read reference data {filename}: {exc}") from exc


@cache
def _reference() -> _Reference:
    """Load both data files and build the matcher, once per process, on first use."""
    party_data, leader_data = _load_yaml("parties.yaml"), _load_yaml("leaders.yaml")
    try:
        return _build(party_data, leader_data)
    except (KeyError, TypeError, ValueError) as exc:
        raise ReferenceDataError(f"malformed reference data: {exc!r}") from exc


def _build(party_data: dict, leader_data: dict) -> _Reference:
    surfaces: dict[str, _Target] = {}
    conflicts: list[str] = []

    def claim(surface: str, target: _Target) -> None:
        key = _key(surface)
        held = surfaces.get(key)
        if held is None or held == target:
            surfaces[key] = target
        elif isinstance(held, _Named) and isinstance(target, _Named) and held.code == target.code:
            surfaces[key] = held if held.form == "name" else target  # "U.S." is a name first
        else:
            conflicts.append(key)

    meaning: dict[str, _Named | _NotParty] = {}
    for entry in party_data.get("ambiguous", []):
        code = entry["means"]
        meaning[entry["form"]] = _NOT_PARTY if code is None else _Named(code, "name")

    parties: dict[str, Party] = {}
    for row in party_data["parties"]:
        party = Party(
            code=row["code"],
            name=row["name"],
            kind=row["kind"],
            names=tuple(row["names"]),
            adjectives=tuple(row.get("adjectives") or ()),
            members=tuple(row.get("members") or ()),
        )
        parties[party.code] = party
        for form_kind, forms in (("name", party.names), ("adjective", party.adjectives)):
            for form in forms:
                chosen = meaning.get(form, _Named(party.code, form_kind))
                target = _Named(chosen.code, form_kind) if isinstance(chosen, _Named) else chosen
                surfaces_for = _case_variants(form)
                if form_kind == "adjective" and (plural := _plural(form)):
                    surfaces_for |= _case_variants(plural)
                for surface in surfaces_for:
                    claim(surface, target)

    for form in party_data.get("not_parties", []):
        for surface in _place_variants(form):
            claim(surface, _NOT_PARTY)

    for person in leader_data["leaders"]:
        terms = tuple(
            sorted(
                (
                    LeaderTerm(
                        name=person["name"],
                        code=t["code"],
                        role=t["role"],
                        start=_parse_day(t["from"], end=False),
                        end=_parse_day(t.get("to"), end=True),
                    )
                    for t in person["terms"]
                ),
                key=lambda t: t.start,
                reverse=True,
            )
        )
        codes = {t.code for t in terms}
        for surface in _leader_variants(person["name"], person.get("variants") or [], codes):
            claim(surface, _Leader(terms))

    pattern = re.compile(rf"(?<!\w)(?:{_trie_regex(list(surfaces))})(?!\w)")
    return _Reference(
        parties=parties,
        codes_folded={code.casefold(): code for code in parties},
        titles=tuple(leader_data.get("titles") or ()),
        versions=(("parties", int(party_data["version"])), ("leaders", int(leader_data["version"]))),
        surfaces=surfaces,
        conflicts=tuple(sorted(set(conflicts))),
        pattern=pattern,
    )
