"""The HTML pages (dashboard, documents, commitments, search, calendar, ...): routes that render templates over
the same library calls as the API. Each page depends on `servanda.web.auth.current_person`."""

from __future__ import annotations

from fastapi import APIRouter

router = APIRouter()
