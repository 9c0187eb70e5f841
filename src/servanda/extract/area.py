"""The policy field (`area`) of an undertaking: a linear model over words, lexicon hits and the section heading.

The model is trained by `servanda.extract.training` on annotated statements and ships as JSON weights, so
prediction needs no third-party library and gives the same answer everywhere. Without a model file the lexicon
alone decides.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources
from itertools import pairwise

import yaml

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


_LEX_TOKEN = re.compile(r"[a-z0-9]+(?:[+&'’-][a-z0-9]+)*")


@dataclass(frozen=True, slots=True)
class _Lexicon:
    by_first: dict[str, list[tuple[tuple[str, ...], bool, tuple[str, str]]]]  # longest terms first
    stems: dict[str, tuple[str, str]]  # one-word terms ending in "*"
    stem_lengths: tuple[int, ...]


@cache
def _lexicon() -> _Lexicon:
    data = yaml.safe_load(resources.files("servanda.extract.data").joinpath("area_lexicon.yaml").read_text())
    by_first: dict[str, list[tuple[tuple[str, ...], bool, tuple[str, str]]]] = {}
    stems: dict[str, tuple[str, str]] = {}
    for area, tiers in data["areas"].items():
        if area not in AREAS:
            raise ValueError(f"area lexicon names an unknown area: {area}")
        for tier in ("core", "broad"):
            for term in tiers.get(tier) or []:
                stem = term.endswith("*")
                words = tuple(_LEX_TOKEN.findall(term.rstrip("*").lower().replace("’", "'")))
                if not words:
                    raise ValueError(f"area lexicon term has no words: {term!r}")
                if stem and len(words) == 1:
                    stems.setdefault(words[0], (area, tier))
                else:
                    by_first.setdefault(words[0], []).append((words, stem, (area, tier)))
    for entries in by_first.values():
        entries.sort(key=lambda e: -len(e[0]))
    return _Lexicon(by_first, stems, tuple(sorted({len(k) for k in stems}, reverse=True)))


@lru_cache(maxsize=1024)
def lexicon_hits(text: str) -> dict[tuple[str, str], int]:
    """How many lexicon terms of each (area, tier) occur in `text`; a word counts towards one term at most."""
    lexicon = _lexicon()
    tokens = _LEX_TOKEN.findall(text.lower().replace("’", "'"))
    hits: dict[tuple[str, str], int] = {}
    i, n = 0, len(tokens)
    while i < n:
        token = tokens[i]
        found = None
        for words, stem, key in lexicon.by_first.get(token, ()):
            size = len(words)
            if (
                i + size <= n
                and all(tokens[i + k] == words[k] for k in range(1, size - 1 if stem else size))
                and (
                    size == 1
                    or (tokens[i + size - 1].startswith(words[-1]) if stem else tokens[i + size - 1] == words[-1])
                )
            ):
                found, i = key, i + size
                break
        if found is None:
            for length in lexicon.stem_lengths:
                if length <= len(token) and token[:length] in lexicon.stems:
                    found = lexicon.stems[token[:length]]
                    break
            i += 1
        if found is not None:
            hits[found] = hits.get(found, 0) + 1
    return hits


def features(text: str, section: str | None = None, context: str | None = None) -> dict[str, float]:
    """Sparse features of one undertaking: words, word pairs, lexicon hits, and the lexicon hits of the heading
    it sits under and of the paragraph around it (a short clause takes its topic from its paragraph)."""
    words = [w for w in _TOKEN.findall(text.lower()) if w not in STOPWORDS and not w.isdigit()]
    out: dict[str, float] = {}
    for w in words:
        out[f"w:{w}"] = 1.0
    for a, b in pairwise(words):
        out[f"b:{a}_{b}"] = 1.0
    for (area, tier), count in lexicon_hits(text).items():
        out[f"{tier}:{area}"] = LEXICON_SCALE * min(count, 4)
    if context:
        # Shares, not counts: a paragraph that ranges over many fields says little about any one clause.
        hits = lexicon_hits(context)
        total = sum(hits.values())
        for (area, tier), count in hits.items():
            out[f"p{tier}:{area}"] = CONTEXT_SCALE * count / total
    if section:
        for w in _TOKEN.findall(section.lower()):
            if w not in STOPWORDS:
                out[f"s:{w}"] = 1.0
        for (area, tier), count in lexicon_hits(section).items():
            out[f"s{tier}:{area}"] = float(min(count, 2))
    return out


CONTEXT_SCALE = 2.0  # weight of the surrounding sentences' lexicon, spread over the fields they name
LEXICON_SCALE = 1.0  # weight of one lexicon hit, against 1.0 for one word of the undertaking


@cache
def _model() -> dict | None:
    path = resources.files("servanda.extract.data").joinpath("area_model.json")
    if not path.is_file():
        return None
    return json.loads(path.read_text())


def classify_area(text: str, section: str | None = None, context: str | None = None) -> str:
    """The most likely area of the undertaking stated by `text` under the heading `section` in `context`."""
    feats = features(text, section, context)
    model = _model()
    if model is None:
        return _lexicon_vote(feats)
    classes: list[str] = model["classes"]
    scores = list(model["bias"])
    weights: dict[str, list[list[float]]] = model["weights"]
    for name, value in feats.items():
        for i, w in weights.get(name, ()):
            scores[int(i)] += w * value
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
