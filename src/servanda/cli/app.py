"""The `servanda` command: a Typer app whose commands are thin adapters around the library."""

from __future__ import annotations

from typing import Annotated

import typer

from servanda import __version__
from servanda.cli.agreements import agreements_app
from servanda.cli.assess import assess, history
from servanda.cli.assessments_csv import assessments_app
from servanda.cli.audit import audit_app
from servanda.cli.backup import backup, restore
from servanda.cli.browse import document, documents, list_, show
from servanda.cli.corrections import corrections_app
from servanda.cli.deadlines import calendar, due
from servanda.cli.demo import demo
from servanda.cli.errors import ServandaGroup
from servanda.cli.evaluate import evaluate
from servanda.cli.evidence import evidence_app
from servanda.cli.export import export
from servanda.cli.extract import extract
from servanda.cli.ingest import ingest
from servanda.cli.jobs import jobs, work
from servanda.cli.links import links_app, review
from servanda.cli.mechanisms import mechanisms_app
from servanda.cli.people import org_app, user_app
from servanda.cli.report import report_app
from servanda.cli.serve import serve
from servanda.cli.tokens import token_app
from servanda.cli.widen import widen

app = typer.Typer(
    cls=ServandaGroup,
    name="servanda",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)

_STATEMENTS = "Statements"
_STORED = "Stored commitments"
_TRACKING = "Tracking"
_ACCESS = "People, markings and audit"
_QUALITY = "Quality"
_OPERATIONS = "Operations"

app.command(rich_help_panel=_STATEMENTS)(ingest)
app.command(rich_help_panel=_STATEMENTS)(extract)
app.command(rich_help_panel=_STATEMENTS)(demo)
app.command(rich_help_panel=_STATEMENTS)(serve)
app.command("list", rich_help_panel=_STORED)(list_)
app.command(rich_help_panel=_STORED)(show)
app.command(rich_help_panel=_STORED)(documents)
app.command(rich_help_panel=_STORED)(document)
app.command(rich_help_panel=_STORED)(export)
app.command(rich_help_panel=_TRACKING)(assess)
app.command(rich_help_panel=_TRACKING)(history)
app.add_typer(evidence_app, rich_help_panel=_TRACKING)
app.add_typer(links_app, rich_help_panel=_TRACKING)
app.command(rich_help_panel=_TRACKING)(review)
app.command(rich_help_panel=_TRACKING)(due)
app.command(rich_help_panel=_TRACKING)(calendar)
app.add_typer(mechanisms_app, rich_help_panel=_TRACKING)
app.add_typer(agreements_app, rich_help_panel=_TRACKING)
app.add_typer(report_app, rich_help_panel=_TRACKING)
app.add_typer(assessments_app, rich_help_panel=_TRACKING)
app.add_typer(user_app, rich_help_panel=_ACCESS)
app.add_typer(token_app, rich_help_panel=_ACCESS)
app.add_typer(org_app, rich_help_panel=_ACCESS)
app.command(rich_help_panel=_ACCESS)(widen)
app.add_typer(audit_app, rich_help_panel=_ACCESS)
app.command("eval", rich_help_panel=_QUALITY)(evaluate)
app.add_typer(corrections_app, rich_help_panel=_QUALITY)
app.command(rich_help_panel=_OPERATIONS)(work)
app.command(rich_help_panel=_OPERATIONS)(jobs)
app.command(rich_help_panel=_OPERATIONS)(backup)
app.command(rich_help_panel=_OPERATIONS)(restore)


def _print_version(value: bool) -> None:
    if value:
        typer.echo(f"servanda {__version__}")
        raise typer.Exit()


@app.callback()
def _global_options(
    debug: Annotated[bool, typer.Option("--debug", help="Show the full traceback when a command fails.")] = False,
    version: Annotated[
        bool,
        typer.Option("--version", callback=_print_version, is_eager=True, help="Print the version and exit."),
    ] = False,
) -> None:
    """Read joint statements into commitments, each tied to its source text, and store them."""
    # --debug is read back from the context by errors.debugging(), where a failure is reported.


def main() -> None:
    """Entry point of the `servanda` console script."""
    app(prog_name="servanda")
