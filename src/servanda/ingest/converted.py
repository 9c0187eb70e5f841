"""What a format reader hands on: the statement's text before cleaning, and what the file says about it."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True, slots=True)
class Converted:
    """Text from one format reader, with metadata the file holds (front matter, <title>, properties)."""

    text: str
    front_matter: dict[str, Any] = field(default_factory=dict)  # YAML front matter, values normalised
    title: str | None = None  # from <h1>/<title>, PDF or DOCX properties
    source: str | None = None  # canonical URL of an HTML page
    published: str | None = None  # ISO date from page metadata; weaker than a dateline in the text
