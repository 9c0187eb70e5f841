"""National marking schemes and the instruments that make their levels comparable, loaded from data."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib import resources

import yaml

from servanda.errors import ServandaError


class SchemeError(ServandaError):
    """The schemes file is malformed, or names a level or instrument that does not exist."""


@dataclass(frozen=True, slots=True)
class Level:
    """One level of a national scheme: its name, its rank for comparison, and the names it is written as."""

    scheme: str  # party code of the scheme
    name: str
    rank: int
    aliases: tuple[str, ...] = ()
    designation: bool = False  # a level of a separate designation scale (PROTECTED A/B/C)
    clearance_only: bool = False  # held by people, never written on a record (RELIABILITY)


@dataclass(frozen=True, slots=True)
class Scheme:
    party: str
    name: str
    levels: tuple[Level, ...]

    def level(self, name: str) -> Level | None:
        wanted = _normal(name)
        for level in self.levels:
            if _normal(level.name) == wanted or wanted in (_normal(a) for a in level.aliases):
                return level
        return None

    @property
    def lowest(self) -> Level:
        return self.levels[0]


@dataclass(frozen=True, slots=True)
class Instrument:
    """An agreement on the protection of classified information between `parties`."""

    id: str
    name: str
    parties: tuple[str, ...]
    pairs: tuple[tuple[tuple[str, str], ...], ...]  # each row: ((party, level name), ...)

    def equivalent(self, level: Level, party: str) -> Level | None:
        """The level of `party`'s scheme that corresponds to `level`, or None when it is not exchangeable."""
        if level.scheme == party:
            return level
        for row in self.pairs:
            names = dict(row)
            if names.get(level.scheme) == level.name and party in names:
                return scheme(party).level(names[party])
        return None


@dataclass(frozen=True, slots=True)
class Catalogue:
    version: int
    schemes: dict[str, Scheme]
    instruments: dict[str, Instrument]
    default_instrument: str


def _normal(name: str) -> str:
    return " ".join(name.upper().split())


@cache
def catalogue() -> Catalogue:
    """The schemes and instruments shipped with Servanda (`access/data/schemes.yaml`)."""
    raw = yaml.safe_load(resources.files("servanda.access.data").joinpath("schemes.yaml").read_text("utf-8"))
    return parse_catalogue(raw)


def parse_catalogue(raw: dict) -> Catalogue:
    """Validate and build a catalogue from its YAML form."""
    try:
        schemes = {
            party: Scheme(
                party,
                body["name"],
                tuple(
                    Level(
                        party,
                        lv["name"],
                        int(lv["rank"]),
                        tuple(lv.get("aliases", ())),
                        bool(lv.get("designation")),
                        bool(lv.get("clearance_only")),
                    )
                    for lv in body["levels"]
                ),
            )
            for party, body in raw["schemes"].items()
        }
        instruments = {
            key: Instrument(
                key,
                body["name"],
                tuple(body["parties"]),
                tuple(tuple(sorted(row.items())) for row in body.get("equivalence", ())),
            )
            for key, body in raw["instruments"].items()
        }
        result = Catalogue(int(raw["version"]), schemes, instruments, raw["default_instrument"])
    except (KeyError, TypeError, ValueError) as err:
        raise SchemeError(f"the marking schemes file is malformed: {err}") from err
    for instrument in instruments.values():
        for row in instrument.pairs:
            for party, name in row:
                if party not in schemes or schemes[party].level(name) is None:
                    raise SchemeError(f"instrument {instrument.id} names an unknown level: {party} {name}")
    if result.default_instrument not in instruments:
        raise SchemeError(f"unknown default instrument: {result.default_instrument}")
    return result


def scheme(party: str) -> Scheme:
    """The marking scheme of `party`; SchemeError when Servanda has none for it."""
    found = catalogue().schemes.get(party)
    if found is None:
        raise SchemeError(f"no marking scheme is defined for {party}")
    return found


def has_scheme(party: str) -> bool:
    return party in catalogue().schemes


def instrument(key: str | None = None) -> Instrument:
    """The instrument called `key`, or the default one."""
    cat = catalogue()
    chosen = key or cat.default_instrument
    if chosen not in cat.instruments:
        raise SchemeError(f"unknown instrument: {chosen}")
    return cat.instruments[chosen]


def instrument_between(first: str, second: str, preferred: str | None = None) -> Instrument | None:
    """The instrument that governs exchanges between two parties: `preferred` if it covers both, else the first
    listed that does."""
    cat = catalogue()
    candidates = ([cat.instruments[preferred]] if preferred in cat.instruments else []) + list(cat.instruments.values())
    for candidate in candidates:
        if first in candidate.parties and second in candidate.parties:
            return candidate
    return None


def levels_named(name: str) -> list[Level]:
    """Every scheme's level written `name` (SECRET is Canada's and the United States')."""
    return [lv for s in catalogue().schemes.values() if (lv := s.level(name)) is not None]
