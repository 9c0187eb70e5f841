"""The compliance report as JSON: the same data the Markdown, HTML and PDF renderings show, with its totals."""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel, Field

from servanda.tracking.report import ReportData, summarise
from servanda.tracking.status import Compliance
from servanda.web.markings import Banners, MarkingPublic


class CompliancePublic(BaseModel):
    mean: float | None = Field(description="the mean score given, on the G7 Research Group's scale of -1 to +1")
    percent: float | None = Field(description="(mean + 1) / 2, as a percentage")
    assessed: int
    not_assessed: int


class ReportItemPublic(BaseModel):
    commitment_id: int
    quote: str
    document: str
    actors: list[str]
    area: str
    strength: str
    due: str | None
    status: str
    scores: dict[str, int | None]
    footnotes: list[int]
    marking: MarkingPublic


class MechanismLinePublic(BaseModel):
    name: str
    recurrence: str | None
    last_held: str | None
    next_expected: str | None
    overdue: bool
    footnotes: list[int]


class AgreementLinePublic(BaseModel):
    name: str
    kind: str
    stage: str | None
    date: str | None
    footnotes: list[int]


class FootnotePublic(BaseModel):
    number: int
    source: str
    passage: str


class SummaryPublic(BaseModel):
    by_status: dict[str, int]
    by_area: dict[str, int]
    by_party: dict[str, int]
    per_party: dict[str, CompliancePublic]
    overall: CompliancePublic
    overdue: list[int] = Field(description="the commitments overdue, by id, oldest due first")


class ReportPublic(BaseModel):
    title: str
    as_of: date
    viewer: str
    parties: list[str]
    items: list[ReportItemPublic]
    mechanisms: list[MechanismLinePublic]
    agreements: list[AgreementLinePublic]
    footnotes: list[FootnotePublic]
    summary: SummaryPublic
    marking: MarkingPublic = Field(description="the highest marking of everything the report holds")


def _compliance(value: Compliance) -> CompliancePublic:
    return CompliancePublic(
        mean=value.mean, percent=value.percent, assessed=value.assessed, not_assessed=value.not_assessed
    )


def report_public(data: ReportData, banners: Banners) -> ReportPublic:
    summary = summarise(data)
    return ReportPublic(
        title=data.title,
        as_of=data.as_of,
        viewer=data.viewer,
        parties=list(data.parties),
        items=[
            ReportItemPublic(
                commitment_id=i.commitment_id,
                quote=i.quote,
                document=i.document,
                actors=list(i.actors),
                area=i.area,
                strength=i.strength,
                due=i.due,
                status=i.status,
                scores=i.scores,
                footnotes=list(i.footnotes),
                marking=banners.of_banner(i.marking),
            )
            for i in data.items
        ],
        mechanisms=[
            MechanismLinePublic(
                name=m.name,
                recurrence=m.recurrence,
                last_held=m.last_held,
                next_expected=m.next_expected,
                overdue=m.overdue,
                footnotes=list(m.footnotes),
            )
            for m in data.mechanisms
        ],
        agreements=[
            AgreementLinePublic(name=a.name, kind=a.kind, stage=a.stage, date=a.date, footnotes=list(a.footnotes))
            for a in data.agreements
        ],
        footnotes=[FootnotePublic(number=f.number, source=f.source, passage=f.passage) for f in data.footnotes],
        summary=SummaryPublic(
            by_status=summary.by_status,
            by_area=summary.by_area,
            by_party=summary.by_party,
            per_party={party: _compliance(c) for party, c in summary.per_party.items()},
            overall=_compliance(summary.overall),
            overdue=[i.commitment_id for i in summary.overdue],
        ),
        marking=banners.of_banner(data.marking),
    )
