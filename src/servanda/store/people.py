"""People and organisations: who uses Servanda, with which nationality, clearance, compartments and role.

Adding or disabling a person, setting a password and adding an organisation are `administer` actions that
`access.decide` must allow. The one exception is the first person in an empty database: they may be added
without an actor (bootstrap), and must be an admin. Every change, and every denial, is audited.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from servanda import audit
from servanda.access import PUBLIC, ROLES, Person
from servanda.access.schemes import has_scheme, scheme
from servanda.errors import StoreError
from servanda.reference.parties import get_party
from servanda.store.accounts import ORGANISATION_KINDS, Organisation, PersonRecord
from servanda.store.decisions import require
from servanda.store.errors import AccessDenied
from servanda.store.passwords import hash_password, password_matches

_USERNAME = re.compile(r"[a-z0-9][a-z0-9._@-]{0,63}")
# A failed sign-in records the name it claimed, cut to this length: the name comes from whoever signs in.
_MAX_CLAIMED_NAME = 64
_COMPARTMENT = re.compile(r"[A-Z][A-Z0-9-]{1,19}")  # as markings write them


class PersonError(StoreError):
    """A person or organisation that cannot be added or changed as asked."""


def person_value(row: PersonRecord) -> Person:
    """What `access.decide` needs to know of a stored person."""
    return Person(
        username=row.username,
        nationality=row.nationality,
        clearance=row.clearance,
        role=row.role,
        compartments=frozenset(row.compartments),
        disabled=row.disabled,
    )


def get_person(session: Session, username: str) -> PersonRecord | None:
    """The person called `username`, or None: for signing in and acting as someone, so it takes no actor."""
    return session.scalars(select(PersonRecord).where(PersonRecord.username == username)).one_or_none()


def list_people(session: Session, *, actor: Person) -> list[PersonRecord]:
    """Everyone, by username; an admin's view."""
    _allow(session, actor, "list-people")
    return list(session.scalars(select(PersonRecord).order_by(PersonRecord.username)))


def add_person(
    session: Session,
    *,
    username: str,
    display_name: str,
    nationality: str,
    clearance: str,
    role: str = "reader",
    compartments: Iterable[str] = (),
    organisation: str | None = None,
    password: str | None = None,
    actor: Person | None,
) -> PersonRecord:
    """Add a person. `clearance` is a level of their nationality's scheme; `organisation` an organisation's name.

    `actor=None` is allowed only for the first person of an empty database, who must be an admin.
    """
    reason = _bootstrap(session, role) if actor is None else _allow(session, actor, "add-person")
    row = PersonRecord(
        username=_username(username),
        display_name=display_name.strip() or username,
        nationality=nationality,
        clearance=_clearance(nationality, clearance),
        role=_role(role),
        compartments=sorted(_compartments(compartments)),
        organisation=_organisation(session, organisation),
        password_hash=None if password is None else hash_password(password),
        disabled=False,
    )
    try:
        with session.begin_nested():
            session.add(row)
    except IntegrityError:
        raise PersonError(f"cannot add {row.username}: a person of that name exists") from None
    detail = {k: getattr(row, k) for k in ("nationality", "clearance", "role", "compartments")}
    _record(session, actor, "add-person", row.id, reason, detail={"username": row.username, **detail})
    return row


def disable_person(session: Session, username: str, *, actor: Person) -> PersonRecord:
    """Disable a person's account: from then on `decide` refuses them everything, and they cannot sign in."""
    reason = _allow(session, actor, "disable-person")
    row = _existing(session, username)
    if row.role == "admin" and not row.disabled:
        enabled_admins = select(func.count()).where(PersonRecord.role == "admin", PersonRecord.disabled.is_(False))
        if (session.scalar(enabled_admins) or 0) <= 1:
            raise PersonError(f"cannot disable {username}: no other admin would be left")
    row.disabled = True
    session.flush()
    _record(session, actor, "disable-person", row.id, reason, detail={"username": row.username})
    return row


def set_password(session: Session, username: str, password: str, *, actor: Person) -> None:
    """Give a person a new password (hashed with argon2id; the password itself is never stored or logged)."""
    reason = _allow(session, actor, "set-password")
    row = _existing(session, username)
    row.password_hash = hash_password(password)
    session.flush()
    _record(session, actor, "set-password", row.id, reason, detail={"username": row.username})


def verify_password(session: Session, username: str, password: str) -> Person | None:
    """The person `username` names, if `password` is theirs and their account is enabled; None otherwise.

    An unknown name costs the same work as a wrong password. Every attempt is audited.
    """
    row = get_person(session, username.strip().lower())
    matched = password_matches(row.password_hash if row is not None else None, password)
    person = person_value(row) if row is not None and matched and not row.disabled else None
    if person is not None:
        decision, reason = "allow", "password accepted"
    elif row is not None and matched:
        decision, reason = "deny", "account disabled"
    else:
        decision, reason = "deny", "wrong username or password"
    audit.append_durable(
        session,
        actor=row.username if row is not None else username[:_MAX_CLAIMED_NAME],
        action="sign-in",
        record_type="person",
        record_id=row.id if row is not None else None,
        marking=None,
        decision=decision,
        reason=reason,
    )
    return person


def add_organisation(session: Session, *, name: str, kind: str, party: str, actor: Person) -> Organisation:
    """Add a ministry, department, agency or other organisation of `party`'s government."""
    reason = _allow(session, actor, "add-organisation", record_type="organisation")
    if kind not in ORGANISATION_KINDS:
        raise PersonError(f"an organisation is one of {', '.join(ORGANISATION_KINDS)}, not {kind!r}")
    if get_party(party) is None:
        raise PersonError(f"{party!r} is not a party code")
    if not name.strip():
        raise PersonError("an organisation needs a name")
    row = Organisation(name=name.strip(), kind=kind, party=party)
    try:
        with session.begin_nested():
            session.add(row)
    except IntegrityError:
        raise PersonError(f"cannot add {name!r}: an organisation of that name exists") from None
    detail = {"name": row.name, "kind": kind, "party": party}
    _record(session, actor, "add-organisation", row.id, reason, detail=detail, record_type="organisation")
    return row


def _allow(session: Session, actor: Person, action: str, *, record_type: str = "person") -> str:
    """The reason `decide` lets `actor` administer; a denial is audited and raised."""
    refuse = f"cannot {action.replace('-', ' ')}"
    decision = require(
        session, actor, "administer", PUBLIC, audited=action, record_type=record_type, refuse=refuse, marked=False
    )
    return decision.reason


def _bootstrap(session: Session, role: str) -> str:
    audit.lock_chain(session)  # two processes bootstrapping at once must not both find the table empty
    if session.scalar(select(func.count()).select_from(PersonRecord)):
        reason = "only the first person may be added without an actor"
        audit.append_durable(
            session,
            actor=audit.SYSTEM,
            action="add-person",
            record_type="person",
            record_id=None,
            marking=None,
            decision="deny",
            reason=reason,
        )
        raise AccessDenied(f"cannot add a person without an actor: {reason}")
    if role != "admin":
        raise PersonError("the first person must be an admin")
    return "the first person of an empty database"


def _record(
    session: Session,
    actor: Person | None,
    action: str,
    record_id: int,
    reason: str,
    *,
    detail: dict[str, Any],
    record_type: str = "person",
) -> None:
    audit.append(
        session,
        actor=audit.SYSTEM if actor is None else actor,
        action=action,
        record_type=record_type,
        record_id=record_id,
        marking=None,
        decision="allow",
        reason=reason,
        detail=detail,
    )


def _existing(session: Session, username: str) -> PersonRecord:
    row = get_person(session, username)
    if row is None:
        raise PersonError(f"no person called {username!r}")
    return row


def _username(username: str) -> str:
    name = username.strip().lower()
    if not _USERNAME.fullmatch(name) or name == audit.SYSTEM:
        raise PersonError(
            f"{username!r} is not a username: use 1 to 64 lowercase letters, digits and . _ @ - (not {audit.SYSTEM!r})"
        )
    return name


def _clearance(nationality: str, clearance: str) -> str:
    if not has_scheme(nationality):
        raise PersonError(f"no marking scheme is defined for nationality {nationality!r}")
    level = scheme(nationality).level(clearance)
    if level is None:
        raise PersonError(f"{clearance!r} is not a level of the {nationality} scheme")
    return level.name


def _role(role: str) -> str:
    if role not in ROLES:
        raise PersonError(f"a role is one of {', '.join(ROLES)}, not {role!r}")
    return role


def _compartments(compartments: Iterable[str]) -> set[str]:
    names = {c.strip().upper() for c in compartments}
    if bad := sorted(c for c in names if not _COMPARTMENT.fullmatch(c)):
        raise PersonError(f"{bad[0]!r} is not a compartment name")
    return names


def _organisation(session: Session, name: str | None) -> Organisation | None:
    if name is None:
        return None
    found = session.scalars(select(Organisation).where(Organisation.name == name)).one_or_none()
    if found is None:
        raise PersonError(f"no organisation called {name!r}")
    return found
