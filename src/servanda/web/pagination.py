"""Pages of a list: `limit` and `offset` in the query, the total counted through the same filter as the page, and
RFC 8288 `Link` headers to the next and previous pages."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Annotated, TypeVar

from fastapi import Depends, Query, Request

DEFAULT_LIMIT = 50
MAX_LIMIT = 500
Item = TypeVar("Item")


@dataclass(frozen=True, slots=True)
class Paging:
    limit: int
    offset: int

    def cut(self, items: Sequence[Item]) -> list[Item]:
        """This page of a list the library returned whole (mechanisms, agreements, a commitment's history)."""
        return list(items[self.offset : self.offset + self.limit])


def paging(
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT, description="at most this many items")] = DEFAULT_LIMIT,
    offset: Annotated[int, Query(ge=0, le=2**31 - 1, description="skip this many items first")] = 0,
) -> Paging:
    return Paging(limit, offset)


Paged = Annotated[Paging, Depends(paging)]


def links(request: Request, paging: Paging, total: int) -> dict[str, str]:
    """The `Link` header for a page: rel="next" while items remain, rel="prev" after the first page."""
    found = []
    if paging.offset + paging.limit < total:
        found.append((paging.offset + paging.limit, "next"))
    if paging.offset > 0:
        found.append((max(0, paging.offset - paging.limit), "prev"))
    if not found:
        return {}
    parts = [
        f'<{request.url.include_query_params(limit=paging.limit, offset=offset)}>; rel="{rel}"' for offset, rel in found
    ]
    return {"Link": ", ".join(parts)}
