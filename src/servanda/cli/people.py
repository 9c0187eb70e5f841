"""`servanda user add|list|disable|password` and `servanda org add`: the people who use Servanda and the
organisations they belong to. Each is an administrator's action, which the store asks `access.decide` about;
only the first person of an empty database is added without acting as anyone."""

from __future__ import annotations

from enum import StrEnum
from typing import TYPE_CHECKING, Annotated, Any

import typer

from servanda.cli import options
from servanda.cli.acting import acting_person, people_count
from servanda.cli.database import opened, read_session, reading
from servanda.cli.options import TableOrJson
from servanda.cli.output import line, write_json

if TYPE_CHECKING:
    from servanda.store.accounts import PersonRecord

user_app = typer.Typer(name="user", no_args_is_help=True, help="Add, list and disable people; set passwords.")
org_app = typer.Typer(name="org", no_args_is_help=True, help="Add the organisations people belong to.")


class Role(StrEnum):
    reader = "reader"
    analyst = "analyst"
    admin = "admin"


class OrganisationKind(StrEnum):
    ministry = "ministry"
    department = "department"
    agency = "agency"
    other = "other"


Username = Annotated[str, typer.Argument(metavar="USERNAME", help="The person's username.", show_default=False)]
PasswordStdin = Annotated[
    bool, typer.Option("--password-stdin", help="Read the password from the first line of standard input.")
]


@user_app.command("add")
def add_user(
    username: Username,
    nationality: Annotated[
        str, typer.Option("--nationality", metavar="PARTY", help="Nationality, a party code: CAN, KOR, USA.")
    ],
    clearance: Annotated[
        str, typer.Option("--clearance", metavar="LEVEL", help="Clearance, a level of the nationality's scheme.")
    ],
    compartment: Annotated[
        list[str] | None,
        typer.Option("--compartment", metavar="NAME", help="A need-to-know compartment held (repeatable)."),
    ] = None,
    role: Annotated[Role, typer.Option("--role", help="What the person may do.")] = Role.reader,
    organisation: Annotated[
        str | None, typer.Option("--organisation", metavar="NAME", help="The organisation they belong to.")
    ] = None,
    name: Annotated[str | None, typer.Option("--name", metavar="TEXT", help="Display name. Default: USERNAME.")] = None,
    password_stdin: PasswordStdin = False,
    acting: options.ActingAs = None,
    db: options.Database = None,
) -> None:
    """Add a person; the first person of an empty database must be an admin, and is added without --as."""
    from servanda.store import add_person, person_value, transaction

    password = read_password() if password_stdin else None
    with opened(db) as engine:
        with read_session(engine) as session:
            first = people_count(session) == 0
        # The first person is added by no one: the store allows it only for an admin, and audits it as the system.
        actor = None if first else acting_person(engine, acting)
        with transaction(engine) as session:
            row = add_person(
                session,
                username=username,
                display_name=name or username,
                nationality=nationality.strip().upper(),
                clearance=clearance,
                role=role.value,
                compartments=compartment or (),
                organisation=organisation,
                password=password,
                actor=actor,
            )
            added = person_value(row)
    from servanda.cli.people_views import describe

    line(f"added {added.username} ({describe(added)})")
    if first:
        line(f"act as them with --as {added.username} or SERVANDA_USER={added.username}")


@user_app.command("list")
def list_users(
    format: Annotated[TableOrJson, typer.Option("--format", help="Output format.")] = TableOrJson.table,
    acting: options.ActingAs = None,
    db: options.Database = None,
) -> None:
    """List everyone, with nationality, clearance, compartments, role, organisation and status."""
    from servanda.store import list_people

    with reading(db, acting) as (session, viewer):
        rows = list_people(session, actor=viewer)
        if format is TableOrJson.json:
            write_json([_person_record(row) for row in rows])
            return
        from servanda.cli.people_views import people_table
        from servanda.cli.views import display

        display(people_table(rows))


@user_app.command("disable")
def disable_user(username: Username, acting: options.ActingAs = None, db: options.Database = None) -> None:
    """Disable a person's account: from then on they may do nothing. The last admin cannot be disabled."""
    from servanda.store import disable_person, transaction

    with opened(db) as engine:
        actor = acting_person(engine, acting)
        with transaction(engine) as session:
            row = disable_person(session, username.strip().lower(), actor=actor)
            line(f"disabled {row.username}")


@user_app.command("password")
def set_user_password(
    username: Username,
    password_stdin: PasswordStdin = False,
    acting: options.ActingAs = None,
    db: options.Database = None,
) -> None:
    """Set a person's password (kept only as an argon2id hash); asked for twice unless --password-stdin."""
    from servanda.store import set_password, transaction

    if password_stdin:
        password = read_password()
    else:
        password = typer.prompt("New password", hide_input=True, confirmation_prompt=True)
    with opened(db) as engine:
        actor = acting_person(engine, acting)
        with transaction(engine) as session:
            set_password(session, username.strip().lower(), password, actor=actor)
    line(f"set the password of {username.strip().lower()}")


@org_app.command("add")
def add_org(
    name: Annotated[str, typer.Argument(metavar="NAME", help="The organisation's name.", show_default=False)],
    kind: Annotated[OrganisationKind, typer.Option("--kind", help="What kind of organisation it is.")],
    party: Annotated[str, typer.Option("--party", metavar="PARTY", help="The government it belongs to: CAN, KOR.")],
    acting: options.ActingAs = None,
    db: options.Database = None,
) -> None:
    """Add a ministry, department or agency, to attribute people to."""
    from servanda.store import add_organisation, transaction

    with opened(db) as engine:
        actor = acting_person(engine, acting)
        with transaction(engine) as session:
            row = add_organisation(session, name=name, kind=kind.value, party=party.strip().upper(), actor=actor)
            line(f"added organisation {row.id}: {row.name} ({row.party} {row.kind})")


def read_password() -> str:
    """The first line of standard input, without its line ending: the password exactly as given."""
    text = typer.get_text_stream("stdin").readline()
    return text.removesuffix("\n").removesuffix("\r")


def _person_record(row: PersonRecord) -> dict[str, Any]:
    return {
        "username": row.username,
        "name": row.display_name,
        "nationality": row.nationality,
        "clearance": row.clearance,
        "compartments": sorted(row.compartments),
        "role": row.role,
        "organisation": row.organisation.name if row.organisation else None,
        "disabled": row.disabled,
    }
