"""The compliance report (`/report`): the tracking library's report over what the person may read, as of a day
and for some parties, laid out to be printed (the browser's print prints it with its marking on every page), with
links to the same report as Markdown, HTML and PDF from the API."""

from __future__ import annotations

from datetime import date
from typing import Annotated
from urllib.parse import urlencode

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse

from servanda.tracking.report import summarise
from servanda.tracking.reporting import report_data
from servanda.web.auth import Viewer
from servanda.web.charts import Bar, Score, bar_chart, compliance_chart
from servanda.web.database import Db
from servanda.web.formatting import party, words
from servanda.web.pages.filters import party_choices, party_codes
from servanda.web.pages.layout import PageMarkings, render

router = APIRouter()


@router.get("/report", name="report", response_class=HTMLResponse)
def show_report(
    request: Request,
    viewer: Viewer,
    db: Db,
    as_of: Annotated[date | None, Query(description="as it stood on this day; today when left out")] = None,
    party_code: Annotated[list[str] | None, Query(alias="party", max_length=16)] = None,
) -> HTMLResponse:
    chosen = [code for code in (party_code or []) if code in party_codes()]
    with db.reading() as session:
        data = report_data(session, viewer=viewer, as_of=as_of, parties=chosen or None)
        summary = summarise(data)
        marks = PageMarkings(session, viewer)
        query = {"as_of": data.as_of.isoformat(), "party": chosen}
        context = {
            "data": data,
            "summary": summary,
            "chosen": chosen,
            "parties": party_choices(),
            "items": [(item, marks.view_banner(item.marking)) for item in data.items],
            "downloads": {
                kind: f"/api/v1/report?{urlencode({**query, 'format': kind}, doseq=True)}"
                for kind in ("md", "html", "pdf")
            },
            "charts": {
                "status": bar_chart(
                    [Bar(words(s), n, s) for s, n in summary.by_status.items()], title="Commitments by status"
                ),
                "compliance": compliance_chart(
                    [Score(party(p), c.mean, c.assessed) for p, c in summary.per_party.items()],
                    title="Compliance by party, G7 Research Group scale",
                ),
            },
        }
        return render(request, session, viewer, "report.html", context, marking=marks.view_banner(data.marking))
