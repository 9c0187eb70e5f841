"""The calendar (`/calendar?month=YYYY-MM`): a month's deadlines and expected meetings as a grid of weeks, Monday
first, each item a link to its commitment or mechanism, with links to the months either side and to the .ics feed
(`/api/v1/calendar.ics`) that calendar applications subscribe to."""

from __future__ import annotations

import calendar as weeks
from collections import defaultdict
from datetime import date
from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse

from servanda.tracking.due_items import month_items
from servanda.tracking.lookup import today
from servanda.web.auth import Viewer
from servanda.web.database import Db
from servanda.web.errors import Unprocessable
from servanda.web.pages.layout import PageMarkings, render

router = APIRouter()

DAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def month_start(text: str | None) -> date:
    """The first day of the month `text` names (YYYY-MM); this month when it names none."""
    if not text:
        return today().replace(day=1)
    try:
        year, month = (int(part) for part in text.split("-"))
        return date(year, month, 1)
    except ValueError:
        raise Unprocessable(f"month: {text!r} is not a month (YYYY-MM)") from None


def shifted(first: date, months: int) -> date:
    index = first.year * 12 + first.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


@router.get("/calendar", name="calendar", response_class=HTMLResponse)
def show_calendar(
    request: Request,
    viewer: Viewer,
    db: Db,
    month: Annotated[str | None, Query(max_length=7, description="YYYY-MM; this month when left out")] = None,
) -> HTMLResponse:
    first = month_start(month)
    if not 1 <= first.year <= 9998:
        raise Unprocessable(f"month: {month!r} is out of range")
    last = date(first.year, first.month, weeks.monthrange(first.year, first.month)[1])
    with db.reading() as session:
        found = month_items(session, viewer=viewer, first=first, last=last)
        marks = PageMarkings(session, viewer)
        by_day: dict[date, list] = defaultdict(list)
        for item in found.items:
            by_day[item.due_by].append((item, marks.view(found.markings[item.key])))
        grid = [
            [
                (date(first.year, first.month, day), by_day.get(date(first.year, first.month, day), []))
                if day
                else None
                for day in week
            ]
            for week in weeks.Calendar(firstweekday=0).monthdayscalendar(first.year, first.month)
        ]
        context = {
            "first": first,
            "last": last,
            "grid": grid,
            "items": [(item, marks.view(found.markings[item.key])) for item in found.items],
            "day_names": DAY_NAMES,
            "previous": shifted(first, -1).strftime("%Y-%m"),
            "next": shifted(first, 1).strftime("%Y-%m"),
            "this_month": today().strftime("%Y-%m"),
            "today": today(),
        }
        return render(request, session, viewer, "calendar.html", context, marking=marks.view(found.marking))
