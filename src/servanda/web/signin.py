"""Signing in with a password, throttled: a username that failed 5 times within 15 minutes is refused for the
next 15 minutes with the same words as a wrong password, so the refusal says nothing of whether the account
exists; an address that failed 20 times within 15 minutes is held off for 15 minutes, for every name it tries.
Every attempt is kept in `login_attempt` and in the audit log (OWASP ASVS 5.0 V6.1.1, V6.3.1, V16.3.1).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import ColumnElement, select
from sqlalchemy.orm import Session

from servanda import audit
from servanda.access import Person
from servanda.store import verify_password
from servanda.store.models import utc_now
from servanda.store.passwords import MAX_LENGTH, password_matches
from servanda.store.web_models import LoginAttempt

WRONG = "username or password is wrong"
FAILURES = 5  # for one username
ADDRESS_FAILURES = 20  # from one address, whatever the names
WINDOW = timedelta(minutes=15)  # in which the failures happened
HOLD = timedelta(minutes=15)  # how long attempts are then refused
MAX_NAME = 64
NO_NAME = "-"  # recorded for an attempt that gave no name; no username can be written so


@dataclass(frozen=True, slots=True)
class Outcome:
    """What came of an attempt: the person when it succeeded; else whether the address is held off, and until
    when (a locked username is not told apart from a wrong password)."""

    person: Person | None
    throttled_until: datetime | None = None


def sign_in(session: Session, username: str, password: str, address: str, *, now: datetime | None = None) -> Outcome:
    """Check a username and password, unless the name is locked or the address held off; record the attempt."""
    now = now or utc_now()
    claimed = username.strip().lower()[:MAX_NAME] or NO_NAME
    person: Person | None = None
    throttled = _held_until(session, LoginAttempt.address == address, ADDRESS_FAILURES, now, since_success=False)
    locked = _held_until(session, LoginAttempt.username == claimed, FAILURES, now, since_success=True)
    if throttled is not None or locked is not None:
        outcome = "throttled" if throttled is not None else "locked"
        password_matches(None, password[:MAX_LENGTH])  # the same work as checking a password
        audit.append_durable(
            session,
            actor=claimed,
            action="sign-in",
            record_type="person",
            record_id=None,
            marking=None,
            decision="deny",
            reason=f"refused unchecked: {'too many failures from the address' if throttled else 'username locked'}",
            detail={"address": address},
        )
    else:
        # No password over MAX_LENGTH can be set, so cutting one there keeps it wrong and the work bounded.
        person = verify_password(session, claimed, password[: MAX_LENGTH + 1])
        outcome = "accepted" if person is not None else "refused"
    session.add(LoginAttempt(username=claimed, address=address, at=now, success=person is not None, outcome=outcome))
    session.flush()
    return Outcome(person, throttled)


def _held_until(
    session: Session, who: ColumnElement[bool], limit: int, now: datetime, *, since_success: bool
) -> datetime | None:
    """When attempts matching `who` may be made again, if `limit` failures within WINDOW hold them off now."""
    rows = session.execute(
        select(LoginAttempt.at, LoginAttempt.outcome)
        .where(who, LoginAttempt.at > now - WINDOW - HOLD)
        .order_by(LoginAttempt.at, LoginAttempt.id)
    ).all()
    failures: list[datetime] = []
    for at, outcome in rows:
        if outcome == "accepted" and since_success:
            failures = []
        elif outcome == "refused":
            failures.append(at)
    held = None
    for i in range(limit - 1, len(failures)):
        if failures[i] - failures[i - limit + 1] <= WINDOW and failures[i] + HOLD > now:
            held = failures[i] + HOLD
    return held
