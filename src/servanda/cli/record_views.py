"""Rich views of what is due, of mechanisms and agreements, and of report snapshots and what changed between two."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from servanda.cli.output import NONE, plural, shorten
from servanda.cli.tracking_views import marking_text, table

if TYPE_CHECKING:
    from servanda.cli.markings import MarkingsShown
    from servanda.store import DocumentListing
    from servanda.tracking.agreements import AgreementPublic
    from servanda.tracking.deadlines import Deadline
    from servanda.tracking.due_items import DueItems
    from servanda.tracking.mechanisms import MechanismPublic
    from servanda.tracking.report import Change
    from servanda.tracking.reporting import SnapshotPublic


def due_view(items: DueItems, shown: MarkingsShown) -> RenderableType:
    """What `servanda due` prints: overdue items oldest first, then those due soon, and the highest marking."""
    heading = f"As of {items.as_of.isoformat()}, looking {items.within.days} days ahead"
    parts: list[RenderableType] = [Text(f"{heading}; marked {shown.label_of(items.marking)}")]
    for title, found in (("Overdue", items.overdue), ("Due soon", items.upcoming)):
        if found:
            parts.append(_deadlines(found, title=f"{title} ({len(found)})"))
        else:
            parts.append(Text(f"{title}: none.", style="bold"))
    return Group(*parts)


def _deadlines(found: Sequence[Deadline], *, title: str) -> Table:
    out = table("due by", "status", "item", "what", title=title)
    for item in found:
        kind, _, number = item.key.partition("-")
        due = (
            item.due_by.isoformat()
            if item.due == item.due_by.isoformat()
            else f"{item.due_by.isoformat()} ({item.due})"
        )
        out.add_row(due, item.status, f"{kind} {number}", shorten(item.title, 120))
    return out


def mechanisms_table(mechanisms: Sequence[MechanismPublic], shown: MarkingsShown) -> Table:
    out = table("id", "name", "last held", "next expected", "marking")
    for m in mechanisms:
        name = Text(m.name)
        if m.recurrence:
            name.append(f"\nevery {m.recurrence}", style="dim")
        out.add_row(str(m.id), name, m.last_held or NONE, _next(m), marking_text(shown, m.marking))
    return out


def _next(mechanism: MechanismPublic) -> Text:
    expected = mechanism.next.expected
    if expected is None:
        return Text(NONE)
    basis = "stated" if mechanism.next.basis == "stated" else "by cadence"
    text = Text(f"{expected} ({basis})")
    if mechanism.next.overdue:
        text.append(" overdue", style="bold red")
    return text


def mechanism_view(mechanism: MechanismPublic, shown: MarkingsShown) -> RenderableType:
    facts = _facts(
        ("mechanism", f"{mechanism.id}: {mechanism.name}"),
        ("marking", shown.label_of(mechanism.marking)),
        ("cadence", mechanism.recurrence or "not stated"),
        ("last held", mechanism.last_held or "no meeting on record"),
        ("next stated", mechanism.stated_next or NONE),
        ("next expected", _next(mechanism)),
    )
    if not mechanism.meetings:
        return Group(facts, Text("No meeting on record."))
    meetings = table("id", "held", "evidence", "by", "marking", title="Meetings")
    for m in mechanism.meetings:
        meetings.add_row(
            str(m.id),
            m.held_on,
            _document(m.document_id, m.document_title),
            m.recorded_by,
            marking_text(shown, m.marking),
        )
    return Group(facts, meetings)


def agreements_table(agreements: Sequence[AgreementPublic], shown: MarkingsShown) -> Table:
    out = table("id", "name", "stage", "since", "marking")
    for a in agreements:
        current = a.current
        out.add_row(
            str(a.id),
            Text.assemble(a.name, (f" ({a.kind})", "dim")),
            current.stage if current else NONE,
            current.date if current else NONE,
            marking_text(shown, a.marking),
        )
    return out


def agreement_view(agreement: AgreementPublic, shown: MarkingsShown) -> RenderableType:
    current = agreement.current
    facts = _facts(
        ("agreement", f"{agreement.id}: {agreement.name}"),
        ("kind", agreement.kind),
        ("marking", shown.label_of(agreement.marking)),
        ("stage", f"{current.stage} since {current.date}" if current else "no stage on record"),
    )
    if not agreement.stages:
        return facts
    stages = table("id", "stage", "date", "evidence", "by", "marking", title="Stages")
    for s in agreement.stages:
        stages.add_row(
            str(s.id),
            s.stage,
            s.date,
            _document(s.document_id, s.document_title),
            s.recorded_by,
            marking_text(shown, s.marking),
        )
    return Group(facts, stages)


def snapshots_table(snapshots: Sequence[SnapshotPublic], shown: MarkingsShown) -> Table:
    out = table("id", "label", "as of", "by", "commitments", "marking")
    for s in snapshots:
        out.add_row(
            str(s.id),
            s.label,
            s.as_of.isoformat(),
            s.taken_by,
            str(len(s.data.get("items", ()))),
            marking_text(shown, s.marking),
        )
    return out


def changes_table(changes: Sequence[Change], *, title: str) -> RenderableType:
    if not changes:
        return Text(f"{title}: nothing changed.")
    out = table("id", "what", "before", "after", "commitment", title=f"{title}: {plural(len(changes), 'change')}")
    for c in changes:
        out.add_row(str(c.commitment_id), c.field, c.before or NONE, c.after or NONE, shorten(c.quote, 160))
    return out


def _document(document_id: int | None, title: str | None) -> str:
    if document_id is None:
        return "recorded by hand"
    return f"document {document_id}" + (f": {shorten(title, 80)}" if title else "")


def _facts(*rows: tuple[str, str | Text]) -> Table:
    facts = Table.grid(padding=(0, 2))
    facts.add_column(style="bold")
    facts.add_column()
    for name, value in rows:
        facts.add_row(name, value)
    return facts


def tracked_table(listings: Sequence[DocumentListing], proposals: Mapping[int, int]) -> Table:
    """What `servanda demo` stored, oldest first: date, title, commitments, and the evidence proposals made from
    each; one line each, titles cut to fit."""
    from rich import box

    out = Table(title="Statements tracked", box=box.SIMPLE_HEAD, title_justify="left", title_style="bold", expand=True)
    for name in ("id", "date", "title", "commitments", "proposals"):
        if name == "title":
            out.add_column(name, no_wrap=True, overflow="ellipsis", ratio=1)
        else:
            out.add_column(name, no_wrap=True, min_width=len(name))
    for listing in listings:
        d = listing.document
        row = (str(d.id), d.date or NONE, d.title or d.origin, str(listing.commitments), str(proposals.get(d.id, 0)))
        out.add_row(*row)
    return out
