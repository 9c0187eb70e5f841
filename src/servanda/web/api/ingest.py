"""`/ingest`: a statement uploaded as a file or pasted as JSON text, read, extracted and stored with its
follow-up (meetings, stages, links, proposals) in one request. Extraction runs while the request waits."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from fastapi import APIRouter, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.exceptions import RequestValidationError
from fastapi.responses import Response
from pydantic import ValidationError
from starlette.datastructures import UploadFile

from servanda import store
from servanda.access import Person
from servanda.extract import extract
from servanda.ingest import DEFAULT_MAX_BYTES, read_bytes
from servanda.tracking.intake import save_and_track
from servanda.web.api.common import ETAG, write
from servanda.web.auth import Viewer
from servanda.web.database import Database, Db
from servanda.web.errors import Unprocessable, UnsupportedMediaType
from servanda.web.etags import represent
from servanda.web.markings import Banners, read_banner
from servanda.web.schemas.documents import document_public
from servanda.web.schemas.ingest import IngestResult, IngestText

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


@dataclass(frozen=True, slots=True)
class Upload:
    data: bytes
    name: str
    fields: dict[str, str | None]


STORED_ALREADY = {200: {"model": IngestResult, "description": "The same bytes were stored already", "headers": ETAG}}


@router.post("/ingest", response_model=IngestResult, openapi_extra=BODY, **write(415, also=STORED_ALREADY))
async def ingest(request: Request, viewer: Viewer, db: Db) -> Response:
    """Store a statement: 201 with the stored document, or 200 with the copy stored already when the same bytes
    were. The marking defaults to UNCLASSIFIED; commitments inherit it."""
    upload = await _upload(request)
    result = await run_in_threadpool(_store, db, upload, viewer)
    return represent(request, result, status=201 if result.created else 200)


async def _upload(request: Request) -> Upload:
    kind = request.headers.get("content-type", "")
    if kind.startswith("multipart/form-data"):
        form = await request.form(max_files=1, max_fields=len(FIELDS) + 1)
        file = form.get("file")
        if not isinstance(file, UploadFile):
            raise Unprocessable("body.file: upload the statement as the multipart field 'file'")
        data = await file.read(DEFAULT_MAX_BYTES + 1)
        fields = {name: value if isinstance(value := form.get(name), str) else None for name in FIELDS}
        return Upload(data, file.filename or "upload", fields)
    if kind.startswith("application/json"):
        try:
            body = IngestText.model_validate_json(await request.body())
        except ValidationError as err:
            raise RequestValidationError([{**e, "loc": ("body", *e["loc"])} for e in err.errors()]) from None
        return Upload(body.text.encode("utf-8"), "pasted.txt", body.model_dump(include=set(FIELDS)))
    raise UnsupportedMediaType("send the statement as multipart/form-data (field 'file') or as JSON text")


def _store(db: Database, upload: Upload, viewer: Person) -> IngestResult:
    fields = {name: (value.strip() or None) if value else None for name, value in upload.fields.items()}
    marking = read_banner(fields["marking"], nationality=viewer.nationality)
    document = read_bytes(
        upload.data,
        name=upload.name,
        origin=f"upload:{upload.name}",
        title=fields["title"],
        date=fields["date"],
        issuers=fields["issuers"],
    )
    extraction = extract(document.text, date=document.metadata.date, issuers=document.metadata.issuers)
    with db.writing() as session:
        tracked = save_and_track(session, document, extraction, marking=marking, actor=viewer)
        listing = store.get_document(session, tracked.document_id, viewer=viewer)
        assert listing is not None, "the person who stored a document may read it"
        count = store.count_commitments(session, viewer=viewer, document_id=listing.id)
        return IngestResult(
            created=tracked.created,
            document=document_public(listing, count, Banners(session, viewer)),
            commitments=len(extraction.commitments),
            achievements=len(extraction.achievements),
            meetings=tracked.meetings,
            stages=tracked.stages,
            links=tracked.links,
            proposals=tracked.proposals,
        )
