"""Markings on the command line: reading `--marking` banners, and showing each record's marking with the
viewer's national equivalent, as agreements on classified information require (docs/security.md)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from servanda.cli.errors import CommandError

if TYPE_CHECKING:
    from servanda.access import Marking, Person
    from servanda.store.models import Marked


def read_marking(banner: str, *, nationality: str, instrument: str | None) -> Marking:
    """The marking a `--marking` banner gives; a level several schemes share ("SECRET") is the acting person's
    nation's when their scheme has it. A banner that cannot be read is a CommandError with the MarkingError's line."""
    from servanda.access import MarkingError, parse_marking
    from servanda.access.schemes import has_scheme, scheme

    try:
        return parse_marking(banner, instrument=instrument)
    except MarkingError as err:
        first = err
    head = banner.split("//", 1)[0].strip()
    if not (has_scheme(nationality) and scheme(nationality).level(head) is not None):
        raise CommandError(str(first)) from None
    try:
        return parse_marking(banner, originator=nationality, instrument=instrument)
    except MarkingError as err:
        raise CommandError(str(err)) from None


class MarkingsShown:
    """How records' markings are shown to one viewer: the originator's banner, then the viewer's equivalent."""

    def __init__(self, viewer: Person) -> None:
        self.viewer = viewer
        self._seen: dict[int, tuple[str, str | None]] = {}

    def banners(self, record: Marked) -> tuple[str, str | None]:
        """The record's banner, and how the viewer's scheme writes it (None when it has no equivalent there)."""
        known = self._seen.get(record.marking_id)
        if known is None:
            from servanda.store import load_marking

            known = self._seen[record.marking_id] = self.banners_of(load_marking(record.marking))
        return known

    def banners_of(self, marking: Marking) -> tuple[str, str | None]:
        from servanda.access import equivalent_banner

        return marking.banner, equivalent_banner(marking, self.viewer.nationality)

    def fields(self, record: Marked) -> dict[str, Any]:
        """`marking` and `marking_for_viewer`, for JSON and CSV records."""
        banner, equivalent = self.banners(record)
        return {"marking": banner, "marking_for_viewer": equivalent}

    def label(self, record: Marked) -> str:
        """`CAN SECRET//REL TO CAN, KOR (KOR: 군사Ⅱ급비밀//REL TO KOR, CAN)`; the banner alone when the viewer's
        nation writes it the same way."""
        return self._label(*self.banners(record))

    def label_of(self, marking: Marking) -> str:
        return self._label(*self.banners_of(marking))

    def _label(self, banner: str, equivalent: str | None) -> str:
        if equivalent == banner:
            return banner
        return f"{banner} ({self.viewer.nationality}: {equivalent or 'no equivalent'})"
