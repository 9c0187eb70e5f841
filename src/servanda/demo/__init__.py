"""Demo data: the statement Servanda was founded on and the Canada-Korea history before it, bundled so
`servanda demo` works anywhere; the people and fictional marked notes that show the access rules at work; and a few
clearly labelled example assessments (`contents.yaml`).

The statement is the joint statement of the second Canada-Republic of Korea Foreign and Defence (2+2)
Ministerial Meeting, Ottawa, 25 February 2026, as republished in plain text. The history (`history/`) holds the
earlier Canada-Korea statements and readouts, from 2022 to 2025, as published, with their metadata in front matter.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib import resources

import yaml

STATEMENT = "2026-02-25_canada-korea_2plus2.txt"
HISTORY = "history"


@dataclass(frozen=True, slots=True)
class DemoPerson:
    username: str
    name: str
    nationality: str
    clearance: str
    role: str
    compartments: tuple[str, ...]

    @property
    def password(self) -> str:
        """The demo's sign-in password for this person: printed by `servanda demo`, for a local demo only."""
        return f"{self.username}-demo"


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
    return resources.files(__name__).joinpath(*name.split("/")).read_bytes()


def history() -> tuple[str, ...]:
    """The bundled history's files, as `history/NAME`, in date order (their names start with the date)."""
    folder = resources.files(__name__).joinpath(HISTORY)
    return tuple(sorted(f"{HISTORY}/{item.name}" for item in folder.iterdir() if item.name.endswith(".md")))


def examples() -> tuple[dict, ...]:
    """The example assessments and decisions the demo applies once, in order."""
    return tuple(_contents()["examples"])


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
