"""`servanda ingest`: read statements, extract their commitments and store each in its own transaction."""

from __future__ import annotations

import sys
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Annotated, Protocol

import typer

from servanda.cli import options
from servanda.cli.acting import acting_person
from servanda.cli.database import opened
from servanda.cli.errors import FAILURE, debugging, describe
from servanda.cli.markings import read_marking
from servanda.cli.output import line, plural
from servanda.cli.sources import Source, find_sources

if TYPE_CHECKING:
    from sqlalchemy import Engine

    from servanda.access import Marking, Person
    from servanda.extract import Extraction
    from servanda.ingest import IngestedDocument
    from servanda.tracking.intake import Tracked


def store_statement(
    engine: Engine, document: IngestedDocument, *, marking: Marking, actor: Person
) -> tuple[Tracked, Extraction]:
    """Extract a statement's commitments and save both, marked `marking`, then track it (meetings, agreement
    stages, links to earlier commitments, evidence proposals), in one transaction: all of it, or nothing."""
    from servanda.extract import extract
    from servanda.store import transaction
    from servanda.tracking.intake import save_and_track

    extraction = extract(document.text, date=document.metadata.date, issuers=document.metadata.issuers)
    with transaction(engine) as session:
        result = save_and_track(session, document, extraction, marking=marking, actor=actor)
    return result, extraction


def read_source(source: Source, *, title: str | None, date: str | None, issuers: str | None) -> IngestedDocument:
    """Read one statement from its file or from stdin; any problem with it is an InputError."""
    from servanda.errors import InputError
    from servanda.ingest import DEFAULT_MAX_BYTES, read_bytes, read_path

    if source.problem is not None:
        raise InputError(source.problem)
    if source.path is not None:
        return read_path(source.path, title=title, date=date, issuers=issuers)
    data = typer.get_binary_stream("stdin").read(DEFAULT_MAX_BYTES + 1)
    return read_bytes(data, origin=source.label, title=title, date=date, issuers=issuers)


def ingest(
    ctx: typer.Context,
    paths: Annotated[
        list[str],
        typer.Argument(
            metavar="PATH",
            help="Statement files, folders (searched recursively), glob patterns, or - for stdin.",
            show_default=False,
        ),
    ],
    date: options.StatementDate = None,
    issuers: options.Issuers = None,
    title: options.Title = None,
    marking: Annotated[
        str | None,
        typer.Option(
            "--marking",
            metavar="BANNER",
            help="Mark every statement so, e.g. 'SECRET//REL TO CAN, KOR//SDCP'. Default: UNCLASSIFIED.",
        ),
    ] = None,
    instrument: Annotated[
        str | None,
        typer.Option("--instrument", metavar="ID", help="The instrument governing the marking, e.g. CAN-KOR-2026."),
    ] = None,
    workers: Annotated[
        int | None,
        typer.Option(
            "--workers",
            min=0,
            metavar="N",
            help="Bulk mode for large folders: extract in N processes (0: one per CPU), write in batches, show "
            "the rate and time left, and resume an interrupted run. Linking and evidence proposals run afterwards.",
            show_default=False,
        ),
    ] = None,
    defer_tracking: Annotated[
        bool,
        typer.Option(
            "--defer-tracking",
            help="With --workers: leave linking and evidence proposals queued for `servanda work` or the server.",
        ),
    ] = False,
    acting: options.ActingAs = None,
    db: options.Database = None,
) -> None:
    """Read statements, extract their commitments and store them, marked as given; each is stored once."""
    from servanda.access import PUBLIC

    sources = find_sources(paths)
    if title is not None and len(sources) > 1:
        raise typer.BadParameter(f"a title fits one statement, and {len(sources)} were given", param_hint="'--title'")
    if instrument is not None and marking is None:
        raise typer.BadParameter("an instrument governs a marking: give --marking too", param_hint="'--instrument'")
    if defer_tracking and workers is None:
        raise typer.BadParameter(
            "tracking is deferred in bulk mode: give --workers too", param_hint="'--defer-tracking'"
        )
    outcomes: Counter[str] = Counter()
    with opened(db) as engine:
        actor = acting_person(engine, acting)
        # An unreadable marking stops everything before a statement is read.
        chosen = (
            PUBLIC if marking is None else read_marking(marking, nationality=actor.nationality, instrument=instrument)
        )
        if workers is not None:
            from servanda.cli.bulk import ingest_in_bulk

            ingest_in_bulk(
                engine,
                sources,
                marking=chosen,
                actor=actor,
                workers=workers,
                date=date,
                issuers=issuers,
                defer_tracking=defer_tracking,
            )
            return
        with _progress(len(sources)) as reached:
            for done, source in enumerate(sources):
                reached(done, source.label)
                outcome = _ingest_one(ctx, engine, source, chosen, actor, title=title, date=date, issuers=issuers)
                outcomes[outcome] += 1
    if len(sources) > 1:
        counts = ", ".join(f"{outcomes[o]} {o}" for o in ("stored", "already stored", "failed") if outcomes[o])
        line(f"{plural(len(sources), 'statement')}: {counts}")
    if outcomes["failed"]:
        raise typer.Exit(FAILURE)


def _ingest_one(
    ctx: typer.Context,
    engine: Engine,
    source: Source,
    marking: Marking,
    actor: Person,
    *,
    title: str | None,
    date: str | None,
    issuers: str | None,
) -> str:
    """Store one statement and print its line; return what became of it: stored, already stored or failed."""
    try:
        document = read_source(source, title=title, date=date, issuers=issuers)
        result, extraction = store_statement(engine, document, marking=marking, actor=actor)
    except Exception as err:
        # One statement that cannot be stored must not keep the others out.
        if debugging(ctx):
            raise
        line(f"failed {source.label}: {_reason(err, source)}", err=True)
        return "failed"
    if not result.created:
        line(f"already stored {source.label} (document {result.document_id})")
        return "already stored"
    line(
        f"stored {source.label} → document {result.document_id}: "
        f"{plural(len(extraction.commitments), 'commitment')}, "
        f"{plural(len(extraction.achievements), 'achievement')}, "
        f"{plural(result.proposals, 'evidence proposal')}"
    )
    return "stored"


def _reason(err: Exception, source: Source) -> str:
    """The error's line without the path the result line already names."""
    reason = describe(err)
    for prefix in (f"{source.label}: ", f"{source.label} "):
        if reason.startswith(prefix):
            return reason[len(prefix) :]
    return reason


class _Reached(Protocol):
    def __call__(self, done: int, label: str) -> None: ...


@contextmanager
def _progress(total: int) -> Iterator[_Reached]:
    """A progress bar on stderr while several statements are read, when stderr is a terminal."""
    if total < 2 or not sys.stderr.isatty():
        yield lambda done, label: None
        return
    from rich.markup import escape
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    from servanda.cli.views import console

    progress = Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=console(stderr=True),
        transient=True,
        # Result lines go to stdout; when it shares the terminal they must print above the bar.
        redirect_stdout=sys.stdout.isatty(),
        redirect_stderr=True,
    )
    task = progress.add_task("ingesting", total=total)

    def reached(done: int, label: str) -> None:
        shown = label if len(label) <= _LABEL_WIDTH else "…" + label[-(_LABEL_WIDTH - 1) :]
        progress.update(task, completed=done, description=escape(shown))

    with progress:
        yield reached
        progress.update(task, completed=total)


_LABEL_WIDTH = 40
