"""The compliance report an official takes to the next meeting: what the report says, built from plain values.

`ReportData` holds what the requesting user may read as of a date; `summarise()` derives the totals, compliance
per party and overall (as the G7 Research Group publishes it: the mean score, and (mean + 1) / 2 as a
percentage), and the overdue items. Rendering to Markdown, HTML and PDF lives in `servanda.tracking.render`.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import asdict, dataclass, field
from datetime import date

from servanda.store.due import due_by
from servanda.tracking.deadlines import OPEN_STATUSES
from servanda.tracking.status import Compliance, compliance


@dataclass(frozen=True, slots=True)
class Footnote:
    """Where a claim comes from: a stored statement's passage, or an external reference."""

    number: int
    source: str  # title (and date) of the document, or the reference's title and URL
    passage: str = ""


@dataclass(frozen=True, slots=True)
class ReportItem:
    commitment_id: int
    quote: str
    document: str
    actors: tuple[str, ...]
    area: str
    strength: str
    due: str | None
    status: str
    scores: dict[str, int | None] = field(default_factory=dict)  # party → latest score, None = not assessed
    footnotes: tuple[int, ...] = ()
    marking: str = "UNCLASSIFIED"


@dataclass(frozen=True, slots=True)
class MechanismLine:
    name: str
    recurrence: str | None
    last_held: str | None
    next_expected: str | None
    overdue: bool
    footnotes: tuple[int, ...] = ()


@dataclass(frozen=True, slots=True)
class AgreementLine:
    name: str
    kind: str
    stage: str | None
    date: str | None
    footnotes: tuple[int, ...] = ()


@dataclass(frozen=True, slots=True)
class ReportData:
    title: str
    as_of: date
    viewer: str
    marking: str  # the highest marking of what the report contains
    parties: tuple[str, ...]
    items: tuple[ReportItem, ...]
    mechanisms: tuple[MechanismLine, ...] = ()
    agreements: tuple[AgreementLine, ...] = ()
    footnotes: tuple[Footnote, ...] = ()

    def to_json(self) -> dict:
        """A snapshot that `compare()` can read back."""
        out = asdict(self)
        out["as_of"] = self.as_of.isoformat()
        return out


@dataclass(frozen=True, slots=True)
class Summary:
    by_status: dict[str, int]
    by_area: dict[str, int]
    by_party: dict[str, int]
    per_party: dict[str, Compliance]
    overall: Compliance
    overdue: tuple[ReportItem, ...]


def summarise(data: ReportData) -> Summary:
    """Totals, compliance per party and overall, and the open items whose due period has passed."""
    by_status = Counter(i.status for i in data.items)
    by_area = Counter(i.area for i in data.items)
    by_party = Counter(p for i in data.items for p in i.actors)
    per_party = {p: compliance(i.scores.get(p) for i in data.items if p in i.actors) for p in data.parties}
    overall = compliance(s for i in data.items for p, s in i.scores.items() if p in i.actors)
    overdue = tuple(
        sorted(
            (i for i in data.items if i.status in OPEN_STATUSES and i.due and due_by(i.due) < data.as_of),
            key=lambda i: due_by(i.due),
        )
    )
    return Summary(
        dict(by_status.most_common()),
        dict(by_area.most_common()),
        dict(by_party.most_common()),
        per_party,
        overall,
        overdue,
    )


@dataclass(frozen=True, slots=True)
class Change:
    commitment_id: int
    quote: str
    field: str  # status | score:CAN | added | removed
    before: str | None
    after: str | None


def compare(before: dict, after: dict) -> list[Change]:
    """What changed between two snapshots (`ReportData.to_json()`): statuses, scores, items added or removed."""
    old = {i["commitment_id"]: i for i in before["items"]}
    new = {i["commitment_id"]: i for i in after["items"]}
    changes: list[Change] = []
    for cid in sorted(old.keys() | new.keys()):
        a, b = old.get(cid), new.get(cid)
        if a is None:
            changes.append(Change(cid, b["quote"], "added", None, b["status"]))
            continue
        if b is None:
            changes.append(Change(cid, a["quote"], "removed", a["status"], None))
            continue
        if a["status"] != b["status"]:
            changes.append(Change(cid, b["quote"], "status", a["status"], b["status"]))
        for party in sorted(set(a["scores"]) | set(b["scores"])):
            if a["scores"].get(party) != b["scores"].get(party):
                changes.append(
                    Change(
                        cid, b["quote"], f"score:{party}", _text(a["scores"].get(party)), _text(b["scores"].get(party))
                    )
                )
    return changes


def _text(score: int | None) -> str:
    return "n/a" if score is None else f"{score:+d}" if score else "0"
