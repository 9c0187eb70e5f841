"""`servanda assessments export|import`: assessments as CSV, so that bulk updates made in a spreadsheet round-trip.
An import is all or nothing, and names every row that is wrong."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from servanda.cli import options
from servanda.cli.atomic import atomic_write
from servanda.cli.database import reading
from servanda.cli.errors import FAILURE, report
from servanda.cli.output import line, plural
from servanda.cli.writing import writing

assessments_app = typer.Typer(
    name="assessments", no_args_is_help=True, help="Export and import assessments as CSV (a spreadsheet round trip)."
)


@assessments_app.command("export")
def export(
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            metavar="FILE",
            dir_okay=False,
            help="Write to FILE, replacing it only once complete. Default: stdout.",
        ),
    ] = None,
    acting: options.ActingAs = None,
    db: options.Database = None,
) -> None:
    """Write every assessment you may read as CSV, one row each."""
    from servanda.tracking.assessments_csv import export_assessments

    with reading(db, acting) as (session, viewer):
        if output is None or str(output) == "-":
            export_assessments(session, sys.stdout, viewer=viewer)
            sys.stdout.flush()
            return
        with atomic_write(output, newline="") as handle:
            count = export_assessments(session, handle, viewer=viewer)
    line(f"exported {plural(count, 'assessment')} to {output}", err=True)


@assessments_app.command("import")
def import_(
    source: Annotated[
        str, typer.Argument(metavar="FILE", help="A CSV file in the format export writes, or - for stdin.")
    ],
    acting: options.ActingAs = None,
    db: options.Database = None,
) -> None:
    """Read assessments from CSV: rows without an id are new; a changed row corrects the one it names."""
    from servanda.tracking.assessments_csv import CsvImportError, import_assessments

    text = _read(source)
    import io

    try:
        with writing(db, acting) as (session, actor):
            result = import_assessments(session, io.StringIO(text, newline=""), actor=actor)
    except CsvImportError as err:
        report(f"cannot import assessments: {plural(len(err.problems), 'problem')}; nothing was imported")
        for problem in err.problems:
            line(f"  {problem}", err=True)
        raise typer.Exit(FAILURE) from None
    ids = ", ".join(map(str, result.created))
    line(
        f"imported {plural(len(result.created), 'assessment')}{f' ({ids})' if ids else ''}; "
        f"{plural(len(result.unchanged), 'row')} unchanged"
    )


def _read(source: str) -> str:
    from servanda.cli.errors import CommandError

    if source == "-":
        return typer.get_text_stream("stdin").read()
    try:
        return Path(source).read_text(encoding="utf-8-sig")
    except OSError as err:
        raise CommandError(f"cannot read {source}: {err.strerror or type(err).__name__}") from None
    except UnicodeDecodeError:
        raise CommandError(f"cannot read {source}: it is not UTF-8 text") from None
