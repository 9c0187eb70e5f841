"""`servanda ingest`: read statements, extract their commitments and store each in its own transaction."""

from __future__ import annotations

import sys
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Annotated, Protocol

import typer

from servanda.cli import options
from servanda.cli.database import acting_person, opened
from servanda.cli.errors import FAILURE, debugging, describe
from servanda.cli.output import line, plural
from servanda.cli.sources import Source, find_sources

if TYPE_CHECKING:
    from sqlalchemy import Engine

    from servanda.extract import Extraction
    from servanda.ingest import IngestedDocument
    from servanda.store import SaveResult


def store_statement(engine: Engine, document: IngestedDocument) -> tuple[SaveResult, Extraction]:
    """Extract a statement's commitments and save both in one transaction: all of it is stored, or nothing."""
    from servanda.extract import extract
    from servanda.store import save_document, transaction

    extraction = extract(document.text, date=document.metadata.date, issuers=document.metadata.issuers)
    with transaction(engine) as session:
        result = save_document(session, document, extraction, actor=acting_person())
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
    db: options.Database = None,
) -> None:
    """Read statements, extract their commitments and store them; a statement already stored is skipped."""
    sources = find_sources(paths)
    if title is not None and len(sources) > 1:
        raise typer.BadParameter(f"a title fits one statement, and {len(sources)} were given", param_hint="'--title'")
    outcomes: Counter[str] = Counter()
    with opened(db) as engine, _progress(len(sources)) as reached:
        for done, source in enumerate(sources):
            reached(done, source.label)
            try:
                document = read_source(source, title=title, date=date, issuers=issuers)
                result, extraction = store_statement(engine, document)
            except Exception as err:
                # One statement that cannot be stored must not keep the others out.
                if debugging(ctx):
                    raise
                outcomes["failed"] += 1
                line(f"failed {source.label}: {_reason(err, source)}", err=True)
                continue
            if result.created:
                outcomes["stored"] += 1
                line(
                    f"stored {source.label} → document {result.document_id}: "
                    f"{plural(len(extraction.commitments), 'commitment')}, "
                    f"{plural(len(extraction.achievements), 'achievement')}"
                )
            else:
                outcomes["already stored"] += 1
                line(f"already stored {source.label} (document {result.document_id})")
    if len(sources) > 1:
        counts = ", ".join(f"{outcomes[o]} {o}" for o in ("stored", "already stored", "failed") if outcomes[o])
        line(f"{plural(len(sources), 'statement')}: {counts}")
    if outcomes["failed"]:
        raise typer.Exit(FAILURE)


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
