"""Rich views of people: the table `servanda user list` prints, and who the demo's personas are and what each
may read."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from rich import box
from rich.table import Table

from servanda.cli.output import NONE

if TYPE_CHECKING:
    from servanda.access import Person
    from servanda.store.accounts import PersonRecord


def _table(*columns: str, title: str | None = None) -> Table:
    table = Table(title=title, box=box.SIMPLE_HEAD, title_justify="left", title_style="bold")
    for name in columns:
        table.add_column(name, no_wrap=name not in ("name", "organisation"))
    return table


def people_table(rows: Sequence[PersonRecord]) -> Table:
    """Everyone, with what the access rules need to know of them."""
    from servanda.store import person_value

    table = _table("username", "name", "who", "organisation", "status")
    for row in rows:
        table.add_row(
            row.username,
            row.display_name,
            describe(person_value(row)),
            row.organisation.name if row.organisation else NONE,
            "disabled" if row.disabled else "enabled",
        )
    return table


def cast_table(seen: Sequence[tuple[Person, int, int]]) -> Table:
    """Each demo person: the name to act as, who they are, and how many documents and commitments they may read."""
    table = _table("--as", "who", "documents", "commitments", title="Who may read what")
    for person, documents, commitments in seen:
        table.add_row(person.username, describe(person), str(documents), str(commitments))
    return table


def describe(person: Person) -> str:
    """`CAN SECRET, SDCP, admin`: nationality, clearance, compartments and role."""
    return ", ".join([f"{person.nationality} {person.clearance}", *sorted(person.compartments), person.role])
