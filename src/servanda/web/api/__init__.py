"""The REST API under `/api/v1`: one module per resource, every route behind `current_person`."""

from __future__ import annotations

from fastapi import APIRouter, Depends

from servanda.web.api import (
    agreements,
    assessments,
    commitments,
    documents,
    drafts,
    due,
    evidence,
    ingest,
    jobs,
    me,
    mechanisms,
)
from servanda.web.api import report as report_routes
from servanda.web.auth import current_person
from servanda.web.errors import responses

PREFIX = "/api/v1"
MODULES = (
    me,
    documents,
    commitments,
    assessments,
    evidence,
    mechanisms,
    agreements,
    due,
    report_routes,
    ingest,
    drafts,
    jobs,
)

# Fails closed: a route added here without naming the person still cannot be reached without one.
router = APIRouter(prefix=PREFIX, dependencies=[Depends(current_person)], responses=responses(401, 500))
for module in MODULES:
    router.include_router(module.router)
