"""YAML front matter at the top of a Markdown or text statement (`title`, `date`, `issuers`, `source`...)."""

from __future__ import annotations

import datetime as dt
import math
import re
from typing import Any

import yaml

from servanda.errors import InputError

_FENCE = re.compile(r"\A---[ \t]*\n(?P<yaml>.*?\n)??(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.S)
_MAX_FRONT_MATTER = 65_536
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when PyYAML was built with it: ~10x faster


def split_front_matter(text: str, *, origin: str) -> tuple[dict[str, Any], str]:
    """Return (front-matter fields, body) of `text`; ({}, text) when it has no front matter."""
    match = _FENCE.match(text[: _MAX_FRONT_MATTER + 8])
    if match is None:
        return {}, text
    source = match.group("yaml") or ""
    try:
        # Aliases can expand exponentially ("billion laughs"); real front matter never needs them.
        if "*" in source and any(isinstance(token, yaml.AliasToken) for token in yaml.scan(source, Loader=_LOADER)):
            raise InputError(f"{origin} has front matter with YAML aliases (*name); write the values out")
        fields = yaml.load(source, Loader=_LOADER)  # a safe loader, C or Python
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f" at line {mark.line + 2}" if mark is not None else ""
        raise InputError(f"{origin} has front matter that is not valid YAML{where}") from None
    except RecursionError:
        raise InputError(f"{origin} has front matter nested too deeply") from None
    if fields is None:
        fields = {}
    if not isinstance(fields, dict):
        return {}, text  # a leading "---" rule, not front matter
    return {str(key): plain_value(value) for key, value in fields.items()}, text[match.end() :]


def plain_value(value: Any) -> Any:
    """Return `value` as JSON data: dates as ISO strings, sets as lists, anything else exotic as its text."""
    if value is None or isinstance(value, bool | int | str):
        return value
    if isinstance(value, float):
        return value if math.isfinite(value) else str(value)
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, list | tuple | set | frozenset):
        items = [plain_value(item) for item in value]
        return sorted(items, key=str) if isinstance(value, set | frozenset) else items
    if isinstance(value, dict):
        return {str(key): plain_value(item) for key, item in value.items()}
    if isinstance(value, bytes):
        return value.decode("utf-8", "replace")
    return str(value)
