"""Mechanisms: standing meetings, talks and dialogues, with their meetings and the next one expected."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, Field

from servanda.tracking import mechanisms as library
from servanda.web.markings import Banners, MarkingPublic
from servanda.web.schemas.common import Page


class MeetingPublic(BaseModel):
    id: int
    mechanism_id: int
    held_on: str = Field(description="ISO 8601 at its precision")
    document_id: int | None
    document_title: str | None
    document_date: str | None
    recorded_by: str
    at: datetime
    marking: MarkingPublic


class NextMeetingPublic(BaseModel):
    expected: str | None = Field(description="ISO 8601 at its precision")
    basis: Literal["stated", "cadence", "unknown"]
    overdue: bool


class MechanismPublic(BaseModel):
    id: int
    name: str
    recurrence: str | None = Field(description="its cadence, an ISO 8601 duration such as P2Y")
    meetings: list[MeetingPublic]
    last_held: str | None
    stated_next: str | None = Field(description="what the latest statement since the last meeting says of the next")
    next: NextMeetingPublic
    marking: MarkingPublic


class MechanismPage(Page[MechanismPublic]):
    pass


class MechanismUpdate(BaseModel):
    """A new name, or a new cadence ("" clears it); what is left out stays as it is."""

    name: str | None = Field(default=None, max_length=500)
    recurrence: str | None = Field(default=None, max_length=40, examples=["P2Y"])


class MeetingCreate(BaseModel):
    """A meeting held on `held_on`, evidenced by a stored document if given; `marking` is the meeting's own."""

    held_on: str = Field(examples=["2026-02-25"], max_length=10)
    document_id: int | None = None
    marking: str | None = None
    raise_marking: bool = Field(default=False, description="raise the mechanism's marking to cover the meeting")


def meeting_public(value: library.MeetingPublic, banners: Banners) -> MeetingPublic:
    fields = {name: getattr(value, name) for name in MeetingPublic.model_fields if name != "marking"}
    return MeetingPublic(**fields, marking=banners.of(value.marking))


def mechanism_public(value: library.MechanismPublic, banners: Banners) -> MechanismPublic:
    return MechanismPublic(
        id=value.id,
        name=value.name,
        recurrence=value.recurrence,
        meetings=[meeting_public(m, banners) for m in value.meetings],
        last_held=value.last_held,
        stated_next=value.stated_next,
        next=NextMeetingPublic(
            expected=value.next.expected,
            basis=value.next.basis,  # type: ignore[arg-type]
            overdue=value.next.overdue,
        ),
        marking=banners.of(value.marking),
    )
