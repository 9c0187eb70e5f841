"""Agreements as first-class records: each one's lifecycle, stage by stage, each stage dated and evidenced.

The stages follow the UN Treaty Collection where they apply (concluded, signed, in force, terminated), preceded
by proposed and negotiating; `launched` is where a plan or partnership, which is never signed or ratified, takes
effect. A statement's mention of an agreement at a stage becomes a stage when the statement is tracked, dated by
the mention or else by the statement. Analysts may set a stage and edit an agreement's name and kind; stages are
never changed or removed (history is kept), and each edit's before and after is in the audit log.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session, joinedload

from servanda import audit
from servanda.access import PUBLIC, Marking, Person
from servanda.store.due import first_day
from servanda.store.markings import intern_marking
from servanda.store.models import AGREEMENT_LIFECYCLE, Agreement, AgreementMention, AgreementStage, Document
from servanda.store.visibility import Visibility, audit_read, visibility
from servanda.tracking.dated import apply_edit, apply_raise, check_dated, new_name, open_to_edit
from servanda.tracking.errors import TrackingError
from servanda.tracking.lookup import marking_of, readable, today, visible

STAGES = AGREEMENT_LIFECYCLE
KINDS = ("agreement", "plan", "partnership")


@dataclass(frozen=True, slots=True)
class StagePublic:
    id: int
    agreement_id: int
    stage: str
    date: str
    document_id: int | None
    document_title: str | None
    document_date: str | None
    recorded_by: str
    at: datetime
    marking: Marking


@dataclass(frozen=True, slots=True)
class AgreementPublic:
    """An agreement as of a day, from what the reader may read: its stages in order, and the one it is at."""

    id: int
    name: str
    kind: str
    marking: Marking
    stages: tuple[StagePublic, ...]

    @property
    def current(self) -> StagePublic | None:
        return self.stages[-1] if self.stages else None


def record_stages(session: Session, document_id: int, *, actor: Person) -> list[StagePublic]:
    """Record the stages a stored statement reports its agreements at, once each; in the caller's transaction."""
    seen = visibility(session, actor)
    document = visible(session, seen, Document, document_id, noun="document")
    mentions = session.scalars(
        seen.filtered(
            select(AgreementMention)
            .where(AgreementMention.document_id == document_id, AgreementMention.stage.in_(STAGES))
            .order_by(AgreementMention.ordinal)
        )
    ).all()
    added = []
    for mention in mentions:
        agreement, when = mention.agreement, mention.date or document.date
        exists = select(AgreementStage.id).where(
            AgreementStage.agreement_id == agreement.id,
            AgreementStage.stage == mention.stage,
            AgreementStage.document_id == document.id,
        )
        if when and agreement.marking_id in seen.markings and session.scalar(exists) is None:
            added.append(_add(session, seen, agreement, mention.stage, when, document_id, PUBLIC, raise_marking=False))
    return added


def set_stage(
    session: Session,
    agreement_id: int,
    stage: str,
    on: str,
    *,
    actor: Person,
    document_id: int | None = None,
    marking: Marking = PUBLIC,
    raise_marking: bool = False,
) -> StagePublic:
    """Record that an agreement reached `stage` on `on` (ISO 8601 at its precision), evidenced by a stored
    document if given; marked at least as that document. In the caller's transaction."""
    seen = visibility(session, actor)
    agreement = visible(session, seen, Agreement, agreement_id, noun="agreement")
    return _add(session, seen, agreement, stage, on, document_id, marking, raise_marking=raise_marking)


def edit_agreement(
    session: Session,
    agreement_id: int,
    *,
    actor: Person,
    name: str | None = None,
    kind: str | None = None,
    as_of: date | None = None,
) -> AgreementPublic:
    """Rename an agreement or change its kind (agreement, plan, partnership). The key that matches it to later
    statements stays that of its first name."""
    seen = visibility(session, actor)
    agreement, marking, refuse = open_to_edit(session, seen, actor, Agreement, agreement_id)
    changes: dict[str, tuple] = {}
    if name is not None:
        changes["name"] = new_name(agreement, name, refuse)
    if kind is not None:
        if kind not in KINDS:
            raise TrackingError(f"{refuse}: {kind!r} is not a kind; use one of {', '.join(KINDS)}")
        changes["kind"] = (agreement.kind, kind)
    apply_edit(session, actor, agreement, marking, changes)
    return _values(session, seen, [agreement], as_of=as_of or today())[0]


def list_agreements(session: Session, *, viewer: Person, as_of: date | None = None) -> list[AgreementPublic]:
    """Every agreement `viewer` may read, by name, with the stages they may read reached by `as_of` (default
    today)."""
    seen = visibility(session, viewer)
    rows = session.scalars(seen.filtered(select(Agreement).where(seen.allows(Agreement)).order_by(Agreement.name)))
    return _values(session, seen, list(rows), as_of=as_of or today())


def get_agreement(session: Session, agreement_id: int, *, viewer: Person, as_of: date | None = None) -> AgreementPublic:
    """One agreement as `list_agreements` shows it; NotFound for one `viewer` may not read."""
    seen = visibility(session, viewer)
    agreement = visible(session, seen, Agreement, agreement_id, noun="agreement")
    return _values(session, seen, [agreement], as_of=as_of or today())[0]


def _add(
    session: Session,
    seen: Visibility,
    agreement: Agreement,
    stage: str,
    on: str,
    document_id: int | None,
    marking: Marking,
    *,
    raise_marking: bool,
) -> StagePublic:
    actor = seen.viewer
    refuse = f"cannot set the stage of agreement {agreement.id}"
    checked = check_dated(
        session,
        seen,
        agreement,
        on,
        document_id=document_id,
        marking=marking,
        raise_marking=raise_marking,
        refuse=refuse,
    )
    if stage not in STAGES:
        raise TrackingError(f"{refuse}: {stage!r} is not a stage; use one of {', '.join(STAGES)}")
    with session.begin_nested():
        apply_raise(session, actor, agreement, checked)
        row = AgreementStage(
            agreement_id=agreement.id,
            stage=stage,
            date=checked.when,
            document_id=document_id,
            recorded_by=actor.username,
            marking_id=intern_marking(session, checked.marking),
        )
        session.add(row)
        session.flush()
        audit.append(
            session,
            actor=actor,
            action="set-stage",
            record_type="agreement_stage",
            record_id=row.id,
            marking=checked.marking,
            decision="allow",
            reason=f"{actor.username} recorded agreement {agreement.id} {stage}",
            detail={"agreement_id": agreement.id, "stage": stage, "date": checked.when, "document_id": document_id},
        )
    document = checked.document
    return StagePublic(
        row.id,
        agreement.id,
        stage,
        row.date,
        document_id,
        document.title if document else None,
        document.date if document else None,
        row.recorded_by,
        row.at,
        checked.marking,
    )


def stage_order(row: AgreementStage | StagePublic) -> tuple:
    """Stages in the order they were reached: by date, then by their place in the lifecycle."""
    return (first_day(row.date), STAGES.index(row.stage), row.id)


def _values(session: Session, seen: Visibility, agreements: list[Agreement], *, as_of: date) -> list[AgreementPublic]:
    ids = [a.id for a in agreements]
    stages = [
        row
        for row in session.scalars(
            seen.filtered(
                select(AgreementStage)
                .where(AgreementStage.agreement_id.in_(ids), *readable(seen, AgreementStage))
                .options(joinedload(AgreementStage.document).load_only(Document.title, Document.date))
            )
        )
        if first_day(row.date) <= as_of
    ]
    stages.sort(key=stage_order)
    documents = [row.document for row in stages if row.document is not None]
    audit_read(session, seen, "agreement", agreements, related={"agreement_stage": stages, "document": documents})
    return [
        AgreementPublic(
            id=agreement.id,
            name=agreement.name,
            kind=agreement.kind,
            marking=marking_of(session, seen, agreement),
            stages=tuple(_stage(row, seen) for row in stages if row.agreement_id == agreement.id),
        )
        for agreement in agreements
    ]


def _stage(row: AgreementStage, seen: Visibility) -> StagePublic:
    document = row.document
    return StagePublic(
        row.id,
        row.agreement_id,
        row.stage,
        row.date,
        row.document_id,
        document.title if document else None,
        document.date if document else None,
        row.recorded_by,
        row.at,
        seen.markings[row.marking_id],
    )
