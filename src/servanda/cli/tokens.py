"""`servanda token create|revoke`: API tokens for scripts, scoped and expiring; an administrator's action."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from enum import StrEnum
from typing import Annotated

import typer

from servanda.cli import options
from servanda.cli.acting import acting_person
from servanda.cli.database import opened
from servanda.cli.output import line

token_app = typer.Typer(name="token", no_args_is_help=True, help="Create and revoke API tokens for scripts.")

# `90d`, `12w`, or ISO 8601's `P90D`, `P12W`.
_LIFETIME = re.compile(r"(?:(?P<n>\d+)(?P<unit>[dw])|P(?P<iso_n>\d+)(?P<iso_unit>[DW]))")


class Scope(StrEnum):
    read = "read"
    write = "write"
    admin = "admin"


def parse_lifetime(value: str) -> timedelta:
    """A token's lifetime: `90d`, `12w`, `P90D` or `P12W`."""
    match = _LIFETIME.fullmatch(value.strip())
    if match is None:
        raise typer.BadParameter(f"{value!r} is not a lifetime such as 90d, 12w or P90D")
    count = int(match["n"] or match["iso_n"])
    unit = (match["unit"] or match["iso_unit"]).lower()
    return timedelta(days=count * (7 if unit == "w" else 1))


@token_app.command("create")
def create(
    username: Annotated[str, typer.Argument(metavar="USERNAME", help="Whom the token acts for.", show_default=False)],
    scope: Annotated[
        list[Scope] | None,
        typer.Option("--scope", help="What the token may do (repeatable): read, write, admin. Default: read."),
    ] = None,
    expires: Annotated[
        timedelta | None,
        typer.Option(
            "--expires",
            metavar="LIFETIME",
            parser=parse_lifetime,
            help="How long it lives: 90d, 12w or P90D; at most 366 days. Default: 90d.",
        ),
    ] = None,
    acting: options.ActingAs = None,
    db: options.Database = None,
) -> None:
    """Create a token: its secret goes to stdout, shown this once; the details and a warning to stderr."""
    from servanda.store import create_token, transaction
    from servanda.store.tokens import DEFAULT_LIFETIME

    scopes = [s.value for s in scope] if scope else ["read"]
    lifetime = DEFAULT_LIFETIME if expires is None else expires
    with opened(db) as engine:
        actor = acting_person(engine, acting)
        with transaction(engine) as session:
            token_id, secret = create_token(
                session, username.strip().lower(), scopes=scopes, lifetime=lifetime, actor=actor
            )
    until = (datetime.now(UTC) + lifetime).date().isoformat()
    line(secret)
    line(
        f"token {token_id} for {username.strip().lower()}: {', '.join(sorted(set(scopes)))}; expires {until}", err=True
    )
    line("warning: the secret above is shown this once and cannot be shown again; keep it now", err=True)


@token_app.command("revoke")
def revoke(
    token_id: Annotated[int, typer.Argument(metavar="ID", help="The token's id.", show_default=False)],
    acting: options.ActingAs = None,
    db: options.Database = None,
) -> None:
    """Revoke a token from now on."""
    from servanda.store import revoke_token, transaction

    with opened(db) as engine:
        actor = acting_person(engine, acting)
        with transaction(engine) as session:
            revoke_token(session, token_id, actor=actor)
    line(f"revoked token {token_id}")
