"""The job queue's table: work that runs outside a web request or a command, exactly once, in any app process.

A job belongs to the person who asked for it and runs with what that person may do when it runs. It carries the
marking of what it works on (an upload, a statement), so only its owner, while cleared for that, sees it. Its `data`
holds an upload's bytes until the job has read them; its `result` is a small JSON summary. `lease_until` lets a
worker that died mid-job be noticed: a running job whose lease has passed may be claimed again.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import CheckConstraint, ForeignKey, Index, LargeBinary, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from servanda.store.models import Base, Marked, utc_now

JOB_KINDS = ("extract", "track")
JOB_STATES = ("queued", "running", "done", "failed")


class Job(Marked, Base):
    """One piece of background work: what, for whom, how far it has got, and how it ended."""

    __tablename__ = "job"
    __table_args__ = (
        CheckConstraint("kind IN ('extract', 'track')", name="kind"),
        CheckConstraint("state IN ('queued', 'running', 'done', 'failed')", name="state"),
        CheckConstraint("attempts >= 0", name="attempts"),
        Index("ix_job_state_id", "state", "id"),
        Index("ix_job_person_id_id", "person_id", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(16))
    state: Mapped[str] = mapped_column(String(16), default="queued")
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="RESTRICT"))
    payload: Mapped[dict[str, Any]] = mapped_column(default=dict)
    data: Mapped[bytes | None] = mapped_column(LargeBinary)
    progress: Mapped[int] = mapped_column(default=0)
    total: Mapped[int | None]
    message: Mapped[str | None] = mapped_column(Text)
    result: Mapped[dict[str, Any] | None]
    error: Mapped[str | None] = mapped_column(Text)
    attempts: Mapped[int] = mapped_column(default=0)
    worker: Mapped[str | None] = mapped_column(String(120))
    created_at: Mapped[datetime] = mapped_column(default=utc_now)
    started_at: Mapped[datetime | None]
    finished_at: Mapped[datetime | None]
    lease_until: Mapped[datetime | None]
