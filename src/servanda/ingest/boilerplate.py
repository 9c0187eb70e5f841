"""Republishers' and wire services' trailers ("/Public Release. ... View in full here.", "###"), as data.

The patterns live in `boilerplate.yaml` beside this module so that a new republisher is one entry, not code.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from importlib import resources

import yaml

KINDS: tuple[str, ...] = ("line", "inline")


@dataclass(frozen=True, slots=True)
class Boilerplate:
    """One pattern of republisher text: a whole `line` to drop, or an `inline` stretch to cut out."""

    name: str
    kind: str
    pattern: re.Pattern[str]


@cache
def load_patterns() -> tuple[Boilerplate, ...]:
    """Read and compile the packaged boilerplate list once per process."""
    source = resources.files(__package__).joinpath("boilerplate.yaml").read_text(encoding="utf-8")
    entries = yaml.safe_load(source)
    patterns = []
    for entry in entries:
        if entry["kind"] not in KINDS:
            raise ValueError(f"boilerplate.yaml: {entry['name']} has unknown kind {entry['kind']!r}")
        patterns.append(Boilerplate(entry["name"], entry["kind"], re.compile(entry["pattern"])))
    return tuple(patterns)


def strip_boilerplate(text: str) -> str:
    """Remove boilerplate from `text`, whose lines are already trimmed; other lines are kept as they are."""
    patterns = load_patterns()
    inline = [p.pattern for p in patterns if p.kind == "inline"]
    whole = [p.pattern for p in patterns if p.kind == "line"]
    kept = []
    for line in text.split("\n"):
        for pattern in inline:
            line = pattern.sub("", line)
        if line and any(pattern.fullmatch(line.strip()) for pattern in whole):
            continue
        kept.append(line)
    return "\n".join(kept)
