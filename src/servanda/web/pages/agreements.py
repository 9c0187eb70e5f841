"""Agreements (`/agreements`, `/agreements/{id}`): the agreements, plans and partnerships statements name, each
with the stages it has gone through (negotiating, concluded, signed, ...), from what the person may read; on an
agreement's page, the commitments that name it, and the forms that edit it and record a stage
(`tracking_forms`: versioned, so a stale form writes nothing)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response
from sqlalchemy.orm import Session

from servanda.access import Person
from servanda.tracking.agreements import KINDS, STAGES, AgreementPublic, edit_agreement, get_agreement, list_agreements
from servanda.tracking.agreements import set_stage as record_stage
from servanda.web.auth import Viewer
from servanda.web.database import Database, Db
from servanda.web.etags import etag_of, json_bytes
from servanda.web.markings import Banners
from servanda.web.pages.layout import PageMarkings, may, pager, render
from servanda.web.pages.named_commitments import named_commitments
from servanda.web.pages.tracking_forms import (
    FORM,
    LIBRARY_REFUSALS,
    AgreementEdit,
    Problems,
    Refused,
    StageForm,
    check,
    submit,
)
from servanda.web.pagination import DEFAULT_LIMIT, Paged, Paging
from servanda.web.schemas.agreements import agreement_public

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
def show_agreement(
    agreement_id: int, request: Request, viewer: Viewer, db: Db, paging: Paged, done: str = ""
) -> HTMLResponse:
    notice = {"edited": "Changes saved.", "stage": "Stage recorded."}.get(done)
    with db.reading() as session:
        return _page(request, session, viewer, agreement_id, paging, notice=notice)


@router.post("/agreements/{agreement_id}/edit", name="edit_agreement", response_class=HTMLResponse)
async def edit(agreement_id: int, request: Request, viewer: Viewer, db: Db) -> Response:
    def write(form: Any) -> str:
        entered = AgreementEdit.read(form)
        with db.writing() as session:
            check(entered, _current(session, viewer, agreement_id)[1], viewer)  # NotFound first: a 404 page
            try:
                edit_agreement(session, agreement_id, actor=viewer, name=entered.name, kind=entered.kind)
            except LIBRARY_REFUSALS as err:
                raise Refused(entered, {FORM: str(err)}) from None
        return f"/agreements/{agreement_id}?done=edited"

    return await submit(request, write, _again(request, db, viewer, agreement_id))


@router.post("/agreements/{agreement_id}/stages", name="record_stage", response_class=HTMLResponse)
async def add_stage(agreement_id: int, request: Request, viewer: Viewer, db: Db) -> Response:
    def write(form: Any) -> str:
        entered = StageForm.read(form)
        with db.writing() as session:
            check(entered, _current(session, viewer, agreement_id)[1], viewer)
            try:
                record_stage(
                    session,
                    agreement_id,
                    entered.stage,
                    entered.date,
                    actor=viewer,
                    document_id=entered.document,
                    marking=entered.marking_for(viewer),
                    raise_marking=entered.raise_marking,
                )
            except LIBRARY_REFUSALS as err:
                raise Refused(entered, {FORM: str(err)}) from None
        return f"/agreements/{agreement_id}?done=stage#stages-heading"

    return await submit(request, write, _again(request, db, viewer, agreement_id))


def _current(session: Session, viewer: Person, agreement_id: int) -> tuple[AgreementPublic, str]:
    """The agreement and its version, the ETag `GET /api/v1/agreements/ID` gives it; NotFound (a 404 page) for
    one the viewer may not read."""
    found = get_agreement(session, agreement_id, viewer=viewer)
    return found, etag_of(json_bytes(agreement_public(found, Banners(session, viewer))))


def _again(request: Request, db: Database, viewer: Person, agreement_id: int):
    def show(entered: Any, problems: Problems, status: int) -> Response:
        with db.reading() as session:
            paging = Paging(DEFAULT_LIMIT, 0)
            return _page(
                request, session, viewer, agreement_id, paging, entered=entered, problems=problems, status=status
            )

    return show


def _page(
    request: Request,
    session: Session,
    viewer: Person,
    agreement_id: int,
    paging: Paging,
    *,
    entered: Any = None,
    problems: Problems | None = None,
    notice: str | None = None,
    status: int = 200,
) -> HTMLResponse:
    found, version = _current(session, viewer, agreement_id)
    marks = PageMarkings(session, viewer)
    named = named_commitments(
        request, session, viewer, f"/agreements/{agreement_id}", paging, marks, agreement_id=agreement_id
    )
    forms = {
        "edit": AgreementEdit(version, found.name, found.kind),
        "stage": StageForm(version),
    }
    if entered is not None:  # shown again as entered
        forms[entered.key] = entered
    context = {
        "agreement": found,
        "agreement_marking": marks.view(found.marking),
        "stages": [(s, marks.view(s.marking)) for s in found.stages],
        "commitments": named.rows,
        "commitments_pager": named.pager,
        "may_edit": may(viewer, "update", found.marking),
        "may_record": may(viewer, "attach", found.marking),
        "forms": forms,
        "version": version,
        "problems": {entered.key: problems} if entered is not None and problems else {},
        "notice": notice,
        "lifecycle": STAGES,
        "kinds": KINDS,
    }
    marking = marks.view_highest([found.marking, *(s.marking for s in found.stages), *named.markings])
    return render(request, session, viewer, "agreements/page.html", context, marking=marking, status=status)
