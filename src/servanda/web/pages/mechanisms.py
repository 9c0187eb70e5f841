"""Mechanisms (`/mechanisms`, `/mechanisms/{id}`): the dialogues, talks and meetings statements set up, each with
its meetings on record, its cadence and the next meeting expected, from what the person may read."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from servanda.tracking.mechanisms import get_mechanism, list_mechanisms
from servanda.web.auth import Viewer
from servanda.web.database import Db
from servanda.web.pages.layout import PageMarkings, pager, render
from servanda.web.pagination import Paged

router = APIRouter()


@router.get("/mechanisms", name="mechanisms", response_class=HTMLResponse)
def show_mechanisms(request: Request, viewer: Viewer, db: Db, paging: Paged) -> HTMLResponse:
    with db.reading() as session:
        mechanisms = list_mechanisms(session, viewer=viewer)
        shown = paging.cut(mechanisms)
        marks = PageMarkings(session, viewer)
        context = {
            "rows": [(m, marks.view(m.marking)) for m in shown],
            "pager": pager(request, paging, len(mechanisms), len(shown)),
        }
        marking = marks.view_highest([m.marking for m in shown] + [x.marking for m in shown for x in m.meetings])
        return render(request, session, viewer, "mechanisms/list.html", context, marking=marking)


@router.get("/mechanisms/{mechanism_id}", name="mechanism", response_class=HTMLResponse)
def show_mechanism(mechanism_id: int, request: Request, viewer: Viewer, db: Db) -> HTMLResponse:
    with db.reading() as session:
        found = get_mechanism(session, mechanism_id, viewer=viewer)  # NotFound, a 404 page, when it may not be read
        marks = PageMarkings(session, viewer)
        context = {
            "mechanism": found,
            "mechanism_marking": marks.view(found.marking),
            "meetings": [(m, marks.view(m.marking)) for m in reversed(found.meetings)],
        }
        marking = marks.view_highest([found.marking, *(m.marking for m in found.meetings)])
        return render(request, session, viewer, "mechanisms/page.html", context, marking=marking)
