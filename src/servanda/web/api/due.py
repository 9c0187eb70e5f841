"""`/due` and `/calendar.ics`: what is overdue and what falls due soon, as JSON and as an RFC 5545 calendar."""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from servanda.tracking.deadlines import parse_window
from servanda.tracking.due_items import calendar_ics, due_items
from servanda.tracking.lookup import today
from servanda.web.api.common import read
from servanda.web.auth import Viewer
from servanda.web.database import Db
from servanda.web.errors import Unprocessable
from servanda.web.etags import represent
from servanda.web.markings import Banners
from servanda.web.schemas.due import DueItemsPublic, due_items_public

router = APIRouter(tags=["deadlines"])
AsOf = Annotated[date | None, Query(description="the day to look from; today when left out")]


@router.get("/due", response_model=DueItemsPublic, **read())
def get_due(
    request: Request,
    viewer: Viewer,
    db: Db,
    as_of: AsOf = None,
    within: Annotated[str, Query(description="how far ahead: 90d, 12w, 6m or 1y", max_length=8)] = "90d",
) -> Response:
    """Open commitments and expected meetings the viewer may read that are overdue, or fall due within `within`."""
    try:
        window = parse_window(within)
    except ValueError as err:
        raise Unprocessable(str(err)) from None
    with db.reading() as session:
        items = due_items(session, viewer=viewer, as_of=as_of, within=window)
        return represent(request, due_items_public(items, Banners(session, viewer)))


@router.get("/calendar.ics", response_class=Response, **read(content={"text/calendar": {"schema": {"type": "string"}}}))
def get_calendar(request: Request, viewer: Viewer, db: Db, as_of: AsOf = None) -> Response:
    """An RFC 5545 calendar of the open deadlines and expected meetings the viewer may read; its name carries the
    highest marking of what it holds, and each event its own."""
    day = as_of or today()
    with db.reading() as session:
        # Stamped with the day it is made for, so that its ETag changes only when what it holds does.
        body = calendar_ics(session, viewer=viewer, as_of=day, stamp=datetime.combine(day, time(), tzinfo=UTC))
    return represent(request, body, media_type="text/calendar; charset=utf-8")
