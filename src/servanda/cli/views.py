"""Rich views: the tables and panels commands print, built from the library's values."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

from rich import box
from rich.columns import Columns
from rich.console import Console, Group, RenderableType
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from servanda.cli.output import NONE, joined, plural, shorten

if TYPE_CHECKING:
    from servanda.cli.markings import MarkingsShown
    from servanda.evaluation import Report
    from servanda.extract import Extraction
    from servanda.ingest import IngestedDocument
    from servanda.store import DocumentListing, DocumentSummary
    from servanda.store.models import Commitment, Document, Marked

CONTEXT = 240  # characters of text shown either side of a quote by `show`
TEXT_MIN_WIDTH = 20
MARKING_MIN_WIDTH = 14
WIDE = 110  # a terminal at least this wide shows a commitment's attributes in columns


def console(*, stderr: bool = False) -> Console:
    """A console on stdout or stderr, sized for the terminal (or $COLUMNS) as it is now."""
    return Console(stderr=stderr, highlight=False)


def display(*renderables: RenderableType) -> None:
    """Print renderables to stdout."""
    console().print(*renderables)


def _table(*columns: str, title: str | None = None, one_line: bool = False) -> Table:
    """A plain table; text columns (quotes, titles, names) share the width the others leave.

    Quotes wrap, unless `one_line`, when they are cut with an ellipsis.
    """
    texts = [name for name in columns if name in _TEXT_COLUMNS]
    table = Table(title=title, box=box.SIMPLE_HEAD, title_justify="left", title_style="bold", expand=bool(texts))
    for name in columns:
        if name in texts:
            table.add_column(name, ratio=1, min_width=TEXT_MIN_WIDTH, no_wrap=one_line, overflow="ellipsis")
        elif name == "marking":
            # A banner is kept whole, wrapped at its `//` and commas when the column is narrow.
            table.add_column(name, min_width=MARKING_MIN_WIDTH, overflow="fold")
        else:
            table.add_column(name, no_wrap=True)
    return table


_TEXT_COLUMNS = frozenset({"quote", "commitment", "title", "mechanism", "agreement", "status", "document"})


def extraction_view(document: IngestedDocument, extraction: Extraction) -> RenderableType:
    """What `servanda extract --format table` prints: the statement, its commitments and achievements."""
    metadata = document.metadata
    heading = Text.assemble(
        (metadata.title or document.origin, "bold"),
        f"\n{metadata.date or 'undated'} · {joined(metadata.issuers or extraction.issuers)} · "
        f"{plural(len(extraction.commitments), 'commitment')}, "
        f"{plural(len(extraction.achievements), 'achievement')}\n",
    )
    commitments = _commitment_rows(
        [
            (str(number), c.strength, c.actors, c.area, c.due, c.recurrence, c.quote, None)
            for number, c in enumerate(extraction.commitments, start=1)
        ],
        key="#",
        title="Commitments",
    )
    parts: list[RenderableType] = [heading, commitments]
    if extraction.achievements:
        achievements = _table("#", "actors", "area", "date", "quote", title="Achievements")
        for number, a in enumerate(extraction.achievements, start=1):
            achievements.add_row(str(number), joined(a.actors), a.area, a.date or NONE, a.quote)
        parts.append(achievements)
    return Group(*parts)


def marking_cell(shown: MarkingsShown, record: Marked) -> Text:
    """A record's marking for a table cell: the originator's banner, and under it the viewer's equivalent."""
    banner, equivalent = shown.banners(record)
    if equivalent == banner:
        return Text(banner)
    return Text.assemble(banner, (f"\n{shown.viewer.nationality}: {equivalent or 'no equivalent'}", "dim"))


def _due(due: str | None, recurrence: str | None) -> str:
    if recurrence:
        return f"{due or NONE} ({recurrence})"
    return due or NONE


def commitments_table(commitments: Sequence[Commitment], shown: MarkingsShown, *, title: str | None = None) -> Table:
    """Stored commitments one a row, with their marking and a shortened quote."""
    return _commitment_rows(
        [
            (str(c.id), c.strength, c.parties, c.area, c.due, c.recurrence, shorten(c.quote), marking_cell(shown, c))
            for c in commitments
        ],
        key="id",
        title=title,
    )


# key, strength, actors, area, due, recurrence, quote, and the marking of a stored commitment (None before storing)
_Row = tuple[str, str, Sequence[str], str, str | None, str | None, str, Text | None]


def _commitment_rows(rows: Sequence[_Row], *, key: str, title: str | None) -> Table:
    """Commitments in columns on a wide terminal; on a narrow one, each quote under its attributes."""
    marked = any(row[-1] is not None for row in rows)
    if console().width >= WIDE:
        columns = [key, "strength", "actors", "area", "due"] + (["marking"] if marked else []) + ["quote"]
        table = _table(*columns, title=title)
        for name, strength, actors, area, due, recurrence, quote, marking in rows:
            cells = [name, strength, joined(actors), area, _due(due, recurrence)]
            table.add_row(*cells, *([marking or NONE] if marked else []), quote)
        return table
    table = _table(key, "commitment", title=title)
    for name, strength, actors, area, due, recurrence, quote, marking in rows:
        facts = [strength, joined(actors), area]
        facts += [f"due {due}"] if due else []
        facts += [f"every {recurrence}"] if recurrence else []
        heading = Text.assemble((" · ".join(facts), "bold"), *(["\n", marking] if marking else []))
        table.add_row(name, Text.assemble(heading, "\n", quote))
    return table


def _counts(summary: DocumentSummary) -> Columns:
    """A document's commitments counted by strength and by area, side by side."""
    return Columns([_count_table("strength", summary.by_strength), _count_table("area", summary.by_area)])


def _count_table(title: str, counts: Mapping[str, int]) -> Table:
    table = _table(title, "commitments")
    for name, count in counts.items():
        table.add_row(name, str(count))
    return table


def quote_in_context(text: str, start: int, end: int, *, context: int = CONTEXT) -> Text:
    """The quote highlighted, with up to `context` characters either side, cut at word boundaries."""
    low = max(0, start - context)
    if low > 0 and (space := _SPACE.search(text, low, start)):
        low = space.end()
    high = min(len(text), end + context)
    if high < len(text):
        spaces = [m.start() for m in _SPACE.finditer(text, end, high)]
        high = spaces[-1] if spaces else high
    before = ("… " if low > 0 else "") + text[low:start].lstrip()
    after = text[end:high].rstrip() + (" …" if high < len(text) else "")
    return Text.assemble((before, "dim"), (text[start:end], "bold yellow"), (after, "dim"))


_SPACE = re.compile(r"\s+")


def commitment_view(commitment: Commitment, document: Document, shown: MarkingsShown) -> RenderableType:
    """What `servanda show` prints: the quote in its context, then the commitment's marking and attributes."""
    attributes = Table.grid(padding=(0, 2))
    attributes.add_column(style="bold")
    attributes.add_column()
    for name, value in (
        ("marking", shown.label(commitment)),
        ("strength", commitment.strength),
        ("actors", joined(commitment.parties)),
        ("area", commitment.area),
        ("due", commitment.due or NONE),
        ("recurrence", commitment.recurrence or NONE),
        ("section", commitment.section or NONE),
        ("mechanisms", joined(commitment.mechanism_names)),
        ("agreements", joined(commitment.agreement_names)),
        ("span", f"{commitment.start}–{commitment.end}"),
        ("document", f"{document.id}: {document.title or document.origin} ({document.date or 'undated'})"),
        ("issuers", joined(document.parties)),
        ("sha256", document.sha256),
    ):
        attributes.add_row(name, value)
    quote = Panel(
        quote_in_context(document.text, commitment.start, commitment.end),
        title=f"commitment {commitment.id}",
        title_align="left",
        box=box.ROUNDED,
    )
    return Group(quote, attributes)


def documents_table(listings: Sequence[DocumentListing], shown: MarkingsShown) -> Table:
    """Stored documents one a row; on a narrow terminal each marking sits under its title."""
    wide = console().width >= WIDE
    columns = ["id", "date", "title", "issuers", *(["marking"] if wide else []), "commitments", "sha256"]
    table = _table(*columns)
    for listing in listings:
        d = listing.document
        marking = marking_cell(shown, d)
        title = Text(d.title or NONE)
        cells = [title, marking] if wide else [Text.assemble(title, "\n", marking)]
        table.add_row(
            str(d.id), d.date or NONE, cells[0], joined(d.parties), *cells[1:], str(listing.commitments), d.sha256[:8]
        )
    return table


def document_view(summary: DocumentSummary, shown: MarkingsShown) -> RenderableType:
    """What `servanda document` prints: metadata and marking, counts, and the mechanisms and agreements named."""
    d = summary.document
    facts = Table.grid(padding=(0, 2))
    facts.add_column(style="bold")
    facts.add_column()
    for name, value in (
        ("document", str(d.id)),
        ("marking", shown.label(d)),
        ("title", d.title or NONE),
        ("date", d.date or NONE),
        ("issuers", joined(d.parties)),
        ("source", d.source or NONE),
        ("origin", d.origin),
        ("format", d.format),
        ("sha256", d.sha256),
        ("ingested", d.ingested_at.isoformat(timespec="seconds")),
        ("commitments", str(summary.commitments)),
        ("achievements", str(summary.achievements)),
    ):
        facts.add_row(name, value)
    parts: list[RenderableType] = [facts]
    if summary.commitments:
        parts.append(_counts(summary))
    if summary.mechanisms:
        mechanisms = _table("mechanism", "recurrence", "held", "next", "status", title="Mechanisms")
        for m in summary.mechanisms:
            mechanisms.add_row(m.mechanism.name, m.recurrence or NONE, m.held or NONE, m.next or NONE, m.status or NONE)
        parts.append(mechanisms)
    if summary.agreements:
        agreements = _table("agreement", "kind", "stage", "date", title="Agreements")
        for a in summary.agreements:
            agreements.add_row(a.agreement.name, a.agreement.kind, a.stage or NONE, a.date or NONE)
        parts.append(agreements)
    return Group(*parts)


def evaluation_view(report: Report) -> RenderableType:
    """Per-document counts, then the totals, as `servanda eval` prints them."""
    table = _table("document", "tp", "fp", "fn", "f1")
    for d in report.documents:
        table.add_row(d.name, str(d.tp), str(d.fp), str(d.fn), f"{d.f1:.3f}")
    table.add_section()
    table.add_row(
        f"total ({plural(len(report.documents), 'document')})",
        str(report.tp),
        str(report.fp),
        str(report.fn),
        f"{report.f1:.3f}",
    )
    totals = Table.grid(padding=(0, 2))
    totals.add_column(style="bold")
    totals.add_column(justify="right")
    figures: list[tuple[str, float | None]] = [
        ("precision", report.precision),
        ("recall", report.recall),
        ("f1", report.f1),
        ("exact_f1", report.exact_f1),
    ]
    figures += [(f"{name} accuracy", value) for name, value in report.accuracies().items()]
    for name, value in figures:
        totals.add_row(name, NONE if value is None else f"{value:.3f}")
    return Group(table, totals)


def demo_view(summary: DocumentSummary, commitments: Sequence[Commitment], shown: MarkingsShown) -> RenderableType:
    """What `servanda demo` prints: the statement, its counts by strength and area, then every commitment."""
    d = summary.document
    heading = Text.assemble(
        (d.title or d.origin, "bold"),
        f"\n{d.date or 'undated'} · {joined(d.parties)} · {shown.label(d)} · "
        f"{plural(summary.commitments, 'commitment')}, {plural(summary.achievements, 'achievement')}",
    )
    table = _table("id", "strength", "actors", "due", "quote", one_line=True)
    for c in commitments:
        table.add_row(str(c.id), c.strength, joined(c.parties), _due(c.due, c.recurrence), shorten(c.quote, 200))
    return Group(heading, _counts(summary), table)
