"""The commitments that name a mechanism or an agreement, a page at a time, as its page lists them: through the
store's commitment list and its query filter, so only what the person may read is listed or counted."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Unpack
from urllib.parse import urlencode

from fastapi import Request
from sqlalchemy.orm import Session

from servanda import store
from servanda.access import Marking, Person
from servanda.store import CommitmentFilters
from servanda.store.visibility import visibility
from servanda.tracking.assess import latest_statuses
from servanda.tracking.lookup import today
from servanda.web.pages.layout import PageMarkings, Pager, pager
from servanda.web.pagination import Paging


@dataclass(frozen=True, slots=True)
class Named:
    rows: list  # (commitment, status, BannerView), as `ui.commitment_table` takes them
    pager: Pager
    markings: list[Marking]


def named_commitments(
    request: Request,
    session: Session,
    viewer: Person,
    path: str,
    paging: Paging,
    marks: PageMarkings,
    **naming: Unpack[CommitmentFilters],
) -> Named:
    """This page of the commitments `viewer` may read that match `naming` (a mechanism_id or an agreement_id). The
    pager's links go to `path`, the record's page, also when the page is shown again after a form."""
    total = store.count_commitments(session, viewer=viewer, **naming)
    found = store.list_commitments(session, viewer=viewer, limit=paging.limit, offset=paging.offset, **naming)
    statuses = latest_statuses(session, visibility(session, viewer), [c.id for c in found], as_of=today())
    markings = [marks.marking(c.marking_id) for c in found]
    rows = [(c, statuses[c.id].status, marks.view(m)) for c, m in zip(found, markings, strict=True)]
    shown = pager(request, paging, total, len(rows))

    def link(offset: int) -> str:
        return f"{path}?{urlencode({'limit': paging.limit, 'offset': offset})}#commitments"

    shown = replace(
        shown,
        previous=link(max(0, paging.offset - paging.limit)) if shown.previous else None,
        next=link(paging.offset + paging.limit) if shown.next else None,
    )
    return Named(rows, shown, markings)
