"""What every page shares: rendering a template in the site's layout as the signed-in person, the banners of
markings (the originator's and the viewer's national equivalent, with a rank for their colour), and pagers."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from fastapi import Request
from fastapi.responses import HTMLResponse
from sqlalchemy.orm import Session

from servanda.access import Marking, Person, decide, highest, parse_marking
from servanda.store import get_person
from servanda.web.markings import Banners
from servanda.web.pagination import Paging
from servanda.web.templating import templates


@dataclass(frozen=True, slots=True)
class BannerView:
    """A marking as a page shows it: the originator's banner, the viewer's national equivalent (None when the
    viewer's scheme has none, or writes it the same way), and its rank (0 to 4), which picks its colour."""

    banner: str
    for_viewer: str | None
    rank: int


class PageMarkings(Banners):
    """How one viewer sees markings on one page, each worked out once."""

    def view(self, marking: Marking) -> BannerView:
        shown = self.of(marking)
        equivalent = shown.for_viewer if shown.for_viewer != shown.banner else None
        return BannerView(shown.banner, equivalent, marking.rank)

    def view_id(self, marking_id: int) -> BannerView:
        return self.view(self.marking(marking_id))

    def view_banner(self, banner: str) -> BannerView:
        """A marking the library gave as a banner (a report's)."""
        return self.view(parse_marking(banner))

    def view_highest(self, markings: Iterable[Marking]) -> BannerView:
        """The banner of a page: the highest marking of what it shows (UNCLASSIFIED when it shows nothing)."""
        return self.view(highest(*markings))


def may(viewer: Person, action: str, marking: Marking) -> bool:
    """Whether to offer a form: `access.decide()` asked ahead of time. The library decides again on submission."""
    return bool(decide(viewer, action, marking))


def render(
    request: Request,
    session: Session,
    viewer: Person,
    template: str,
    context: Mapping[str, Any],
    *,
    marking: BannerView,
    status: int = 200,
) -> HTMLResponse:
    """A page in the site's layout for `viewer`, with `marking` as its banner at the top and the bottom."""
    row = get_person(session, viewer.username)
    shown = {
        **context,
        "marking": marking,
        "display_name": row.display_name if row is not None else viewer.username,
    }
    return templates.TemplateResponse(request, template, shown, status_code=status)


@dataclass(frozen=True, slots=True)
class Pager:
    """Where a page of a list stands: items `first` to `last` of `total` (of more than `total` when `more`: a list
    that stops counting), and links to the pages either side."""

    total: int
    first: int
    last: int
    previous: str | None
    next: str | None
    more: bool = False


def pager(request: Request, paging: Paging, total: int, shown: int, *, at_most: int | None = None) -> Pager:
    """The pager of a page of `shown` items out of `total`; a total above `at_most` was counted only that far."""

    def link(offset: int) -> str:
        query = {key: value for key, value in request.query_params.items() if key not in ("offset", "limit")}
        return f"{request.url.path}?{urlencode({**query, 'limit': paging.limit, 'offset': offset})}"

    more = at_most is not None and total > at_most
    previous = link(max(0, paging.offset - paging.limit)) if paging.offset > 0 else None
    following = link(paging.offset + paging.limit) if paging.offset + paging.limit < total else None
    first = paging.offset + 1 if shown else 0
    return Pager(
        min(total, at_most) if more and at_most is not None else total,
        first,
        paging.offset + shown,
        previous,
        following,
        more,
    )
