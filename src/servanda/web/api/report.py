"""`/report`: the compliance report as JSON, Markdown, printable HTML or PDF."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Literal

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from servanda.tracking.render import render
from servanda.tracking.reporting import DEFAULT_TITLE, report_data
from servanda.web.api.common import read
from servanda.web.auth import Viewer
from servanda.web.database import Db
from servanda.web.etags import represent
from servanda.web.markings import Banners
from servanda.web.schemas.report import ReportPublic, report_public

router = APIRouter(tags=["report"])

MEDIA_TYPES = {
    "md": "text/markdown; charset=utf-8",
    "html": "text/html; charset=utf-8",
    "pdf": "application/pdf",
}
RENDERED = {
    "text/markdown": {"schema": {"type": "string"}},
    "text/html": {"schema": {"type": "string"}},
    "application/pdf": {"schema": {"type": "string", "format": "binary"}},
}


@router.get("/report", response_model=ReportPublic, **read(content=RENDERED))
def get_report(
    request: Request,
    viewer: Viewer,
    db: Db,
    format: Literal["json", "md", "html", "pdf"] = "json",
    as_of: Annotated[date | None, Query(description="as it stood on this day; today when left out")] = None,
    party: Annotated[list[str] | None, Query(description="only commitments any of these parties undertook")] = None,
    title: Annotated[str, Query(max_length=200)] = DEFAULT_TITLE,
) -> Response:
    """The compliance report over what the viewer may read: each commitment's status and scores with footnotes
    to its evidence, compliance per party, mechanisms and agreements; marked with the highest marking it holds."""
    with db.reading() as session:
        data = report_data(session, viewer=viewer, as_of=as_of, title=title, parties=party)
        if format == "json":
            return represent(request, report_public(data, Banners(session, viewer)))
    return represent(request, render(data, format), media_type=MEDIA_TYPES[format])
