"""Mechanisms (`/mechanisms`, `/mechanisms/{id}`): the dialogues, talks and meetings statements set up, each with
its meetings on record, its cadence and the next meeting expected, from what the person may read; on a
mechanism's page, the commitments that name it, and the forms that edit it and record a meeting
(`tracking_forms`: versioned, so a stale form writes nothing)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response
from sqlalchemy.orm import Session

from servanda.access import Person
from servanda.tracking.mechanisms import MechanismPublic, add_meeting, edit_mechanism, get_mechanism, list_mechanisms
from servanda.web.auth import Viewer
from servanda.web.database import Database, Db
from servanda.web.etags import etag_of, json_bytes
from servanda.web.markings import Banners
from servanda.web.pages.layout import PageMarkings, may, pager, render
from servanda.web.pages.named_commitments import named_commitments
from servanda.web.pages.tracking_forms import (
    FORM,
    LIBRARY_REFUSALS,
    DatedForm,
    MechanismEdit,
    Problems,
    Refused,
    check,
    submit,
)
from servanda.web.pagination import DEFAULT_LIMIT, Paged, Paging
from servanda.web.schemas.mechanisms import mechanism_public

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
def show_mechanism(
    mechanism_id: int, request: Request, viewer: Viewer, db: Db, paging: Paged, done: str = ""
) -> HTMLResponse:
    notice = {"edited": "Changes saved.", "meeting": "Meeting recorded."}.get(done)
    with db.reading() as session:
        return _page(request, session, viewer, mechanism_id, paging, notice=notice)


@router.post("/mechanisms/{mechanism_id}/edit", name="edit_mechanism", response_class=HTMLResponse)
async def edit(mechanism_id: int, request: Request, viewer: Viewer, db: Db) -> Response:
    def write(form: Any) -> str:
        entered = MechanismEdit.read(form)
        with db.writing() as session:
            check(entered, _current(session, viewer, mechanism_id)[1], viewer)  # NotFound first: a 404 page
            try:
                edit_mechanism(session, mechanism_id, actor=viewer, name=entered.name, recurrence=entered.cadence)
            except LIBRARY_REFUSALS as err:
                raise Refused(entered, {FORM: str(err)}) from None
        return f"/mechanisms/{mechanism_id}?done=edited"

    return await submit(request, write, _again(request, db, viewer, mechanism_id))


@router.post("/mechanisms/{mechanism_id}/meetings", name="record_meeting", response_class=HTMLResponse)
async def record_meeting(mechanism_id: int, request: Request, viewer: Viewer, db: Db) -> Response:
    def write(form: Any) -> str:
        entered = DatedForm.read(form)
        with db.writing() as session:
            check(entered, _current(session, viewer, mechanism_id)[1], viewer)
            try:
                add_meeting(
                    session,
                    mechanism_id,
                    entered.date,
                    actor=viewer,
                    document_id=entered.document,
                    marking=entered.marking_for(viewer),
                    raise_marking=entered.raise_marking,
                )
            except LIBRARY_REFUSALS as err:
                raise Refused(entered, {FORM: str(err)}) from None
        return f"/mechanisms/{mechanism_id}?done=meeting#meetings-heading"

    return await submit(request, write, _again(request, db, viewer, mechanism_id))


def _current(session: Session, viewer: Person, mechanism_id: int) -> tuple[MechanismPublic, str]:
    """The mechanism and its version, the ETag `GET /api/v1/mechanisms/ID` gives it; NotFound (a 404 page) for
    one the viewer may not read."""
    found = get_mechanism(session, mechanism_id, viewer=viewer)
    return found, etag_of(json_bytes(mechanism_public(found, Banners(session, viewer))))


def _again(request: Request, db: Database, viewer: Person, mechanism_id: int):
    def show(entered: Any, problems: Problems, status: int) -> Response:
        with db.reading() as session:
            paging = Paging(DEFAULT_LIMIT, 0)
            return _page(
                request, session, viewer, mechanism_id, paging, entered=entered, problems=problems, status=status
            )

    return show


def _page(
    request: Request,
    session: Session,
    viewer: Person,
    mechanism_id: int,
    paging: Paging,
    *,
    entered: Any = None,
    problems: Problems | None = None,
    notice: str | None = None,
    status: int = 200,
) -> HTMLResponse:
    found, version = _current(session, viewer, mechanism_id)
    marks = PageMarkings(session, viewer)
    named = named_commitments(
        request, session, viewer, f"/mechanisms/{mechanism_id}", paging, marks, mechanism_id=mechanism_id
    )
    forms = {
        "edit": MechanismEdit(version, found.name, found.recurrence or ""),
        "meeting": DatedForm(version),
    }
    if entered is not None:  # shown again as entered, with the version it was entered on
        forms[entered.key] = entered
    context = {
        "mechanism": found,
        "mechanism_marking": marks.view(found.marking),
        "meetings": [(m, marks.view(m.marking)) for m in reversed(found.meetings)],
        "commitments": named.rows,
        "commitments_pager": named.pager,
        "may_edit": may(viewer, "update", found.marking),
        "may_record": may(viewer, "attach", found.marking),
        "forms": forms,
        "version": version,
        "problems": {entered.key: problems} if entered is not None and problems else {},
        "notice": notice,
    }
    marking = marks.view_highest([found.marking, *(m.marking for m in found.meetings), *named.markings])
    return render(request, session, viewer, "mechanisms/page.html", context, marking=marking, status=status)
