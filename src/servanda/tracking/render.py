"""The compliance report as Markdown, printable HTML or PDF. Every claim carries a footnote to its evidence, and
the report carries the highest marking of what it contains, at the top and the bottom of every page."""

from __future__ import annotations

import html
from functools import cache

from servanda.reference.parties import party_name
from servanda.tracking.charts import chart_png, chart_svg, has_compliance
from servanda.tracking.report import ReportData, Summary, summarise
from servanda.tracking.status import format_score


def _pct(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.0f}%"


def _mean(value: float | None) -> str:
    return "n/a" if value is None else f"{value:+.2f}"


def _notes(numbers: tuple[int, ...]) -> str:
    return "".join(f"[^{n}]" for n in numbers)


def to_markdown(data: ReportData) -> str:
    s = summarise(data)
    out = [
        f"**{data.marking}**",
        "",
        f"# {data.title}",
        "",
        f"As of {data.as_of.isoformat()}, for {data.viewer}. {len(data.items)} commitments.",
        "",
    ]
    out += [
        "## Compliance",
        "",
        "| party | mean score | compliance | assessed | not yet assessed |",
        "| --- | ---: | ---: | ---: | ---: |",
    ]
    for party, c in s.per_party.items():
        out.append(f"| {party_name(party)} | {_mean(c.mean)} | {_pct(c.percent)} | {c.assessed} | {c.not_assessed} |")
    out.append(
        f"| **overall** | {_mean(s.overall.mean)} | {_pct(s.overall.percent)} | {s.overall.assessed} | "
        f"{s.overall.not_assessed} |"
    )
    out += ["", "## Totals", "", "| status | commitments |", "| --- | ---: |"]
    out += [f"| {k} | {v} |" for k, v in s.by_status.items()]
    out += ["", "| area | commitments |", "| --- | ---: |"] + [f"| {k} | {v} |" for k, v in s.by_area.items()]
    out += ["", "| party | commitments |", "| --- | ---: |"]
    out += [f"| {party_name(k)} | {v} |" for k, v in s.by_party.items()]
    out += ["", "## Overdue", ""]
    out += [f"- due {i.due}, {i.status}: {i.quote} {_notes(i.footnotes)}" for i in s.overdue] or ["None."]
    out += ["", "## Mechanisms", ""]
    out += [
        f"- {m.name}: cadence {m.recurrence or 'not stated'}, last held {m.last_held or 'unknown'}, next "
        f"expected {m.next_expected or 'unknown'}{' (overdue)' if m.overdue else ''} {_notes(m.footnotes)}"
        for m in data.mechanisms
    ] or ["None."]
    out += ["", "## Agreements", ""]
    out += [
        f"- {a.name} ({a.kind}): {a.stage or 'stage unknown'}{', ' + a.date if a.date else ''} {_notes(a.footnotes)}"
        for a in data.agreements
    ] or ["None."]
    out += [
        "",
        "## Commitments",
        "",
        "| # | commitment | actors | due | status | scores |",
        "| --- | --- | --- | --- | --- | --- |",
    ]
    for i in data.items:
        scores = ", ".join(f"{p} {format_score(i.scores.get(p))}" for p in i.actors)
        quote = i.quote.replace("|", "\\|")
        out.append(
            f"| {i.commitment_id} | {quote} {_notes(i.footnotes)} | {', '.join(i.actors)} | "
            f"{i.due or '—'} | {i.status} | {scores} |"
        )
    out += [""] + [f"[^{f.number}]: {f.source}" + (f': "{f.passage}"' if f.passage else "") for f in data.footnotes]
    out += ["", f"**{data.marking}**", ""]
    return "\n".join(out)


@cache
def _template():
    from jinja2 import Environment, PackageLoader, select_autoescape

    env = Environment(loader=PackageLoader("servanda.tracking", "templates"), autoescape=select_autoescape())
    env.filters["party"] = party_name
    env.filters["score"] = format_score
    env.filters["pct"] = _pct
    env.filters["mean"] = _mean
    return env.get_template("report.html.j2")


def to_html(data: ReportData) -> str:
    s = summarise(data)
    charts = {"status": chart_svg(s, "status") if data.items else ""}
    if has_compliance(s):
        charts["compliance"] = chart_svg(s, "compliance")
    return _template().render(data=data, summary=s, charts=charts)


def to_pdf(data: ReportData) -> bytes:
    """The report as a PDF, laid out with ReportLab (no browser or system library needed)."""
    import io

    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.lib.units import mm
    from reportlab.platypus import Image, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    s = summarise(data)
    styles = getSampleStyleSheet()
    body, small = styles["BodyText"], styles["BodyText"].clone("small", fontSize=8, leading=10)

    def p(text: str, style=body) -> Paragraph:
        return Paragraph(html.escape(text), style)

    def table(rows: list[list], widths: list[float] | None = None) -> Table:
        t = Table(rows, colWidths=widths, repeatRows=1)
        t.setStyle(
            TableStyle(
                [
                    ("FONTSIZE", (0, 0), (-1, -1), 8),
                    ("BACKGROUND", (0, 0), (-1, 0), colors.lightgrey),
                    ("GRID", (0, 0), (-1, -1), 0.25, colors.grey),
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ]
            )
        )
        return t

    story = [
        p(data.title, styles["Title"]),
        p(f"As of {data.as_of.isoformat()}, for {data.viewer}. {len(data.items)} commitments."),
    ]
    story += [
        p("Compliance", styles["Heading2"]),
        table(
            [["party", "mean score", "compliance", "assessed", "not yet assessed"]]
            + [
                [party_name(k), _mean(c.mean), _pct(c.percent), c.assessed, c.not_assessed]
                for k, c in s.per_party.items()
            ]
            + [["overall", _mean(s.overall.mean), _pct(s.overall.percent), s.overall.assessed, s.overall.not_assessed]]
        ),
    ]
    if data.items:
        story += [Spacer(1, 4 * mm), Image(io.BytesIO(chart_png(s, "status")), width=150 * mm, height=65 * mm)]
    if has_compliance(s):
        story += [Image(io.BytesIO(chart_png(s, "compliance")), width=150 * mm, height=65 * mm)]
    story += [p("Overdue", styles["Heading2"])]
    story += [p(f"due {i.due}, {i.status}: {i.quote} {_refs(i.footnotes)}", small) for i in s.overdue] or [p("None.")]
    story += [p("Mechanisms", styles["Heading2"])]
    story += [
        p(
            f"{m.name}: cadence {m.recurrence or 'not stated'}, last held {m.last_held or 'unknown'}, next "
            f"expected {m.next_expected or 'unknown'}{' (overdue)' if m.overdue else ''} {_refs(m.footnotes)}",
            small,
        )
        for m in data.mechanisms
    ] or [p("None.")]
    story += [p("Agreements", styles["Heading2"])]
    story += [
        p(
            f"{a.name} ({a.kind}): {a.stage or 'stage unknown'}{', ' + a.date if a.date else ''} {_refs(a.footnotes)}",
            small,
        )
        for a in data.agreements
    ] or [p("None.")]
    story += [
        p("Commitments", styles["Heading2"]),
        table(
            [["#", "commitment", "due", "status", "scores"]]
            + [
                [
                    i.commitment_id,
                    p(f"{i.quote} {_refs(i.footnotes)}", small),
                    i.due or "—",
                    i.status,
                    p(", ".join(f"{x} {format_score(i.scores.get(x))}" for x in i.actors), small),
                ]
                for i in data.items
            ],
            [10 * mm, 105 * mm, 18 * mm, 22 * mm, 25 * mm],
        ),
    ]
    story += [p("Sources", styles["Heading2"])]
    story += [p(f"[{f.number}] {f.source}" + (f': "{f.passage}"' if f.passage else ""), small) for f in data.footnotes]

    font = "Helvetica-Bold"
    if not data.marking.isascii():
        # Korean markings (군사Ⅱ급비밀) need a CJK font; ReportLab ships the metrics of Adobe's Korean one.
        from reportlab.pdfbase import pdfmetrics
        from reportlab.pdfbase.cidfonts import UnicodeCIDFont

        pdfmetrics.registerFont(UnicodeCIDFont("HYSMyeongJo-Medium"))
        font = "HYSMyeongJo-Medium"

    def banner(canvas, doc) -> None:
        canvas.saveState()
        canvas.setFont(font, 9)
        canvas.drawCentredString(A4[0] / 2, A4[1] - 10 * mm, data.marking)
        canvas.drawCentredString(A4[0] / 2, 8 * mm, f"{data.marking} · page {doc.page}")
        canvas.restoreState()

    buffer = io.BytesIO()
    document = SimpleDocTemplate(
        buffer, pagesize=A4, title=data.title, author="Servanda", topMargin=18 * mm, bottomMargin=16 * mm
    )
    document.build(story, onFirstPage=banner, onLaterPages=banner)
    return buffer.getvalue()


def _refs(numbers: tuple[int, ...]) -> str:
    return "".join(f"[{n}]" for n in numbers)


def render(data: ReportData, fmt: str) -> bytes:
    """The report in `fmt`: md, html or pdf."""
    if fmt == "md":
        return to_markdown(data).encode("utf-8")
    if fmt == "html":
        return to_html(data).encode("utf-8")
    if fmt == "pdf":
        return to_pdf(data)
    raise ValueError(f"unknown report format {fmt!r}: use md, html or pdf")


__all__ = ["Summary", "render", "to_html", "to_markdown", "to_pdf"]
