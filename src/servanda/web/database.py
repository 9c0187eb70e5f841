"""The store as a request reaches it: read-only sessions for reads, one transaction for each write.

SQLite has one writer at a time (BEGIN IMMEDIATE, as `store.transaction` begins); on PostgreSQL a write takes the
audit chain's lock first, so that checking a precondition (If-Match) and writing are one step for every backend.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Annotated

from fastapi import Depends, Request
from sqlalchemy import Engine
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from servanda import audit
from servanda.errors import StoreError
from servanda.store import session_factory, transaction
from servanda.store.engine import display_url, one_line


class Database:
    """The engine a running app reads and writes through."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._readers = session_factory(engine, readonly=True)

    @contextmanager
    def reading(self) -> Iterator[Session]:
        """A session that reads; audit entries of what it reads are written in transactions of their own."""
        try:
            with self._readers() as session:
                yield session
        except DBAPIError as err:
            raise StoreError(f"cannot read database {display_url(self.engine.url)}: {one_line(err.orig)}") from err

    @contextmanager
    def writing(self, *, serialised: bool = True) -> Iterator[Session]:
        """A session whose work is committed when the block ends, or rolled back if it raises. `serialised`
        writes wait for one another from the start (what a precondition check before a write needs); the small
        bookkeeping writes of authentication need not."""
        with transaction(self.engine) as session:
            if serialised:
                audit.lock_chain(session)
            yield session


def database(request: Request) -> Database:
    return request.app.state.database


Db = Annotated[Database, Depends(database)]
