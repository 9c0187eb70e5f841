"""`servanda work` runs queued jobs (uploads to extract, statements to track); `servanda jobs` lists yours."""

from __future__ import annotations

from typing import Annotated

import typer

from servanda.cli import options
from servanda.cli.database import opened, reading
from servanda.cli.errors import CommandError
from servanda.cli.options import TableOrJson
from servanda.cli.output import NONE, line, plural, write_json

Format = Annotated[TableOrJson, typer.Option("--format", help="Output format.")]


def work(
    drain: Annotated[
        bool, typer.Option("--drain", help="Run what is queued, then stop (default: keep waiting for new jobs).")
    ] = False,
    poll: Annotated[
        float, typer.Option("--poll", min=0.1, max=3600, metavar="SECONDS", help="How often to look for new jobs.")
    ] = 2.0,
    db: options.Database = None,
) -> None:
    """Run background jobs, each as the person who queued it: any number of these (and of `servanda serve`'s
    processes) may share one database, and each job runs once. Stop with Ctrl-C."""
    import threading

    from servanda.tracking.background import run_all
    from servanda.tracking.background import work as run_forever

    def report(ran) -> None:
        line(f"job {ran.id} ({ran.kind}): " + ("done" if ran.ok else f"failed: {ran.error}"))

    with opened(db) as engine:
        if drain:
            ran = run_all(engine, on_ran=report)
            line(f"ran {plural(len(ran), 'job')}; the queue is empty")
            return
        line("waiting for jobs; Ctrl-C stops", err=True)
        stop = threading.Event()
        try:
            run_forever(engine, stop, poll=poll)
        except KeyboardInterrupt:
            stop.set()
            line("stopped", err=True)


def jobs(
    job_id: Annotated[
        int | None, typer.Argument(metavar="[ID]", help="Show this job only.", show_default=False)
    ] = None,
    format: Format = TableOrJson.table,
    acting: options.ActingAs = None,
    db: options.Database = None,
) -> None:
    """Your background jobs, newest first: what each works on, how far it got, and how it ended."""
    from servanda.store.jobs import get_job, list_jobs

    with reading(db, acting) as (session, viewer):
        if job_id is None:
            found = list_jobs(session, viewer=viewer)
        else:
            one = get_job(session, job_id, viewer=viewer)
            if one is None:
                raise CommandError(f"no job {job_id} of yours")
            found = [one]
    if format is TableOrJson.json:
        write_json([_record(job) for job in found])
        return
    if not found:
        line("no jobs")
        return
    from rich.table import Table

    from servanda.cli.views import display

    table = Table("id", "kind", "on", "state", "progress", "outcome", box=None)
    for job in found:
        shown = f"{job.progress}/{job.total}" if job.total else str(job.progress or NONE)
        table.add_row(str(job.id), job.kind, job.label, job.state, shown, job.error or job.message or NONE)
    display(table)


def _record(job) -> dict:
    return {
        "id": job.id,
        "kind": job.kind,
        "on": job.label,
        "state": job.state,
        "progress": job.progress,
        "total": job.total,
        "message": job.message,
        "result": job.result,
        "error": job.error,
        "attempts": job.attempts,
        "created_at": job.created_at.isoformat(),
        "finished_at": job.finished_at.isoformat() if job.finished_at else None,
    }
