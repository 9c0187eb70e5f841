"""Mechanisms as first-class records: each one's cadence, its meetings as documents evidence them (or analysts
record them), the next meeting it should hold, and whether that meeting is overdue.

A statement's mention of a mechanism that says it met (`held`) becomes a meeting when the statement is tracked.
The next meeting is the one the latest statement since the last meeting names, else the last meeting plus the
cadence (`tracking.deadlines.next_meeting`); it is overdue when its date has passed with no meeting evidenced.
Analysts may add meetings and edit a mechanism's name and cadence; each edit's before and after is in the audit log.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session, joinedload

from servanda import audit
from servanda.access import PUBLIC, Marking, Person
from servanda.store.due import due_by, first_day
from servanda.store.markings import intern_marking
from servanda.store.models import Document, Mechanism, MechanismMeeting, MechanismMention
from servanda.store.visibility import Visibility, audit_read, visibility
from servanda.tracking.dated import apply_edit, apply_raise, check_dated, new_name, open_to_edit
from servanda.tracking.deadlines import NextMeeting, add_duration, next_meeting
from servanda.tracking.errors import TrackingError
from servanda.tracking.lookup import marking_of, readable, today, visible


@dataclass(frozen=True, slots=True)
class MeetingPublic:
    id: int
    mechanism_id: int
    held_on: str
    document_id: int | None
    document_title: str | None
    document_date: str | None
    recorded_by: str
    at: datetime
    marking: Marking


@dataclass(frozen=True, slots=True)
class MechanismPublic:
    """A mechanism as of a day, from what the reader may read: meetings oldest first, and the next one expected."""

    id: int
    name: str
    recurrence: str | None
    marking: Marking
    meetings: tuple[MeetingPublic, ...]
    stated_next: str | None  # what the latest statement since the last meeting says of the next one
    next: NextMeeting

    @property
    def last_held(self) -> str | None:
        return self.meetings[-1].held_on if self.meetings else None


def record_meetings(session: Session, document_id: int, *, actor: Person) -> list[MeetingPublic]:
    """Record as meetings what a stored statement says was held, once each; in the caller's transaction."""
    seen = visibility(session, actor)
    document = visible(session, seen, Document, document_id, noun="document")
    mentions = session.scalars(
        seen.filtered(
            select(MechanismMention)
            .where(MechanismMention.document_id == document_id, MechanismMention.held.is_not(None))
            .order_by(MechanismMention.ordinal)
        )
    ).all()
    added = []
    for mention in mentions:
        mechanism = mention.mechanism
        exists = select(MechanismMeeting.id).where(
            MechanismMeeting.mechanism_id == mechanism.id,
            MechanismMeeting.held_on == mention.held,
            MechanismMeeting.document_id == document.id,
        )
        if mechanism.marking_id in seen.markings and session.scalar(exists) is None:
            added.append(_add(session, seen, mechanism, mention.held, document_id, PUBLIC, raise_marking=False))
    return added


def add_meeting(
    session: Session,
    mechanism_id: int,
    held_on: str,
    *,
    actor: Person,
    document_id: int | None = None,
    marking: Marking = PUBLIC,
    raise_marking: bool = False,
) -> MeetingPublic:
    """Record that a mechanism met on `held_on` (ISO 8601 at its precision), evidenced by a stored document if
    given; marked at least as that document. In the caller's transaction."""
    seen = visibility(session, actor)
    mechanism = visible(session, seen, Mechanism, mechanism_id, noun="mechanism")
    return _add(session, seen, mechanism, held_on, document_id, marking, raise_marking=raise_marking)


def edit_mechanism(
    session: Session,
    mechanism_id: int,
    *,
    actor: Person,
    name: str | None = None,
    recurrence: str | None = None,
    as_of: date | None = None,
) -> MechanismPublic:
    """Rename a mechanism or change its cadence (an ISO 8601 duration such as P2Y; "" clears it). The key that
    matches it to later statements stays that of its first name."""
    seen = visibility(session, actor)
    mechanism, marking, refuse = open_to_edit(session, seen, actor, Mechanism, mechanism_id)
    changes: dict[str, tuple] = {}
    if name is not None:
        changes["name"] = new_name(mechanism, name, refuse)
    if recurrence is not None:
        cadence = recurrence.strip().upper() or None
        if cadence is not None:
            try:
                add_duration(date(2000, 1, 1), cadence)
            except ValueError as err:
                raise TrackingError(f"{refuse}: {err}") from None
        changes["recurrence"] = (mechanism.recurrence, cadence)
    apply_edit(session, actor, mechanism, marking, changes)
    return _values(session, seen, [mechanism], as_of=as_of or today())[0]


def list_mechanisms(session: Session, *, viewer: Person, as_of: date | None = None) -> list[MechanismPublic]:
    """Every mechanism `viewer` may read, by name, with the meetings and statements they may read up to `as_of`
    (default today)."""
    seen = visibility(session, viewer)
    rows = session.scalars(seen.filtered(select(Mechanism).where(seen.allows(Mechanism)).order_by(Mechanism.name)))
    return _values(session, seen, list(rows), as_of=as_of or today())


def get_mechanism(session: Session, mechanism_id: int, *, viewer: Person, as_of: date | None = None) -> MechanismPublic:
    """One mechanism as `list_mechanisms` shows it; NotFound for one `viewer` may not read."""
    seen = visibility(session, viewer)
    mechanism = visible(session, seen, Mechanism, mechanism_id, noun="mechanism")
    return _values(session, seen, [mechanism], as_of=as_of or today())[0]


def _add(
    session: Session,
    seen: Visibility,
    mechanism: Mechanism,
    held_on: str,
    document_id: int | None,
    marking: Marking,
    *,
    raise_marking: bool,
) -> MeetingPublic:
    actor = seen.viewer
    refuse = f"cannot record a meeting of mechanism {mechanism.id}"
    checked = check_dated(
        session,
        seen,
        mechanism,
        held_on,
        document_id=document_id,
        marking=marking,
        raise_marking=raise_marking,
        refuse=refuse,
    )
    with session.begin_nested():
        apply_raise(session, actor, mechanism, checked)
        row = MechanismMeeting(
            mechanism_id=mechanism.id,
            held_on=checked.when,
            document_id=document_id,
            recorded_by=actor.username,
            marking_id=intern_marking(session, checked.marking),
        )
        session.add(row)
        session.flush()
        audit.append(
            session,
            actor=actor,
            action="record-meeting",
            record_type="mechanism_meeting",
            record_id=row.id,
            marking=checked.marking,
            decision="allow",
            reason=f"{actor.username} recorded a meeting of mechanism {mechanism.id}",
            detail={"mechanism_id": mechanism.id, "held_on": checked.when, "document_id": document_id},
        )
    document = checked.document
    return MeetingPublic(
        row.id,
        mechanism.id,
        row.held_on,
        document_id,
        document.title if document else None,
        document.date if document else None,
        row.recorded_by,
        row.at,
        checked.marking,
    )


def _values(session: Session, seen: Visibility, mechanisms: list[Mechanism], *, as_of: date) -> list[MechanismPublic]:
    ids = [m.id for m in mechanisms]
    meetings = [
        row
        for row in session.scalars(
            seen.filtered(
                select(MechanismMeeting)
                .where(MechanismMeeting.mechanism_id.in_(ids), *readable(seen, MechanismMeeting))
                .options(joinedload(MechanismMeeting.document).load_only(Document.title, Document.date))
            )
        )
        if first_day(row.held_on) <= as_of
    ]
    meetings.sort(key=lambda row: (first_day(row.held_on), row.id))
    mentions = [
        (document_date, mention_next, mechanism_id)
        for mechanism_id, mention_next, document_date in session.execute(
            select(MechanismMention.mechanism_id, MechanismMention.next, Document.date)
            .join(Document, Document.id == MechanismMention.document_id)
            .where(
                MechanismMention.mechanism_id.in_(ids),
                MechanismMention.next.is_not(None),
                Document.date.is_not(None),
                seen.allows(Document),
            )
        )
        if first_day(document_date) <= as_of
    ]
    documents = [row.document for row in meetings if row.document is not None]
    audit_read(session, seen, "mechanism", mechanisms, related={"mechanism_meeting": meetings, "document": documents})
    values = []
    for mechanism in mechanisms:
        held = [row for row in meetings if row.mechanism_id == mechanism.id]
        last = held[-1].held_on if held else None
        # A statement made before the last meeting speaks of a meeting that has since been held.
        stated = sorted(
            (first_day(day), nxt)
            for day, nxt, mid in mentions
            if mid == mechanism.id and (last is None or due_by(day) >= first_day(last))
        )
        stated_next = stated[-1][1] if stated else None
        values.append(
            MechanismPublic(
                id=mechanism.id,
                name=mechanism.name,
                recurrence=mechanism.recurrence,
                marking=marking_of(session, seen, mechanism),
                meetings=tuple(_meeting(row, seen) for row in held),
                stated_next=stated_next,
                next=next_meeting(last, mechanism.recurrence, stated_next, as_of=as_of),
            )
        )
    return values


def _meeting(row: MechanismMeeting, seen: Visibility) -> MeetingPublic:
    document = row.document
    return MeetingPublic(
        row.id,
        row.mechanism_id,
        row.held_on,
        row.document_id,
        document.title if document else None,
        document.date if document else None,
        row.recorded_by,
        row.at,
        seen.markings[row.marking_id],
    )
