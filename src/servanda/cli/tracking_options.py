"""Options of the tracking commands, and the readers that turn their text into the library's values (a bad value
is a usage error, exit 2)."""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import TYPE_CHECKING, Annotated

import typer

if TYPE_CHECKING:
    from servanda.access import Marking, Person

_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
_SPAN = re.compile(r"(\d+)\s*[-–]\s*(\d+)")
_DOCUMENT_SPAN = re.compile(r"(?:document:)?(\d+):(\d+)\s*[-–]\s*(\d+)")


def _day(value: str | None) -> date | None:
    if value is None:
        return None
    try:
        if not _ISO_DAY.fullmatch(value.strip()):
            raise ValueError(value)
        return date.fromisoformat(value.strip())
    except ValueError:
        raise typer.BadParameter(f"{value!r} is not a day written YYYY-MM-DD") from None


def _window(value: str | None) -> timedelta | None:
    if value is None:
        return None
    from servanda.tracking.deadlines import parse_window

    try:
        return parse_window(value)
    except ValueError as err:
        raise typer.BadParameter(str(err)) from None


def _check_span(value: str | None) -> str | None:
    if value is not None and span_of(value) is None:
        raise typer.BadParameter(f"{value!r} is not a span: write START-END, e.g. 120-245")
    return value


def span_of(value: str) -> tuple[int, int] | None:
    """`120-245` → (120, 245); None for anything else."""
    found = _SPAN.fullmatch(value.strip())
    return (int(found.group(1)), int(found.group(2))) if found else None


def document_span(value: str) -> tuple[int, int, int] | None:
    """`12:120-245` or `document:12:120-245` → (12, 120, 245); None for anything else."""
    found = _DOCUMENT_SPAN.fullmatch(value.strip())
    return (int(found.group(1)), int(found.group(2)), int(found.group(3))) if found else None


AsOf = Annotated[
    date | None,
    typer.Option("--as-of", metavar="YYYY-MM-DD", parser=_day, help="The day to answer for. Default: today."),
]
Within = Annotated[
    timedelta | None,
    typer.Option("--within", metavar="WINDOW", parser=_window, help="How far ahead to look: 90d, 12w, 6m, 1y."),
]
Span = Annotated[
    str | None,
    typer.Option(
        "--span", metavar="START-END", callback=_check_span, help="The characters of the document that show it."
    ),
]
RaiseMarking = Annotated[
    bool,
    typer.Option(
        "--raise-marking",
        help="Raise the record's marking to cover evidence marked above it, instead of refusing (no write down).",
    ),
]
EvidenceMarking = Annotated[
    str | None,
    typer.Option(
        "--marking",
        metavar="BANNER",
        help="The marking of the new evidence, e.g. 'SECRET//REL TO CAN, KOR'. Default: UNCLASSIFIED.",
    ),
]
DocumentRef = Annotated[
    str | None,
    typer.Option("--document", metavar="DOC", help="A stored document that evidences it (id or SHA-256 prefix)."),
]
Scores = Annotated[
    str | None,
    typer.Option(
        "--score",
        metavar="SCORES",
        help="Compliance per party on the G7 Research Group scale: CAN=+1,KOR=0 (+1, 0, -1 or n/a).",
    ),
]
Note = Annotated[str | None, typer.Option("--note", metavar="TEXT", help="The rationale of the assessment.")]


def parse_scores(text: str | None) -> dict[str, str]:
    """`CAN=+1,KOR=0` (or with `;`) → {"CAN": "+1", "KOR": "0"}; the library checks the parties and values."""
    if text is None:
        return {}
    from servanda.tracking.assessments_csv import parse_scores as parse

    return parse(text.replace(",", ";"))


def evidence_marking(banner: str | None, actor: Person) -> Marking:
    """The marking `--marking` gives new evidence (read as `ingest --marking` reads it); UNCLASSIFIED without it."""
    from servanda.access import PUBLIC
    from servanda.cli.markings import read_marking

    return PUBLIC if banner is None else read_marking(banner, nationality=actor.nationality, instrument=None)
