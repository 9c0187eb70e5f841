"""`servanda corrections export DIR`: the commitments people corrected and saved through the ingest page, as gold
files for measuring and improving the extractor (the format of ../shared/eval)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from servanda.cli import options
from servanda.cli.atomic import atomic_write
from servanda.cli.database import reading
from servanda.cli.errors import CommandError
from servanda.cli.output import line, plural

corrections_app = typer.Typer(
    name="corrections", no_args_is_help=True, help="Corrections saved through the ingest page, as gold files."
)


@corrections_app.command("export")
def export_corrections(
    directory: Annotated[
        Path,
        typer.Argument(metavar="DIR", help="Where to write the gold files (created if missing).", show_default=False),
    ],
    acting: options.ActingAs = None,
    db: options.Database = None,
) -> None:
    """Write each of your saved drafts you may still read as a gold file, NAME.json, beside its statement's text,
    NAME.txt: the commitments as you saved them. Score the extractor against them with `servanda eval DIR` or
    ../shared/tools/score.py. Files of the same name are replaced."""
    from servanda.tracking.drafts import gold_files

    with reading(db, acting) as (session, viewer):
        found = list(gold_files(session, viewer=viewer))
    if directory.exists() and not directory.is_dir():
        raise CommandError(f"{directory} is not a directory")
    try:
        directory.mkdir(parents=True, exist_ok=True)
    except OSError as err:
        raise CommandError(f"cannot create {directory} ({err.strerror or type(err).__name__})") from None
    for gold in found:
        with atomic_write(directory / f"{gold.name}.txt") as handle:
            handle.write(gold.text)
        with atomic_write(directory / f"{gold.name}.json") as handle:
            json.dump(gold.record, handle, ensure_ascii=False, indent=1)
            handle.write("\n")
    line(f"wrote {plural(len(found), 'gold file')} to {directory}")
