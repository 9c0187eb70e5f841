"""Figures per party for the dashboard: how many commitments each party undertakes among those a viewer may read,
and each party's compliance on the G7 Research Group scale from the latest assessments as of a day; and the
marking such figures carry.

Like the dashboard's other figures, these are aggregates computed in the database through the store's query
filter, so they cost a few queries however many commitments there are. Compliance is worked out as the compliance
report works it out (`report.summarise`): over the commitments whose statement is dated by the day (or undated),
each actor's score in the commitment's latest assessment the viewer may read as of the day; a commitment not
assessed, or an actor left unscored, is not yet assessed and never counts as 0.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import ColumnElement, case, func, or_, select
from sqlalchemy.orm import Session

from servanda.access import Marking, Person, highest
from servanda.store.models import Assessment, AssessmentScore, Commitment, CommitmentActor, Document
from servanda.store.visibility import visibility
from servanda.tracking.lookup import readable
from servanda.tracking.lookup import today as current_day
from servanda.tracking.status import Compliance


@dataclass(frozen=True, slots=True)
class PartyFigures:
    """Per party, most commitments first: the commitments it undertakes that the viewer may read, and its
    compliance as of `today`; `overall` is the compliance of every actor's score together."""

    today: date
    commitments: dict[str, int]
    compliance: dict[str, Compliance]
    overall: Compliance


def party_figures(session: Session, *, viewer: Person, today: date | None = None) -> PartyFigures:
    """The figures per party that `viewer` sees as of `today` (default: the current day in UTC)."""
    today = today or current_day()
    seen = visibility(session, viewer)
    dated = _dated_by(today)
    undertaken: dict[str, int] = {}
    counted: dict[str, int] = {}  # of statements dated by today, as compliance counts them
    for party, every, by_today in session.execute(
        select(CommitmentActor.party, func.count(), func.count(case((dated, 1))))
        .join(Commitment, Commitment.id == CommitmentActor.commitment_id)
        .join(Document, Document.id == Commitment.document_id)
        .where(seen.allows(Commitment), seen.allows(Document))
        .group_by(CommitmentActor.party)
    ):
        undertaken[party] = every
        counted[party] = by_today

    order = (Assessment.as_of.desc(), Assessment.at.desc(), Assessment.id.desc())
    latest = (
        select(
            Assessment.id.label("id"),
            func.row_number().over(partition_by=Assessment.commitment_id, order_by=order).label("rank"),
        )
        .join(Commitment, Commitment.id == Assessment.commitment_id)
        .join(Document, Document.id == Commitment.document_id)
        # readable(seen, Assessment) through the joins: its subquery of every readable commitment would read the
        # whole store to check a few assessments.
        .where(
            Assessment.as_of <= today, dated, seen.allows(Assessment), seen.allows(Commitment), seen.allows(Document)
        )
        .subquery()
    )
    given: dict[str, tuple[int, int]] = {}
    for party, scored, total in session.execute(
        select(
            AssessmentScore.party, func.count(AssessmentScore.score), func.coalesce(func.sum(AssessmentScore.score), 0)
        )
        .join(latest, latest.c.id == AssessmentScore.assessment_id)
        .where(latest.c.rank == 1)
        .group_by(AssessmentScore.party)
    ):
        given[party] = (scored, total)

    ordered = sorted(undertaken, key=lambda party: (-undertaken[party], party))
    compliance = {party: _compliance(*given.get(party, (0, 0)), counted[party]) for party in ordered if counted[party]}
    scored = sum(n for n, _ in given.values())
    overall = _compliance(scored, sum(total for _, total in given.values()), sum(counted.values()))
    return PartyFigures(today, {party: undertaken[party] for party in ordered}, compliance, overall)


def figures_marking(session: Session, *, viewer: Person) -> Marking:
    """The marking of figures summed over everything a viewer may read (the dashboard's): the highest marking
    among the statements, commitments and assessments they may read; UNCLASSIFIED when there are none."""
    seen = visibility(session, viewer)
    used: set[int] = set()
    for model in (Document, Commitment, Assessment):
        used.update(session.scalars(select(model.marking_id).where(*readable(seen, model)).distinct()))
    return highest(*(seen.markings[marking_id] for marking_id in used))


def _compliance(scored: int, total: int, counted: int) -> Compliance:
    return Compliance(total / scored if scored else None, scored, counted - scored)


def _dated_by(today: date) -> ColumnElement[bool]:
    """The statement is undated or its date begins by `today` (ISO dates of any precision compare as text)."""
    return or_(Document.date.is_(None), Document.date <= today.isoformat())
