"""The forms of a mechanism's and an agreement's pages: editing the record (a name and a cadence or kind), and
recording a meeting or a stage (a date, optionally the stored statement that shows it, a marking).

Each form carries the version of the record it was shown with (the ETag of `GET /api/v1/mechanisms/ID` or
`/agreements/ID`): a submission from a page that is out of date is refused with 412 and writes nothing. A form
whose values cannot be recorded is refused with 422, each problem beside its field, and shown again as entered.
The checks here are the ones the API's schemas and the library make of the same values; the library decides who
may write, and checks everything again when it writes.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any, ClassVar, Self

from fastapi import Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import RedirectResponse, Response

from servanda.access import MarkingError, Person
from servanda.tracking.agreements import KINDS, STAGES
from servanda.tracking.deadlines import add_duration
from servanda.tracking.errors import TrackingError
from servanda.tracking.lookup import iso_date
from servanda.web.markings import read_banner

NAME_LENGTH = 500  # as MechanismUpdate and AgreementUpdate allow
CADENCE_LENGTH = 40
FORM = "form"  # the key of a problem that belongs to the whole form
STALE = (
    "This record changed after you opened the page (someone edited it or recorded a meeting or stage), so nothing "
    "was written. Its current state is shown and your entries are kept: check them, then submit again."
)
Problems = dict[str, str]


def _text(form: Any, name: str) -> str:
    value = form.get(name)
    return value.strip() if isinstance(value, str) else ""


@dataclass(frozen=True, slots=True)
class MechanismEdit:
    """A new name and cadence (an ISO 8601 duration such as P2Y; empty clears it) for a mechanism."""

    key: ClassVar[str] = "edit"
    version: str = ""
    name: str = ""
    cadence: str = ""

    @classmethod
    def read(cls, form: Any) -> Self:
        return cls(_text(form, "version"), _text(form, "name"), _text(form, "cadence"))

    def problems(self, person: Person) -> Problems:
        found = _name_problems(self.name)
        if len(self.cadence) > CADENCE_LENGTH:
            found["cadence"] = f"at most {CADENCE_LENGTH} characters"
        elif self.cadence:
            try:
                add_duration(date(2000, 1, 1), self.cadence.upper())
            except ValueError as err:
                found["cadence"] = f"{err}: P2Y is every two years, P6M every six months"
        return found


@dataclass(frozen=True, slots=True)
class AgreementEdit:
    """A new name and kind (agreement, plan, partnership) for an agreement."""

    key: ClassVar[str] = "edit"
    version: str = ""
    name: str = ""
    kind: str = ""

    @classmethod
    def read(cls, form: Any) -> Self:
        return cls(_text(form, "version"), _text(form, "name"), _text(form, "kind"))

    def problems(self, person: Person) -> Problems:
        found = _name_problems(self.name)
        if self.kind not in KINDS:
            found["kind"] = f"choose one of {', '.join(KINDS)}"
        return found


@dataclass(frozen=True, slots=True)
class DatedForm:
    """A meeting held, or a stage reached, on `date` (a year, month or day), shown by a stored statement if
    `document_id` is given, marked `marking` (UNCLASSIFIED when empty)."""

    key: ClassVar[str] = "meeting"
    version: str = ""
    date: str = ""
    document_id: str = ""
    marking: str = ""
    raise_marking: bool = False
    stage: str = ""  # only a stage's form has one

    @classmethod
    def read(cls, form: Any) -> Self:
        return cls(
            version=_text(form, "version"),
            date=_text(form, "date"),
            document_id=_text(form, "document_id"),
            marking=_text(form, "marking"),
            raise_marking=_text(form, "raise_marking") in ("1", "on", "true"),
            stage=_text(form, "stage"),
        )

    def problems(self, person: Person) -> Problems:
        found: Problems = {}
        if not self.date:
            found["date"] = "a date is needed (YYYY-MM-DD, or YYYY-MM or YYYY when no more is known)"
        elif len(self.date) > 10:
            found["date"] = "at most 10 characters: YYYY-MM-DD, YYYY-MM or YYYY"
        else:
            try:
                iso_date(self.date, "date")
            except TrackingError as err:
                found["date"] = str(err).removeprefix("date: ")
        if self.document_id and not self.document_id.isdigit():
            found["document_id"] = f"{self.document_id!r} is not a statement's number"
        try:
            self.marking_for(person)
        except MarkingError as err:
            found["marking"] = str(err)
        return found

    def marking_for(self, person: Person):
        return read_banner(self.marking or None, nationality=person.nationality)

    @property
    def document(self) -> int | None:
        return int(self.document_id) if self.document_id else None


@dataclass(frozen=True, slots=True)
class StageForm(DatedForm):
    """A stage of the library's lifecycle an agreement reached."""

    key: ClassVar[str] = "stage"

    def problems(self, person: Person) -> Problems:
        found = DatedForm.problems(self, person)
        if self.stage not in STAGES:
            found["stage"] = f"choose one of {', '.join(STAGES)}"
        return found


def _name_problems(name: str) -> Problems:
    if not name:
        return {"name": "a name needs words"}
    if len(name) > NAME_LENGTH:
        return {"name": f"at most {NAME_LENGTH} characters"}
    return {}


class Stale(Exception):
    def __init__(self, entered: Any) -> None:
        self.entered = entered


class Refused(Exception):
    def __init__(self, entered: Any, problems: Problems) -> None:
        self.entered, self.problems = entered, problems


# What the library refuses a well-formed value with: shown above the form (the record itself was found).
LIBRARY_REFUSALS = (TrackingError, MarkingError)


def check(entered: Any, version: str, person: Person) -> None:
    """Stale when the record changed since the form was shown; Refused with each field's problem."""
    if entered.version != version:
        raise Stale(entered)
    if problems := entered.problems(person):
        raise Refused(entered, problems)


Again = Callable[[Any, Problems, int], Response]


async def submit(request: Request, write: Callable[[Any], str], again: Again) -> Response:
    """Read the submitted form and `write` it in a worker thread; then go to the URL `write` answers (303), or
    show the page `again` with what was entered and why nothing was written (412 or 422). A person who may not
    write gets the library's refusal (403, or 404 for a record they may not read)."""
    form = await request.form()
    try:
        target = await run_in_threadpool(write, form)
    except Stale as stale:
        return await run_in_threadpool(again, stale.entered, {FORM: STALE}, 412)
    except Refused as refused:
        return await run_in_threadpool(again, refused.entered, refused.problems, 422)
    return RedirectResponse(target, status_code=303)
