"""Search (`/search`): the words a person types, found in the commitments and statements they may read through
the store's full-text search (FTS5 on SQLite, text search on PostgreSQL), best match first. The commitment list's
filters narrow the commitments found; statements are matched on their title and text alone."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse
from markupsafe import Markup, escape
from sqlalchemy.orm import Session

from servanda import store
from servanda.access import Person
from servanda.store.models import Document
from servanda.store.search import search_commitments, search_documents, search_terms
from servanda.store.visibility import visibility
from servanda.tracking.assess import latest_statuses
from servanda.tracking.lookup import today
from servanda.web.auth import Viewer
from servanda.web.database import Db
from servanda.web.pages.filters import Filters, choices
from servanda.web.pages.layout import PageMarkings, pager, render
from servanda.web.pagination import Paged

router = APIRouter()

STATEMENTS_SHOWN = 10  # statements found, listed above the commitments; the best ones


def highlighted(snippet: str) -> Markup:
    """A search snippet, whose matches the store brackets as [word], with each match in <mark> (escaped first)."""
    return Markup(str(escape(snippet)).replace("[", "<mark>").replace("]", "</mark>"))


@router.get("/search", name="search", response_class=HTMLResponse)
def search(
    request: Request,
    viewer: Viewer,
    db: Db,
    paging: Paged,
    form: Filters,
    q: Annotated[str, Query(max_length=500)] = "",
) -> HTMLResponse:
    words = q.strip()
    with db.reading() as session:
        marks = PageMarkings(session, viewer)
        context: dict = {"q": words, "form": form, "searched": bool(search_terms(words)), **choices()}
        shown = []
        if context["searched"]:
            hits = search_commitments(
                session, words, viewer=viewer, limit=paging.limit, offset=paging.offset, **form.filters()
            )
            found = {c.id: c for c in store.list_commitments(session, viewer=viewer, ids=[h.id for h in hits.hits])}
            statuses = latest_statuses(session, visibility(session, viewer), list(found), as_of=today())
            rows = [
                (found[h.id], highlighted(h.snippet), statuses[h.id].status, marks.view_id(found[h.id].marking_id))
                for h in hits.hits
                if h.id in found
            ]
            documents = search_documents(session, words, viewer=viewer, limit=STATEMENTS_SHOWN)
            listed = {d.id: d for d in _documents(session, viewer, [h.id for h in documents.hits])}
            statements = [
                (listed[h.id], highlighted(h.snippet), marks.view_id(listed[h.id].marking_id))
                for h in documents.hits
                if h.id in listed
            ]
            context |= {
                "rows": rows,
                "pager": pager(request, paging, hits.total, len(rows)),
                "statements": statements,
                "statements_total": documents.total,
            }
            shown = [marks.marking(c.marking_id) for c, *_ in rows] + [
                marks.marking(d.marking_id) for d, *_ in statements
            ]
        return render(request, session, viewer, "search.html", context, marking=marks.view_highest(shown))


def _documents(session: Session, viewer: Person, ids: list[int]) -> list[Document]:
    """The statements found, each read through the store (and audited) as the viewer."""
    return [d for d in (store.get_document(session, i, viewer=viewer) for i in ids) if d is not None]
