"""`/mechanisms`: standing meetings with their meetings and the next one expected; edits and new meetings."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from servanda.tracking.mechanisms import add_meeting, edit_mechanism, get_mechanism, list_mechanisms
from servanda.web.api.common import IfMatch, read, write
from servanda.web.auth import Viewer
from servanda.web.database import Db
from servanda.web.etags import check_if_match, json_bytes, represent
from servanda.web.markings import Banners, read_banner
from servanda.web.pagination import Paged, links
from servanda.web.schemas.mechanisms import (
    MechanismPage,
    MechanismPublic,
    MechanismUpdate,
    MeetingCreate,
    MeetingPublic,
    mechanism_public,
    meeting_public,
)

router = APIRouter(tags=["mechanisms"])
AsOf = Annotated[date | None, Query(description="as it stood on this day; today when left out")]


@router.get("/mechanisms", response_model=MechanismPage, **read(listing=True))
def get_mechanisms(request: Request, viewer: Viewer, db: Db, paging: Paged, as_of: AsOf = None) -> Response:
    """Mechanisms the viewer may read, by name, with their meetings and the next one expected."""
    with db.reading() as session:
        mechanisms = list_mechanisms(session, viewer=viewer, as_of=as_of)
        banners = Banners(session, viewer)
        shown = paging.cut(mechanisms)
        page = MechanismPage(
            items=[mechanism_public(m, banners) for m in shown],
            total=len(mechanisms),
            limit=paging.limit,
            offset=paging.offset,
            marking=banners.highest(m.marking for m in shown),
        )
    return represent(request, page, headers=links(request, paging, len(mechanisms)))


@router.get("/mechanisms/{mechanism_id}", response_model=MechanismPublic, **read(404))
def get_one(mechanism_id: int, request: Request, viewer: Viewer, db: Db, as_of: AsOf = None) -> Response:
    """One mechanism; without `as_of`, the representation whose ETag edits must name."""
    with db.reading() as session:
        found = get_mechanism(session, mechanism_id, viewer=viewer, as_of=as_of)
        return represent(request, mechanism_public(found, Banners(session, viewer)))


@router.patch("/mechanisms/{mechanism_id}", response_model=MechanismPublic, **write(412, 428, created=False))
def edit(
    mechanism_id: int, body: MechanismUpdate, request: Request, viewer: Viewer, db: Db, if_match: IfMatch = None
) -> Response:
    """Rename a mechanism or change its cadence. `If-Match` must carry the ETag of GET /mechanisms/ID."""
    with db.writing() as session:
        banners = Banners(session, viewer)
        current = mechanism_public(get_mechanism(session, mechanism_id, viewer=viewer), banners)
        check_if_match(if_match, json_bytes(current), required=True)
        edited = edit_mechanism(session, mechanism_id, actor=viewer, name=body.name, recurrence=body.recurrence)
        out = mechanism_public(edited, banners)
    return represent(request, out)


@router.post("/mechanisms/{mechanism_id}/meetings", response_model=MeetingPublic, **write(412))
def add(
    mechanism_id: int, body: MeetingCreate, request: Request, viewer: Viewer, db: Db, if_match: IfMatch = None
) -> Response:
    """Record a meeting of a mechanism. With If-Match (the mechanism's ETag), nothing is written when the
    mechanism changed meanwhile."""
    with db.writing() as session:
        banners = Banners(session, viewer)
        current = mechanism_public(get_mechanism(session, mechanism_id, viewer=viewer), banners)
        check_if_match(if_match, json_bytes(current), required=False)
        meeting = add_meeting(
            session,
            mechanism_id,
            body.held_on,
            actor=viewer,
            document_id=body.document_id,
            marking=read_banner(body.marking, nationality=viewer.nationality),
            raise_marking=body.raise_marking,
        )
        out = meeting_public(meeting, banners)
    return represent(request, out, status=201)
