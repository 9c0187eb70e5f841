"""The web application's tables: server-side sessions, and sign-in attempts for throttling and lockout.

A session's key is the SHA-256 of the random secret its cookie holds, so the table alone cannot be replayed as a
cookie. Neither table holds a marked record; both are read and written only by `servanda.web`.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from servanda.store.models import Base, utc_now

LOGIN_OUTCOMES = ("accepted", "refused", "locked", "throttled")


class WebSession(Base):
    """A signed-in browser: whose it is, when it began and was last used, when it ends, and its CSRF token."""

    __tablename__ = "web_session"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)  # SHA-256 of the cookie's secret, hex
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="RESTRICT"), index=True)
    created_at: Mapped[datetime] = mapped_column(default=utc_now)
    last_seen_at: Mapped[datetime]
    expires_at: Mapped[datetime]  # the absolute end; the idle end is last_seen_at plus the idle timeout
    csrf_token: Mapped[str] = mapped_column(String(64))
    revoked_at: Mapped[datetime | None]


class LoginAttempt(Base):
    """One attempt to sign in with a password: the name it claimed, where it came from, and what became of it."""

    __tablename__ = "login_attempt"
    __table_args__ = (
        CheckConstraint("outcome IN ('accepted', 'refused', 'locked', 'throttled')", name="outcome"),
        Index("ix_login_attempt_username_at", "username", "at"),
        Index("ix_login_attempt_address_at", "address", "at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(Text)  # as claimed, lowercased and cut to 64 characters
    address: Mapped[str] = mapped_column(Text)  # the client's network address
    at: Mapped[datetime] = mapped_column(default=utc_now)
    success: Mapped[bool]
    # refused: wrong name or password, or a disabled account; locked and throttled: refused unchecked
    outcome: Mapped[str] = mapped_column(String(16))
