"""The person a request acts for: who they are, their clearance, and what it corresponds to in other schemes."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

from servanda.access import Person
from servanda.access.schemes import catalogue, instrument_between, scheme
from servanda.store.accounts import PersonRecord


class ClearanceEquivalent(BaseModel):
    party: str
    level: str | None = Field(description="the equivalent level under the governing instrument; null when none")
    instrument: str | None


class MePublic(BaseModel):
    username: str
    display_name: str
    nationality: str
    clearance: str
    clearance_equivalents: list[ClearanceEquivalent]
    compartments: list[str]
    role: str = Field(description="the role this request acts with: a token's scopes may cap the person's role")
    organisation: str | None
    authenticated_by: Literal["session", "token"]
    csrf_token: str | None = Field(
        description="with a session: send it as X-CSRF-Token on every state-changing request; null with a token"
    )


def clearance_equivalents(person: Person) -> list[ClearanceEquivalent]:
    """What the person's clearance corresponds to in every other nation's scheme Servanda knows."""
    held = scheme(person.nationality).level(person.clearance)
    found = []
    for party in sorted(catalogue().schemes):
        if party == person.nationality:
            continue
        governing = instrument_between(person.nationality, party)
        level = governing.equivalent(held, party) if governing is not None and held is not None else None
        found.append(
            ClearanceEquivalent(
                party=party, level=level.name if level else None, instrument=governing.id if governing else None
            )
        )
    return found


def me_public(person: Person, row: PersonRecord, via: str, csrf_token: str | None) -> MePublic:
    return MePublic(
        username=person.username,
        display_name=row.display_name,
        nationality=person.nationality,
        clearance=person.clearance,
        clearance_equivalents=clearance_equivalents(person),
        compartments=sorted(person.compartments),
        role=person.role,
        organisation=row.organisation.name if row.organisation is not None else None,
        authenticated_by=via,  # type: ignore[arg-type]
        csrf_token=csrf_token,
    )
