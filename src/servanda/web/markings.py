"""Markings as the API shows and reads them: every record carries its originator's banner and the viewer's
national equivalent under the governing instrument, as agreements on classified information require
(docs/security.md)."""

from __future__ import annotations

from collections.abc import Iterable

from pydantic import BaseModel, Field
from sqlalchemy.orm import Session

from servanda.access import PUBLIC, Marking, MarkingError, Person, equivalent_banner, highest, parse_marking
from servanda.access.schemes import has_scheme, scheme
from servanda.store.markings import marking_by_id


class MarkingPublic(BaseModel):
    """A record's marking: the originator's banner, and the same marking as the viewer's national scheme writes
    it (null when that scheme has no equivalent for it)."""

    banner: str = Field(examples=["CAN SECRET//REL TO CAN, KOR"])
    for_viewer: str | None = Field(examples=["군사Ⅱ급비밀//REL TO KOR, CAN"])


class Banners:
    """How one viewer sees markings, each worked out once per request."""

    def __init__(self, session: Session, viewer: Person) -> None:
        self.session = session
        self.viewer = viewer
        self._by_id: dict[int, Marking] = {}

    def marking(self, marking_id: int) -> Marking:
        if marking_id not in self._by_id:
            self._by_id[marking_id] = marking_by_id(self.session, marking_id)
        return self._by_id[marking_id]

    def of_id(self, marking_id: int) -> MarkingPublic:
        return self.of(self.marking(marking_id))

    def of(self, marking: Marking) -> MarkingPublic:
        return MarkingPublic(banner=marking.banner, for_viewer=equivalent_banner(marking, self.viewer.nationality))

    def of_banner(self, banner: str) -> MarkingPublic:
        """A marking the library gave as a banner (a report's), which names its originator when it must."""
        return self.of(parse_marking(banner))

    def highest(self, markings: Iterable[Marking]) -> MarkingPublic:
        """The marking of a list: the highest of what it holds (UNCLASSIFIED when it is empty)."""
        return self.of(highest(*markings))


def read_banner(banner: str | None, *, nationality: str, instrument: str | None = None) -> Marking:
    """The marking a request names; a level several schemes share ("SECRET") is the person's own nation's when
    their scheme has it. None is UNCLASSIFIED. MarkingError names what cannot be read."""
    if banner is None or not banner.strip():
        return PUBLIC
    try:
        return parse_marking(banner, instrument=instrument)
    except MarkingError as err:
        first = err
    head = banner.split("//", 1)[0].strip()
    if not (has_scheme(nationality) and scheme(nationality).level(head) is not None):
        raise first
    return parse_marking(banner, originator=nationality, instrument=instrument)
