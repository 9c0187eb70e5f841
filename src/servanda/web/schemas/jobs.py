"""Background jobs as their owner follows them: how far one has got, and how it ended."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import BaseModel, Field

from servanda.store.jobs import JobPublic as Job
from servanda.web.markings import Banners, MarkingPublic


class JobPublic(BaseModel):
    """A background job of the person asking: how far it has got, and how it ended."""

    id: int
    kind: str = Field(description="extract or track")
    state: str = Field(description="queued, running, done or failed")
    progress: int
    total: int | None
    message: str | None = Field(description="what it is doing, or what it did")
    error: str | None = Field(description="why it failed")
    result: dict[str, Any] | None = Field(description="a preview's `draft_id`; a stored statement's `document_id`")
    draft_id: int | None = Field(description="the draft a finished preview made")
    document_id: int | None = Field(description="the statement a finished upload stored, or a tracking job tracked")
    label: str = Field(description="what it works on: the uploaded file's name")
    attempts: int
    created_at: datetime
    started_at: datetime | None
    finished_at: datetime | None
    marking: MarkingPublic


def job_public(job: Job, banners: Banners) -> JobPublic:
    result = job.result or {}
    return JobPublic(
        id=job.id,
        kind=job.kind,
        state=job.state,
        progress=job.progress,
        total=job.total,
        message=job.message,
        error=job.error,
        result=job.result,
        draft_id=_id(result.get("draft_id")),
        document_id=_id(result.get("document_id")),
        label=job.label,
        attempts=job.attempts,
        created_at=job.created_at,
        started_at=job.started_at,
        finished_at=job.finished_at,
        marking=banners.of_id(job.marking_id),
    )


def _id(value: Any) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None
