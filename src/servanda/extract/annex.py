"""Annex lists of deliverables: restatements of body items fold into them, completed deeds become achievements.

Spec: a deliverable that repeats a body commitment is the same commitment (annotated once, on the body); a
deliverable already done ("Signing of the Agreement ...") is an achievement.
"""

from __future__ import annotations

import re

from servanda.extract.model import Achievement, Commitment

_WORD = re.compile(r"[a-z0-9]+")
SAME_UNDERTAKING = 0.5  # Dice overlap of word sets at which two spans state the same thing
_DEED = re.compile(
    r"^(?:the\s+)?(?:signing|signature|conclusion|adoption|launch|entry\s+into\s+force|"
    r"inauguration|opening|release|publication)\s+of\b",
    re.IGNORECASE,
)


def words(text: str) -> set[str]:
    return set(_WORD.findall(text.lower()))


def dice(a: set[str], b: set[str]) -> float:
    return 2 * len(a & b) / (len(a) + len(b)) if a and b else 0.0


def is_deed(item: str) -> bool:
    """An annex item that names a completed act ("Signing of the Agreement ...")."""
    return bool(_DEED.match(item.strip()))


def _restates(item: str, body: list[set[str]]) -> bool:
    w = words(item)
    return any(dice(w, b) >= SAME_UNDERTAKING for b in body)


def fold_annex(
    commitments: list[Commitment], achievements: list[Achievement], annex_achievements: list[Achievement]
) -> tuple[list[Commitment], list[Achievement]]:
    """Drop annex items that restate a body commitment or achievement; keep the rest."""
    body_commitments = [words(c.quote) for c in commitments if not c.annex]
    body_deeds = [words(a.quote) for a in achievements]
    kept = [c for c in commitments if not c.annex or not _restates(c.quote, body_commitments)]
    deeds = achievements + [
        a for a in annex_achievements if not _restates(a.quote, body_deeds) and not _restates(a.quote, body_commitments)
    ]
    return kept, deeds
