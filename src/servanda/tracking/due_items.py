"""What is overdue and what falls due soon, as of any day, and the RFC 5545 calendar of the same: commitments'
deadlines at their stated precision, with their status, and each mechanism's expected next meeting. Only what
the reader may read is listed, and each item names its marking."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session, contains_eager

from servanda.access import Marking, Person, highest
from servanda.store.due import due_by, first_day
from servanda.store.models import Commitment, Document
from servanda.store.visibility import Visibility, audit_read, visibility
from servanda.tracking.assess import CommitmentStatus, latest_statuses
from servanda.tracking.calendar import build_calendar
from servanda.tracking.deadlines import OPEN_STATUSES, Deadline, overdue, upcoming
from servanda.tracking.lookup import readable, today
from servanda.tracking.mechanisms import list_mechanisms
from servanda.tracking.open_due import open_due

DEFAULT_WINDOW = timedelta(days=90)
TITLE_LENGTH = 90


@dataclass(frozen=True, slots=True)
class DueItems:
    """Open items overdue as of `as_of` (oldest first) and due within `within` of it (soonest first), the first
    `limit` of each when one was given, with how many there are in all, and the marking of each item listed, by
    its key."""

    as_of: date
    within: timedelta
    overdue: list[Deadline]
    upcoming: list[Deadline]
    marking: Marking  # the highest marking of the items listed
    markings: dict[str, Marking] = field(default_factory=dict)
    overdue_total: int = 0
    upcoming_total: int = 0


def due_items(
    session: Session,
    *,
    viewer: Person,
    as_of: date | None = None,
    within: timedelta = DEFAULT_WINDOW,
    limit: int | None = None,
) -> DueItems:
    """Open commitments and expected meetings `viewer` may read that are overdue as of `as_of` (default today),
    or due within `within` after it; the first `limit` of each (all of them when None), and how many there are.
    A commitment counts from its statement's date. Only the commitments listed are read, and audited."""
    as_of = as_of or today()
    seen = visibility(session, viewer)
    found = open_due(session, seen, as_of=as_of, until=as_of + within, limit=limit)
    commitments = [*found.overdue, *found.upcoming]
    statuses = latest_statuses(session, seen, [c.id for c in commitments], as_of=as_of)
    audit_read(session, seen, "commitment", commitments, related={"document": [c.document for c in commitments]})
    items, markings = _commitment_items(seen, commitments, statuses)
    meetings, meeting_markings = _meeting_items(session, viewer, as_of)
    markings.update(meeting_markings)
    # Commitments before meetings due the same day, as the lists always had them.
    overdue_all = overdue([*(i for i in items if i.due_by < as_of), *meetings], as_of)
    upcoming_all = upcoming([*(i for i in items if i.due_by >= as_of), *meetings], as_of, within)
    overdue_meetings = len(overdue_all) - len(found.overdue)
    upcoming_meetings = len(upcoming_all) - len(found.upcoming)
    shown_late, shown_soon = overdue_all[:limit], upcoming_all[:limit]
    kept = {item.key: markings[item.key] for item in (*shown_late, *shown_soon)}
    return DueItems(
        as_of,
        within,
        shown_late,
        shown_soon,
        highest(*kept.values()),
        kept,
        overdue_total=found.overdue_total + overdue_meetings,
        upcoming_total=found.upcoming_total + upcoming_meetings,
    )


def calendar_ics(
    session: Session, *, viewer: Person, as_of: date | None = None, stamp: datetime | None = None
) -> bytes:
    """An RFC 5545 calendar of the open deadlines and expected meetings `viewer` may read, as of `as_of`; its
    name carries the highest marking of what it holds, and each event its own."""
    as_of = as_of or today()
    items, markings = _deadlines(session, visibility(session, viewer), viewer, as_of)
    items = [item for item in items if item.status in OPEN_STATUSES]
    marking = highest(*(markings[item.key] for item in items))
    return build_calendar(items, name=f"Servanda deadlines ({marking.banner})", stamp=stamp)


@dataclass(frozen=True, slots=True)
class MonthItems:
    """Every deadline and expected meeting falling in one month (from `first` to `last`), whatever its status,
    soonest first, with the marking of each by its key and the highest of them."""

    first: date
    last: date
    items: list[Deadline]
    markings: dict[str, Marking]
    marking: Marking


def month_items(session: Session, *, viewer: Person, first: date, last: date, as_of: date | None = None) -> MonthItems:
    """The deadlines and expected meetings `viewer` may read that fall between `first` and `last` (inclusive),
    statuses as of `as_of` (default today); only that month's commitments are read."""
    as_of = as_of or today()
    items, markings = _deadlines(session, visibility(session, viewer), viewer, as_of, between=(first, last))
    items.sort(key=lambda item: (item.due_by, item.key))
    return MonthItems(first, last, items, markings, highest(*markings.values()))


def _deadlines(
    session: Session, seen: Visibility, viewer: Person, as_of: date, *, between: tuple[date, date] | None = None
) -> tuple[list[Deadline], dict[str, Marking]]:
    within = [] if between is None else [Commitment.due_by >= between[0], Commitment.due_by <= between[1]]
    commitments = list(
        session.scalars(
            seen.filtered(
                select(Commitment)
                .join(Commitment.document)
                .where(Commitment.due.is_not(None), *within, *readable(seen, Commitment))
                .order_by(Commitment.due_by, Commitment.id)
                .options(
                    contains_eager(Commitment.document).load_only(Document.title, Document.date, Document.marking_id)
                )
            )
        )
    )
    commitments = [c for c in commitments if c.document.date is None or first_day(c.document.date) <= as_of]
    statuses = latest_statuses(session, seen, [c.id for c in commitments], as_of=as_of)
    audit_read(session, seen, "commitment", commitments, related={"document": [c.document for c in commitments]})
    items, markings = _commitment_items(seen, commitments, statuses)
    meetings, meeting_markings = _meeting_items(session, viewer, as_of, between=between)
    return [*items, *meetings], {**markings, **meeting_markings}


def _commitment_items(
    seen: Visibility, commitments: list[Commitment], statuses: dict[int, CommitmentStatus]
) -> tuple[list[Deadline], dict[str, Marking]]:
    items: list[Deadline] = []
    markings: dict[str, Marking] = {}
    for commitment in commitments:
        key = f"commitment-{commitment.id}"
        status = statuses[commitment.id]
        marking = seen.markings[commitment.marking_id]
        if status.assessment is not None:
            marking = highest(marking, status.assessment.marking)
        quote = (
            commitment.quote if len(commitment.quote) <= TITLE_LENGTH else commitment.quote[: TITLE_LENGTH - 1] + "…"
        )
        source = commitment.document.title or f"document {commitment.document_id}"
        detail = f"{marking.banner}. Commitment {commitment.id} of {source}"
        detail += f" ({commitment.document.date})." if commitment.document.date else "."
        items.append(Deadline(key, quote, commitment.due, status.status, detail))
        markings[key] = marking
    return items, markings


def _meeting_items(
    session: Session, viewer: Person, as_of: date, *, between: tuple[date, date] | None = None
) -> tuple[list[Deadline], dict[str, Marking]]:
    items: list[Deadline] = []
    markings: dict[str, Marking] = {}
    for mechanism in list_mechanisms(session, viewer=viewer, as_of=as_of):
        expected = mechanism.next.expected
        if expected is None or (between is not None and not between[0] <= due_by(expected) <= between[1]):
            continue
        key = f"mechanism-{mechanism.id}"
        basis = (
            "as a statement gave it" if mechanism.next.basis == "stated" else f"by its cadence {mechanism.recurrence}"
        )
        last = f"last held {mechanism.last_held}" if mechanism.last_held else "no meeting on record"
        detail = f"{mechanism.marking.banner}. Expected {basis}; {last}."
        items.append(Deadline(key, f"{mechanism.name}: next meeting", expected, "expected", detail))
        markings[key] = mechanism.marking
    return items, markings
