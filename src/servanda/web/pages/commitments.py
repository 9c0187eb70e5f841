"""A commitment's page: its quote in context, its attributes, its status history with evidence, its lineage across
statements, the evidence proposed for it, and the form that records an assessment.

An assessment form carries the version of the commitment it was shown with (the ETag the API gives it): when the
commitment changed meanwhile, the submission is refused with status 412, nothing is written, and the page comes
back with the new state and what was entered, to be submitted again on purpose.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy.orm import Session

from servanda import store
from servanda.access import MarkingError, Person
from servanda.tracking.assess import assess, history
from servanda.tracking.errors import TrackingError
from servanda.tracking.evidence import list_evidence
from servanda.tracking.links import lineage
from servanda.tracking.lookup import today
from servanda.tracking.status import ASSESSED_STATUSES, STATUSES
from servanda.tracking.suggest import list_proposals
from servanda.web.api.commitments import commitment_detail
from servanda.web.auth import Viewer
from servanda.web.database import Database, Db
from servanda.web.errors import Missing
from servanda.web.etags import etag_of, json_bytes
from servanda.web.pages.assessment_form import SCORE_CHOICES, AssessmentForm, FormError
from servanda.web.pages.layout import PageMarkings, may, render
from servanda.web.reading import in_context

router = APIRouter()

STALE = (
    "This commitment changed after you opened the page (a new assessment or new evidence), so nothing was written. "
    "Its current state is shown below and your entries are kept: check them, then record the assessment again."
)


@router.get("/commitments/{commitment_id}", name="commitment", response_class=HTMLResponse)
def show_commitment(commitment_id: int, request: Request, viewer: Viewer, db: Db, recorded: int | None = None):
    notice = f"Assessment {recorded} recorded." if recorded else None
    with db.reading() as session:
        return _page(request, session, viewer, commitment_id, notice=notice)


@router.post("/commitments/{commitment_id}/assessments", name="assess_commitment", response_class=HTMLResponse)
async def add_assessment(commitment_id: int, request: Request, viewer: Viewer, db: Db) -> Response:
    form = await request.form()
    try:
        assessment_id = await run_in_threadpool(_record, db, viewer, commitment_id, form)
    except _Stale as stale:
        return await run_in_threadpool(_again, request, db, viewer, commitment_id, stale.entered, STALE, 412)
    except _Refused as refused:
        return await run_in_threadpool(
            _again, request, db, viewer, commitment_id, refused.entered, refused.message, 422
        )
    return RedirectResponse(f"/commitments/{commitment_id}?recorded={assessment_id}#status", status_code=303)


class _Stale(Exception):
    def __init__(self, entered: AssessmentForm) -> None:
        self.entered = entered


class _Refused(Exception):
    def __init__(self, entered: AssessmentForm, message: str) -> None:
        self.entered, self.message = entered, message


def _record(db: Database, viewer: Person, commitment_id: int, form: Any) -> int:
    """Record the assessment the form describes, if the commitment is still as the form saw it; its id."""
    with db.writing() as session:
        current = commitment_detail(session, commitment_id, viewer)  # Missing for one the viewer may not read
        entered = AssessmentForm.read(form, current.actors)
        if entered.version != etag_of(json_bytes(current)):
            raise _Stale(entered)
        try:

            def text_of(document_id: int) -> str | None:
                found = store.get_document(session, document_id, viewer=viewer)
                return found.text if found is not None else None

            created = assess(
                session,
                entered.assessment(commitment_id, viewer, text_of),
                actor=viewer,
                raise_marking=entered.raise_marking,
            )
        except (FormError, MarkingError, TrackingError) as err:
            raise _Refused(entered, str(err)) from None
        return created.id


def _again(
    request: Request, db: Database, viewer: Person, commitment_id: int, entered: AssessmentForm, error: str, status: int
) -> Response:
    with db.reading() as session:
        return _page(request, session, viewer, commitment_id, entered=entered, error=error, status=status)


def _page(
    request: Request,
    session: Session,
    viewer: Person,
    commitment_id: int,
    *,
    entered: AssessmentForm | None = None,
    error: str | None = None,
    notice: str | None = None,
    status: int = 200,
) -> HTMLResponse:
    detail = commitment_detail(session, commitment_id, viewer)
    commitment = store.get_commitment(session, commitment_id, viewer=viewer)
    document = store.get_document(session, detail.document_id, viewer=viewer)
    if commitment is None or document is None:  # read a moment ago in the same transaction
        raise Missing(f"no commitment {commitment_id}")
    assessments = history(session, commitment_id, viewer=viewer)
    evidence = list_evidence(session, commitment_id, viewer=viewer)
    steps = lineage(session, commitment_id, viewer=viewer)
    proposals = list_proposals(session, viewer=viewer, commitment_id=commitment_id)
    marks = PageMarkings(session, viewer)
    marking = marks.marking(commitment.marking_id)
    latest = next((a for a in reversed(assessments) if a.as_of <= today()), None)
    version = etag_of(json_bytes(detail))
    entered = entered or AssessmentForm(
        status=latest.status if latest is not None else "in-progress",
        as_of=today().isoformat(),
        scores={party: "" for party in detail.actors},
    )
    context = {
        "commitment": commitment,
        "detail": detail,
        "commitment_marking": marks.view(marking),
        "document_marking": marks.view_id(document.marking_id),
        "context": in_context(document.text, commitment.start, commitment.end),
        "latest": latest,
        "history": [
            (a, marks.view(a.marking), [(e, marks.view(e.marking)) for e in a.evidence]) for a in reversed(assessments)
        ],
        "evidence": [(e, marks.view(e.marking)) for e in evidence],
        "lineage": [(s, marks.view(s.marking)) for s in steps],
        "proposals": [(p, marks.view(p.marking), may(viewer, "update", p.marking)) for p in proposals],
        "mechanisms": [(k.mechanism_id, k.mechanism.name) for k in commitment.mechanism_links if k.mechanism],
        "agreements": [(k.agreement_id, k.agreement.name) for k in commitment.agreement_links if k.agreement],
        "may_assess": may(viewer, "create", marking),
        "form": entered,
        "form_version": version,
        "statuses": {s: STATUSES[s] for s in ASSESSED_STATUSES},
        "score_choices": SCORE_CHOICES,
        "error": error,
        "notice": notice,
    }
    shown = [
        marking,
        marks.marking(document.marking_id),
        *(a.marking for a in assessments),
        *(e.marking for a in assessments for e in a.evidence),
        *(e.marking for e in evidence),
        *(s.marking for s in steps),
        *(p.marking for p in proposals),
    ]
    return render(
        request, session, viewer, "commitments/page.html", context, marking=marks.view_highest(shown), status=status
    )
