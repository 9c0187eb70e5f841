"""The library's tracking values as JSON: dates in ISO 8601, and each marking as its banner beside the way the
reader's own scheme writes it (`marking`, `marking_for_viewer`), as every other JSON record of the CLI."""

from __future__ import annotations

import dataclasses
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Any

from servanda.access import Marking

if TYPE_CHECKING:
    from servanda.cli.markings import MarkingsShown

# Derived values worth having in JSON too, where a value has them.
_PROPERTIES = ("ogp", "source", "reference", "last_held", "current")


def as_json(value: Any, shown: MarkingsShown) -> Any:
    """`value` (a dataclass of the library, or a list, dict, date...) as plain JSON values."""
    if isinstance(value, Marking):
        return value.banner
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        out: dict[str, Any] = {}
        for field in dataclasses.fields(value):
            item = getattr(value, field.name)
            if isinstance(item, Marking) and field.name == "marking":
                out["marking"], out["marking_for_viewer"] = shown.banners_of(item)
            else:
                out[field.name] = as_json(item, shown)
        for name in _PROPERTIES:
            if isinstance(getattr(type(value), name, None), property):
                out[name] = as_json(getattr(value, name), shown)
        return out
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, timedelta):
        return f"P{value.days}D"
    if isinstance(value, dict):
        return {str(key): as_json(item, shown) for key, item in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [as_json(item, shown) for item in value]
    return value
