"""What every list shares: a page of items, the total the filter allows, and the highest marking on the page."""

from __future__ import annotations

from typing import Generic, TypeVar

from pydantic import BaseModel, Field

from servanda.web.markings import MarkingPublic

Item = TypeVar("Item")


class Page(BaseModel, Generic[Item]):
    items: list[Item]
    total: int = Field(description="how many items match, among those the viewer may read")
    limit: int
    offset: int
    marking: MarkingPublic = Field(description="the highest marking of the items on this page")
