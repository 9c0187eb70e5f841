"""`/jobs/{id}`: how far one of the person's background jobs has got, and how it ended (a preview's draft, or
why it failed). Nobody sees another person's jobs."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response

from servanda.store.jobs import get_job
from servanda.web.api.common import read
from servanda.web.auth import Viewer
from servanda.web.database import Db
from servanda.web.errors import Missing
from servanda.web.etags import represent
from servanda.web.markings import Banners
from servanda.web.schemas.jobs import JobPublic, job_public

router = APIRouter(tags=["jobs"])


@router.get("/jobs/{job_id}", response_model=JobPublic, **read(404))
def get_my_job(job_id: int, request: Request, viewer: Viewer, db: Db) -> Response:
    """One of the person's jobs, while they may read what it works on; poll it until `state` is done or failed."""
    with db.reading() as session:
        job = get_job(session, job_id, viewer=viewer)
        if job is None:
            raise Missing(f"no job {job_id}")
        return represent(request, job_public(job, Banners(session, viewer)))
