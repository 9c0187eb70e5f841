"""The ingest pages: upload a statement (or paste its text), follow the job that reads and extracts it outside the
request, then correct the commitments it proposes and save them. Saving stores the statement with the corrected
commitments in one transaction (`tracking.drafts.save_draft`), or nothing at all; the corrections are kept, and a
saved draft downloads as a gold file.

    GET  /ingest                       the upload form, and the person's recent drafts
    POST /ingest                       queue the upload as a preview job; 303 to its progress
    GET  /ingest/jobs/{id}             the job's progress (htmx polls /progress), then 303 to its draft
    GET  /ingest/drafts/{id}           the correction form, or what was saved
    POST /ingest/drafts/{id}           `action=add` shows the form with one more row; `action=save` saves
    GET  /ingest/drafts/{id}/gold.json the saved draft as a gold file
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.datastructures import FormData, UploadFile

from servanda.access import MarkingError, Person
from servanda.errors import InputError
from servanda.extract.model import AREAS, STRENGTHS
from servanda.ingest import DEFAULT_MAX_BYTES
from servanda.store.errors import AccessDenied
from servanda.store.jobs import JobPublic, get_job
from servanda.tracking.corrections import CorrectionError
from servanda.tracking.drafts import Upload, get_draft, gold_file, list_drafts, queue_draft, save_draft
from servanda.tracking.errors import Conflict
from servanda.web.auth import Viewer
from servanda.web.database import Database, Db
from servanda.web.errors import Missing
from servanda.web.etags import json_bytes
from servanda.web.markings import read_banner
from servanda.web.pages.draft_form import DraftForm
from servanda.web.pages.layout import PageMarkings, render
from servanda.web.templating import templates

router = APIRouter()

UPLOAD_FIELDS = ("text", "title", "date", "issuers", "marking")
RECENT = 20  # drafts listed under the upload form


@router.get("/ingest", name="ingest", response_class=HTMLResponse)
def upload_page(request: Request, viewer: Viewer, db: Db) -> Response:
    return _upload_page(request, db, viewer, {})


@router.post("/ingest", name="ingest_upload", response_class=HTMLResponse)
async def upload(request: Request, viewer: Viewer, db: Db) -> Response:
    form = await request.form(max_files=1, max_fields=len(UPLOAD_FIELDS) + 2)
    entered = {name: value.strip() if isinstance(value := form.get(name), str) else "" for name in UPLOAD_FIELDS}
    try:
        given = await _upload_of(form, entered)
        job_id = await run_in_threadpool(_queue, db, viewer, given, entered["marking"])
    except (InputError, MarkingError) as err:
        return await run_in_threadpool(_upload_page, request, db, viewer, entered, str(err), 422)
    except AccessDenied as err:
        return await run_in_threadpool(_upload_page, request, db, viewer, entered, str(err), 403)
    return RedirectResponse(f"/ingest/jobs/{job_id}", status_code=303)


@router.get("/ingest/jobs/{job_id}", name="ingest_job", response_class=HTMLResponse)
def job_page(job_id: int, request: Request, viewer: Viewer, db: Db) -> Response:
    with db.reading() as session:
        job = _job(session, job_id, viewer)
        if (draft_id := _draft_id(job)) is not None:
            return RedirectResponse(f"/ingest/drafts/{draft_id}", status_code=303)
        marks = PageMarkings(session, viewer)
        context = {"job": job}
        return render(request, session, viewer, "ingest/job.html", context, marking=marks.view_id(job.marking_id))


@router.get("/ingest/jobs/{job_id}/progress", name="ingest_job_progress", response_class=HTMLResponse)
def job_progress(job_id: int, request: Request, viewer: Viewer, db: Db) -> Response:
    """The progress panel htmx swaps in while it polls; once the draft is ready, htmx is sent to it."""
    with db.reading() as session:
        job = _job(session, job_id, viewer)
    if (draft_id := _draft_id(job)) is not None:
        return Response(status_code=204, headers={"HX-Redirect": f"/ingest/drafts/{draft_id}"})
    return templates.TemplateResponse(request, "ingest/progress.html", {"job": job})


@router.get("/ingest/drafts/{draft_id}", name="ingest_draft", response_class=HTMLResponse)
def draft_page(draft_id: int, request: Request, viewer: Viewer, db: Db, saved: int | None = None) -> Response:
    with db.reading() as session:
        draft = get_draft(session, draft_id, viewer=viewer)
        notice = f"Saved: the statement is stored as document {saved}." if saved else None
        return _draft_page(request, session, viewer, draft, DraftForm.of(draft), notice=notice)


@router.post("/ingest/drafts/{draft_id}", name="ingest_draft_save", response_class=HTMLResponse)
async def correct_draft(draft_id: int, request: Request, viewer: Viewer, db: Db) -> Response:
    form = await request.form()
    entered = DraftForm.read(form)
    if form.get("action") == "add":
        return await run_in_threadpool(_shown_again, request, db, viewer, draft_id, entered.with_blank_row())
    try:
        document_id = await run_in_threadpool(_save, db, viewer, draft_id, entered)
    except CorrectionError as err:
        shown = entered.with_problems(err.problems)
        return await run_in_threadpool(_shown_again, request, db, viewer, draft_id, shown, str(err), 422)
    except Conflict as err:
        return await run_in_threadpool(_shown_again, request, db, viewer, draft_id, entered, str(err), 409)
    return RedirectResponse(f"/ingest/drafts/{draft_id}?saved={document_id}", status_code=303)


@router.get("/ingest/drafts/{draft_id}/gold.json", name="ingest_draft_gold")
def gold_download(draft_id: int, viewer: Viewer, db: Db) -> Response:
    with db.reading() as session:
        gold = gold_file(get_draft(session, draft_id, viewer=viewer))
    headers = {"Content-Disposition": f'attachment; filename="{gold.name}.json"'}
    return Response(json_bytes(gold.record), media_type="application/json", headers=headers)


async def _upload_of(form: FormData, entered: dict[str, str]) -> Upload:
    file = form.get("file")
    fields = {name: entered[name] or None for name in ("title", "date", "issuers")}
    if isinstance(file, UploadFile) and file.filename:
        return Upload(await file.read(DEFAULT_MAX_BYTES + 1), file.filename, **fields)
    if entered["text"]:
        return Upload(entered["text"].encode("utf-8"), "pasted.txt", **fields)
    raise InputError("choose a file to upload, or paste the statement's text")


def _queue(db: Database, viewer: Person, given: Upload, banner: str) -> int:
    marking = read_banner(banner, nationality=viewer.nationality)
    with db.writing() as session:
        return queue_draft(session, given, marking=marking, actor=viewer)


def _save(db: Database, viewer: Person, draft_id: int, entered: DraftForm) -> int:
    with db.writing() as session:
        return save_draft(session, draft_id, entered.update(), actor=viewer).document_id


def _upload_page(
    request: Request, db: Database, viewer: Person, entered: dict[str, str], error: str | None = None, status=200
) -> Response:
    with db.reading() as session:
        drafts = list_drafts(session, viewer=viewer, limit=RECENT)
        marks = PageMarkings(session, viewer)
        context: dict[str, Any] = {
            "entered": entered,
            "error": error,
            "drafts": [(d, marks.view(d.marking)) for d in drafts],
        }
        shown = marks.view_highest(d.marking for d in drafts)
        return render(request, session, viewer, "ingest/upload.html", context, marking=shown, status=status)


def _shown_again(
    request: Request,
    db: Database,
    viewer: Person,
    draft_id: int,
    entered: DraftForm,
    error: str | None = None,
    status: int = 200,
) -> Response:
    with db.reading() as session:
        draft = get_draft(session, draft_id, viewer=viewer)
        return _draft_page(request, session, viewer, draft, entered, error=error, status=status)


def _draft_page(request, session, viewer, draft, entered: DraftForm, *, error=None, notice=None, status=200):
    marks = PageMarkings(session, viewer)
    context = {
        "draft": draft,
        "form": entered,
        "strengths": STRENGTHS,
        "areas": AREAS,
        "error": error,
        "notice": notice,
        "saved": draft.corrected,
    }
    view = marks.view(draft.marking)
    return render(request, session, viewer, "ingest/draft.html", context, marking=view, status=status)


def _job(session, job_id: int, viewer: Person) -> JobPublic:
    job = get_job(session, job_id, viewer=viewer)
    if job is None:
        raise Missing(f"no job {job_id}")
    return job


def _draft_id(job: JobPublic) -> int | None:
    draft_id = (job.result or {}).get("draft_id") if job.state == "done" else None
    return draft_id if isinstance(draft_id, int) else None
