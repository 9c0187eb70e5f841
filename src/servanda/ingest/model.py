"""Values the ingest domain returns: clean text plus metadata of one statement."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class Metadata:
    """What is known about a statement: given in front matter or flags, else inferred from its text."""

    title: str | None = None
    date: str | None = None  # ISO 8601 calendar date, YYYY-MM-DD
    issuers: tuple[str, ...] = ()  # ISO 3166-1 alpha-3 codes or organisation short names
    source: str | None = None  # URL or path the statement came from
    extra: dict = field(default_factory=dict)  # any other front-matter keys, kept verbatim


@dataclass(frozen=True, slots=True)
class IngestedDocument:
    """A statement read from bytes: SHA-256 of those bytes, its clean text and metadata."""

    sha256: str
    text: str
    metadata: Metadata
    format: str  # txt | md | html | pdf | docx
    origin: str  # the path given, or "<stdin>"
