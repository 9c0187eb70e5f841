"""`servanda ingest --workers N`: many statements at once through `tracking.bulk`, with a progress bar that shows
the rate and the time left, then the queued tracking run here unless it is deferred to `servanda work`."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from servanda.cli.errors import FAILURE
from servanda.cli.output import line, plural

if TYPE_CHECKING:
    from sqlalchemy import Engine

    from servanda.access import Marking, Person
    from servanda.cli.sources import Source
    from servanda.tracking.bulk import BulkProgress


def ingest_in_bulk(
    engine: Engine,
    sources: Sequence[Source],
    *,
    marking: Marking,
    actor: Person,
    workers: int,
    date: str | None,
    issuers: str | None,
    defer_tracking: bool,
) -> None:
    """Store every readable source, report the others on stderr, and exit non-zero when any failed."""
    from servanda.tracking.bulk import Overrides, ingest_many

    if any(source.path is None and source.problem is None for source in sources):
        raise typer.BadParameter("bulk ingest reads files, not stdin", param_hint="'--workers'")
    workers = workers or os.cpu_count() or 1
    problems = [(source.label, source.problem) for source in sources if source.problem is not None]
    paths = [Path(source.path) for source in sources if source.path is not None and source.problem is None]
    with _bar(len(paths), "ingesting") as advance:
        outcome = ingest_many(
            engine,
            paths,
            actor=actor,
            marking=marking,
            workers=workers,
            overrides=Overrides(date=date, issuers=issuers),
            on_progress=lambda p: advance(p.done, _rates(p)),
        )
    progress = outcome.progress
    for label, reason in [*problems, *outcome.failures]:
        line(f"failed {label}: {reason.removeprefix(f'{label}: ')}", err=True)
    seconds = max(progress.elapsed, 1e-9)
    line(
        f"{plural(progress.done + len(problems), 'statement')}: {progress.stored} stored, "
        f"{progress.already} already stored, {progress.failed + len(problems)} failed "
        f"in {seconds:.1f} s ({progress.stored / seconds:.1f} statements/s, {progress.words / seconds:,.0f} words/s, "
        f"{plural(workers, 'worker')})"
    )
    if outcome.interrupted:
        line("interrupted: what was stored is kept; run the same command again to carry on", err=True)
        raise typer.Exit(130)
    if outcome.track_jobs:
        if defer_tracking:
            line(f"{plural(len(outcome.track_jobs), 'tracking job')} queued: run `servanda work` to link and propose")
        else:
            _run_queue(engine, len(outcome.track_jobs))
    if progress.failed or problems:
        raise typer.Exit(FAILURE)


def _run_queue(engine: Engine, expected: int) -> None:
    """Drain the job queue here: linking to earlier commitments and proposing evidence for what was stored."""
    from servanda.tracking.background import run_all

    done = 0
    failed = 0
    with _bar(expected, "linking and proposing evidence") as advance:

        def ran(outcome) -> None:
            nonlocal done, failed
            done += 1
            failed += not outcome.ok
            advance(done, "")

        ran_jobs = run_all(engine, on_ran=ran)
    line(f"ran {plural(len(ran_jobs), 'job')}" + (f", {failed} failed (see `servanda jobs`)" if failed else ""))


def _rates(progress: BulkProgress) -> str:
    seconds = max(progress.elapsed, 1e-9)
    return f"{progress.done / seconds:.1f} statements/s · {progress.words / seconds:,.0f} words/s"


@contextmanager
def _bar(total: int, description: str) -> Iterator[Callable[[int, str], None]]:
    """A progress bar with rate and time left on stderr, when stderr is a terminal."""
    if total < 1 or not sys.stderr.isatty():
        yield lambda done, rates: None
        return
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeElapsedColumn,
        TimeRemainingColumn,
    )

    from servanda.cli.views import console

    bar = Progress(
        TextColumn(description),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.fields[rates]}"),
        TimeElapsedColumn(),
        TextColumn("left"),
        TimeRemainingColumn(),
        console=console(stderr=True),
        transient=True,
    )
    task = bar.add_task(description, total=total, rates="")
    with bar:
        yield lambda done, rates: bar.update(task, completed=done, rates=rates)
