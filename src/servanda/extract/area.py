"""The policy field (`area`) of an undertaking: a linear model over its words, the lexicon terms it uses, the
terms of the sentences around it, and its section heading.

The model is trained by `servanda.extract.training` on annotated statements and ships as JSON weights, so
prediction needs no third-party library and gives the same answer everywhere. Without a model file the lexicon
alone decides.
"""

from __future__ import annotations

import json
import re
from functools import cache
from importlib import resources
from itertools import pairwise

from servanda.extract.lexicon import Key, TermIndex, index_terms, lexicon_hits
from servanda.extract.model import AREAS

_TOKEN = re.compile(r"[a-z0-9][a-z0-9+'-]*")
STOPWORDS = frozenset(
    [
        "a",
        "an",
        "and",
        "are",
        "as",
        "at",
        "be",
        "been",
        "being",
        "both",
        "by",
        "for",
        "from",
        "has",
        "have",
        "in",
        "into",
        "is",
        "it",
        "its",
        "of",
        "on",
        "or",
        "our",
        "that",
        "the",
        "their",
        "these",
        "this",
        "those",
        "to",
        "was",
        "we",
        "were",
        "will",
        "with",
        "which",
        "who",
        "whom",
        "whose",
        "shall",
        "also",
        "further",
        "each",
        "other",
        "such",
        "than",
        "then",
        "they",
        "them",
        "there",
        "thereby",
        "through",
        "under",
        "upon",
        "us",
        "within",
        "without",
        "would",
        "can",
        "could",
        "may",
        "might",
        "must",
        "should",
        "very",
        "more",
        "most",
        "all",
        "any",
        "some",
        "own",
        "same",
        "so",
        "only",
        "not",
        "no",
        "nor",
        "too",
        "just",
    ]
)

CONTEXT_SCALE = 2.0  # weight of the surrounding sentences' lexicon, spread over the fields they name
LEXICON_SCALE = 1.0  # weight of one lexicon hit, against 1.0 for one word of the undertaking


def features(
    quote: str, quote_hits: dict[Key, int], section: str | None, context_hits: dict[Key, int] | None
) -> dict[str, float]:
    """Sparse features of one undertaking: its words and word pairs, its lexicon hits, the share of each field
    among the terms of the sentences around it (a short clause takes its topic from them), and its heading."""
    words = [w for w in _TOKEN.findall(quote.lower()) if w not in STOPWORDS and not w.isdigit()]
    out: dict[str, float] = {}
    for w in words:
        out[f"w:{w}"] = 1.0
    for a, b in pairwise(words):
        out[f"b:{a}_{b}"] = 1.0
    for (area, tier), count in quote_hits.items():
        out[f"{tier}:{area}"] = LEXICON_SCALE * min(count, 4)
    if context_hits:
        # Shares, not counts: sentences that range over many fields say little about any one clause.
        total = sum(context_hits.values())
        for (area, tier), count in context_hits.items():
            out[f"p{tier}:{area}"] = CONTEXT_SCALE * count / total
    if section:
        for w in _TOKEN.findall(section.lower()):
            if w not in STOPWORDS:
                out[f"s:{w}"] = 1.0
        for (area, tier), count in lexicon_hits(section).items():
            out[f"s{tier}:{area}"] = float(min(count, 2))
    return out


class AreaTagger:
    """Classifies the undertakings of one text, finding the lexicon's terms in it once."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.terms: TermIndex = index_terms(text)

    def features(self, start: int, end: int, section: str | None, context: tuple[int, int] | None) -> dict:
        hits = self.terms.hits(start, end)
        around = self.terms.hits(*context) if context else None
        return features(self.text[start:end], hits, section, around)

    def area(self, start: int, end: int, section: str | None = None, context: tuple[int, int] | None = None) -> str:
        """The most likely area of the undertaking at `text[start:end]`."""
        return decide(self.features(start, end, section, context))


def classify_area(quote: str, section: str | None = None, context: str | None = None) -> str:
    """The most likely area of the undertaking `quote`, for a quote known without its source text."""
    hits = lexicon_hits(quote)
    return decide(features(quote, hits, section, lexicon_hits(context) if context else None))


@cache
def _model() -> dict | None:
    path = resources.files("servanda.extract.data").joinpath("area_model.json")
    if not path.is_file():
        return None
    return json.loads(path.read_text())


@cache
def _shipped_rows() -> dict[str, tuple[tuple[int, float], ...]]:
    model = _model() or {"weights": {}}
    return {name: tuple((int(i), w) for i, w in row) for name, row in model["weights"].items()}


def decide(feats: dict[str, float], model: dict | None = None) -> str:
    """The class with the highest linear score (the lexicon's vote when no model ships)."""
    if model is None:
        model, rows = _model(), _shipped_rows()
        if model is None:
            return _lexicon_vote(feats)
    else:
        rows = {name: tuple((int(i), w) for i, w in row) for name, row in model["weights"].items()}
    classes: list[str] = model["classes"]
    scores = list(model["bias"])
    empty: tuple = ()
    for name, value in feats.items():
        for i, w in rows.get(name, empty):
            scores[i] += w * value
    best = max(range(len(classes)), key=lambda i: (scores[i], -i))
    return classes[best]


def _lexicon_vote(feats: dict[str, float]) -> str:
    votes = {
        area: 2 * feats.get(f"core:{area}", 0.0)
        + feats.get(f"broad:{area}", 0.0)
        + 0.5 * (feats.get(f"score:{area}", 0.0) + feats.get(f"pcore:{area}", 0.0))
        for area in AREAS
    }
    best = max(AREAS, key=lambda a: (votes[a], -AREAS.index(a)))
    return best if votes[best] > 0 else "partnership"
