"""Opening the store for a command: the URL from --db or the settings, an engine, the person the command acts
as, a read-only session."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from typing import TYPE_CHECKING

from servanda.cli.errors import CommandError
from servanda.errors import StoreError

if TYPE_CHECKING:
    from sqlalchemy import Engine
    from sqlalchemy.orm import Session

    from servanda.access import Person
    from servanda.store import CommitmentFilters


def database_url(db: str | None) -> str:
    """The URL given with --db, else the one the settings name."""
    if db:
        return db
    from pydantic import ValidationError

    from servanda.settings import get_settings

    try:
        return get_settings().database_url
    except ValidationError as err:
        problems = "; ".join(
            f"SERVANDA_{'_'.join(str(part) for part in e['loc']).upper()}: {e['msg']}" for e in err.errors()
        )
        raise CommandError(f"invalid settings: {problems}") from None


@contextmanager
def opened(db: str | None) -> Iterator[Engine]:
    """An engine on the database, migrated to the newest schema; disposed of when the block ends."""
    from servanda.store import open_database

    engine = open_database(database_url(db))
    try:
        yield engine
    finally:
        engine.dispose()


@contextmanager
def reading(db: str | None, acting: str | None) -> Iterator[tuple[Session, Person]]:
    """A read-only session on the database named by --db or the settings, and the person who reads."""
    from servanda.cli.acting import acting_person

    with opened(db) as engine:
        viewer = acting_person(engine, acting)
        with read_session(engine) as session:
            yield session, viewer


@contextmanager
def read_session(engine: Engine) -> Iterator[Session]:
    """A read-only session on `engine`; a database that fails while read is a StoreError."""
    from sqlalchemy.exc import DBAPIError

    from servanda.store import session_factory
    from servanda.store.engine import one_line

    try:
        with session_factory(engine, readonly=True)() as session:
            yield session
    except DBAPIError as err:
        raise StoreError(f"cannot read database {shown_url(engine)}: {one_line(err.orig)}") from err


def shown_url(engine: Engine) -> str:
    """The engine's URL as it may be shown: without a password."""
    from servanda.store.engine import display_url

    return display_url(engine.url)


def document_id(session: Session, ref: str, *, viewer: Person) -> int:
    """The id of the document `ref` names (an id or a SHA-256 prefix) that `viewer` may read, or a CommandError."""
    from servanda.store import get_document

    document = get_document(session, ref, viewer=viewer)
    if document is None:
        raise CommandError(f"no document {ref!r} is stored")
    return document.id


def commitment_filters(
    session: Session,
    *,
    viewer: Person,
    area: str | None,
    strength: str | None,
    actor: str | None,
    due_before: date | None,
    document: str | None,
) -> CommitmentFilters:
    """The store's filters for the options `list` and `export` were given."""
    return {
        "area": area,
        "strength": strength,
        "actor": actor,
        "due_before": due_before,
        "document_id": document_id(session, document, viewer=viewer) if document is not None else None,
    }
