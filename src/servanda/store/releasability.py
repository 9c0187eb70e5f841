"""Widening a record's releasability to further parties, which needs the originator's recorded consent.

The consent is kept in `consent`, one row per party added, naming where the originator's consent is recorded.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace

from sqlalchemy.orm import Session

from servanda import audit
from servanda.access import Action, Marking, Person
from servanda.reference.parties import get_party
from servanda.store.decisions import require
from servanda.store.errors import AccessDenied
from servanda.store.markings import intern_marking, marking_by_id
from servanda.store.models import Consent, Marked


def widen_releasability(
    session: Session,
    record: Marked,
    parties: Iterable[str],
    *,
    actor: Person,
    consent_reference: str | None,
) -> Marking:
    """Release `record` to `parties` as well, in the caller's transaction; return its marking afterwards.

    `consent_reference` says where the originator's consent is recorded; without it `access.decide` refuses
    to add a party, and AccessDenied is raised.
    """
    record_type = record.__tablename__
    added = frozenset(parties)
    if unknown := sorted(p for p in added if get_party(p) is None):
        raise AccessDenied(f"cannot widen {record_type} {record.id}: {unknown[0]!r} is not a party code")
    reference = (consent_reference or "").strip() or None
    current = marking_by_id(session, record.marking_id)
    decision = require(
        session,
        actor,
        Action("widen", widen_to=added, consent=reference is not None),
        current,
        audited="widen",
        record_type=record_type,
        record_id=record.id,
        refuse=f"cannot widen {record_type} {record.id}",
        detail={"parties": sorted(added)},
    )
    if current.releasable_to is None or added <= current.releasable_to:
        return current  # releasable to them already: nothing to write
    assert reference is not None, "decide refuses to add a party without consent"
    widened = replace(current, releasable_to=current.releasable_to | added)
    record.marking_id = intern_marking(session, widened)
    new = sorted(added - current.releasable_to)
    session.add_all(
        Consent(
            record_type=record_type, record_id=record.id, party=party, reference=reference, recorded_by=actor.username
        )
        for party in new
    )
    session.flush()
    audit.append(
        session,
        actor=actor,
        action="widen",
        record_type=record_type,
        record_id=record.id,
        marking=widened,
        decision="allow",
        reason=decision.reason,
        detail={"from": current.banner, "added": new, "consent": reference},
    )
    return widened
