"""Documents: the statements a person may read, a page at a time, and the reading view of one statement with each
of its commitments marked in place by strength, each a link to the commitment's page."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from servanda import store
from servanda.store.visibility import visibility
from servanda.tracking.assess import latest_statuses
from servanda.tracking.lookup import today
from servanda.tracking.suggest import list_proposals
from servanda.web.auth import Viewer
from servanda.web.database import Db
from servanda.web.errors import Missing
from servanda.web.formatting import STRENGTHS
from servanda.web.pages.layout import PageMarkings, pager, render
from servanda.web.pagination import Paged
from servanda.web.reading import Span, pieces

router = APIRouter()

MOST_COMMITMENTS = 2000  # of one statement, read at once for its reading view


@router.get("/documents", name="documents", response_class=HTMLResponse)
def list_documents(request: Request, viewer: Viewer, db: Db, paging: Paged, issuer: str | None = None) -> HTMLResponse:
    with db.reading() as session:
        total = store.count_documents(session, viewer=viewer, issuer=issuer)
        listings = store.list_documents(session, viewer=viewer, issuer=issuer, limit=paging.limit, offset=paging.offset)
        marks = PageMarkings(session, viewer)
        rows = [(item, marks.view_id(item.document.marking_id)) for item in listings]
        context = {"rows": rows, "pager": pager(request, paging, total, len(rows)), "issuer": issuer}
        marking = marks.view_highest(marks.marking(item.document.marking_id) for item in listings)
        return render(request, session, viewer, "documents/list.html", context, marking=marking)


@router.get("/documents/{document_id}", name="document", response_class=HTMLResponse)
def read_document(document_id: int, request: Request, viewer: Viewer, db: Db) -> HTMLResponse:
    with db.reading() as session:
        summary = store.document_summary(session, document_id, viewer=viewer)
        if summary is None:
            raise Missing(f"no document {document_id}")
        document = summary.document
        commitments = store.list_commitments(session, viewer=viewer, document_id=document_id, limit=MOST_COMMITMENTS)
        statuses = latest_statuses(session, visibility(session, viewer), [c.id for c in commitments], as_of=today())
        proposals = list_proposals(session, viewer=viewer, document_id=document_id)
        marks = PageMarkings(session, viewer)
        spans = [Span(c.id, c.start, c.end, c.strength) for c in commitments]
        context = {
            "document": document,
            "summary": summary,
            "document_marking": marks.view_id(document.marking_id),
            "pieces": pieces(document.text, spans),
            "commitments": [(c, statuses[c.id].status, marks.view_id(c.marking_id)) for c in commitments],
            "proposals": [(p, marks.view(p.marking)) for p in proposals],
            "strengths": STRENGTHS,
        }
        shown = [
            marks.marking(document.marking_id),
            *(marks.marking(c.marking_id) for c in commitments),
            *(p.marking for p in proposals),
        ]
        return render(request, session, viewer, "documents/read.html", context, marking=marks.view_highest(shown))
