"""The form that corrects a draft's commitments on the ingest page: one row per commitment (its quote, strength,
actors, area, due date and recurrence, and a box to delete it), rows added blank for commitments the extractor
missed, and the statement's title, date and issuers. What was entered is read from the submitted fields and turned
into the library's `DraftUpdate`; a form shown again after a refusal keeps what was entered, with each problem
beside its field.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from starlette.datastructures import FormData

from servanda.tracking.corrections import CommitmentCorrection, Problem
from servanda.tracking.drafts import DraftPublic, DraftUpdate

MAX_ROWS = 2_000
ROW_FIELDS = ("quote", "strength", "actors", "area", "due", "recurrence")


@dataclass(frozen=True, slots=True)
class RowEntry:
    """One commitment as entered. `source` is the proposed commitment it started from ("" for a row added)."""

    quote: str = ""
    strength: str = "firm"
    actors: str = ""
    area: str = "partnership"
    due: str = ""
    recurrence: str = ""
    source: str = ""
    start: str = ""
    delete: bool = False

    @property
    def blank(self) -> bool:
        return not self.quote.strip() and not self.source


@dataclass(frozen=True, slots=True)
class DraftForm:
    """What was entered in the correction form, as text, and the problems found with it, by (row, field)."""

    rows: tuple[RowEntry, ...]
    title: str = ""
    date: str = ""
    issuers: str = ""
    problems: dict[tuple[int | None, str], str] = field(default_factory=dict)

    @classmethod
    def of(cls, draft: DraftPublic) -> DraftForm:
        """The form as a draft opens: what the extractor proposed."""
        reading = draft.proposed
        rows = tuple(
            RowEntry(
                quote=c.quote,
                strength=c.strength,
                actors=", ".join(c.actors),
                area=c.area,
                due=c.due or "",
                recurrence=c.recurrence or "",
                source=str(index),
                start=str(c.start),
            )
            for index, c in enumerate(reading.extraction.commitments)
        )
        return cls(rows, reading.title or "", reading.date or "", ", ".join(reading.issuers))

    @classmethod
    def read(cls, form: FormData) -> DraftForm:
        def text(name: str) -> str:
            value = form.get(name)
            return value.strip() if isinstance(value, str) else ""

        count = int(text("rows")) if text("rows").isdecimal() else 0
        rows = tuple(
            RowEntry(
                **{name: text(f"{name}_{i}") for name in (*ROW_FIELDS, "source", "start")},
                delete=text(f"delete_{i}") in ("1", "on", "true"),
            )
            for i in range(min(count, MAX_ROWS))
        )
        return cls(rows, text("title"), text("date"), text("issuers"))

    def with_blank_row(self) -> DraftForm:
        return replace(self, rows=(*self.rows, RowEntry()), problems={})

    def kept(self) -> list[int]:
        """The rows to save: those not deleted, leaving out rows added and left blank."""
        return [i for i, row in enumerate(self.rows) if not row.delete and not row.blank]

    def update(self) -> DraftUpdate:
        """The library's update: the kept rows as corrections, in order, and the statement's fields."""
        corrections = [_correction(self.rows[i]) for i in self.kept()]
        return DraftUpdate(corrections, title=self.title, date=self.date, issuers=self.issuers)

    def with_problems(self, problems: Sequence[Problem]) -> DraftForm:
        """The form with each problem placed beside the field it is about (rows counted as `kept` counts them)."""
        kept = self.kept()
        placed = {(kept[p.row] if p.row is not None else None, p.field): p.message for p in problems}
        return replace(self, problems=placed)

    def problem(self, row: int | None, name: str) -> str | None:
        return self.problems.get((row, name))


def _correction(row: RowEntry) -> CommitmentCorrection:
    return CommitmentCorrection(
        quote=row.quote,
        strength=row.strength,
        actors=row.actors,
        area=row.area,
        due=row.due or None,
        recurrence=row.recurrence or None,
        source=int(row.source) if row.source.isdecimal() else None,
        start=int(row.start) if row.start.isdecimal() else None,
    )
