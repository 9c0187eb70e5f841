"""`/ingest/drafts`: a statement uploaded to be checked before it is stored. The upload is queued at once (202);
a background job reads and extracts it into a draft (`GET /jobs/{id}` follows it); the owner saves the draft with
the corrected commitments, and a saved draft answers as a gold file for the extractor."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from servanda.tracking.corrections import CorrectionError
from servanda.tracking.corrections import Problem as CorrectionProblem
from servanda.tracking.drafts import count_drafts, get_draft, gold_file, list_drafts, queue_draft, save_draft
from servanda.web.api.common import ETAG, read, write
from servanda.web.api.ingest import BODY, LOCATION, job_location, queued_job, read_upload
from servanda.web.auth import Viewer
from servanda.web.database import Db
from servanda.web.errors import Problem, error_response, responses
from servanda.web.etags import represent
from servanda.web.markings import Banners
from servanda.web.pagination import Paged, links
from servanda.web.schemas.drafts import (
    DraftPage,
    DraftPublic,
    DraftQueued,
    DraftSavedPublic,
    DraftUpdateIn,
    GoldFilePublic,
    draft_public,
    draft_summary,
    draft_update,
    gold_file_public,
)

router = APIRouter(tags=["ingest"])

QUEUED: dict[int | str, dict[str, Any]] = {
    202: {"description": "Queued: the job reads and extracts it into a draft", "headers": {**ETAG, **LOCATION}},
    **responses(400, 403, 413, 415, 422),
}


@router.post("/ingest/drafts", response_model=DraftQueued, status_code=202, responses=QUEUED, openapi_extra=BODY)
async def upload_draft(request: Request, viewer: Viewer, db: Db) -> Response:
    """Queue a statement (the same bodies as `POST /ingest`) to be read and extracted into a draft, outside the
    request: 202 with the job, whose address is in Location; its `draft_id` is the draft once it is done. Its
    marking (UNCLASSIFIED when left out) must be one the person may create records under."""
    received = await read_upload(request)
    marking = received.marking_for(viewer)
    with db.writing() as session:
        job_id = queue_draft(session, received.upload, marking=marking, actor=viewer)
        job = queued_job(session, job_id, viewer)
    return represent(request, DraftQueued(job=job), status=202, headers={"Location": job_location(request, job_id)})


@router.get("/ingest/drafts", response_model=DraftPage, **read(listing=True))
def list_my_drafts(
    request: Request,
    viewer: Viewer,
    db: Db,
    paging: Paged,
    state: Annotated[Literal["draft", "saved"] | None, Query(description="drafts to check, or saved ones")] = None,
) -> Response:
    """The person's own drafts they may read, newest first."""
    with db.reading() as session:
        total = count_drafts(session, viewer=viewer, state=state)
        drafts = list_drafts(session, viewer=viewer, state=state, limit=paging.limit, offset=paging.offset)
        banners = Banners(session, viewer)
        page = DraftPage(
            items=[draft_summary(d, banners) for d in drafts],
            total=total,
            limit=paging.limit,
            offset=paging.offset,
            marking=banners.highest(d.marking for d in drafts),
        )
    return represent(request, page, headers=links(request, paging, total))


@router.get("/ingest/drafts/{draft_id}", response_model=DraftPublic, **read(404))
def get_my_draft(draft_id: int, request: Request, viewer: Viewer, db: Db) -> Response:
    """One of the person's drafts: the statement's clean text, what was proposed, and what was saved."""
    with db.reading() as session:
        draft = get_draft(session, draft_id, viewer=viewer)
        return represent(request, draft_public(draft, Banners(session, viewer)))


@router.post("/ingest/drafts/{draft_id}/save", response_model=DraftSavedPublic, **write(409))
def save_my_draft(draft_id: int, body: DraftUpdateIn, request: Request, viewer: Viewer, db: Db) -> Response:
    """Store the draft's statement with the corrected commitments, in one transaction with its meetings and stages
    and the job that tracks it. 422 names every problem with the corrections; 409 when it is saved already, or the
    same statement is stored already."""
    with db.writing() as session:
        try:
            saved = save_draft(session, draft_id, draft_update(body), actor=viewer)
        except CorrectionError as err:
            return error_response(422, "unprocessable", str(err), problems=[_problem(p) for p in err.problems])
        result = DraftSavedPublic(
            draft=draft_public(saved.draft, Banners(session, viewer)),
            document_id=saved.document_id,
            meetings=saved.meetings,
            stages=saved.stages,
            track_job=saved.track_job,
        )
    return represent(request, result, status=201)


def _problem(problem: CorrectionProblem) -> Problem:
    where = "body" if problem.row is None else f"body.commitments.{problem.row}"
    return Problem(location=f"{where}.{problem.field}", message=problem.message)


@router.get("/ingest/drafts/{draft_id}/gold", response_model=GoldFilePublic, **read(404, 409))
def get_gold_file(draft_id: int, request: Request, viewer: Viewer, db: Db) -> Response:
    """A saved draft as a gold file, in the format of ../shared/eval: save it as NAME.json beside the draft's
    `text` saved as the file its `text` field names. 409 while the draft is not saved."""
    with db.reading() as session:
        gold = gold_file(get_draft(session, draft_id, viewer=viewer))
    headers = {"Content-Disposition": f'attachment; filename="{gold.name}.json"'}
    return represent(request, gold_file_public(gold).model_dump(mode="json", exclude_unset=True), headers=headers)
