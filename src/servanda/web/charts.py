"""Charts drawn as inline SVG on the server: horizontal bars for counts, and compliance per party on the G7
Research Group scale from −1 to +1. No script and no chart library; each chart is an image with a title and a
description that reads out its values, and the page shows the same figures in a table beside it."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from itertools import count

from markupsafe import Markup, escape

from servanda.web.formatting import mean, percent

WIDTH = 520
ROW = 24
LABEL = 170  # room for the labels left of the bars
VALUE = 90  # room for the values right of the bars
_ids = count(1)


@dataclass(frozen=True, slots=True)
class Bar:
    label: str
    value: int
    tone: str = "neutral"  # a CSS class suffix: the status, the strength, or neutral


@dataclass(frozen=True, slots=True)
class Score:
    """A party's compliance: its mean score (None when not yet assessed) and how many scores it rests on."""

    label: str
    mean: float | None
    assessed: int


def _frame(title: str, description: str, height: int, body: str, kind: str) -> Markup:
    n = next(_ids)
    return Markup(
        f'<svg class="chart chart-{kind}" role="img" viewBox="0 0 {WIDTH} {height}" width="{WIDTH}" '
        f'height="{height}" aria-labelledby="chart-{n}-title chart-{n}-desc" xmlns="http://www.w3.org/2000/svg">'
        f'<title id="chart-{n}-title">{escape(title)}</title><desc id="chart-{n}-desc">{escape(description)}</desc>'
        f"{body}</svg>"
    )


def _label(text: str, y: float) -> str:
    shown = text if len(text) <= 26 else text[:25] + "…"
    return f'<text class="chart-label" x="{LABEL - 8}" y="{y:.1f}" text-anchor="end">{escape(shown)}</text>'


def bar_chart(bars: Sequence[Bar], *, title: str, unit: str = "commitments") -> Markup:
    """Counts as horizontal bars, longest for the largest, each labelled with its value."""
    height = max(1, len(bars)) * ROW + 8
    largest = max((b.value for b in bars), default=0) or 1
    span = WIDTH - LABEL - VALUE
    parts = []
    for i, bar in enumerate(bars):
        y = 4 + i * ROW
        length = span * bar.value / largest
        parts.append(_label(bar.label, y + ROW / 2 + 4))
        parts.append(
            f'<rect class="bar bar-{escape(bar.tone)}" x="{LABEL}" y="{y + 3}" width="{length:.1f}" '
            f'height="{ROW - 6}"></rect>'
        )
        parts.append(
            f'<text class="chart-value" x="{LABEL + length + 6:.1f}" y="{y + ROW / 2 + 4:.1f}">{bar.value}</text>'
        )
    description = "; ".join(f"{b.label}: {b.value} {unit}" for b in bars) or "nothing to show"
    return _frame(title, description, height, "".join(parts), "bars")


def compliance_chart(scores: Sequence[Score], *, title: str) -> Markup:
    """Each party's mean score as a bar from the centre line (0) towards −1 or +1, with the percentage the G7
    Research Group publishes, (mean + 1) / 2; a party not yet assessed has no bar, and says so."""
    height = max(1, len(scores)) * ROW + 28
    span = WIDTH - LABEL - VALUE
    zero = LABEL + span / 2
    parts = [
        f'<line class="axis" x1="{zero}" y1="2" x2="{zero}" y2="{height - 20}"></line>',
        f'<text class="chart-tick" x="{LABEL}" y="{height - 6}" text-anchor="start">−1</text>',
        f'<text class="chart-tick" x="{zero}" y="{height - 6}" text-anchor="middle">0</text>',
        f'<text class="chart-tick" x="{LABEL + span}" y="{height - 6}" text-anchor="end">+1</text>',
    ]
    for i, item in enumerate(scores):
        y = 4 + i * ROW
        parts.append(_label(item.label, y + ROW / 2 + 4))
        if item.mean is None:
            parts.append(f'<text class="chart-value" x="{zero + 6}" y="{y + ROW / 2 + 4:.1f}">not yet assessed</text>')
            continue
        length = abs(item.mean) * span / 2
        x = zero if item.mean >= 0 else zero - length
        tone = "positive" if item.mean > 0 else "negative" if item.mean < 0 else "neutral"
        parts.append(
            f'<rect class="bar bar-{tone}" x="{x:.1f}" y="{y + 3}" width="{max(length, 1.5):.1f}" '
            f'height="{ROW - 6}"></rect>'
        )
        parts.append(
            f'<text class="chart-value" x="{LABEL + span + 6}" y="{y + ROW / 2 + 4:.1f}">'
            f"{escape(mean(item.mean))} · {escape(percent(_percent(item.mean)))}</text>"
        )
    description = "; ".join(
        f"{s.label}: mean {mean(s.mean)}, {percent(_percent(s.mean))}, {s.assessed} scored" for s in scores
    )
    return _frame(title, description or "nothing to show", height, "".join(parts), "compliance")


def _percent(value: float | None) -> float | None:
    return None if value is None else (value + 1) / 2 * 100
