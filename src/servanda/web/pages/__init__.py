"""The HTML pages (dashboard, documents, commitments, search, calendar, mechanisms, agreements, report): routes
that render templates over the same library calls as the API, one module per area. Every page acts as the
person `servanda.web.auth.current_person` finds; a browser that is not signed in is sent to /login."""

from __future__ import annotations

from fastapi import APIRouter, Depends

from servanda.web.auth import current_person
from servanda.web.pages import (
    agreements,
    calendar,
    commitment_list,
    commitments,
    dashboard,
    documents,
    ingest,
    mechanisms,
    proposals,
    report,
    search,
)

# Fails closed, as the API's router does: a page added here without naming the person still needs one.
router = APIRouter(include_in_schema=False, dependencies=[Depends(current_person)])
router.include_router(dashboard.router)
router.include_router(documents.router)
router.include_router(commitment_list.router)
router.include_router(commitments.router)
router.include_router(proposals.router)
router.include_router(search.router)
router.include_router(calendar.router)
router.include_router(mechanisms.router)
router.include_router(agreements.router)
router.include_router(report.router)
router.include_router(ingest.router)
