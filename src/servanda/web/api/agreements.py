"""`/agreements`: agreements, plans and partnerships with the stages they reached; edits and new stages."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from servanda.tracking.agreements import edit_agreement, get_agreement, list_agreements, set_stage
from servanda.web.api.common import IfMatch, read, write
from servanda.web.auth import Viewer
from servanda.web.database import Db
from servanda.web.etags import check_if_match, json_bytes, represent
from servanda.web.markings import Banners, read_banner
from servanda.web.pagination import Paged, links
from servanda.web.schemas.agreements import (
    AgreementPage,
    AgreementPublic,
    AgreementUpdate,
    StageCreate,
    StagePublic,
    agreement_public,
    stage_public,
)

router = APIRouter(tags=["agreements"])
AsOf = Annotated[date | None, Query(description="as it stood on this day; today when left out")]


@router.get("/agreements", response_model=AgreementPage, **read(listing=True))
def get_agreements(request: Request, viewer: Viewer, db: Db, paging: Paged, as_of: AsOf = None) -> Response:
    """Agreements the viewer may read, by name, with the stages they reached."""
    with db.reading() as session:
        agreements = list_agreements(session, viewer=viewer, as_of=as_of)
        banners = Banners(session, viewer)
        shown = paging.cut(agreements)
        page = AgreementPage(
            items=[agreement_public(a, banners) for a in shown],
            total=len(agreements),
            limit=paging.limit,
            offset=paging.offset,
            marking=banners.highest(a.marking for a in shown),
        )
    return represent(request, page, headers=links(request, paging, len(agreements)))


@router.get("/agreements/{agreement_id}", response_model=AgreementPublic, **read(404))
def get_one(agreement_id: int, request: Request, viewer: Viewer, db: Db, as_of: AsOf = None) -> Response:
    """One agreement; without `as_of`, the representation whose ETag edits must name."""
    with db.reading() as session:
        found = get_agreement(session, agreement_id, viewer=viewer, as_of=as_of)
        return represent(request, agreement_public(found, Banners(session, viewer)))


@router.patch("/agreements/{agreement_id}", response_model=AgreementPublic, **write(412, 428, created=False))
def edit(
    agreement_id: int, body: AgreementUpdate, request: Request, viewer: Viewer, db: Db, if_match: IfMatch = None
) -> Response:
    """Rename an agreement or change its kind. `If-Match` must carry the ETag of GET /agreements/ID."""
    with db.writing() as session:
        banners = Banners(session, viewer)
        current = agreement_public(get_agreement(session, agreement_id, viewer=viewer), banners)
        check_if_match(if_match, json_bytes(current), required=True)
        edited = edit_agreement(session, agreement_id, actor=viewer, name=body.name, kind=body.kind)
        out = agreement_public(edited, banners)
    return represent(request, out)


@router.post("/agreements/{agreement_id}/stages", response_model=StagePublic, **write(412))
def add(
    agreement_id: int, body: StageCreate, request: Request, viewer: Viewer, db: Db, if_match: IfMatch = None
) -> Response:
    """Record a stage an agreement reached. With If-Match (the agreement's ETag), nothing is written when the
    agreement changed meanwhile."""
    with db.writing() as session:
        banners = Banners(session, viewer)
        current = agreement_public(get_agreement(session, agreement_id, viewer=viewer), banners)
        check_if_match(if_match, json_bytes(current), required=False)
        stage = set_stage(
            session,
            agreement_id,
            body.stage,
            body.date,
            actor=viewer,
            document_id=body.document_id,
            marking=read_banner(body.marking, nationality=viewer.nationality),
            raise_marking=body.raise_marking,
        )
        out = stage_public(stage, banners)
    return represent(request, out, status=201)
