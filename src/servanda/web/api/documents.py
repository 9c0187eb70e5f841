"""`/documents`: stored statements, their summaries and their text."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from servanda import store
from servanda.web.api.common import read
from servanda.web.auth import Viewer
from servanda.web.database import Db
from servanda.web.errors import Missing
from servanda.web.etags import represent
from servanda.web.markings import Banners
from servanda.web.pagination import Paged, links
from servanda.web.schemas.documents import (
    DocumentDetail,
    DocumentPage,
    DocumentText,
    document_detail,
    document_public,
)

router = APIRouter(tags=["documents"])


@router.get("/documents", response_model=DocumentPage, **read(listing=True))
def list_documents(
    request: Request,
    viewer: Viewer,
    db: Db,
    paging: Paged,
    issuer: Annotated[str | None, Query(description="a party code: only documents it issued")] = None,
) -> Response:
    """Stored statements the viewer may read, oldest first (undated last), each with its number of commitments."""
    with db.reading() as session:
        total = store.count_documents(session, viewer=viewer, issuer=issuer)
        listings = store.list_documents(session, viewer=viewer, issuer=issuer, limit=paging.limit, offset=paging.offset)
        banners = Banners(session, viewer)
        page = DocumentPage(
            items=[document_public(item.document, item.commitments, banners) for item in listings],
            total=total,
            limit=paging.limit,
            offset=paging.offset,
            marking=banners.highest(banners.marking(item.document.marking_id) for item in listings),
        )
    return represent(request, page, headers=links(request, paging, total))


@router.get("/documents/{document_id}", response_model=DocumentDetail, **read(404))
def get_document(document_id: int, request: Request, viewer: Viewer, db: Db) -> Response:
    """One statement: metadata, commitments by strength and area, the mechanisms and agreements it names."""
    with db.reading() as session:
        summary = store.document_summary(session, document_id, viewer=viewer)
        if summary is None:
            raise Missing(f"no document {document_id}")
        return represent(request, document_detail(summary, Banners(session, viewer)))


@router.get("/documents/{document_id}/text", response_model=DocumentText, **read(404))
def get_document_text(document_id: int, request: Request, viewer: Viewer, db: Db) -> Response:
    """A statement's clean text, which commitments' `start` and `end` offsets point into."""
    with db.reading() as session:
        document = store.get_document(session, document_id, viewer=viewer)
        if document is None:
            raise Missing(f"no document {document_id}")
        body = DocumentText(
            id=document.id,
            title=document.title,
            text=document.text,
            marking=Banners(session, viewer).of_id(document.marking_id),
        )
        return represent(request, body)
