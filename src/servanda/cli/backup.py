"""`servanda backup PATH` and `servanda restore PATH`: the whole store to a file and back (`store.backup`)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from servanda.cli import options
from servanda.cli.database import opened
from servanda.cli.output import line, plural

BackupPath = Annotated[
    Path,
    typer.Argument(
        metavar="PATH",
        help="A portable dump (.jsonl.gz, or .jsonl uncompressed) for either backend, or an SQLite copy (.db).",
        show_default=False,
    ),
]


def backup(path: BackupPath, acting: options.ActingAs = None, db: options.Database = None) -> None:
    """Back up every record, the audit log included, while others keep working; an administrator's action,
    itself audited. The file appears only when it is complete."""
    from servanda.access import PUBLIC
    from servanda.cli.acting import acting_person
    from servanda.store import backup as backups
    from servanda.store import transaction
    from servanda.store.decisions import require

    with opened(db) as engine:
        actor = acting_person(engine, acting)
        with transaction(engine) as session:
            decision = require(
                session, actor, "administer", PUBLIC, audited="backup", record_type="store", refuse="cannot back up",
                marked=False,
            )  # fmt: skip
            from servanda import audit

            audit.append(
                session, actor=actor, action="backup", record_type="store", record_id=None, marking=None,
                decision="allow", reason=decision.reason, detail={"path": path.name},
            )  # fmt: skip
        counts = backups.backup(engine, path)
    line(f"backed up {_summary(counts)} to {path}")


def restore(path: BackupPath, db: options.Database = None) -> None:
    """Load a backup into a new, empty store (the one --db or the settings name), all of it or nothing."""
    from servanda.store import backup as backups

    with opened(db) as engine:
        counts = backups.restore(engine, path)
    line(f"restored {_summary(counts)} from {path}; check it with `servanda audit verify`")


def _summary(counts: dict[str, int]) -> str:
    return (
        f"{plural(counts.get('document', 0), 'statement')}, {plural(counts.get('commitment', 0), 'commitment')}, "
        f"{counts.get('audit_log', 0)} audit entries ({sum(counts.values()):,} rows in {len(counts)} tables)"
    )
