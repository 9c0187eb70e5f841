"""API tokens for scripts: random secrets shown once, kept only as SHA-256 hashes, scoped and expiring.

A token's secret is 32 random bytes from `secrets`, so a fast hash is enough to keep it (no password-style
stretching is needed for a value that cannot be guessed). Creating and revoking tokens are `administer` actions.
A token acts as its person with their role capped by its scopes, so `access.decide` enforces the scopes too.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from collections.abc import Iterable
from dataclasses import replace
from datetime import timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from servanda import audit
from servanda.access import PUBLIC, ROLES, Person
from servanda.store.accounts import TOKEN_SCOPES, ApiToken
from servanda.store.decisions import require
from servanda.store.engine import reads_only
from servanda.store.models import utc_now
from servanda.store.people import PersonError, get_person, person_value

PREFIX_LENGTH = 8
DEFAULT_LIFETIME = timedelta(days=90)
MAX_LIFETIME = timedelta(days=366)
_SCOPE_ROLE = {"read": "reader", "write": "analyst", "admin": "admin"}


def create_token(
    session: Session,
    username: str,
    *,
    scopes: Iterable[str] = ("read",),
    lifetime: timedelta = DEFAULT_LIFETIME,
    actor: Person,
) -> tuple[int, str]:
    """Make a token for `username`; return its id and its secret, which is shown this once and never again."""
    reason = _allow(session, actor, "create-token", None)
    row_person = get_person(session, username)
    if row_person is None:
        raise PersonError(f"no person called {username!r}")
    chosen = sorted(set(scopes))
    if not chosen or not set(chosen) <= set(TOKEN_SCOPES):
        raise PersonError(f"a token's scopes are some of {', '.join(TOKEN_SCOPES)}, not {', '.join(chosen) or 'none'}")
    if not timedelta(0) < lifetime <= MAX_LIFETIME:
        raise PersonError(f"a token lives for more than no time and at most {MAX_LIFETIME.days} days")
    secret = secrets.token_urlsafe(32)
    now = utc_now()
    row = ApiToken(
        person_id=row_person.id,
        prefix=secret[:PREFIX_LENGTH],
        token_hash=_digest(secret),
        scopes=chosen,
        expires_at=now + lifetime,
        created_at=now,
    )
    session.add(row)
    session.flush()
    detail = {"username": row_person.username, "scopes": chosen, "expires_at": row.expires_at.isoformat()}
    _record(session, actor, "create-token", row.id, reason, detail)
    return row.id, secret


def revoke_token(session: Session, token_id: int, *, actor: Person) -> None:
    """Revoke a token from now on; revoking it again changes nothing."""
    reason = _allow(session, actor, "revoke-token", token_id)
    row = session.get(ApiToken, token_id)
    if row is None:
        raise PersonError(f"no token {token_id}")
    if row.revoked_at is None:
        row.revoked_at = utc_now()
        session.flush()
    _record(session, actor, "revoke-token", row.id, reason, {"username": row.person.username})


def verify_token(session: Session, secret: str) -> Person | None:
    """The person a valid token acts for, with their role capped by its scopes; None for an unknown, expired or
    revoked token, or a disabled person. Records the token's last use when the session may write."""
    digest = _digest(secret)
    candidates = session.scalars(select(ApiToken).where(ApiToken.prefix == secret[:PREFIX_LENGTH])).all()
    # Every candidate is compared in constant time, so the comparison says nothing about how much matched.
    matches = [row for row in candidates if hmac.compare_digest(row.token_hash, digest)]
    row = matches[0] if matches else None
    now = utc_now()
    if row is None:
        problem = "unknown token"
    elif row.revoked_at is not None:
        problem = "revoked token"
    elif row.expires_at <= now:
        problem = "expired token"
    elif row.person.disabled:
        problem = "account disabled"
    else:
        problem = None
    if problem is not None:
        audit.append_durable(
            session,
            actor=row.person.username if row is not None else "unknown",
            action="authenticate",
            record_type="api_token",
            record_id=row.id if row is not None else None,
            marking=None,
            decision="deny",
            reason=problem,
        )
        return None
    assert row is not None
    if not reads_only(session):
        row.last_used_at = now
        session.flush()
    person = person_value(row.person)
    allowed = max(ROLES.index(_SCOPE_ROLE[scope]) for scope in row.scopes)
    return replace(person, role=ROLES[min(ROLES.index(person.role), allowed)])


def _digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def _allow(session: Session, actor: Person, action: str, record_id: int | None) -> str:
    refuse = f"cannot {action.replace('-', ' ')}"
    decision = require(
        session,
        actor,
        "administer",
        PUBLIC,
        audited=action,
        record_type="api_token",
        record_id=record_id,
        refuse=refuse,
        marked=False,
    )
    return decision.reason


def _record(session: Session, actor: Person, action: str, record_id: int, reason: str, detail: dict) -> None:
    audit.append(
        session,
        actor=actor,
        action=action,
        record_type="api_token",
        record_id=record_id,
        marking=None,
        decision="allow",
        reason=reason,
        detail=detail,
    )
