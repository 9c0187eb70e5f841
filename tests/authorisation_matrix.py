"""The golden authorisation matrix (tests/data/authorisation_matrix.yaml), read once for every test that uses it."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import yaml

from servanda.access import Marking, Person, parse_marking

MATRIX_FILE = Path(__file__).parent / "data" / "authorisation_matrix.yaml"


@cache
def matrix() -> dict:
    return yaml.safe_load(MATRIX_FILE.read_text(encoding="utf-8"))


def personas() -> dict[str, Person]:
    return {
        name: Person(
            username=name,
            nationality=p["nationality"],
            clearance=str(p["clearance"]),
            role=p["role"],
            compartments=frozenset(p.get("compartments") or ()),
            disabled=bool(p.get("disabled")),
        )
        for name, p in matrix()["personas"].items()
    }


def markings() -> dict[str, Marking]:
    return {name: parse_marking(banner) for name, banner in matrix()["markings"].items()}


def expectations(action: str) -> list[tuple[str, str, str]]:
    """(persona, marking, expected code) for every row of `action`."""
    return [
        (persona, marking, str(code))
        for persona, actions in matrix()["expect"].items()
        for marking, code in actions.get(action, {}).items()
    ]
