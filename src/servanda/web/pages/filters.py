"""The filters the commitment list and the search page share (area, strength, actor, status, due range), read
from a GET form. A form sends every field, empty ones as "", so each is read as text: an empty field filters on
nothing, and a value that is not one of the vocabulary's is named back to the person and ignored, rather than
refusing the whole page."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from functools import cache
from typing import Annotated

from fastapi import Depends, Query

from servanda.extract.model import AREAS, STRENGTHS
from servanda.reference.parties import all_parties
from servanda.store import CommitmentFilters
from servanda.tracking.status import STATUSES

Text = Annotated[str, Query(max_length=64)]


@dataclass(frozen=True, slots=True)
class FilterForm:
    """What the filter form holds, as entered, and what could not be used."""

    area: str = ""
    strength: str = ""
    actor: str = ""
    status: str = ""
    due_after: str = ""
    due_before: str = ""
    problems: tuple[str, ...] = field(default=())

    def filters(self) -> CommitmentFilters:
        """The store's filters for what was entered and valid."""
        return {
            "area": self.area or None,
            "strength": self.strength or None,
            "actor": self.actor or None,
            "status": self.status or None,
            "due_after": date.fromisoformat(self.due_after) if self.due_after else None,
            "due_before": date.fromisoformat(self.due_before) if self.due_before else None,
        }

    def query(self) -> dict[str, str]:
        """The filters in use, as query parameters (for links that keep them)."""
        fields = ("area", "strength", "actor", "status", "due_after", "due_before")
        return {name: getattr(self, name) for name in fields if getattr(self, name)}

    @property
    def active(self) -> bool:
        return bool(self.query())


def _day(value: str, name: str, problems: list[str]) -> str:
    if not value:
        return ""
    try:
        return date.fromisoformat(value).isoformat()
    except ValueError:
        problems.append(f"{name}: {value!r} is not a date (YYYY-MM-DD); ignored")
        return ""


def _one_of(value: str, allowed: tuple[str, ...] | frozenset[str], name: str, problems: list[str]) -> str:
    if value and value not in allowed:
        problems.append(f"{name}: {value!r} is not one of the choices; ignored")
        return ""
    return value


def filter_form(
    area: Text = "",
    strength: Text = "",
    actor: Text = "",
    status: Text = "",
    due_after: Text = "",
    due_before: Text = "",
) -> FilterForm:
    problems: list[str] = []
    return FilterForm(
        area=_one_of(area.strip(), AREAS, "area", problems),
        strength=_one_of(strength.strip(), STRENGTHS, "strength", problems),
        actor=_one_of(actor.strip().upper(), party_codes(), "party", problems),
        status=_one_of(status.strip(), tuple(STATUSES), "status", problems),
        due_after=_day(due_after.strip(), "due after", problems),
        due_before=_day(due_before.strip(), "due before", problems),
        problems=tuple(problems),
    )


Filters = Annotated[FilterForm, Depends(filter_form)]


@cache
def party_codes() -> frozenset[str]:
    return frozenset(party.code for party in all_parties())


@cache
def party_choices() -> tuple[tuple[str, str], ...]:
    """Every party the reference data knows, as (code, name), by name: the actor filter's choices."""
    return tuple(sorted(((p.code, p.name) for p in all_parties()), key=lambda choice: choice[1]))


def choices() -> dict[str, object]:
    """The filter form's choices, for its template."""
    return {"areas": AREAS, "strengths": STRENGTHS, "statuses": tuple(STATUSES), "parties": party_choices()}
