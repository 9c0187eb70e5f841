"""`/me`: who the request acts for."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response

from servanda.store import get_person
from servanda.web.api.common import read
from servanda.web.auth import Viewer
from servanda.web.database import Db
from servanda.web.etags import represent
from servanda.web.schemas.people import MePublic, me_public

router = APIRouter(tags=["me"])


@router.get("/me", response_model=MePublic, **read())
def who_am_i(request: Request, viewer: Viewer, db: Db) -> Response:
    """The person the request acts for: nationality, clearance and its equivalents, compartments and role."""
    with db.reading() as session:
        row = get_person(session, viewer.username)
        assert row is not None, "a signed-in person is stored"
        identity = request.state.identity
        return represent(request, me_public(viewer, row, identity.via, identity.csrf_token))
