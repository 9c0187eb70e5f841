"""Options several commands share, with the checks that turn a bad value into a usage error (exit 2)."""

from __future__ import annotations

import re
from datetime import date
from enum import StrEnum
from typing import Annotated

import typer

from servanda.errors import InputError
from servanda.extract.model import AREAS, STRENGTHS

# Choices built from the extractor's vocabularies, so the options and the data cannot drift apart.
Area = StrEnum("Area", [(name, name) for name in AREAS])  # type: ignore[misc]
Strength = StrEnum("Strength", [(name, name) for name in STRENGTHS])  # type: ignore[misc]


class TableOrJson(StrEnum):
    table = "table"
    json = "json"


def _check_date(value: str | None) -> str | None:
    if value is None:
        return None
    from servanda.ingest.metadata import validate_date_override

    try:
        return validate_date_override(value, origin="--date")
    except InputError as err:
        raise typer.BadParameter(f"{value!r} is not an ISO date (YYYY-MM-DD, YYYY-MM or YYYY)") from err


def _check_issuers(value: str | None) -> str | None:
    if value is None:
        return None
    from servanda.ingest.issuers import resolve_party_list

    parts = [part.strip() for part in value.split(",") if part.strip()]
    if not parts:
        raise typer.BadParameter("name at least one party, e.g. CAN,KOR")
    for part in parts:
        if not resolve_party_list(part):
            raise typer.BadParameter(f"{part!r} is not a party Servanda knows (use codes such as CAN, KOR, EU)")
    return ",".join(parts)


def _check_actor(value: str | None) -> str | None:
    if value is None:
        return None
    from servanda.ingest.issuers import resolve_party_list

    codes = resolve_party_list(value)
    if len(codes) != 1:
        raise typer.BadParameter(f"{value!r} does not name one party (use a code such as CAN or EU)")
    return codes[0]


_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


def _check_day(value: str | None) -> date | None:
    if value is None:
        return None
    try:
        if not _ISO_DAY.fullmatch(value):
            raise ValueError(value)
        return date.fromisoformat(value)
    except ValueError:
        raise typer.BadParameter(f"{value!r} is not a day written YYYY-MM-DD") from None


Database = Annotated[
    str | None,
    typer.Option(
        "--db",
        metavar="URL",
        help="SQLAlchemy database URL. Default: $SERVANDA_DATABASE_URL, else sqlite:///./servanda.db.",
        show_default=False,
    ),
]
StatementDate = Annotated[
    str | None,
    typer.Option(
        "--date",
        metavar="DATE",
        callback=_check_date,
        help="The statement's date (YYYY-MM-DD, YYYY-MM or YYYY), instead of the one inferred.",
    ),
]
Issuers = Annotated[
    str | None,
    typer.Option(
        "--issuers",
        metavar="CODES",
        callback=_check_issuers,
        help="Comma-separated issuing parties (e.g. CAN,KOR), instead of the ones inferred.",
    ),
]
Title = Annotated[
    str | None,
    typer.Option("--title", help="The statement's title, instead of the one inferred (one statement only)."),
]

# Filters on stored commitments, shared by `list` and `export`.
AreaFilter = Annotated[
    Area | None,
    typer.Option("--area", metavar="AREA", help=f"Only commitments in this policy area: {', '.join(AREAS)}."),
]
StrengthFilter = Annotated[Strength | None, typer.Option("--strength", help="Only commitments of this strength.")]
ActorFilter = Annotated[
    str | None,
    typer.Option("--actor", metavar="PARTY", callback=_check_actor, help="Only commitments this party undertakes."),
]
IssuerFilter = Annotated[
    str | None,
    typer.Option("--issuer", metavar="PARTY", callback=_check_actor, help="Only statements this party issued."),
]
DueBeforeFilter = Annotated[
    date | None,
    typer.Option(
        "--due-before",
        metavar="YYYY-MM-DD",
        parser=_check_day,
        help="Only commitments whose whole due period ends before this day.",
    ),
]
DocumentFilter = Annotated[
    str | None,
    typer.Option("--document", metavar="ID", help="Only commitments of this document (id or SHA-256 prefix)."),
]
ActingAs = Annotated[
    str | None,
    typer.Option(
        "--as",
        metavar="NAME",
        help="Act as this person. Default: $SERVANDA_USER, else the token in $SERVANDA_TOKEN, else the only "
        "person of an embedded SQLite database.",
        show_default=False,
    ),
]
