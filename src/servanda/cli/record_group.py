"""Command groups over one kind of record, where the bare group lists them and `GROUP ID` shows one:
`servanda mechanisms` runs `servanda mechanisms list`, and `servanda mechanisms 3` runs `servanda mechanisms show 3`."""

from __future__ import annotations

from typing import Any

import typer

from servanda.cli.errors import ServandaGroup

_HELP = ("-h", "--help")


class RecordGroup(ServandaGroup):
    """A group whose bare form (or one starting with an option) runs `list`, and whose form starting with
    anything that is not a subcommand runs `by_id` with it."""

    by_id = "show"

    def parse_args(self, ctx: typer.Context, args: list[str]) -> list[str]:  # type: ignore[override]
        if not args or (args[0].startswith("-") and args[0] not in _HELP):
            args = ["list", *args]
        elif not args[0].startswith("-") and args[0] not in self.commands:
            args = [self.by_id, *args]
        return super().parse_args(ctx, args)


class FilteredListGroup(RecordGroup):
    """A group whose `GROUP ID` lists the records about ID: `servanda links 12` runs `servanda links list 12`."""

    by_id = "list"


def record_app(name: str, help: str, *, by_id: str = "show", **settings: Any) -> typer.Typer:
    """A Typer group of `name` routed as RecordGroup says."""
    cls = RecordGroup if by_id == "show" else FilteredListGroup
    return typer.Typer(name=name, cls=cls, help=help, no_args_is_help=False, **settings)
