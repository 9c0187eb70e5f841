"""Assessments as CSV, one row per assessment, so that bulk updates made in a spreadsheet round-trip.

Columns: `id`, `commitment_id`, `as_of`, `status`, `scores` (`CAN=+1;KOR=0`, a party left out not yet assessed),
`rationale`, `evidence` (references separated by spaces: a URL, or `document:ID:START-END` for a span of a stored
document), then `corrects`, `assessor`, `at` and `marking`, which export writes and import ignores.

Import reads the same format. A row without an `id` is a new assessment. A row whose `id` names a stored
assessment is left alone when nothing in it changed, and otherwise becomes a new assessment that corrects it
(assessments are never overwritten). Every row is checked before any is written, and either all are written or
none: the error names each row that is wrong.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Collection
from dataclasses import dataclass
from datetime import date
from typing import TextIO

from sqlalchemy import select
from sqlalchemy.orm import Session

from servanda.access import Person
from servanda.errors import ServandaError
from servanda.store.models import Commitment, Evidence
from servanda.store.visibility import visibility
from servanda.tracking.assess import AssessmentCreate, AssessmentPublic, assess, check_assessment, history
from servanda.tracking.errors import TrackingError
from servanda.tracking.evidence import EvidenceCreate
from servanda.tracking.lookup import readable
from servanda.tracking.status import ScoreError, format_score, parse_score

FIELDS = (
    "id",
    "commitment_id",
    "as_of",
    "status",
    "scores",
    "rationale",
    "evidence",
    "corrects",
    "assessor",
    "at",
    "marking",
)
REQUIRED = ("commitment_id", "as_of", "status", "scores", "rationale", "evidence")
_DOCUMENT_REFERENCE = re.compile(r"document:(\d+):(\d+)-(\d+)")


class CsvImportError(TrackingError):
    """A CSV file of assessments with rows that cannot be imported; nothing was written. `problems` lists them all."""

    def __init__(self, problems: list[str]) -> None:
        more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
        super().__init__(f"cannot import assessments: {problems[0]}{more}")
        self.problems = problems


@dataclass(frozen=True, slots=True)
class ImportResult:
    created: list[int]  # ids of the new assessments, in row order
    unchanged: list[int]  # ids of the rows that named a stored assessment and changed nothing


def export_assessments(
    session: Session, out: TextIO, *, viewer: Person, commitment_ids: Collection[int] | None = None
) -> int:
    """Write the assessments `viewer` may read (of `commitment_ids`, or all) to `out`; return how many."""
    seen = visibility(session, viewer)
    statement = select(Commitment.id).where(*readable(seen, Commitment)).order_by(Commitment.id)
    if commitment_ids is not None:
        statement = statement.where(Commitment.id.in_(list(commitment_ids)))
    writer = csv.DictWriter(out, fieldnames=FIELDS, lineterminator="\n")
    writer.writeheader()
    count = 0
    for commitment_id in session.scalars(statement).all():
        for assessment in history(session, commitment_id, viewer=viewer):
            writer.writerow(_row(assessment))
            count += 1
    return count


def import_assessments(session: Session, source: TextIO, *, actor: Person) -> ImportResult:
    """Read assessments from CSV in the caller's transaction: all of them, or (CsvImportError) none."""
    reader = csv.DictReader(source)
    missing = [name for name in REQUIRED if name not in (reader.fieldnames or ())]
    if missing:
        raise CsvImportError([f"the header lacks {', '.join(missing)}"])
    requests: list[AssessmentCreate] = []
    unchanged: list[int] = []
    problems: list[str] = []
    for number, row in enumerate(reader, start=2):  # row 1 is the header, as a spreadsheet numbers it
        try:
            request = _request(session, row, actor)
            if isinstance(request, int):
                unchanged.append(request)
                continue
            check_assessment(session, request, actor=actor)
            requests.append(request)
        except ServandaError as err:
            problems.append(f"row {number}: {err}")
    if problems:
        raise CsvImportError(problems)
    created = []
    with session.begin_nested():
        for request in requests:
            created.append(assess(session, request, actor=actor).id)
    return ImportResult(created, unchanged)


def _row(assessment: AssessmentPublic) -> dict[str, object]:
    return {
        "id": assessment.id,
        "commitment_id": assessment.commitment_id,
        "as_of": assessment.as_of.isoformat(),
        "status": assessment.status,
        "scores": format_scores(assessment.scores),
        "rationale": assessment.rationale,
        "evidence": " ".join(e.reference for e in assessment.evidence),
        "corrects": assessment.corrects or "",
        "assessor": assessment.assessor,
        "at": assessment.at.isoformat(),
        "marking": assessment.marking.banner,
    }


def format_scores(scores: dict[str, int | None]) -> str:
    """`CAN=+1;KOR=0`: the parties assessed, in the commitment's order of actors."""
    return ";".join(f"{party}={format_score(score)}" for party, score in scores.items() if score is not None)


def parse_scores(text: str) -> dict[str, str]:
    """`CAN=+1;KOR=0` → {"CAN": "+1", "KOR": "0"}; the scores themselves are checked with the assessment."""
    scores: dict[str, str] = {}
    for part in (p.strip() for p in text.split(";")):
        if not part:
            continue
        party, sep, score = part.partition("=")
        if not sep or not party.strip():
            raise TrackingError(f"scores: {part!r} is not PARTY=SCORE (e.g. CAN=+1;KOR=0)")
        scores[party.strip().upper()] = score
    return scores


def _request(session: Session, row: dict[str, str | None], actor: Person) -> AssessmentCreate | int:
    """The assessment a row asks for, or the id of the stored assessment it repeats unchanged."""
    commitment_id = _integer(row.get("commitment_id"), "commitment_id")
    try:
        as_of = date.fromisoformat((row.get("as_of") or "").strip())
    except ValueError:
        raise TrackingError(f"as_of: {row.get('as_of')!r} is not a date (YYYY-MM-DD)") from None
    status = (row.get("status") or "").strip()
    scores = parse_scores(row.get("scores") or "")
    rationale = row.get("rationale") or ""
    references = (row.get("evidence") or "").split()
    evidence = [_evidence(session, actor, commitment_id, reference) for reference in references]
    stored_id = _integer(row.get("id"), "id") if (row.get("id") or "").strip() else None
    request = AssessmentCreate(commitment_id, status, rationale, evidence, scores, as_of=as_of, corrects=stored_id)
    if stored_id is None:
        return request
    stored = next((a for a in history(session, commitment_id, viewer=actor) if a.id == stored_id), None)
    if stored is None:
        raise TrackingError(f"no assessment {stored_id} of commitment {commitment_id}")
    try:
        given = format_scores({party: parse_score(score) for party, score in scores.items()})
    except ScoreError:
        return request  # changed, and wrong: checking the request says how
    same = (
        stored.as_of == as_of
        and stored.status == status
        and format_scores(stored.scores) == given
        and stored.rationale == rationale.strip()
        and sorted(e.reference for e in stored.evidence) == sorted(references)
    )
    return stored_id if same else request


def _evidence(session: Session, actor: Person, commitment_id: int, reference: str) -> EvidenceCreate | int:
    """Evidence already on the commitment that `reference` names, by id; else new evidence it describes."""
    seen = visibility(session, actor)
    span = _DOCUMENT_REFERENCE.fullmatch(reference)
    on_commitment = [Evidence.commitment_id == commitment_id, *readable(seen, Evidence)]
    if span is not None:
        document_id, start, end = (int(part) for part in span.groups())
        same = (Evidence.document_id == document_id, Evidence.start == start, Evidence.end == end)
        found = session.scalar(select(Evidence.id).where(*on_commitment, *same).limit(1))
        return found if found is not None else EvidenceCreate.span(document_id, start, end)
    if not reference.startswith(("http://", "https://")):
        raise TrackingError(f"evidence: {reference!r} is neither a URL nor document:ID:START-END")
    found = session.scalar(select(Evidence.id).where(*on_commitment, Evidence.url == reference).limit(1))
    return found if found is not None else EvidenceCreate.reference(reference, reference)


def _integer(text: str | None, column: str) -> int:
    try:
        return int((text or "").strip())
    except ValueError:
        raise TrackingError(f"{column}: {text!r} is not a number") from None
