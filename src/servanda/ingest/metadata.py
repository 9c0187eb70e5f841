"""A statement's metadata from three sources, strongest first: overrides, the file's own, the text."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from servanda.errors import InputError, ServandaError
from servanda.ingest.clean import clean_line
from servanda.ingest.converted import Converted
from servanda.ingest.dateline import date_from_name, infer_date
from servanda.ingest.dates import find_dates, parse_iso_date
from servanda.ingest.issuers import infer_issuers, resolve_party_list
from servanda.ingest.model import Metadata
from servanda.ingest.title import infer_title

KNOWN_FRONT_MATTER: tuple[str, ...] = ("title", "date", "issuers", "source", "source_url")
_ISO_TIMESTAMP = re.compile(r"(\d{4}-\d{2}-\d{2})[T ]\d{2}:\d{2}")


def validate_date_override(value: str, *, origin: str) -> str:
    """Return an ISO date given by a caller (YYYY-MM-DD, YYYY-MM or YYYY), or raise InputError."""
    iso = parse_iso_date(value) if isinstance(value, str) else None
    if iso is None:
        raise InputError(f"{origin}: date {value!r} is not an ISO date (YYYY-MM-DD, YYYY-MM or YYYY)")
    return iso


def build_metadata(
    text: str,
    converted: Converted,
    *,
    origin: str,
    name: str | None = None,
    title: str | None = None,
    date: str | None = None,
    issuers: Sequence[str] | str | None = None,
) -> Metadata:
    """Merge overrides, front matter or file properties, and what the clean `text` says, into Metadata."""
    front = converted.front_matter
    front_title = clean_line(str(front["title"])) if front.get("title") not in (None, "") else None
    front_date = _front_matter_date(front["date"], origin=origin) if front.get("date") not in (None, "") else None
    source = front.get("source") or front.get("source_url") or converted.source
    return Metadata(
        title=(clean_line(title) if title else None) or front_title or converted.title or infer_title(text),
        date=(validate_date_override(date, origin=origin) if date else None)
        or front_date
        or infer_date(text)
        or converted.published
        or date_from_name(name),
        issuers=_parties(issuers, origin=origin, what="issuers")
        or _parties(front.get("issuers"), origin=origin, what="front-matter issuers")
        or tuple(infer_issuers(text)),
        source=str(source).strip() if source else None,
        extra={key: value for key, value in front.items() if key not in KNOWN_FRONT_MATTER},
    )


def _front_matter_date(value: Any, *, origin: str) -> str:
    text = str(value).strip()
    if iso := parse_iso_date(text):
        return iso
    if (stamp := _ISO_TIMESTAMP.match(text)) and (iso := parse_iso_date(stamp[1])):
        return iso
    found = find_dates(text)
    if len(found) == 1 and found[0].end - found[0].start == len(text) and not found[0].value.startswith("--"):
        return found[0].value
    raise InputError(f"{origin}: front-matter date {text!r} is not a date (write it as YYYY-MM-DD)")


def _parties(value: Sequence[str] | str | None, *, origin: str, what: str) -> tuple[str, ...]:
    if value is None or value == "" or value == []:
        return ()
    if not isinstance(value, str):
        if not isinstance(value, Sequence) or not all(isinstance(item, str | int | float) for item in value):
            raise InputError(f"{origin}: {what} must be text or a list of names, not {type(value).__name__}")
        value = [str(item) for item in value]
    try:
        return tuple(resolve_party_list(value))
    except InputError:
        raise
    except (ServandaError, ValueError, LookupError, TypeError) as error:
        raise InputError(f"{origin}: {what} {value!r} could not be read ({error})") from None
