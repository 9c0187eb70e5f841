"""Agreements (`/agreements`, `/agreements/{id}`): the agreements, plans and partnerships statements name, each
with the stages it has gone through (negotiating, concluded, signed, ...), from what the person may read."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from servanda.tracking.agreements import get_agreement, list_agreements
from servanda.web.auth import Viewer
from servanda.web.database import Db
from servanda.web.pages.layout import PageMarkings, pager, render
from servanda.web.pagination import Paged

router = APIRouter()


@router.get("/agreements", name="agreements", response_class=HTMLResponse)
def show_agreements(request: Request, viewer: Viewer, db: Db, paging: Paged) -> HTMLResponse:
    with db.reading() as session:
        agreements = list_agreements(session, viewer=viewer)
        shown = paging.cut(agreements)
        marks = PageMarkings(session, viewer)
        context = {
            "rows": [(a, marks.view(a.marking)) for a in shown],
            "pager": pager(request, paging, len(agreements), len(shown)),
        }
        marking = marks.view_highest([a.marking for a in shown] + [s.marking for a in shown for s in a.stages])
        return render(request, session, viewer, "agreements/list.html", context, marking=marking)


@router.get("/agreements/{agreement_id}", name="agreement", response_class=HTMLResponse)
def show_agreement(agreement_id: int, request: Request, viewer: Viewer, db: Db) -> HTMLResponse:
    with db.reading() as session:
        found = get_agreement(session, agreement_id, viewer=viewer)  # NotFound, a 404 page, when it may not be read
        marks = PageMarkings(session, viewer)
        context = {
            "agreement": found,
            "agreement_marking": marks.view(found.marking),
            "stages": [(s, marks.view(s.marking)) for s in found.stages],
        }
        marking = marks.view_highest([found.marking, *(s.marking for s in found.stages)])
        return render(request, session, viewer, "agreements/page.html", context, marking=marking)
