"""Which earlier commitments a newly ingested statement bears on, ranked, with the passage that shows it.

A proposal is only a suggestion: nothing changes a commitment's status until an analyst accepts it. Each
proposal names the sentence of the new statement that bears on the commitment and what it seems to say of it:
`delivers` (a deed reported done), `restates` (the undertaking repeated), or `progresses` (any other mention).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from servanda.extract.model import Extraction
from servanda.extract.segment import sentences
from servanda.reference.parties import find_parties
from servanda.tracking.similarity import Vocabulary, content_words, cosine

NAME_WEIGHT = 0.35  # added for each mechanism or agreement both passages name
DATE_WEIGHT = 0.05  # added when the statement falls within a year of the commitment's due date
THRESHOLD = 0.25  # proposals scoring below this are not shown
_DEED = re.compile(
    r"\b(?:have|has|had)\s+(?:\w+\s+)?(?:signed|held|hosted|convened|launched|concluded|adopted|established|"
    r"completed|begun|started|finalized|finalised|agreed)\b|\b(?:signed|held|hosted|convened|launched|concluded|"
    r"took\s+place|entered\s+into\s+force|inaugurated|welcomed\s+the\s+(?:signing|conclusion|launch|"
    r"establishment|holding))\b",
    re.IGNORECASE,
)
_RESTATE = re.compile(r"\b(?:reaffirm\w*|reiterat\w*|renew\w*|recommit\w*|remain\w*\s+committed)\b", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Candidate:
    """An earlier commitment a new statement might bear on."""

    id: int
    quote: str
    document_date: str | None = None
    due: str | None = None
    names: tuple[str, ...] = ()  # mechanisms and agreements it names
    actors: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Proposal:
    commitment_id: int
    score: float
    start: int
    end: int
    passage: str
    relation: str  # delivers | restates | progresses
    shared_names: tuple[str, ...] = field(default=())


_GENERIC_NAME_WORDS = frozenset({"meeting", "dialogue", "talk", "talks", "agreement", "partnership", "plan", "action"})


def _mostly_in(name_words: set[str], passage_words: set[str]) -> bool:
    present = len(name_words & passage_words)
    return present >= 2 and present >= 0.75 * len(name_words)


def propose(
    text: str,
    extraction: Extraction,
    candidates: Sequence[Candidate],
    *,
    date: str | None = None,
    issuers: Sequence[str] = (),
    limit: int | None = None,
    threshold: float = THRESHOLD,
) -> list[Proposal]:
    """Rank `candidates` by how strongly a sentence of `text` bears on each; best first, one per commitment.

    A statement by Canada and Japan says nothing of what Canada and Korea undertook unless it names Korea: a
    candidate whose actors include a party that neither issued nor is named in the statement is passed over."""
    spans = [(s.start, s.end) for s in sentences(text)]
    if not spans or not candidates:
        return []
    present = set(issuers) | {m.code for m in find_parties(text)}
    passages = [text[a:b] for a, b in spans]
    vocabulary = Vocabulary.of([c.quote for c in candidates] + passages)
    passage_vectors = [vocabulary.vector(p) for p in passages]
    words = [set(content_words(p)) for p in passages]
    deeds = [(a.start, a.end) for a in extraction.achievements]
    restated = [(c.start, c.end) for c in extraction.commitments if c.strength == "reaffirmed"]
    proposals: list[Proposal] = []
    for candidate in candidates:
        if date and candidate.document_date and candidate.document_date > date:
            continue  # a statement cannot report on what was promised after it
        if issuers and not set(candidate.actors) <= present:
            continue
        vector = vocabulary.vector(candidate.quote)
        names = {n: set(content_words(n)) - _GENERIC_NAME_WORDS for n in candidate.names}
        spread = {n: max(1, sum(1 for pw in words if len(w) >= 2 and _mostly_in(w, pw))) for n, w in names.items()}
        best: Proposal | None = None
        for (start, end), passage_vector, passage_words, passage in zip(
            spans, passage_vectors, words, passages, strict=True
        ):
            # A name is shared when its distinctive words all appear: "this 2+2 Ministerial Meeting" names the
            # "Canada-ROK Foreign and Defence (2+2) Ministerial Meeting" once party prefixes are set aside.
            shared = tuple(sorted(n for n, w in names.items() if len(w) >= 2 and _mostly_in(w, passage_words)))
            # A name the statement repeats in many sentences (its own partnership, say) tells little about any one.
            bonus = sum(NAME_WEIGHT / spread[n] for n in shared[:2])
            score = cosine(vector, passage_vector) + bonus
            if candidate.due and date and _within_a_year(candidate.due, date):
                score += DATE_WEIGHT
            if best is None or score > best.score:
                relation = _relation(start, end, passage, deeds, restated)
                best = Proposal(candidate.id, round(score, 4), start, end, passage, relation, shared)
        if best is not None and best.score >= threshold:
            proposals.append(best)
    proposals.sort(key=lambda p: (-p.score, p.commitment_id))
    return proposals[:limit] if limit else proposals


def _relation(start: int, end: int, passage: str, deeds: list, restated: list) -> str:
    if any(a < end and start < b for a, b in deeds) or _DEED.search(passage):
        return "delivers"
    if any(a < end and start < b for a, b in restated) or _RESTATE.search(passage):
        return "restates"
    return "progresses"


def _within_a_year(due: str, date: str) -> bool:
    try:
        return abs(int(due[:4]) - int(date[:4])) <= 1
    except ValueError:
        return False
