"""How alike two passages are: TF-IDF cosine over content words, with names of mechanisms and agreements weighted
as the strongest signal that two passages speak of the same undertaking."""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

_WORD = re.compile(r"[a-z0-9][a-z0-9+'-]*")
_STOP = frozenset(
    """a an and are as at be been being both by for from has have had in into is it its of on or our that the
    their these this those to was we were will with which who shall also further each other such than they them
    there through under upon us within would can could may might must should very more most all any some own same
    so only not no nor too just countries two leaders ministers minister government governments statement
    joint today new""".split()
)


def content_words(text: str) -> list[str]:
    """Lowercased words without function words, with a plural or verb -s folded ("exercises" → "exercise")."""
    out = []
    for w in _WORD.findall(text.lower().replace("’", "'")):
        if w in _STOP or w.isdigit():
            continue
        if len(w) > 4 and w.endswith("s") and not w.endswith("ss"):
            w = w[:-1]
        out.append(w)
    return out


@dataclass
class Vocabulary:
    """Document frequencies over a collection of passages, for inverse-document-frequency weights."""

    documents: int
    frequency: Counter

    @classmethod
    def of(cls, passages: Iterable[str]) -> Vocabulary:
        frequency: Counter = Counter()
        count = 0
        for passage in passages:
            frequency.update(set(content_words(passage)))
            count += 1
        return cls(count, frequency)

    def idf(self, word: str) -> float:
        return math.log((1 + self.documents) / (1 + self.frequency.get(word, 0))) + 1.0

    def vector(self, text: str) -> dict[str, float]:
        counts = Counter(content_words(text))
        vec = {w: (1 + math.log(c)) * self.idf(w) for w, c in counts.items()}
        norm = math.sqrt(sum(v * v for v in vec.values())) or 1.0
        return {w: v / norm for w, v in vec.items()}


def cosine(a: dict[str, float], b: dict[str, float]) -> float:
    if len(a) > len(b):
        a, b = b, a
    return sum(v * b.get(w, 0.0) for w, v in a.items())
