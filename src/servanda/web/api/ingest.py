"""`/ingest`: a statement uploaded as a file or pasted as JSON text, queued to be read, extracted and stored
outside the request (202, with the job to poll in Location). The same bytes stored already, as a document the
person may read, answer 200 with it and queue nothing: the check is the upload's SHA-256, made before queuing."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from fastapi import APIRouter, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import Response
from pydantic import ValidationError
from sqlalchemy.orm import Session
from starlette.datastructures import UploadFile

from servanda import store
from servanda.access import Marking, Person
from servanda.ingest import DEFAULT_MAX_BYTES
from servanda.store.jobs import get_job
from servanda.tracking.uploads import Upload, queue_ingest
from servanda.web.api.common import ETAG
from servanda.web.auth import Viewer
from servanda.web.database import Db
from servanda.web.errors import Unprocessable, UnsupportedMediaType, responses
from servanda.web.etags import represent
from servanda.web.markings import Banners, read_banner
from servanda.web.schemas.documents import document_public
from servanda.web.schemas.ingest import IngestQueued, IngestStoredAlready, IngestText
from servanda.web.schemas.jobs import JobPublic, job_public

router = APIRouter(tags=["ingest"])

FIELDS = ("title", "date", "issuers", "marking")
_UPLOAD = {
    "type": "object",
    "required": ["file"],
    "properties": {
        "file": {"type": "string", "format": "binary", "description": "txt, md, html, pdf or docx"},
        **{name: {"type": "string"} for name in FIELDS},
    },
}
BODY: dict[str, Any] = {
    "requestBody": {
        "required": True,
        "content": {
            "multipart/form-data": {"schema": _UPLOAD},
            "application/json": {"schema": IngestText.model_json_schema()},
        },
    }
}
LOCATION = {"Location": {"description": "the job's address: GET it until it is done", "schema": {"type": "string"}}}
STORED_ALREADY = {
    200: {"model": IngestStoredAlready, "description": "The same bytes were stored already", "headers": ETAG},
    202: {"description": "Queued: a job reads, extracts and stores it", "headers": {**ETAG, **LOCATION}},
}


@dataclass(frozen=True, slots=True)
class Received:
    """What a request uploads: the statement, and the marking it names (None: UNCLASSIFIED)."""

    upload: Upload
    marking: str | None

    def marking_for(self, viewer: Person) -> Marking:
        return read_banner(self.marking, nationality=viewer.nationality)


@router.post(
    "/ingest",
    response_model=IngestQueued,
    openapi_extra=BODY,
    status_code=202,
    responses={**STORED_ALREADY, **responses(400, 403, 413, 415, 422)},
)
async def ingest(request: Request, viewer: Viewer, db: Db) -> Response:
    """Queue a statement to be read, extracted and stored, with its meetings, stages and tracking, outside the
    request: 202 with the job, whose address is in Location; its `document_id` is the stored statement once it is
    done. 200 with the stored copy, and nothing queued, when the same bytes are stored already as a document the
    person may read. The marking defaults to UNCLASSIFIED; commitments inherit it. What can be refused at once
    (an empty or oversized upload, an unknown format, a bad date or marking) is 422 and nothing is queued."""
    received = await read_upload(request)
    marking = received.marking_for(viewer)
    with db.writing() as session:
        queued = queue_ingest(session, received.upload, marking=marking, actor=viewer)
        if queued.stored_already is not None:
            body = _stored_already(session, queued.stored_already, viewer)
            return represent(request, body)
        assert queued.job_id is not None
        job = queued_job(session, queued.job_id, viewer)
    return represent(request, IngestQueued(job=job), status=202, headers={"Location": job_location(request, job.id)})


def queued_job(session: Session, job_id: int, viewer: Person) -> JobPublic:
    """A job just queued, as its owner follows it."""
    job = get_job(session, job_id, viewer=viewer)
    assert job is not None, "a person sees the job they queued"
    return job_public(job, Banners(session, viewer))


def job_location(request: Request, job_id: int) -> str:
    return str(request.app.url_path_for("get_my_job", job_id=str(job_id)))


def _stored_already(session: Session, document_id: int, viewer: Person) -> IngestStoredAlready:
    listing = store.get_document(session, document_id, viewer=viewer)
    assert listing is not None, "found through the same filter a moment ago"
    count = store.count_commitments(session, viewer=viewer, document_id=listing.id)
    return IngestStoredAlready(document=document_public(listing, count, Banners(session, viewer)))


async def read_upload(request: Request) -> Received:
    """The statement a request carries: a multipart upload (field `file`) or JSON text, with `FIELDS`."""
    kind = request.headers.get("content-type", "")
    if kind.startswith("multipart/form-data"):
        form = await request.form(max_files=1, max_fields=len(FIELDS) + 1)
        file = form.get("file")
        if not isinstance(file, UploadFile):
            raise Unprocessable("body.file: upload the statement as the multipart field 'file'")
        data = await file.read(DEFAULT_MAX_BYTES + 1)
        fields = {name: value if isinstance(value := form.get(name), str) else None for name in FIELDS}
        return _received(data, file.filename or "upload", fields)
    if kind.startswith("application/json"):
        try:
            body = IngestText.model_validate_json(await request.body())
        except ValidationError as err:
            raise RequestValidationError([{**e, "loc": ("body", *e["loc"])} for e in err.errors()]) from None
        return _received(body.text.encode("utf-8"), "pasted.txt", body.model_dump(include=set(FIELDS)))
    raise UnsupportedMediaType("send the statement as multipart/form-data (field 'file') or as JSON text")


def _received(data: bytes, name: str, given: dict[str, str | None]) -> Received:
    fields = {key: (value.strip() or None) if value else None for key, value in given.items()}
    upload = Upload(data, name, title=fields["title"], date=fields["date"], issuers=fields["issuers"])
    return Received(upload, fields["marking"])
