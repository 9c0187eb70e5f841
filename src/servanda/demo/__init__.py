"""Demo data: the statement Servanda was founded on, bundled so `servanda demo` works anywhere, and the people and
fictional marked notes that show the access rules at work (`contents.yaml`).

The statement is the joint statement of the second Canada-Republic of Korea Foreign and Defence (2+2)
Ministerial Meeting, Ottawa, 25 February 2026, as republished in plain text.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib import resources

import yaml

STATEMENT = "2026-02-25_canada-korea_2plus2.txt"


@dataclass(frozen=True, slots=True)
class DemoPerson:
    username: str
    name: str
    nationality: str
    clearance: str
    role: str
    compartments: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class DemoNote:
    file: str
    issuers: str
    marking: str  # a banner that names its originator


def statement_bytes() -> bytes:
    """The bundled statement's bytes, as a file of that name would hold them."""
    return bundled_bytes(STATEMENT)


def bundled_bytes(name: str) -> bytes:
    """The bytes of a file bundled with the demo."""
    return resources.files(__name__).joinpath(name).read_bytes()


def operator() -> DemoPerson:
    """The local admin the demo creates on a fresh database and acts as."""
    (person,) = _people("operator")
    return person


def personas() -> tuple[DemoPerson, ...]:
    """The personas of the golden authorisation matrix, less its disabled admin."""
    return _people("personas")


def notes() -> tuple[DemoNote, ...]:
    """The fictional marked notes, in the order they are stored."""
    return tuple(DemoNote(**note) for note in _contents()["notes"])


def _people(section: str) -> tuple[DemoPerson, ...]:
    return tuple(
        DemoPerson(
            username,
            fields["name"],
            fields["nationality"],
            fields["clearance"],
            fields["role"],
            tuple(fields["compartments"]),
        )
        for username, fields in _contents()[section].items()
    )


@cache
def _contents() -> dict:
    return yaml.safe_load(resources.files(__name__).joinpath("contents.yaml").read_text("utf-8"))
