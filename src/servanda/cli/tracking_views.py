"""Rich views of assessments, evidence, proposals, continuity links and review flags, built from the tracking
library's values."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from rich import box
from rich.console import Group, RenderableType
from rich.padding import Padding
from rich.table import Table
from rich.text import Text

from servanda.cli.output import NONE, joined, plural, shorten

if TYPE_CHECKING:
    from servanda.access import Marking
    from servanda.cli.markings import MarkingsShown
    from servanda.store.models import Commitment
    from servanda.tracking.assess import AssessmentPublic, CommitmentStatus
    from servanda.tracking.evidence import EvidencePublic
    from servanda.tracking.links import LineageStep, LinkPublic
    from servanda.tracking.review import ReviewFlag
    from servanda.tracking.suggest import ProposalPublic

# Columns that hold prose: they share the width the others leave, and wrap.
_PROSE = frozenset(
    {"commitment", "passage", "rationale", "evidence", "bears on", "title", "name", "source", "series", "what"}
)


def table(*columns: str, title: str | None = None) -> Table:
    """A plain table whose prose columns wrap in the width the others leave."""
    prose = [name for name in columns if name in _PROSE]
    out = Table(title=title, box=box.SIMPLE_HEAD, title_justify="left", title_style="bold", expand=bool(prose))
    for name in columns:
        if name in prose:
            out.add_column(name, ratio=1, min_width=16)
        elif name == "marking":
            out.add_column(name, min_width=14, overflow="fold")
        else:
            out.add_column(name, no_wrap=True)
    return out


def marking_text(shown: MarkingsShown, marking: Marking, *, inline: bool = False) -> Text:
    """A marking: the originator's banner, and under it (or after it, `inline`) the reader's equivalent."""
    banner, equivalent = shown.banners_of(marking)
    if equivalent == banner:
        return Text(banner)
    apart = " " if inline else "\n"
    return Text.assemble(banner, (f"{apart}({shown.viewer.nationality}: {equivalent or 'no equivalent'})", "dim"))


def scores_text(scores: dict[str, int | None]) -> str:
    """`CAN +1, KOR n/a`: a party not yet assessed is n/a, never 0."""
    from servanda.tracking.status import format_score

    return ", ".join(f"{party} {format_score(score)}" for party, score in scores.items()) or NONE


def compliance_text(scores: dict[str, int | None]) -> str:
    """The G7 Research Group's mean of the scores given, with its percentage."""
    from servanda.tracking.status import compliance

    found = compliance(scores.values())
    if found.mean is None or found.percent is None:
        return "not yet assessed"
    parties = "1 party" if found.assessed == 1 else f"{found.assessed} parties"
    return f"mean {found.mean:+.2f} ({found.percent:.0f}%), {parties} assessed"


def evidence_text(item: EvidencePublic) -> str:
    """Evidence in a line: its id, where it comes from and the start of its passage."""
    where = f"document {item.document_id} {item.start}–{item.end}" if item.kind == "document" else item.url
    passage = f': "{shorten(item.passage, 120)}"' if item.passage else ""
    return f"[{item.id}] {where}{passage}"


def assessment_line(assessment: AssessmentPublic, shown: MarkingsShown) -> str:
    """What `assess` prints once the assessment is stored."""
    corrects = f", correcting assessment {assessment.corrects}" if assessment.corrects else ""
    return (
        f"assessment {assessment.id} of commitment {assessment.commitment_id}: {assessment.status} as of "
        f"{assessment.as_of.isoformat()} ({scores_text(assessment.scores)}), "
        f"{plural(len(assessment.evidence), 'piece')} of evidence{corrects}; "
        f"marked {shown.label_of(assessment.marking)}"
    )


def history_view(
    commitment: Commitment,
    status: CommitmentStatus,
    assessments: Sequence[AssessmentPublic],
    steps: Sequence[LineageStep],
    shown: MarkingsShown,
    *,
    view: str,
) -> RenderableType:
    """What `servanda history` prints: the commitment, its status now in both terms, every assessment, its lineage."""
    document = commitment.document
    facts = Table.grid(padding=(0, 2))
    facts.add_column(style="bold")
    facts.add_column()
    latest = status.assessment
    for name, value in (
        ("commitment", f"{commitment.id}: {commitment.quote}"),
        ("statement", f"{document.title or f'document {document.id}'} ({document.date or 'undated'})"),
        ("actors", joined(commitment.parties)),
        ("due", commitment.due or NONE),
        ("marking", shown.label(commitment)),
        ("status (G7)", f"{status.status}; {scores_text(latest.scores) if latest else 'no scores'}"),
        ("compliance", compliance_text(latest.scores) if latest else "not yet assessed"),
        ("status (OGP)", status.ogp),
    ):
        facts.add_row(name, value)
    parts: list[RenderableType] = [facts]
    if assessments:
        parts.append(assessments_view(assessments, shown, view=view))
    else:
        parts.append(Text("No assessment yet: servanda assess ID --status ... --evidence ... --note ..."))
    if len(steps) > 1:
        lineage = table("#", "relation", "statement", "commitment", "marking", title="Lineage, first statement to last")
        for step in steps:
            stated = f"{step.document_title or f'document {step.document_id}'} ({step.document_date or 'undated'})"
            lineage.add_row(
                str(step.commitment_id),
                step.relation or "first",
                stated,
                shorten(step.quote, 160),
                marking_text(shown, step.marking),
            )
        parts.append(lineage)
    return Group(*parts)


def entry(heading: str, marking: Text, *lines: tuple[str, str]) -> RenderableType:
    """One record as a block that reads at any width: a bold heading with its marking, then labelled lines."""
    grid = Table.grid(padding=(0, 1))
    grid.add_column(style="dim", no_wrap=True)
    grid.add_column()
    for label, value in lines:
        grid.add_row(f"{label}:", value)
    return Group(Text.assemble((heading, "bold"), " · ", marking), Padding(grid, (0, 0, 0, 2)))


def blocks(title: str, entries: Sequence[RenderableType]) -> RenderableType:
    """Entries under a title, a blank line apart."""
    parts: list[RenderableType] = [Text(title, style="bold underline")]
    for item in entries:
        parts += [item, Text("")]
    return Group(*parts)


def assessments_view(assessments: Sequence[AssessmentPublic], shown: MarkingsShown, *, view: str) -> RenderableType:
    """Assessments oldest first, their status in G7 Research Group or OGP terms."""
    entries = []
    for a in assessments:
        status = f"{a.ogp} (OGP)" if view == "ogp" else a.status
        lines = [("scores", scores_text(a.scores)), ("by", f"{a.assessor} at {a.at:%Y-%m-%d %H:%M} UTC")]
        lines += [("corrects", f"assessment {a.corrects}")] if a.corrects else []
        lines += [("rationale", a.rationale)]
        lines += [("evidence", evidence_text(e)) for e in a.evidence]
        heading = f"assessment {a.id} · as of {a.as_of.isoformat()} · {status}"
        entries.append(entry(heading, marking_text(shown, a.marking, inline=True), *lines))
    return blocks("History", entries)


def evidence_view(items: Sequence[EvidencePublic], shown: MarkingsShown) -> RenderableType:
    entries = []
    for e in items:
        lines = [("source", e.source)]
        if e.kind == "document":
            lines.append(("span", f"{e.start}–{e.end} of document {e.document_id}"))
        lines += [("passage", shorten(e.passage, 400))] if e.passage else []
        lines.append(("by", f"{e.recorded_by} at {e.at:%Y-%m-%d %H:%M} UTC"))
        entries.append(entry(f"evidence {e.id} · {e.kind}", marking_text(shown, e.marking, inline=True), *lines))
    return blocks(f"Evidence ({len(items)})", entries)


def proposals_view(proposals: Sequence[ProposalPublic], shown: MarkingsShown) -> RenderableType:
    entries = []
    for p in proposals:
        target = f"commitment {p.commitment_id}" if p.commitment_id else f"achievement {p.achievement_id}"
        state = p.state if p.state == "pending" else f"{p.state} by {p.decided_by}"
        heading = (
            f"proposal {p.id} · document {p.document_id} → {target} · {p.relation} · score {p.score:.2f} · {state}"
        )
        lines = [
            ("from", f"{p.document_title or f'document {p.document_id}'} ({p.document_date or 'undated'})"),
            ("passage", shorten(p.passage, 300)),
            (target, shorten(p.target_quote, 300)),
        ]
        entries.append(entry(heading, marking_text(shown, p.marking, inline=True), *lines))
    return blocks(f"Evidence proposals ({len(proposals)})", entries)


def links_table(links: Sequence[LinkPublic], shown: MarkingsShown) -> Table:
    out = table("id", "earlier", "later", "relation", "score", "state", "marking")
    for link in links:
        state = link.state if link.state == "proposed" else f"{link.state} by {link.decided_by}"
        out.add_row(
            str(link.id),
            str(link.earlier_id),
            str(link.later_id),
            link.relation,
            f"{link.score:.2f}",
            state,
            marking_text(shown, link.marking),
        )
    return out


def flags_view(flags: Sequence[ReviewFlag], shown: MarkingsShown) -> RenderableType:
    entries = []
    for f in flags:
        later = ", ".join(map(str, f.next_document_ids))
        lines = [
            (
                "stated",
                f"{f.document_title or f'document {f.document_id}'} ({f.document_date}, document {f.document_id})",
            ),
            (
                "not taken up by",
                f"the {f.next_date} statement ({'documents' if len(f.next_document_ids) > 1 else 'document'} {later})",
            ),
            ("series", f.series),
            ("commitment", shorten(f.quote, 300)),
        ]
        heading = f"commitment {f.commitment_id} · {f.status}"
        entries.append(entry(heading, marking_text(shown, f.marking, inline=True), *lines))
    return blocks(f"Flagged for review ({len(flags)})", entries)
