"""The relational schema of who uses Servanda: organisations, people and their API tokens."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from servanda.store.models import JSON_LIST, Base, utc_now

ORGANISATION_KINDS = ("ministry", "department", "agency", "other")
TOKEN_SCOPES = ("read", "write", "admin")


class Organisation(Base):
    """A ministry, department or agency people belong to, for attribution."""

    __tablename__ = "organisation"
    __table_args__ = (CheckConstraint("kind IN ('ministry', 'department', 'agency', 'other')", name="kind"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(Text, unique=True)
    kind: Mapped[str] = mapped_column(String(16))
    party: Mapped[str] = mapped_column(Text)  # the government it belongs to


class PersonRecord(Base):
    """A user: nationality, clearance in their own scheme, compartments, role and sign-in credentials."""

    __tablename__ = "person"
    __table_args__ = (CheckConstraint("role IN ('reader', 'analyst', 'admin')", name="role"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(Text, unique=True)
    display_name: Mapped[str] = mapped_column(Text)
    nationality: Mapped[str] = mapped_column(Text)  # party code
    clearance: Mapped[str] = mapped_column(Text)  # a level of the nationality's scheme, as the scheme names it
    role: Mapped[str] = mapped_column(String(16))
    compartments: Mapped[list[str]] = mapped_column(JSON_LIST)
    organisation_id: Mapped[int | None] = mapped_column(ForeignKey("organisation.id", ondelete="RESTRICT"))
    password_hash: Mapped[str | None] = mapped_column(Text)  # argon2id, in the PHC string format
    disabled: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(default=utc_now)

    organisation: Mapped[Organisation | None] = relationship()


class ApiToken(Base):
    """A scoped, expiring API token; only a SHA-256 of its secret is kept."""

    __tablename__ = "api_token"

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="RESTRICT"), index=True)
    prefix: Mapped[str] = mapped_column(String(8), index=True)  # the secret's first characters, to find it
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)  # SHA-256 of the whole secret, hex
    scopes: Mapped[list[str]] = mapped_column(JSON_LIST)
    expires_at: Mapped[datetime]
    revoked_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=utc_now)
    last_used_at: Mapped[datetime | None]

    person: Mapped[PersonRecord] = relationship()
