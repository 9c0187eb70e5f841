"""A person's corrections to the commitments extracted from a statement, checked against its text, and the gold file
they make for measuring and retraining the extractor (the format of ../shared/eval: ../shared/spec/commitments.md).

Pure functions over values: the draft library (`tracking.drafts`) stores what they return.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from servanda.extract.model import AREAS, STRENGTHS, Commitment, Extraction
from servanda.extract.segment import sentences
from servanda.reference.parties import code_for
from servanda.store.due import due_by, first_day
from servanda.tracking.deadlines import add_duration
from servanda.tracking.errors import TrackingError

# Characters a quote typed or pasted by hand may write differently from the statement: each matches its group.
_LIKE = ("'’‘`", '"“”', "-‐‑–—")
_SAME = {char: "[" + re.escape(group) + "]" for group in _LIKE for char in group}
_SEPARATORS = re.compile(r"[,;\s]+")
GOLD_FIELDS = ("quote", "strength", "actors", "area", "due", "recurrence")


@dataclass(frozen=True, slots=True)
class CommitmentCorrection:
    """One commitment as a person wants it stored. `source` is the index of the proposed commitment it corrects, or
    None for one the extractor missed. `quote` must be words of the statement; it is found nearest `start` when
    given, else nearest the proposed commitment it corrects, else first in the text."""

    quote: str
    strength: str
    actors: Sequence[str] | str  # party codes or names, or one comma-separated string of them
    area: str
    due: str | None = None
    recurrence: str | None = None
    source: int | None = None
    start: int | None = None


@dataclass(frozen=True, slots=True)
class Problem:
    """What is wrong with one field of one corrected commitment (`row` None: with the statement's own fields)."""

    row: int | None
    field: str
    message: str

    def __str__(self) -> str:
        where = f"commitment {self.row + 1}" if self.row is not None else "the statement"
        return f"{where}, {self.field}: {self.message}"


class CorrectionError(TrackingError):
    """Corrections that cannot be stored as given, with every problem found; nothing was written."""

    def __init__(self, problems: Sequence[Problem]) -> None:
        self.problems = tuple(problems)
        more = f" (and {len(self.problems) - 1} more)" if len(self.problems) > 1 else ""
        super().__init__(f"cannot save the corrections: {self.problems[0]}{more}")


def locate(text: str, quote: str, *, near: int | None = None) -> tuple[int, int] | None:
    """The span of `text` that says `quote` (whitespace and typographic quotes and dashes aside), the occurrence
    nearest `near` when there are several; None when the text does not say it."""
    words = quote.split()
    if not words:
        return None
    pattern = r"\s+".join("".join(_SAME.get(char) or re.escape(char) for char in word) for word in words)
    found = [(m.start(), m.end()) for m in re.finditer(pattern, text)]
    if not found:
        return None
    if near is None:
        return found[0]
    return min(found, key=lambda span: abs(span[0] - near))


def read_actors(value: str | Sequence[str]) -> tuple[tuple[str, ...], list[str]]:
    """Party codes from a list or a comma-separated string ("CAN, kor", "the Republic of Korea"), and the entries
    that name no known party."""
    entries = _SEPARATORS.split(value) if isinstance(value, str) else [v.strip() for v in value]
    codes: list[str] = []
    unknown: list[str] = []
    for entry in filter(None, (e.strip() for e in entries)):
        code = code_for(entry)
        if code is None:
            unknown.append(entry)
        elif code not in codes:
            codes.append(code)
    return tuple(codes), unknown


def apply_corrections(
    text: str, proposed: Extraction, corrections: Sequence[CommitmentCorrection]
) -> tuple[Commitment, ...]:
    """The commitments `corrections` describe, located in `text`, in the order the statement makes them; a
    corrected commitment keeps the mechanisms and agreements of the one it corrects. CorrectionError lists every
    problem: a quote the text does not say, a value outside its vocabulary, two commitments on one span."""
    problems: list[Problem] = []
    located: list[Commitment] = []
    spans: dict[tuple[int, int], int] = {}
    found = sentences(text)
    for row, correction in enumerate(corrections):
        before = len(problems)
        origin = _source(proposed, correction, row, problems)
        _check_values(correction, row, problems)
        actors, unknown = read_actors(correction.actors)
        if unknown:
            problems.append(Problem(row, "actors", f"no known party {', '.join(unknown)}"))
        elif not actors:
            problems.append(Problem(row, "actors", "name who undertakes it: party codes such as CAN, KOR"))
        near = correction.start if correction.start is not None else (origin.start if origin else None)
        span = locate(text, correction.quote, near=near)
        if not correction.quote.strip():
            problems.append(Problem(row, "quote", "give the words of the statement that make the commitment"))
        elif span is None:
            problems.append(Problem(row, "quote", "the statement does not say this: copy its words exactly"))
        elif span in spans:
            problems.append(Problem(row, "quote", f"commitment {spans[span] + 1} has the same words"))
        else:
            spans[span] = row
        if len(problems) > before or span is None:
            continue
        section, annex = _place(found, span[0])
        located.append(
            Commitment(
                quote=text[span[0] : span[1]],
                start=span[0],
                end=span[1],
                strength=correction.strength,
                actors=actors,
                area=correction.area,
                due=correction.due or None,
                recurrence=(correction.recurrence or "").upper() or None,
                section=origin.section if origin else section,
                mechanisms=origin.mechanisms if origin else (),
                agreements=origin.agreements if origin else (),
                annex=origin.annex if origin else annex,
            )
        )
    if problems:
        raise CorrectionError(problems)
    return tuple(sorted(located, key=lambda c: (c.start, c.end)))


def _source(proposed: Extraction, correction: CommitmentCorrection, row: int, problems: list[Problem]):
    if correction.source is None:
        return None
    if not 0 <= correction.source < len(proposed.commitments):
        problems.append(Problem(row, "source", f"no proposed commitment {correction.source}"))
        return None
    return proposed.commitments[correction.source]


def _check_values(correction: CommitmentCorrection, row: int, problems: list[Problem]) -> None:
    if correction.strength not in STRENGTHS:
        problems.append(Problem(row, "strength", f"choose one of {', '.join(STRENGTHS)}"))
    if correction.area not in AREAS:
        problems.append(Problem(row, "area", "choose one of the policy areas"))
    if correction.due:
        try:
            due_by(correction.due)
        except ValueError:
            problems.append(Problem(row, "due", "write a year, month or day: 2026, 2026-03 or 2026-03-15"))
    if correction.recurrence:
        try:
            add_duration(first_day("2000"), correction.recurrence.upper())
        except ValueError:
            problems.append(Problem(row, "recurrence", "write an ISO 8601 duration: P1Y yearly, P2Y, P6M"))


def _place(found: list, start: int) -> tuple[str | None, bool]:
    """The section heading and annex flag of the sentence a new commitment starts in."""
    containing = [s for s in found if s.start <= start]
    if not containing:
        return None, False
    return containing[-1].section, containing[-1].annex


def corrected_extraction(proposed: Extraction, commitments: Sequence[Commitment]) -> Extraction:
    """`proposed` with its commitments replaced; achievements, mechanisms and agreements are kept as extracted."""
    return Extraction(
        tuple(commitments), proposed.achievements, proposed.mechanisms, proposed.agreements, proposed.issuers
    )


def gold_record(
    *, name: str, title: str | None, date: str | None, issuers: Sequence[str], source: str | None, saved: Extraction
) -> dict[str, Any]:
    """A gold file of the saved commitments, naming its statement `NAME.txt` beside it. Achievements are left out:
    only commitments are checked by a person, and a gold file must hold nothing the extractor alone decided."""
    record: dict[str, Any] = {"text": f"{name}.txt", "title": title, "date": date}
    if source:
        record["source"] = source
    record["issuers"] = list(issuers)
    record["commitments"] = [{field: c.to_json()[field] for field in GOLD_FIELDS} for c in saved.commitments]
    return record


def gold_name(draft_id: int, title: str | None, date: str | None) -> str:
    """A file name for a statement's gold file, as ../shared/eval names them: date, words of the title, and the
    draft's id so that two statements never share one."""
    words = re.findall(r"[a-z0-9]+", (title or "statement").lower())
    slug = "-".join(words)[:60].rstrip("-") or "statement"
    return f"{date or 'undated'}_{slug}-{draft_id}"
