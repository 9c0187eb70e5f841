"""The compliance report from the store, over only what the reader may read, and snapshots of it to compare.

Each commitment made by the report's date appears with its status and per-party scores from its latest assessment
as of that date, footnoted to that assessment's evidence (the document's title and date with the passage, or the
reference's title and URL). Mechanisms and agreements appear as they stood on that date. The report carries the
highest marking of everything it contains; a snapshot is stored under that marking, so only those who could read
the whole report can read it back.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, contains_eager, selectinload

from servanda import audit
from servanda.access import Marking, Person, highest
from servanda.store.decisions import require
from servanda.store.due import first_day
from servanda.store.markings import intern_marking
from servanda.store.models import AgreementMention, Commitment, Document, MechanismMention, ReportSnapshot
from servanda.store.visibility import Visibility, audit_read, visibility
from servanda.tracking.agreements import list_agreements
from servanda.tracking.assess import latest_statuses
from servanda.tracking.errors import TrackingError
from servanda.tracking.evidence import EvidencePublic
from servanda.tracking.lookup import readable, today, visible
from servanda.tracking.mechanisms import list_mechanisms
from servanda.tracking.report import AgreementLine, Change, Footnote, MechanismLine, ReportData, ReportItem, compare

DEFAULT_TITLE = "Commitments and compliance"


@dataclass(frozen=True, slots=True)
class SnapshotPublic:
    id: int
    label: str
    as_of: date
    taken_by: str
    at: datetime
    marking: Marking
    data: dict[str, Any]  # ReportData.to_json()


def report_data(
    session: Session,
    *,
    viewer: Person,
    as_of: date | None = None,
    title: str = DEFAULT_TITLE,
    parties: Sequence[str] | None = None,
) -> ReportData:
    """The report as of `as_of` (default today) over what `viewer` may read; `parties` keeps the commitments
    that any of them undertook."""
    return _build(session, visibility(session, viewer), as_of or today(), title, parties)[0]


def take_snapshot(
    session: Session,
    label: str,
    *,
    actor: Person,
    as_of: date | None = None,
    title: str = DEFAULT_TITLE,
    parties: Sequence[str] | None = None,
) -> SnapshotPublic:
    """Store the report `actor` would get as of `as_of` (an interim or final snapshot), under its marking."""
    if not label.strip():
        raise TrackingError("cannot take a snapshot: it needs a label, such as 'interim 2027'")
    seen = visibility(session, actor)
    data, marking = _build(session, seen, as_of or today(), title, parties)
    require(
        session,
        actor,
        "create",
        marking,
        audited="snapshot",
        record_type="report_snapshot",
        refuse="cannot take a snapshot",
    )
    row = ReportSnapshot(
        label=label.strip(),
        as_of=data.as_of,
        taken_by=actor.username,
        data=data.to_json(),
        marking_id=intern_marking(session, marking),
    )
    session.add(row)
    session.flush()
    audit.append(
        session,
        actor=actor,
        action="snapshot",
        record_type="report_snapshot",
        record_id=row.id,
        marking=marking,
        decision="allow",
        reason=f"{actor.username} took a report snapshot as of {data.as_of.isoformat()}",
        detail={"label": row.label, "items": len(data.items)},
    )
    return _snapshot(row, marking)


def list_snapshots(session: Session, *, viewer: Person) -> list[SnapshotPublic]:
    """The snapshots `viewer` may read, oldest first."""
    seen = visibility(session, viewer)
    rows = list(
        session.scalars(
            select(ReportSnapshot)
            .where(*readable(seen, ReportSnapshot))
            .order_by(ReportSnapshot.as_of, ReportSnapshot.id)
        )
    )
    audit_read(session, seen, "report_snapshot", rows)
    return [_snapshot(row, seen.markings[row.marking_id]) for row in rows]


def get_snapshot(session: Session, snapshot_id: int, *, viewer: Person) -> SnapshotPublic:
    """One snapshot; NotFound for one `viewer` may not read."""
    seen = visibility(session, viewer)
    row = visible(session, seen, ReportSnapshot, snapshot_id, noun="snapshot")
    audit_read(session, seen, "report_snapshot", [row])
    return _snapshot(row, seen.markings[row.marking_id])


def compare_snapshots(session: Session, before_id: int, after_id: int, *, viewer: Person) -> list[Change]:
    """What changed between two snapshots `viewer` may read: statuses, scores, commitments added or removed."""
    before = get_snapshot(session, before_id, viewer=viewer)
    after = get_snapshot(session, after_id, viewer=viewer)
    return compare(before.data, after.data)


def report_from_snapshot(snapshot: SnapshotPublic) -> ReportData:
    """A stored snapshot as report data again, to render it as it was."""
    data = snapshot.data
    return ReportData(
        title=data["title"],
        as_of=date.fromisoformat(data["as_of"]),
        viewer=data["viewer"],
        marking=data["marking"],
        parties=tuple(data["parties"]),
        items=tuple(
            ReportItem(**{**i, "actors": tuple(i["actors"]), "footnotes": tuple(i["footnotes"])}) for i in data["items"]
        ),
        mechanisms=tuple(MechanismLine(**{**m, "footnotes": tuple(m["footnotes"])}) for m in data["mechanisms"]),
        agreements=tuple(AgreementLine(**{**a, "footnotes": tuple(a["footnotes"])}) for a in data["agreements"]),
        footnotes=tuple(Footnote(**f) for f in data["footnotes"]),
    )


class _Notes:
    """Footnotes numbered in order of first use, one per distinct source and passage."""

    def __init__(self) -> None:
        self.numbers: dict[tuple[str, str], int] = {}

    def cite(self, source: str, passage: str = "") -> int:
        return self.numbers.setdefault((source, passage), len(self.numbers) + 1)

    def evidence(self, item: EvidencePublic) -> int:
        return self.cite(item.source, " ".join((item.passage or "").split()))

    def document(self, title: str | None, day: str | None, document_id: int) -> int:
        name = title or f"document {document_id}"
        return self.cite(f"{name} ({day})" if day else name)

    def footnotes(self) -> tuple[Footnote, ...]:
        return tuple(Footnote(n, source, passage) for (source, passage), n in self.numbers.items())


def _build(
    session: Session, seen: Visibility, as_of: date, title: str, parties: Sequence[str] | None
) -> tuple[ReportData, Marking]:
    commitments = [
        c
        for c in session.scalars(
            seen.filtered(
                select(Commitment)
                .join(Commitment.document)
                .where(*readable(seen, Commitment))
                .order_by(Document.date.asc().nulls_last(), Document.id, Commitment.ordinal)
                .options(
                    contains_eager(Commitment.document).load_only(Document.title, Document.date, Document.marking_id),
                    selectinload(Commitment.actors),
                )
            )
        )
        if (c.document.date is None or first_day(c.document.date) <= as_of)
        and (parties is None or set(c.parties) & set(parties))
    ]
    audit_read(session, seen, "commitment", commitments, related={"document": [c.document for c in commitments]})
    statuses = latest_statuses(session, seen, [c.id for c in commitments], as_of=as_of)
    notes = _Notes()
    markings: list[Marking] = []
    items = []
    for commitment in commitments:
        status = statuses[commitment.id]
        marking = highest(seen.markings[commitment.marking_id], seen.markings[commitment.document.marking_id])
        scores: dict[str, int | None] = dict.fromkeys(commitment.parties)
        footnotes: tuple[int, ...] = ()
        if status.assessment is not None:
            marking = highest(marking, status.assessment.marking, *(e.marking for e in status.assessment.evidence))
            scores.update({p: s for p, s in status.assessment.scores.items() if p in scores})
            footnotes = tuple(dict.fromkeys(notes.evidence(e) for e in status.assessment.evidence))
        document = commitment.document
        items.append(
            ReportItem(
                commitment_id=commitment.id,
                quote=commitment.quote,
                document=f"{document.title or f'document {document.id}'} ({document.date or 'undated'})",
                actors=commitment.parties,
                area=commitment.area,
                strength=commitment.strength,
                due=commitment.due,
                status=status.status,
                scores=scores,
                footnotes=footnotes,
                marking=marking.banner,
            )
        )
        markings.append(marking)
    mentioned = _mentioned(session, seen, as_of)
    mechanism_lines = []
    for mechanism in list_mechanisms(session, viewer=seen.viewer, as_of=as_of):
        if mechanism.id not in mentioned["mechanism"] and not mechanism.meetings:
            continue
        last = mechanism.meetings[-1] if mechanism.meetings else None
        cited = (
            ()
            if last is None or last.document_id is None
            else (notes.document(last.document_title, last.document_date, last.document_id),)
        )
        markings += [mechanism.marking, *(m.marking for m in mechanism.meetings[-1:])]
        mechanism_lines.append(
            MechanismLine(
                mechanism.name,
                mechanism.recurrence,
                mechanism.last_held,
                mechanism.next.expected,
                mechanism.next.overdue,
                cited,
            )
        )
    agreement_lines = []
    for agreement in list_agreements(session, viewer=seen.viewer, as_of=as_of):
        if agreement.id not in mentioned["agreement"] and not agreement.stages:
            continue
        stage = agreement.current
        cited = (
            ()
            if stage is None or stage.document_id is None
            else (notes.document(stage.document_title, stage.document_date, stage.document_id),)
        )
        markings += [agreement.marking, *([stage.marking] if stage else [])]
        agreement_lines.append(
            AgreementLine(
                agreement.name,
                agreement.kind,
                stage.stage if stage else None,
                stage.date if stage else None,
                cited,
            )
        )
    marking = highest(*markings)
    data = ReportData(
        title=title,
        as_of=as_of,
        viewer=seen.viewer.username,
        marking=marking.banner,
        parties=tuple(sorted({p for item in items for p in item.actors})),
        items=tuple(items),
        mechanisms=tuple(mechanism_lines),
        agreements=tuple(agreement_lines),
        footnotes=notes.footnotes(),
    )
    return data, marking


def _mentioned(session: Session, seen: Visibility, as_of: date) -> dict[str, set[int]]:
    """The mechanisms and agreements named by statements the reader may read, dated by `as_of`."""
    found: dict[str, set[int]] = {"mechanism": set(), "agreement": set()}
    for kind, column, mention in (
        ("mechanism", MechanismMention.mechanism_id, MechanismMention),
        ("agreement", AgreementMention.agreement_id, AgreementMention),
    ):
        rows = session.execute(
            select(column, Document.date)
            .join(Document, Document.id == mention.document_id)
            .where(seen.allows(Document))
        )
        found[kind] = {rid for rid, day in rows if day is None or first_day(day) <= as_of}
    return found


def _snapshot(row: ReportSnapshot, marking: Marking) -> SnapshotPublic:
    return SnapshotPublic(row.id, row.label, row.as_of, row.taken_by, row.at, marking, row.data)
