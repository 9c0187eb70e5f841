"""What a command writes: a transaction acting as the command's person, and files that appear whole."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from servanda.cli.atomic import atomic_write
from servanda.cli.database import opened

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from servanda.access import Person


@contextmanager
def writing(db: str | None, acting: str | None) -> Iterator[tuple[Session, Person]]:
    """A transaction on the database named by --db or the settings, and the person who writes: everything the
    block does is committed when it ends without an error, and nothing otherwise."""
    from servanda.cli.acting import acting_person
    from servanda.store import transaction

    with opened(db) as engine:
        actor = acting_person(engine, acting)
        with transaction(engine) as session:
            yield session, actor


def save_bytes(path: Path, data: bytes) -> None:
    """Write `data` to `path` through a temporary file that replaces it only once complete."""
    with atomic_write(path) as handle:
        handle.buffer.write(data)
