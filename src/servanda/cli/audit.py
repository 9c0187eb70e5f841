"""`servanda audit verify|checkpoint|show`: check the hash-chained audit log, sign its head, and read it."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Annotated

import typer

from servanda.cli import options
from servanda.cli.acting import acting_person
from servanda.cli.database import opened, reading
from servanda.cli.errors import CommandError
from servanda.cli.output import NONE, line, plural

if TYPE_CHECKING:
    from rich.table import Table

    from servanda.access import Person
    from servanda.audit import AuditEntry

audit_app = typer.Typer(name="audit", no_args_is_help=True, help="Verify, checkpoint and read the audit log.")

WITHHELD = "withheld: it concerns a record marked beyond what you may read"


@audit_app.command("verify")
def verify(acting: options.ActingAs = None, db: options.Database = None) -> None:
    """Check every entry's hash and link, and every signed checkpoint; name the first broken entry."""
    from servanda import audit

    with reading(db, acting) as (session, _viewer):
        result = audit.verify(session)
    if not result.ok:
        raise CommandError(f"audit log broken at entry {result.broken_id} ({result.problem}): {result.message}")
    line(f"audit log intact: {_entries(result.entries)}, {plural(result.checkpoints, 'checkpoint')}")


@audit_app.command("checkpoint")
def checkpoint(acting: options.ActingAs = None, db: options.Database = None) -> None:
    """Sign the head of the log with SERVANDA_SECRET_KEY, so a later verify notices a rewritten or cut log."""
    from servanda import audit
    from servanda.store import transaction

    with opened(db) as engine:
        actor = acting_person(engine, acting)
        with transaction(engine) as session:
            point = audit.checkpoint(session, key=audit.checkpoint_key(), actor=actor)
    line(f"checkpoint {point.id} signed: entries 1–{point.last_entry_id} (key {point.key_id})")


@audit_app.command("show")
def show(
    limit: Annotated[
        int, typer.Option("--limit", min=1, max=10_000, help="Show this many of the newest entries.")
    ] = 20,
    acting: options.ActingAs = None,
    db: options.Database = None,
) -> None:
    """List the newest entries, oldest first: an administrator's action, itself audited."""
    from sqlalchemy import select

    from servanda import audit
    from servanda.access import PUBLIC
    from servanda.cli.views import display
    from servanda.store.decisions import require

    with reading(db, acting) as (session, viewer):
        require(
            session,
            viewer,
            "administer",
            PUBLIC,
            audited="read",
            record_type="audit_log",
            refuse="cannot show the audit log",
            marked=False,
        )
        newest = session.scalars(select(audit.AuditEntry).order_by(audit.AuditEntry.id.desc()).limit(limit)).all()
        entries = list(reversed(newest))
        if entries:
            audit.append_durable(
                session,
                actor=viewer,
                action="read",
                record_type="audit_log",
                record_id=None,
                marking=None,
                decision="allow",
                reason=f"{viewer.username} read {_entries(len(entries))} of the audit log",
                detail={"first": entries[0].id, "last": entries[-1].id},
            )
    if not entries:
        line("the audit log is empty")
        return
    display(_table(entries, viewer))


def _table(entries: Sequence[AuditEntry], viewer: Person) -> Table:
    """One entry a row: in columns on a wide terminal; on a narrow one, each reason under the entry's facts."""
    from rich import box
    from rich.table import Table
    from rich.text import Text

    from servanda.cli.views import WIDE, console

    wide = console().width >= WIDE
    table = Table(box=box.SIMPLE_HEAD, expand=True)
    for name in ("id", "at", "actor", "action", "record", "decision") if wide else ("id", "at"):
        table.add_column(name, no_wrap=True)
    table.add_column("reason" if wide else "entry", ratio=1, min_width=20)
    for entry in entries:
        hidden = not _may_see(viewer, entry.marking)
        record = entry.record_type if entry.record_id is None else f"{entry.record_type} {entry.record_id}"
        facts = [entry.actor, entry.action, NONE if hidden else record, entry.decision]
        reason = WITHHELD if hidden else entry.reason
        at = entry.at.strftime("%Y-%m-%d %H:%M:%S")
        if wide:
            table.add_row(str(entry.id), at, *facts, reason)
        else:
            table.add_row(str(entry.id), at, Text.assemble((" · ".join(facts), "bold"), "\n", reason))
    return table


def _entries(count: int) -> str:
    return "1 entry" if count == 1 else f"{count} entries"


def _may_see(viewer: Person, banner: str | None) -> bool:
    """Whether an entry may name its record and reason to `viewer`: not when it concerns a record marked beyond
    what they may read, for the log must not reveal that such a record exists."""
    if banner is None:
        return True
    from servanda.access import MarkingError, may_read, parse_marking

    try:
        return may_read(viewer, parse_marking(banner))
    except MarkingError:
        return False  # fail closed
