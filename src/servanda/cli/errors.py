"""The one place where an error becomes a line on stderr and an exit code (a traceback only with --debug)."""

from __future__ import annotations

import os
import sys
from typing import Any

import typer
from typer.core import TyperGroup

from servanda.errors import ServandaError

try:  # Typer 0.2x ships its own copy of Click
    from typer._click.exceptions import ClickException
except ImportError:  # pragma: no cover - older Typer, on Click itself
    from click.exceptions import ClickException

FAILURE = 1  # usage errors exit with 2, as Click decides

# Exceptions Typer turns into usage messages, exits and broken-pipe handling itself.
_TYPER_HANDLES = (ClickException, typer.Exit, typer.Abort, BrokenPipeError)


class CommandError(ServandaError):
    """A command that cannot do what it was asked: a record that is not stored, settings that do not parse."""


def report(message: str) -> None:
    """Write a one-line error message to stderr."""
    sys.stderr.write(f"error: {message}\n")
    sys.stderr.flush()


def describe(err: BaseException) -> str:
    """The line a user sees for `err`: our errors' own message, the exception's name for anything else."""
    if isinstance(err, ServandaError):
        return str(err)
    detail = " ".join(str(err).split())
    what = f"{type(err).__name__}: {detail}" if detail else type(err).__name__
    return f"internal error ({what}); run with --debug for the traceback"


def debugging(ctx: typer.Context | None) -> bool:
    """Whether tracebacks were asked for, by --debug or by SERVANDA_DEBUG."""
    if ctx is not None and ctx.find_root().params.get("debug"):
        return True
    value = os.environ.get("SERVANDA_DEBUG", "")
    if not value:
        return False
    # Parsed as the settings object parses it; a value that is not a boolean is taken as a request for detail.
    from pydantic import TypeAdapter, ValidationError

    try:
        return TypeAdapter(bool).validate_python(value)
    except ValidationError:
        return True


class ServandaGroup(TyperGroup):
    """The command group: any error of a command ends as one line on stderr and exit code 1."""

    def invoke(self, ctx: typer.Context) -> Any:  # type: ignore[override]
        try:
            return super().invoke(ctx)
        except _TYPER_HANDLES:
            raise
        except Exception as err:
            if debugging(ctx):
                raise
            report(describe(err))
            raise typer.Exit(FAILURE) from None
