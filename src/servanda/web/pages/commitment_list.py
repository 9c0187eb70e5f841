"""The commitment list (`/commitments`): every commitment a person may read, a page at a time, filtered by area,
strength, actor, status and due range.

It stays fast on a store of hundreds of thousands of commitments: a page is one LIMIT/OFFSET query in the store's
list order, the statuses of that page only are worked out, and the total is counted only up to `COUNTED`
("more than 10000"), so no request ever reads or counts the whole table.
"""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from servanda import store
from servanda.store.visibility import visibility
from servanda.tracking.assess import latest_statuses
from servanda.tracking.lookup import today
from servanda.web.auth import Viewer
from servanda.web.database import Db
from servanda.web.pages.filters import Filters, choices
from servanda.web.pages.layout import PageMarkings, pager, render
from servanda.web.pagination import Paged

router = APIRouter()

COUNTED = 10_000  # the list counts its matches up to this many, then says "more than"


@router.get("/commitments", name="commitments", response_class=HTMLResponse)
def list_commitments(request: Request, viewer: Viewer, db: Db, paging: Paged, form: Filters) -> HTMLResponse:
    filters = form.filters()
    with db.reading() as session:
        # Counted a page beyond this one at least, so that the next page is offered exactly when there is one.
        counted = max(COUNTED, paging.offset + paging.limit)
        total = store.count_commitments(session, viewer=viewer, at_most=counted, **filters)
        found = store.list_commitments(session, viewer=viewer, limit=paging.limit, offset=paging.offset, **filters)
        statuses = latest_statuses(session, visibility(session, viewer), [c.id for c in found], as_of=today())
        marks = PageMarkings(session, viewer)
        rows = [(c, statuses[c.id].status, marks.view_id(c.marking_id)) for c in found]
        context = {
            "rows": rows,
            "form": form,
            "pager": pager(request, paging, total, len(rows), at_most=counted),
            **choices(),
        }
        marking = marks.view_highest(marks.marking(c.marking_id) for c in found)
        return render(request, session, viewer, "commitments/list.html", context, marking=marking)
