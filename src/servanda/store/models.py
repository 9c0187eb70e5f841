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
    Float,
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
        # Counting what a reader may see reads this index alone, never the rows (0008).
        Index("ix_commitment_document_marking", "document_id", "marking_id"),
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

    @property
    def names_as_written(self) -> tuple[str, ...]:
        """The mechanisms and agreements it names, in the statement's own words (the records' names may be
        another statement's way of writing them)."""
        links = (*self.mechanism_links, *self.agreement_links)
        return tuple(link.written or link.named.name for link in links)


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
    written: Mapped[str | None] = mapped_column(Text)  # the name as the commitment's statement writes it

    mechanism: Mapped[Mechanism] = relationship(lazy="joined")

    @property
    def named(self) -> Mechanism:
        return self.mechanism


class CommitmentAgreement(Base):
    """An agreement a commitment names, in the commitment's order."""

    __tablename__ = "commitment_agreement"

    commitment_id: Mapped[int] = mapped_column(ForeignKey("commitment.id", ondelete="CASCADE"), primary_key=True)
    agreement_id: Mapped[int] = mapped_column(
        ForeignKey("agreement.id", ondelete="RESTRICT"), primary_key=True, index=True
    )
    position: Mapped[int] = mapped_column(Integer)
    written: Mapped[str | None] = mapped_column(Text)  # the name as the commitment's statement writes it

    agreement: Mapped[Agreement] = relationship(lazy="joined")

    @property
    def named(self) -> Agreement:
        return self.agreement


# --- Tracking: assessments, evidence, proposals, continuity, meetings, agreement stages, report snapshots ---
# Assessments, their scores and evidence, meetings, stages and snapshots are append-only (triggers in migration
# 0003): a correction is a new row that says what it corrects. Foreign keys from them RESTRICT, so a record they
# speak of cannot be deleted from under them.

# tracking.status.ASSESSED_STATUSES; the store keeps its own copy for the check constraint (a test compares them).
ASSESSMENT_STATUSES = (
    "not-started",
    "in-progress",
    "delivered",
    "delivered-late",
    "stalled",
    "abandoned",
    "superseded",
)
# The UN Treaty Collection's stages of a treaty (concluded, signed, in force, terminated), preceded by proposed and
# negotiating; `launched` is where a plan or partnership, which is never signed or ratified, takes effect.
AGREEMENT_LIFECYCLE = ("proposed", "negotiating", "launched", "concluded", "signed", "in-force", "terminated")
PROPOSAL_RELATIONS = ("delivers", "restates", "progresses")
PROPOSAL_STATES = ("pending", "accepted", "rejected")
LINK_RELATIONS = ("restates", "supersedes", "narrows")
LINK_STATES = ("proposed", "confirmed", "rejected")

ONE_TARGET = "(commitment_id IS NULL) <> (achievement_id IS NULL)"
EVIDENCE_SOURCE = (
    "(kind = 'document' AND document_id IS NOT NULL AND url IS NULL AND \"start\" IS NOT NULL "
    'AND "end" IS NOT NULL AND "start" >= 0 AND "start" < "end") '
    "OR (kind = 'external' AND document_id IS NULL AND url IS NOT NULL AND title IS NOT NULL)"
)


def _among(column: str, values: tuple[str, ...]) -> str:
    return f"{column} IN ({', '.join(repr(v) for v in values)})"


class Evidence(Marked, Base):
    """What shows progress on a commitment (or bears on an achievement): a span of a stored document, or an
    external reference. Marked at least as its document; never marked above what it is attached to."""

    __tablename__ = "evidence"
    __table_args__ = (
        CheckConstraint(ONE_TARGET, name="target"),
        CheckConstraint("kind IN ('document', 'external')", name="kind"),
        CheckConstraint(EVIDENCE_SOURCE, name="source"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    commitment_id: Mapped[int | None] = mapped_column(ForeignKey("commitment.id", ondelete="RESTRICT"), index=True)
    achievement_id: Mapped[int | None] = mapped_column(ForeignKey("achievement.id", ondelete="RESTRICT"), index=True)
    kind: Mapped[str] = mapped_column(String(8))  # document | external
    document_id: Mapped[int | None] = mapped_column(ForeignKey("document.id", ondelete="RESTRICT"), index=True)
    start: Mapped[int | None] = mapped_column(Integer)
    end: Mapped[int | None] = mapped_column(Integer)
    passage: Mapped[str | None] = mapped_column(Text)  # the document's text[start:end], or the quoted passage
    url: Mapped[str | None] = mapped_column(Text)
    title: Mapped[str | None] = mapped_column(Text)
    date: Mapped[str | None] = mapped_column(String(10))  # of an external reference, ISO 8601 at its precision
    recorded_by: Mapped[str] = mapped_column(Text)  # username
    at: Mapped[datetime] = mapped_column(default=utc_now)

    document: Mapped[Document | None] = relationship()


class Assessment(Marked, Base):
    """A person's dated judgement of a commitment: status, per-party scores, rationale and evidence."""

    __tablename__ = "assessment"
    __table_args__ = (
        CheckConstraint(_among("status", ASSESSMENT_STATUSES), name="status"),
        Index("ix_assessment_commitment_as_of", "commitment_id", "as_of", "at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    commitment_id: Mapped[int] = mapped_column(ForeignKey("commitment.id", ondelete="RESTRICT"))
    assessor: Mapped[str] = mapped_column(Text)  # username
    at: Mapped[datetime] = mapped_column(default=utc_now)
    as_of: Mapped[date] = mapped_column(Date)  # the day the assessment speaks for
    status: Mapped[str] = mapped_column(String(16))
    rationale: Mapped[str] = mapped_column(Text)
    corrects: Mapped[int | None] = mapped_column(ForeignKey("assessment.id", ondelete="RESTRICT"))

    scores: Mapped[list[AssessmentScore]] = relationship(order_by="AssessmentScore.position")
    evidence_links: Mapped[list[AssessmentEvidence]] = relationship(order_by="AssessmentEvidence.position")


class AssessmentScore(Base):
    """One party's compliance score in an assessment, on the G7 Research Group scale; NULL is not yet assessed."""

    __tablename__ = "assessment_score"
    __table_args__ = (CheckConstraint("score IN (-1, 0, 1)", name="score"),)

    assessment_id: Mapped[int] = mapped_column(ForeignKey("assessment.id", ondelete="RESTRICT"), primary_key=True)
    party: Mapped[str] = mapped_column(Text, primary_key=True)
    position: Mapped[int] = mapped_column(Integer)
    score: Mapped[int | None] = mapped_column(Integer)


class AssessmentEvidence(Base):
    """A piece of evidence an assessment rests on."""

    __tablename__ = "assessment_evidence"

    assessment_id: Mapped[int] = mapped_column(ForeignKey("assessment.id", ondelete="RESTRICT"), primary_key=True)
    evidence_id: Mapped[int] = mapped_column(
        ForeignKey("evidence.id", ondelete="RESTRICT"), primary_key=True, index=True
    )
    position: Mapped[int] = mapped_column(Integer)

    evidence: Mapped[Evidence] = relationship()


class EvidenceProposal(Marked, Base):
    """A suggestion that a passage of a document bears on an earlier commitment or achievement, until a person
    accepts or rejects it. Marked as the highest of the document and what it bears on."""

    __tablename__ = "evidence_proposal"
    __table_args__ = (
        CheckConstraint(ONE_TARGET, name="target"),
        CheckConstraint(SPAN, name="span"),
        CheckConstraint(_among("relation", PROPOSAL_RELATIONS), name="relation"),
        CheckConstraint(_among("state", PROPOSAL_STATES), name="state"),
        UniqueConstraint("document_id", "commitment_id"),
        UniqueConstraint("document_id", "achievement_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("document.id", ondelete="CASCADE"))
    commitment_id: Mapped[int | None] = mapped_column(ForeignKey("commitment.id", ondelete="CASCADE"), index=True)
    achievement_id: Mapped[int | None] = mapped_column(ForeignKey("achievement.id", ondelete="CASCADE"), index=True)
    score: Mapped[float] = mapped_column(Float)
    start: Mapped[int] = mapped_column(Integer)
    end: Mapped[int] = mapped_column(Integer)
    passage: Mapped[str] = mapped_column(Text)
    relation: Mapped[str] = mapped_column(String(16))
    state: Mapped[str] = mapped_column(String(8), default="pending")
    proposed_at: Mapped[datetime] = mapped_column(default=utc_now)
    decided_by: Mapped[str | None] = mapped_column(Text)
    decided_at: Mapped[datetime | None]
    evidence_id: Mapped[int | None] = mapped_column(ForeignKey("evidence.id", ondelete="RESTRICT"))

    document: Mapped[Document] = relationship()
    commitment: Mapped[Commitment | None] = relationship()
    achievement: Mapped[Achievement | None] = relationship()


class CommitmentLink(Marked, Base):
    """A later commitment that restates, supersedes or narrows an earlier one, proposed on save until a person
    confirms or rejects it. Marked as the highest of the two."""

    __tablename__ = "commitment_link"
    __table_args__ = (
        CheckConstraint("earlier_id <> later_id", name="distinct"),
        CheckConstraint(_among("relation", LINK_RELATIONS), name="relation"),
        CheckConstraint(_among("state", LINK_STATES), name="state"),
        UniqueConstraint("earlier_id", "later_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    earlier_id: Mapped[int] = mapped_column(ForeignKey("commitment.id", ondelete="CASCADE"))
    later_id: Mapped[int] = mapped_column(ForeignKey("commitment.id", ondelete="CASCADE"), index=True)
    relation: Mapped[str] = mapped_column(String(16))
    score: Mapped[float] = mapped_column(Float)
    state: Mapped[str] = mapped_column(String(16), default="proposed")
    linked_at: Mapped[datetime] = mapped_column(default=utc_now)
    decided_by: Mapped[str | None] = mapped_column(Text)
    decided_at: Mapped[datetime | None]


class MechanismMeeting(Marked, Base):
    """A meeting of a mechanism, as a document evidences it or an analyst records it."""

    __tablename__ = "mechanism_meeting"

    id: Mapped[int] = mapped_column(primary_key=True)
    mechanism_id: Mapped[int] = mapped_column(ForeignKey("mechanism.id", ondelete="RESTRICT"), index=True)
    held_on: Mapped[str] = mapped_column(String(10))  # ISO 8601 at its precision
    document_id: Mapped[int | None] = mapped_column(ForeignKey("document.id", ondelete="RESTRICT"), index=True)
    recorded_by: Mapped[str] = mapped_column(Text)
    at: Mapped[datetime] = mapped_column(default=utc_now)

    document: Mapped[Document | None] = relationship()


class AgreementStage(Marked, Base):
    """A stage an agreement reached on a date, as a document evidences it or an analyst records it."""

    __tablename__ = "agreement_stage"
    __table_args__ = (CheckConstraint(_among("stage", AGREEMENT_LIFECYCLE), name="stage"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    agreement_id: Mapped[int] = mapped_column(ForeignKey("agreement.id", ondelete="RESTRICT"), index=True)
    stage: Mapped[str] = mapped_column(String(16))
    date: Mapped[str] = mapped_column(String(10))  # ISO 8601 at its precision
    document_id: Mapped[int | None] = mapped_column(ForeignKey("document.id", ondelete="RESTRICT"), index=True)
    recorded_by: Mapped[str] = mapped_column(Text)
    at: Mapped[datetime] = mapped_column(default=utc_now)

    document: Mapped[Document | None] = relationship()


class ReportSnapshot(Marked, Base):
    """A compliance report's data as it stood for one person on one date, kept to compare with later ones."""

    __tablename__ = "report_snapshot"

    id: Mapped[int] = mapped_column(primary_key=True)
    label: Mapped[str] = mapped_column(Text)
    as_of: Mapped[date] = mapped_column(Date)
    taken_by: Mapped[str] = mapped_column(Text)
    at: Mapped[datetime] = mapped_column(default=utc_now)
    data: Mapped[dict[str, Any]]


# The web application's, the job queue's and the extraction drafts' tables share this metadata, so that
# migrations and the schema comparison see them.
from servanda.store import draft_models as _draft_models  # noqa: E402, F401
from servanda.store import job_models as _job_models  # noqa: E402, F401
from servanda.store import web_models as _web_models  # noqa: E402, F401
