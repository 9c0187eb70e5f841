"""The report's charts, drawn with matplotlib off screen: as SVG text for HTML, as PNG bytes for PDF."""

from __future__ import annotations

import io

from servanda.reference.parties import party_name
from servanda.tracking.report import Summary

_STATUS_COLOURS = {
    "delivered": "#2e7d32",
    "delivered-late": "#66bb6a",
    "in-progress": "#1565c0",
    "not-started": "#9e9e9e",
    "stalled": "#ef6c00",
    "abandoned": "#c62828",
    "superseded": "#6d4c41",
    "not-assessed": "#cfd8dc",
}


def _figure(summary: Summary, kind: str):
    import matplotlib

    matplotlib.use("Agg")  # draw without a display
    from matplotlib.figure import Figure

    fig = Figure(figsize=(6.0, 2.6), dpi=110)
    ax = fig.add_subplot(1, 1, 1)
    if kind == "status":
        labels = list(summary.by_status)
        values = [summary.by_status[s] for s in labels]
        ax.barh(labels, values, color=[_STATUS_COLOURS.get(s, "#607d8b") for s in labels])
        ax.set_xlabel("commitments")
        ax.invert_yaxis()
        ax.set_title("Commitments by status")
    else:
        parties = [p for p, c in summary.per_party.items() if c.percent is not None]
        values = [summary.per_party[p].percent for p in parties]
        ax.bar([party_name(p) for p in parties], values, color="#1565c0")
        ax.set_ylim(0, 100)
        ax.set_ylabel("compliance (%)")
        ax.set_title("Compliance by party (G7 Research Group scale)")
    fig.tight_layout()
    return fig


def chart_svg(summary: Summary, kind: str) -> str:
    """The chart as an SVG element to place inline in HTML (no external file, works offline)."""
    buffer = io.StringIO()
    _figure(summary, kind).savefig(buffer, format="svg")
    text = buffer.getvalue()
    return text[text.index("<svg") :]


def chart_png(summary: Summary, kind: str) -> bytes:
    buffer = io.BytesIO()
    _figure(summary, kind).savefig(buffer, format="png")
    return buffer.getvalue()


def has_compliance(summary: Summary) -> bool:
    return any(c.percent is not None for c in summary.per_party.values())
