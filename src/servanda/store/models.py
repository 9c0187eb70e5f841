"""The relational schema of stored statements: documents, what they commit to, what they name, and markings.

Every table has an integer key and explicit constraint names, so later migrations can add status history,
evidence and attachments as new tables or columns without rewriting these.
Party lists (issuers, actors) are child tables rather than JSON: filtering by party must use an index
on SQLite as well as PostgreSQL, and a `position` column keeps the order the statement gave.
Every record that can be read on its own carries a `marking_id`: the store's query filter tests it.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    CheckConstraint,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Mapped, declared_attr, mapped_column, relationship
from sqlalchemy.sql import text
from sqlalchemy.types import TypeDecorator

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_N_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

# Offsets into the document's clean text; mechanisms and agreements the extractor did not locate carry 0..0.
SPAN = '"start" >= 0 AND "start" < "end"'
OPTIONAL_SPAN = '"start" >= 0 AND "start" <= "end"'

# The public marking (UNCLASSIFIED, releasable to all) is the first row of `marking`, inserted by migration 0002.
PUBLIC_MARKING_ID = 1

# A JSON list whose None is SQL NULL, not the JSON value null.
JSON_LIST = JSON(none_as_null=True).with_variant(JSONB(none_as_null=True), "postgresql")


class UTCDateTime(TypeDecorator[datetime]):
    """A timestamp stored as UTC and always read back timezone-aware, on SQLite as on PostgreSQL."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("timestamps must be timezone-aware")
        return value.astimezone(UTC)

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


class Base(DeclarativeBase):
    """Every table: named constraints, JSONB on PostgreSQL, timestamps in UTC."""

    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map = {  # noqa: RUF012
        dict[str, Any]: JSON().with_variant(JSONB(), "postgresql"),
        datetime: UTCDateTime(),
    }


def utc_now() -> datetime:
    """The current instant, timezone-aware in UTC."""
    return datetime.now(UTC)


class MarkingRecord(Base):
    """One distinct marking, stored once and referred to by every record that carries it."""

    __tablename__ = "marking"
    __table_args__ = (
        UniqueConstraint("banner", "instrument"),
        # NULLs are distinct in a unique constraint on both backends: this keeps one row per banner that names
        # no instrument.
        Index(
            "ix_marking_banner_default_instrument",
            "banner",
            unique=True,
            sqlite_where=text("instrument IS NULL"),
            postgresql_where=text("instrument IS NULL"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    banner: Mapped[str] = mapped_column(Text)  # access.format_marking of the marking
    classification: Mapped[str] = mapped_column(Text)
    originator: Mapped[str | None] = mapped_column(Text)
    releasable_to: Mapped[list[str] | None] = mapped_column(JSON_LIST)  # None: releasable to all
    compartments: Mapped[list[str]] = mapped_column(JSON_LIST)
    instrument: Mapped[str | None] = mapped_column(Text)


class Marked:
    """A record that carries a marking: public unless saved with another."""

    __tablename__: str
    id: Mapped[int]

    marking_id: Mapped[int] = mapped_column(
        ForeignKey("marking.id", ondelete="RESTRICT"),
        index=True,
        default=PUBLIC_MARKING_ID,
        server_default=text(str(PUBLIC_MARKING_ID)),
    )

    @declared_attr
    def marking(cls) -> Mapped[MarkingRecord]:
        return relationship(MarkingRecord)


class Consent(Base):
    """An originator's recorded consent to release a record to one more party, kept when releasability widens."""

    __tablename__ = "consent"
    __table_args__ = (Index("ix_consent_record", "record_type", "record_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    record_type: Mapped[str] = mapped_column(Text)  # a table name: document, commitment, ...
    record_id: Mapped[int] = mapped_column(Integer)
    party: Mapped[str] = mapped_column(Text)  # the party added to the record's releasability
    reference: Mapped[str] = mapped_column(Text)  # where the originator's consent is recorded
    recorded_by: Mapped[str] = mapped_column(Text)  # username
    at: Mapped[datetime] = mapped_column(default=utc_now)


class Document(Marked, Base):
    """One ingested statement: its clean text and metadata, identified by the SHA-256 of its bytes."""

    __tablename__ = "document"

    id: Mapped[int] = mapped_column(primary_key=True)
    sha256: Mapped[str] = mapped_column(String(64), unique=True)
    title: Mapped[str | None] = mapped_column(Text)
    date: Mapped[str | None] = mapped_column(String(10), index=True)  # ISO 8601, as precise as known
    source: Mapped[str | None] = mapped_column(Text)
    origin: Mapped[str] = mapped_column(Text)
    format: Mapped[str] = mapped_column(Text)
    text: Mapped[str] = mapped_column(Text)
    extra: Mapped[dict[str, Any]] = mapped_column(default=dict)
    ingested_at: Mapped[datetime] = mapped_column(default=utc_now)

    issuers: Mapped[list[DocumentIssuer]] = relationship(
        order_by="DocumentIssuer.position", cascade="all, delete-orphan", passive_deletes=True
    )
    commitments: Mapped[list[Commitment]] = relationship(
        back_populates="document",
        order_by="Commitment.ordinal",
        cascade="all, delete-orphan",
        passive_deletes=True,
    )
    achievements: Mapped[list[Achievement]] = relationship(
        order_by="Achievement.ordinal", cascade="all, delete-orphan", passive_deletes=True
    )
    mechanism_mentions: Mapped[list[MechanismMention]] = relationship(
        order_by="MechanismMention.ordinal", cascade="all, delete-orphan", passive_deletes=True
    )
    agreement_mentions: Mapped[list[AgreementMention]] = relationship(
        order_by="AgreementMention.ordinal", cascade="all, delete-orphan", passive_deletes=True
    )

    @property
    def parties(self) -> tuple[str, ...]:
        return tuple(issuer.party for issuer in self.issuers)


class DocumentIssuer(Base):
    """A party that issued a document, at its place in the statement's list of issuers."""

    __tablename__ = "document_issuer"
    __table_args__ = (Index("ix_document_issuer_party", "party", "document_id"),)

    document_id: Mapped[int] = mapped_column(ForeignKey("document.id", ondelete="CASCADE"), primary_key=True)
    party: Mapped[str] = mapped_column(Text, primary_key=True)
    position: Mapped[int] = mapped_column(Integer)


class Commitment(Marked, Base):
    """One trackable undertaking of a document, tied to the span of clean text that states it."""

    __tablename__ = "commitment"
    __table_args__ = (
        UniqueConstraint("document_id", "ordinal"),
        CheckConstraint(SPAN, name="span"),
        CheckConstraint("strength IN ('firm', 'reaffirmed', 'position', 'aspirational')", name="strength"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("document.id", ondelete="CASCADE"))
    ordinal: Mapped[int] = mapped_column(Integer)  # 0-based position in the document's extraction
    quote: Mapped[str] = mapped_column(Text)
    start: Mapped[int] = mapped_column(Integer)
    end: Mapped[int] = mapped_column(Integer)
    strength: Mapped[str] = mapped_column(String(16), index=True)
    area: Mapped[str] = mapped_column(Text, index=True)
    due: Mapped[str | None] = mapped_column(String(10))  # ISO 8601 at the stated precision
    due_by: Mapped[date | None] = mapped_column(Date, index=True)  # last day `due` covers
    recurrence: Mapped[str | None] = mapped_column(Text)  # ISO 8601 duration
    section: Mapped[str | None] = mapped_column(Text)
    annex: Mapped[bool] = mapped_column(default=False)

    document: Mapped[Document] = relationship(back_populates="commitments")
    actors: Mapped[list[CommitmentActor]] = relationship(
        order_by="CommitmentActor.position", cascade="all, delete-orphan", passive_deletes=True
    )
    mechanism_links: Mapped[list[CommitmentMechanism]] = relationship(
        order_by="CommitmentMechanism.position", cascade="all, delete-orphan", passive_deletes=True
    )
    agreement_links: Mapped[list[CommitmentAgreement]] = relationship(
        order_by="CommitmentAgreement.position", cascade="all, delete-orphan", passive_deletes=True
    )

    @property
    def parties(self) -> tuple[str, ...]:
        return tuple(actor.party for actor in self.actors)

    @property
    def mechanism_names(self) -> tuple[str, ...]:
        return tuple(link.mechanism.name for link in self.mechanism_links)

    @property
    def agreement_names(self) -> tuple[str, ...]:
        return tuple(link.agreement.name for link in self.agreement_links)


class CommitmentActor(Base):
    """A party that undertakes a commitment."""

    __tablename__ = "commitment_actor"
    __table_args__ = (Index("ix_commitment_actor_party", "party", "commitment_id"),)

    commitment_id: Mapped[int] = mapped_column(ForeignKey("commitment.id", ondelete="CASCADE"), primary_key=True)
    party: Mapped[str] = mapped_column(Text, primary_key=True)
    position: Mapped[int] = mapped_column(Integer)


class Achievement(Marked, Base):
    """Something a document reports as done on or before its date."""

    __tablename__ = "achievement"
    __table_args__ = (UniqueConstraint("document_id", "ordinal"), CheckConstraint(SPAN, name="span"))

    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("document.id", ondelete="CASCADE"))
    ordinal: Mapped[int] = mapped_column(Integer)
    quote: Mapped[str] = mapped_column(Text)
    start: Mapped[int] = mapped_column(Integer)
    end: Mapped[int] = mapped_column(Integer)
    area: Mapped[str] = mapped_column(Text, index=True)
    date: Mapped[str | None] = mapped_column(String(10))  # ISO 8601 at the stated precision
    section: Mapped[str | None] = mapped_column(Text)

    actors: Mapped[list[AchievementActor]] = relationship(
        order_by="AchievementActor.position", cascade="all, delete-orphan", passive_deletes=True
    )

    @property
    def parties(self) -> tuple[str, ...]:
        return tuple(actor.party for actor in self.actors)


class AchievementActor(Base):
    """A party credited with an achievement."""

    __tablename__ = "achievement_actor"
    __table_args__ = (Index("ix_achievement_actor_party", "party", "achievement_id"),)

    achievement_id: Mapped[int] = mapped_column(ForeignKey("achievement.id", ondelete="CASCADE"), primary_key=True)
    party: Mapped[str] = mapped_column(Text, primary_key=True)
    position: Mapped[int] = mapped_column(Integer)


class Mechanism(Marked, Base):
    """A standing meeting, talks or dialogue, shared by every document that names it."""

    __tablename__ = "mechanism"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(Text)  # as first stored
    key: Mapped[str] = mapped_column(Text, unique=True)  # keys.name_key(name)
    recurrence: Mapped[str | None] = mapped_column(Text)  # ISO 8601 duration


class MechanismMention(Base):
    """What one document says about a mechanism: cadence, last and next meeting, status."""

    __tablename__ = "mechanism_mention"
    __table_args__ = (UniqueConstraint("document_id", "ordinal"), CheckConstraint(OPTIONAL_SPAN, name="span"))

    id: Mapped[int] = mapped_column(primary_key=True)
    mechanism_id: Mapped[int] = mapped_column(ForeignKey("mechanism.id", ondelete="RESTRICT"), index=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("document.id", ondelete="CASCADE"))
    ordinal: Mapped[int] = mapped_column(Integer)
    recurrence: Mapped[str | None] = mapped_column(Text)
    next: Mapped[str | None] = mapped_column(String(10))
    held: Mapped[str | None] = mapped_column(String(10))
    status: Mapped[str | None] = mapped_column(Text)
    start: Mapped[int] = mapped_column(Integer)
    end: Mapped[int] = mapped_column(Integer)

    mechanism: Mapped[Mechanism] = relationship(lazy="joined")


class Agreement(Marked, Base):
    """An agreement, action plan or partnership, shared by every document that names it."""

    __tablename__ = "agreement"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(Text)
    key: Mapped[str] = mapped_column(Text, unique=True)
    kind: Mapped[str] = mapped_column(Text)  # agreement | plan | partnership


class AgreementMention(Base):
    """What one document says about an agreement: its stage and the date of that stage."""

    __tablename__ = "agreement_mention"
    __table_args__ = (UniqueConstraint("document_id", "ordinal"), CheckConstraint(OPTIONAL_SPAN, name="span"))

    id: Mapped[int] = mapped_column(primary_key=True)
    agreement_id: Mapped[int] = mapped_column(ForeignKey("agreement.id", ondelete="RESTRICT"), index=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("document.id", ondelete="CASCADE"))
    ordinal: Mapped[int] = mapped_column(Integer)
    stage: Mapped[str | None] = mapped_column(Text)
    date: Mapped[str | None] = mapped_column(String(10))
    start: Mapped[int] = mapped_column(Integer)
    end: Mapped[int] = mapped_column(Integer)

    agreement: Mapped[Agreement] = relationship(lazy="joined")


class CommitmentMechanism(Base):
    """A mechanism a commitment names, in the commitment's order."""

    __tablename__ = "commitment_mechanism"

    commitment_id: Mapped[int] = mapped_column(ForeignKey("commitment.id", ondelete="CASCADE"), primary_key=True)
    mechanism_id: Mapped[int] = mapped_column(
        ForeignKey("mechanism.id", ondelete="RESTRICT"), primary_key=True, index=True
    )
    position: Mapped[int] = mapped_column(Integer)

    mechanism: Mapped[Mechanism] = relationship(lazy="joined")


class CommitmentAgreement(Base):
    """An agreement a commitment names, in the commitment's order."""

    __tablename__ = "commitment_agreement"

    commitment_id: Mapped[int] = mapped_column(ForeignKey("commitment.id", ondelete="CASCADE"), primary_key=True)
    agreement_id: Mapped[int] = mapped_column(
        ForeignKey("agreement.id", ondelete="RESTRICT"), primary_key=True, index=True
    )
    position: Mapped[int] = mapped_column(Integer)

    agreement: Mapped[Agreement] = relationship(lazy="joined")
