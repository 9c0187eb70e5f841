"""Server-side sessions: the cookie holds a random secret, the database only its SHA-256, with who it belongs to,
when it began, when it was last used and its CSRF token.

A session ends when it is revoked (sign-out, or a new sign-in from the same browser), after the idle timeout
without a request, at the absolute timeout after sign-in, or as soon as its person is disabled (OWASP ASVS 5.0
V7.3.1, V7.3.2, V7.4.1). Its last use is written at most once a minute, so reading a page does not always write.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from servanda.access import Person
from servanda.store import person_value
from servanda.store.accounts import PersonRecord
from servanda.store.models import utc_now
from servanda.store.web_models import WebSession

SESSION_COOKIE = "servanda_session"
TOUCH_EVERY = timedelta(minutes=1)


@dataclass(frozen=True, slots=True)
class Signed:
    """A live session, as a request finds it."""

    key: str
    person: Person
    csrf_token: str
    last_seen_at: datetime
    expires_at: datetime


def session_key(secret: str) -> str:
    """What the database keeps of a cookie's secret."""
    return hashlib.sha256(secret.encode()).hexdigest()


def start_session(session: Session, person_id: int, *, lifetime: timedelta, now: datetime | None = None) -> str:
    """A new session for the person, in the caller's transaction; returns the secret its cookie holds."""
    now = now or utc_now()
    secret = secrets.token_urlsafe(32)
    session.add(
        WebSession(
            id=session_key(secret),
            person_id=person_id,
            created_at=now,
            last_seen_at=now,
            expires_at=now + lifetime,
            csrf_token=secrets.token_urlsafe(32),
        )
    )
    session.flush()
    return secret


def find_session(session: Session, secret: str, *, idle: timedelta, now: datetime | None = None) -> Signed | None:
    """The live session a cookie's secret names, with its enabled person; None when there is none."""
    now = now or utc_now()
    row = session.execute(
        select(WebSession, PersonRecord)
        .join(PersonRecord, PersonRecord.id == WebSession.person_id)
        .where(WebSession.id == session_key(secret))
    ).first()
    if row is None:
        return None
    found, person = row
    if found.revoked_at is not None or found.expires_at <= now or found.last_seen_at + idle <= now or person.disabled:
        return None
    return Signed(found.id, person_value(person), found.csrf_token, found.last_seen_at, found.expires_at)


def needs_touch(signed: Signed, now: datetime | None = None) -> bool:
    return (now or utc_now()) - signed.last_seen_at >= TOUCH_EVERY


def touch(session: Session, key: str, now: datetime | None = None) -> None:
    """Record that the session was used now, keeping it alive for another idle period."""
    live = update(WebSession).where(WebSession.id == key, WebSession.revoked_at.is_(None))
    session.execute(live.values(last_seen_at=now or utc_now()))


def end_session(session: Session, key: str, now: datetime | None = None) -> bool:
    """Revoke a session from now on; whether it was live until then."""
    live = update(WebSession).where(WebSession.id == key, WebSession.revoked_at.is_(None))
    return bool(session.execute(live.values(revoked_at=now or utc_now())).rowcount)
