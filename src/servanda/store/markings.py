"""Markings in the store: each distinct marking is one row of `marking`, which records refer to by id."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from servanda.access import Marking, MarkingError, format_marking, parse_marking
from servanda.store.models import MarkingRecord


def check_marking(marking: Marking) -> None:
    """Refuse a marking that its own banner does not read back as: it would be stored as something else."""
    banner = format_marking(marking)
    try:
        read_back = parse_marking(banner, originator=marking.originator, instrument=marking.instrument)
    except MarkingError as err:
        raise MarkingError(f"cannot store marking {banner!r}: {err}") from None
    if read_back != marking:
        raise MarkingError(
            f"cannot store marking {banner!r}: it reads back as {read_back.banner!r}; build markings with "
            "access.parse_marking"
        )


def load_marking(row: MarkingRecord) -> Marking:
    """The marking a `marking` row holds."""
    return Marking(
        classification=row.classification,
        originator=row.originator,
        releasable_to=None if row.releasable_to is None else frozenset(row.releasable_to),
        compartments=frozenset(row.compartments),
        instrument=row.instrument,
    )


def marking_by_id(session: Session, marking_id: int) -> Marking:
    """The marking stored under `marking_id` (rows never change, so the session's copy is always current)."""
    row = session.get(MarkingRecord, marking_id)
    if row is None:
        raise LookupError(f"no marking {marking_id} is stored")
    return load_marking(row)


def intern_marking(session: Session, marking: Marking) -> int:
    """The id of `marking`'s row, adding the row in the caller's transaction when it is new."""
    check_marking(marking)
    banner = format_marking(marking)
    found = _find(session, banner, marking.instrument)
    if found is not None:
        return found
    row = MarkingRecord(
        banner=banner,
        classification=marking.classification,
        originator=marking.originator,
        releasable_to=None if marking.releasable_to is None else sorted(marking.releasable_to),
        compartments=sorted(marking.compartments),
        instrument=marking.instrument,
    )
    try:
        # A concurrent writer may add the same marking between the look-up above and this insert.
        with session.begin_nested():
            session.add(row)
    except IntegrityError:
        found = _find(session, banner, marking.instrument)
        if found is None:
            raise
        return found
    return row.id


def _find(session: Session, banner: str, instrument: str | None) -> int | None:
    matches_instrument = (
        MarkingRecord.instrument.is_(None) if instrument is None else MarkingRecord.instrument == instrument
    )
    return session.scalar(select(MarkingRecord.id).where(MarkingRecord.banner == banner, matches_instrument))
