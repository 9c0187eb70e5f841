"""Continuity across statements: which commitment of a later statement restates, supersedes or narrows one of an
earlier statement, which earlier ones a later statement of the same series silently drops, and the lineage of a
commitment from its first statement to its last."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from servanda.tracking.similarity import Vocabulary, content_words, cosine

LINK_THRESHOLD = 0.45  # similarity at which two commitments are taken to be the same undertaking
NAME_WEIGHT = 0.25
_RESTATING = re.compile(r"\b(?:reaffirm\w*|reiterat\w*|renew\w*|recommit\w*|remain\w*|continu\w*)\b", re.IGNORECASE)
_REPLACING = re.compile(r"\b(?:updat\w*|revis\w*|replac\w*|instead|supersed\w*|new|renewed)\b", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Stated:
    """A commitment as continuity needs it."""

    id: int
    quote: str
    document_date: str | None
    strength: str = "firm"
    due: str | None = None
    recurrence: str | None = None
    names: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Link:
    earlier: int
    later: int
    relation: str  # restates | supersedes | narrows
    score: float


def link_statements(
    later: Sequence[Stated], earlier: Sequence[Stated], *, threshold: float = LINK_THRESHOLD
) -> list[Link]:
    """For each commitment of a later statement, the earlier commitment it continues, if any, and how."""
    if not later or not earlier:
        return []
    vocabulary = Vocabulary.of([s.quote for s in (*later, *earlier)])
    earlier_vectors = [(e, vocabulary.vector(e.quote), {n.lower() for n in e.names}) for e in earlier]
    links = []
    for new in later:
        vector = vocabulary.vector(new.quote)
        names = {n.lower() for n in new.names}
        best: tuple[float, Stated] | None = None
        for old, old_vector, old_names in earlier_vectors:
            if new.document_date and old.document_date and old.document_date >= new.document_date:
                continue
            score = cosine(vector, old_vector) + NAME_WEIGHT * min(len(names & old_names), 1)
            if best is None or score > best[0]:
                best = (score, old)
        if best is not None and best[0] >= threshold:
            links.append(Link(best[1].id, new.id, _relation(new, best[1]), round(best[0], 4)))
    return links


def _relation(new: Stated, old: Stated) -> str:
    if (
        (new.due and old.due and new.due != old.due)
        or (new.recurrence and old.recurrence and new.recurrence != old.recurrence)
        or (_REPLACING.search(new.quote) and not _RESTATING.search(new.quote))
    ):
        return "supersedes"
    new_words, old_words = set(content_words(new.quote)), set(content_words(old.quote))
    if new_words and len(new_words) < 0.7 * len(old_words) and len(new_words & old_words) >= 0.8 * len(new_words):
        return "narrows"
    return "restates"


def dropped(previous: Iterable[Stated], continued: Iterable[int], settled: Iterable[int]) -> list[Stated]:
    """Commitments of the previous statement in a series that the next one neither continues nor reports on, and
    that are not settled (delivered, abandoned, superseded): to be reviewed, not forgotten."""
    kept = set(continued) | set(settled)
    return [s for s in previous if s.id not in kept]


def lineage(commitment: int, links: Iterable[Link]) -> list[int]:
    """The commitment's chain of restatements and replacements, from its first statement to its last."""
    back = {link.later: link.earlier for link in links}
    forward = {link.earlier: link.later for link in links}
    first = commitment
    seen = {first}
    while first in back and back[first] not in seen:
        first = back[first]
        seen.add(first)
    chain = [first]
    while chain[-1] in forward and forward[chain[-1]] not in chain:
        chain.append(forward[chain[-1]])
    return chain
