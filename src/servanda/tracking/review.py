"""Commitments a series of statements silently drops: flagged for review, not forgotten.

A series is kept simple. Two statements are in the same series when they have the same issuers and the same
mechanism met at each: a mechanism the statement says was held on the statement's own date, or one its title
names. Mechanisms are compared by the words of their names less the parties' names, so "Canada-ROK Foreign and
Defence (2+2) Ministerial Meeting" and "Canada-Republic of Korea Foreign and Defence (2+2) Ministerial Meeting"
are one series. Statements of the same series on the same day count as one statement.

For each statement of a series and the next, a commitment of the earlier one is flagged when the next neither
continues it (a link no one rejected) nor reports on it (an evidence proposal no one rejected, or evidence quoted
from it), and it is not settled (its status, as of the day asked, is not delivered, delivered late, abandoned or
superseded). Flags are worked out afresh from what the reader may read each time they are asked for.
"""

from __future__ import annotations

import itertools
from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from servanda.access import Marking, Person
from servanda.reference.parties import find_parties
from servanda.store.due import first_day
from servanda.store.models import Commitment, Document, Evidence, EvidenceProposal, MechanismMention
from servanda.store.visibility import Visibility, audit_read, visibility
from servanda.tracking.assess import latest_statuses
from servanda.tracking.continuity import Stated, dropped
from servanda.tracking.links import continued
from servanda.tracking.lookup import readable, today
from servanda.tracking.similarity import content_words

SETTLED = frozenset({"delivered", "delivered-late", "abandoned", "superseded"})


@dataclass(frozen=True, slots=True)
class ReviewFlag:
    """A commitment of one statement of a series that the next statement of the series does not take up."""

    commitment_id: int
    quote: str
    status: str
    document_id: int
    document_title: str | None
    document_date: str
    next_document_ids: tuple[int, ...]
    next_date: str
    series: str  # the mechanism's name, as first stored
    marking: Marking


def review_flags(session: Session, *, viewer: Person, as_of: date | None = None) -> list[ReviewFlag]:
    """The commitments `viewer` may read that a later statement of their series dropped, oldest first."""
    as_of = as_of or today()
    seen = visibility(session, viewer)
    documents = session.scalars(
        seen.filtered(
            select(Document)
            .where(Document.date.is_not(None), seen.allows(Document))
            .order_by(Document.date, Document.id)
            .options(
                selectinload(Document.issuers),
                selectinload(Document.mechanism_mentions).joinedload(MechanismMention.mechanism),
            )
        )
    ).all()
    series: dict[tuple[frozenset[str], frozenset[str]], dict[str, list[Document]]] = defaultdict(dict)
    names: dict[tuple[frozenset[str], frozenset[str]], str] = {}
    for document in documents:
        if first_day(document.date) > as_of:
            continue
        for key, name in _series_of(document):
            group = (frozenset(document.parties), key)
            series[group].setdefault(document.date, []).append(document)
            names.setdefault(group, name)
    flags: dict[tuple[int, str], ReviewFlag] = {}
    for group, by_date in series.items():
        dates = sorted(by_date)
        for before, after in itertools.pairwise(dates):
            for flag in _dropped(session, seen, by_date[before], by_date[after], names[group], as_of):
                flags.setdefault((flag.commitment_id, flag.next_date), flag)
    found = sorted(flags.values(), key=lambda f: (f.document_date, f.document_id, f.commitment_id, f.next_date))
    rows = session.scalars(select(Commitment).where(Commitment.id.in_([f.commitment_id for f in found]))).all()
    audit_read(session, seen, "commitment", rows, related={"document": [c.document for c in rows]})
    return found


def _dropped(
    session: Session, seen: Visibility, previous: list[Document], following: list[Document], name: str, as_of: date
) -> list[ReviewFlag]:
    earlier_ids = [d.id for d in previous]
    later_ids = [d.id for d in following]
    commitments = session.scalars(
        select(Commitment)
        .where(Commitment.document_id.in_(earlier_ids), *readable(seen, Commitment))
        .order_by(Commitment.document_id, Commitment.ordinal)
    ).all()
    if not commitments:
        return []
    ids = [c.id for c in commitments]
    taken_up = continued(session, seen, later_ids)
    taken_up |= set(
        session.scalars(
            select(EvidenceProposal.commitment_id).where(
                EvidenceProposal.document_id.in_(later_ids),
                EvidenceProposal.commitment_id.in_(ids),
                EvidenceProposal.state != "rejected",
                *readable(seen, EvidenceProposal),
            )
        )
    )
    taken_up |= set(
        session.scalars(
            select(Evidence.commitment_id).where(
                Evidence.document_id.in_(later_ids), Evidence.commitment_id.in_(ids), *readable(seen, Evidence)
            )
        )
    )
    statuses = latest_statuses(session, seen, ids, as_of=as_of)
    settled = {cid for cid, status in statuses.items() if status.status in SETTLED}
    stated = [Stated(c.id, c.quote, None) for c in commitments]
    by_id = {c.id: c for c in commitments}
    documents = {d.id: d for d in previous}
    flags = []
    for kept in dropped(stated, taken_up, settled):
        commitment = by_id[kept.id]
        document = documents[commitment.document_id]
        flags.append(
            ReviewFlag(
                commitment_id=commitment.id,
                quote=commitment.quote,
                status=statuses[commitment.id].status,
                document_id=document.id,
                document_title=document.title,
                document_date=document.date,
                next_document_ids=tuple(later_ids),
                next_date=following[0].date,
                series=name,
                marking=seen.markings[commitment.marking_id],
            )
        )
    return flags


def _series_of(document: Document) -> list[tuple[frozenset[str], str]]:
    """The series a statement belongs to: mechanisms held on its date or named in its title."""
    title = set(content_words(document.title or ""))
    found = []
    for mention in document.mechanism_mentions:
        key = series_key(mention.mechanism.name)
        if key and (mention.held == document.date or key <= title):
            found.append((key, mention.mechanism.name))
    return found


def series_key(name: str) -> frozenset[str]:
    """The words of a mechanism's name that are not parties' names."""
    kept, last = [], 0
    for mention in find_parties(name):
        kept.append(name[last : mention.start])
        last = mention.end
    kept.append(name[last:])
    return frozenset(content_words(" ".join(kept)))
