"""The form that records an assessment on a commitment's page: what a person entered, read from the submitted
fields, and turned into the library's `AssessmentCreate`. A form shown again after a refusal keeps what was
entered.

Evidence is new (an external reference, or words quoted from a stored statement, which are found in its text),
or evidence the commitment has already. The form carries the version of the commitment it was shown with (the
ETag of `GET /api/v1/commitments/ID`), so a submission made from a page that is out of date writes nothing.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date

from starlette.datastructures import FormData

from servanda.access import Person
from servanda.tracking.assess import AssessmentCreate
from servanda.tracking.evidence import EvidenceCreate
from servanda.web.markings import read_banner
from servanda.web.reading import find_passage

SCORE_CHOICES = (
    ("", "n/a (not yet assessed)"),
    ("+1", "+1 full compliance"),
    ("0", "0 partial or in progress"),
    ("-1", "−1 none or contrary"),
)


class FormError(ValueError):
    """Something entered that cannot be recorded; the message says what, and where."""


@dataclass(frozen=True, slots=True)
class AssessmentForm:
    """What was entered in the assessment form, as text."""

    version: str = ""
    status: str = "in-progress"
    as_of: str = ""
    rationale: str = ""
    scores: dict[str, str] = field(default_factory=dict)
    evidence_ids: tuple[int, ...] = ()
    url: str = ""
    title: str = ""
    evidence_date: str = ""
    passage: str = ""
    document_id: str = ""
    quoted: str = ""
    evidence_marking: str = ""
    raise_marking: bool = False

    @classmethod
    def read(cls, form: FormData, actors: Sequence[str]) -> AssessmentForm:
        def text(name: str) -> str:
            value = form.get(name)
            return value.strip() if isinstance(value, str) else ""

        ids = []
        for value in form.getlist("evidence_id"):
            if isinstance(value, str) and value.strip().isdigit():
                ids.append(int(value))
        return cls(
            version=text("version"),
            status=text("status"),
            as_of=text("as_of"),
            rationale=text("rationale"),
            scores={party: text(f"score_{party}") for party in actors},
            evidence_ids=tuple(ids),
            url=text("url"),
            title=text("title"),
            evidence_date=text("evidence_date"),
            passage=text("passage"),
            document_id=text("document_id"),
            quoted=text("quoted"),
            evidence_marking=text("evidence_marking"),
            raise_marking=text("raise_marking") in ("1", "on", "true"),
        )

    def assessment(
        self, commitment_id: int, person: Person, document_text: Callable[[int], str | None]
    ) -> AssessmentCreate:
        """The assessment to record. `document_text` gives a stored statement's text as the person may read it
        (None when they may not), to find quoted words in."""
        try:
            as_of = date.fromisoformat(self.as_of) if self.as_of else None
        except ValueError:
            raise FormError(f"as of: {self.as_of!r} is not a date (YYYY-MM-DD)") from None
        evidence: list[EvidenceCreate | int] = list(self.evidence_ids)
        marking = read_banner(self.evidence_marking or None, nationality=person.nationality)
        if self.url or self.title:
            if not (self.url and self.title):
                raise FormError("new evidence: a reference needs both its address (URL) and its title")
            evidence.append(
                EvidenceCreate.reference(
                    self.url,
                    self.title,
                    date=self.evidence_date or None,
                    passage=self.passage or None,
                    marking=marking,
                )
            )
        if self.document_id or self.quoted:
            evidence.append(self._span(document_text, marking))
        return AssessmentCreate(
            commitment_id=commitment_id,
            status=self.status,
            rationale=self.rationale,
            evidence=evidence,
            scores={party: value or None for party, value in self.scores.items()},
            as_of=as_of,
        )

    def _span(self, document_text: Callable[[int], str | None], marking) -> EvidenceCreate:
        if not self.document_id.isdigit() or not self.quoted:
            raise FormError("new evidence: words quoted from a statement need the statement's number and the words")
        number = int(self.document_id)
        text = document_text(number)
        if text is None:
            raise FormError(f"new evidence: no document {number}")
        found = find_passage(text, self.quoted)
        if found is None:
            raise FormError(f"new evidence: document {number} does not contain the words quoted")
        return EvidenceCreate.span(number, *found, marking=marking)
