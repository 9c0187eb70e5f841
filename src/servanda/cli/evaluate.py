"""`servanda eval`: run the extractor over a folder of gold files and score it by the spec's rules."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from servanda.cli.atomic import atomic_write
from servanda.cli.errors import CommandError
from servanda.cli.output import extraction_record, json_text, write_json


def evaluate(
    gold_dir: Annotated[
        Path,
        typer.Argument(
            metavar="GOLD_DIR",
            file_okay=False,
            help="A folder of gold files (NAME.json, each naming its statement's text file).",
        ),
    ],
    as_json: Annotated[
        bool, typer.Option("--json", help="Print the scores as JSON, in the reference scorer's --json shape.")
    ] = False,
    predictions_out: Annotated[
        Path | None,
        typer.Option(
            "--predictions-out",
            metavar="DIR",
            file_okay=False,
            help="Also write each prediction there as NAME.json, as `servanda extract` prints it.",
        ),
    ] = None,
) -> None:
    """Score the extractor against gold files: per-document counts, totals and attribute accuracies."""
    from servanda.evaluation import evaluate as run
    from servanda.evaluation import summarise

    if predictions_out is not None:
        try:
            predictions_out.mkdir(parents=True, exist_ok=True)
        except OSError as err:
            raise CommandError(f"cannot create {predictions_out} ({err.strerror or type(err).__name__})") from None
    scores = []
    for evaluated in run(gold_dir):
        scores.append(evaluated.score)
        if predictions_out is not None:
            with atomic_write(predictions_out / f"{evaluated.gold.name}.json") as handle:
                handle.write(json_text(extraction_record(evaluated.document, evaluated.extraction)))
    report = summarise(scores)
    if as_json:
        write_json(report.to_json())
        return
    from servanda.cli.views import display, evaluation_view

    display(evaluation_view(report))
