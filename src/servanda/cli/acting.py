"""Who a command acts as: `--as NAME`, else $SERVANDA_USER, else the API token in $SERVANDA_TOKEN, else the only
person of an embedded SQLite database. Anyone else is refused before the command reads or writes anything."""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

from servanda.cli.errors import CommandError

if TYPE_CHECKING:
    from sqlalchemy import Engine
    from sqlalchemy.orm import Session

    from servanda.access import Person

USER_VARIABLE = "SERVANDA_USER"
TOKEN_VARIABLE = "SERVANDA_TOKEN"
SAY_WHO = "say who you are: --as NAME or SERVANDA_USER; create the first person with servanda user add"
# A refused name is recorded cut to this length: it comes from whoever runs the command.
_MAX_CLAIMED_NAME = 64


def acting_person(engine: Engine, named: str | None) -> Person:
    """The enabled person a command acts as; CommandError naming what is wrong otherwise."""
    from servanda.cli.database import read_session

    name = (named or os.environ.get(USER_VARIABLE) or "").strip()
    if name:
        with read_session(engine) as session:
            return _named(session, name)
    token = os.environ.get(TOKEN_VARIABLE, "").strip()
    if token:
        return _by_token(engine, token)
    if engine.dialect.name == "sqlite":
        with read_session(engine) as session:
            only = sole_person(session)
            if only is not None:
                return _named(session, only)
    raise CommandError(SAY_WHO)


def people_count(session: Session) -> int:
    """How many people the database knows, enabled or not: none means the first may be added by anyone."""
    from sqlalchemy import func, select

    from servanda.store.accounts import PersonRecord

    return session.scalar(select(func.count()).select_from(PersonRecord)) or 0


def sole_person(session: Session) -> str | None:
    """The username of the database's only person, or None when it has none or several."""
    from sqlalchemy import select

    from servanda.store.accounts import PersonRecord

    names = session.scalars(select(PersonRecord.username).limit(2)).all()
    return names[0] if len(names) == 1 else None


def _named(session: Session, name: str) -> Person:
    from servanda.store import get_person, person_value

    row = get_person(session, name.lower())
    if row is None:
        _refused(session, name[:_MAX_CLAIMED_NAME], None, "unknown person")
        raise CommandError(f"no person called {name!r}; `servanda user list` shows who there is")
    if row.disabled:
        _refused(session, row.username, row.id, "account disabled")
        raise CommandError(f"{row.username}'s account is disabled")
    return person_value(row)


def _by_token(engine: Engine, token: str) -> Person:
    from servanda.store import transaction, verify_token

    # A writing transaction, so the token's last use is recorded; a refusal is audited by verify_token.
    with transaction(engine) as session:
        person = verify_token(session, token)
    if person is None:
        raise CommandError(
            f"{TOKEN_VARIABLE} holds no valid token: unknown, expired or revoked, or its person is disabled"
        )
    return person


def _refused(session: Session, actor: str, person_id: int | None, reason: str) -> None:
    from servanda import audit

    audit.append_durable(
        session,
        actor=actor,
        action="act-as",
        record_type="person",
        record_id=person_id,
        marking=None,
        decision="deny",
        reason=reason,
    )
