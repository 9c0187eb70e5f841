"""What is overdue and what falls due soon: commitments' deadlines and mechanisms' expected meetings."""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel, Field

from servanda.tracking.deadlines import Deadline
from servanda.tracking.due_items import DueItems
from servanda.web.markings import Banners, MarkingPublic


class DeadlinePublic(BaseModel):
    key: str = Field(description="commitment-ID or mechanism-ID", examples=["commitment-14"])
    title: str
    due: str = Field(description="ISO 8601 at its stated precision")
    due_by: date = Field(description="the last day `due` covers")
    status: str
    detail: str = Field(description="the item's marking and where it comes from")


class DueItemsPublic(BaseModel):
    as_of: date
    within_days: int
    overdue: list[DeadlinePublic] = Field(description="oldest first")
    upcoming: list[DeadlinePublic] = Field(description="soonest first")
    marking: MarkingPublic = Field(description="the highest marking of the items listed")


def _deadline(item: Deadline) -> DeadlinePublic:
    return DeadlinePublic(
        key=item.key, title=item.title, due=item.due, due_by=item.due_by, status=item.status, detail=item.detail
    )


def due_items_public(value: DueItems, banners: Banners) -> DueItemsPublic:
    return DueItemsPublic(
        as_of=value.as_of,
        within_days=value.within.days,
        overdue=[_deadline(item) for item in value.overdue],
        upcoming=[_deadline(item) for item in value.upcoming],
        marking=banners.of(value.marking),
    )
