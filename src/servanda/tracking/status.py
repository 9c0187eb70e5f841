"""Status vocabulary, compliance scores on the G7 Research Group scale, and the OGP completion view.

The G7 Research Group scores each member's compliance with each commitment +1 (full compliance), 0 (partial
compliance or work in progress) or −1 (no compliance, or action contrary to the commitment), averages the scores,
and reports the average also as a percentage, (average + 1) / 2. A party not yet assessed has no score, which is
never counted as 0. The Open Government Partnership's Independent Reporting Mechanism reports completion as no
evidence available, not started, limited, substantial or complete.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

STATUSES: dict[str, str] = {
    "not-assessed": "no assessment has been recorded yet",
    "not-started": "assessed, and no step towards the undertaking has been taken",
    "in-progress": "steps have been taken and it is not yet delivered",
    "delivered": "done, by its due date when it has one",
    "delivered-late": "done, but after its due date",
    "stalled": "steps were taken but work has stopped, or the due date passed without delivery",
    "abandoned": "the parties have said, or shown by contrary action, that they will not deliver it",
    "superseded": "replaced by a later commitment, which is followed instead",
}
ASSESSED_STATUSES = tuple(s for s in STATUSES if s != "not-assessed")
SCORES = (1, 0, -1)
SCORE_MEANINGS = {1: "full compliance", 0: "partial compliance or work in progress", -1: "no compliance or contrary"}
OGP_LEVELS = ("no evidence available", "not started", "limited", "substantial", "complete")


class ScoreError(ValueError):
    """A score outside the G7 Research Group scale."""


def parse_score(text: str) -> int | None:
    """'+1', '1', '0', '-1', '−1' → the score; 'n/a', 'not-assessed' or '' → None (not yet assessed)."""
    cleaned = text.strip().replace("−", "-").lower()
    if cleaned in ("", "n/a", "na", "none", "not-assessed", "not assessed", "?"):
        return None
    try:
        value = int(cleaned)
    except ValueError:
        raise ScoreError(f"{text!r} is not a compliance score: use +1, 0, -1 or n/a") from None
    if value not in SCORES:
        raise ScoreError(f"{text!r} is not a compliance score: use +1, 0, -1 or n/a")
    return value


def format_score(score: int | None) -> str:
    return "n/a" if score is None else f"{score:+d}" if score else "0"


@dataclass(frozen=True, slots=True)
class Compliance:
    """The average of the scores given, and how many were given and missing."""

    mean: float | None
    assessed: int
    not_assessed: int

    @property
    def percent(self) -> float | None:
        """The average as a percentage, as the G7 Research Group publishes it: (mean + 1) / 2."""
        return None if self.mean is None else (self.mean + 1) / 2 * 100


def compliance(scores: Iterable[int | None]) -> Compliance:
    """Average the scores given; a missing score is counted apart, never as 0."""
    listed = list(scores)
    given = [s for s in listed if s is not None]
    return Compliance(sum(given) / len(given) if given else None, len(given), len(listed) - len(given))


def ogp_completion(status: str, *, evidence: bool) -> str:
    """The same status in the Open Government Partnership's completion terms."""
    if status == "not-assessed" or (not evidence and status not in ("not-started", "abandoned")):
        return "no evidence available"
    if status in ("not-started", "abandoned"):
        return "not started"
    if status in ("delivered", "delivered-late"):
        return "complete"
    if status == "in-progress":
        return "substantial" if evidence else "limited"
    return "limited"  # stalled, superseded


def delivered_status(due_by: object | None, delivered_on: object | None) -> str:
    """`delivered`, or `delivered-late` when it came after its due date."""
    if due_by is not None and delivered_on is not None and delivered_on > due_by:
        return "delivered-late"
    return "delivered"
