"""The area lexicon: terms that signal each policy field, found by one pass over a text's words."""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources
from itertools import accumulate

import yaml

from servanda.extract.model import AREAS

Key = tuple[str, str]  # (area, tier)
_TOKEN = re.compile(r"[a-z0-9]+(?:[+&'’-][a-z0-9]+)*", re.IGNORECASE)
_WORDS = re.compile(f"({_TOKEN.pattern})")  # the same words in lowercased text, kept by re.split
_WORDS_ANY_CASE = re.compile(f"({_TOKEN.pattern})", re.IGNORECASE)  # for text that kept a capital ("İ")


@dataclass(frozen=True, slots=True)
class _Lexicon:
    by_first: dict[str, list[tuple[tuple[str, ...], bool, Key]]]  # longest terms first
    stems: dict[str, Key]  # one-word terms ending in "*"
    stem_lengths: tuple[int, ...]


@cache
def _lexicon() -> _Lexicon:
    data = yaml.safe_load(resources.files("servanda.extract.data").joinpath("area_lexicon.yaml").read_text())
    by_first: dict[str, list[tuple[tuple[str, ...], bool, Key]]] = {}
    stems: dict[str, Key] = {}
    for area, tiers in data["areas"].items():
        if area not in AREAS:
            raise ValueError(f"area lexicon names an unknown area: {area}")
        for tier in ("core", "broad"):
            for term in tiers.get(tier) or []:
                stem = term.endswith("*")
                words = tuple(_TOKEN.findall(term.rstrip("*").lower().replace("’", "'")))
                if not words:
                    raise ValueError(f"area lexicon term has no words: {term!r}")
                if stem and len(words) == 1:
                    stems.setdefault(words[0], (area, tier))
                else:
                    by_first.setdefault(words[0], []).append((words, stem, (area, tier)))
    for entries in by_first.values():
        entries.sort(key=lambda e: -len(e[0]))
    return _Lexicon(by_first, stems, tuple(sorted({len(k) for k in stems}, reverse=True)))


@dataclass(frozen=True, slots=True)
class TermIndex:
    """Where each lexicon term occurs in a text, so the hits of any span are counted without rescanning it."""

    starts: list[int]
    ends: list[int]
    keys: list[Key]

    def hits(self, start: int, end: int) -> dict[Key, int]:
        """Hits of the terms lying wholly inside `text[start:end]`."""
        out: dict[Key, int] = {}
        i = bisect_left(self.starts, start)
        while i < len(self.starts) and self.starts[i] < end:
            if self.ends[i] <= end:
                key = self.keys[i]
                out[key] = out.get(key, 0) + 1
            i += 1
        return out


def index_terms(text: str) -> TermIndex:
    """Every lexicon term in `text`, left to right; a word counts towards one term at most."""
    lexicon = _lexicon()
    lowered = text.lower().replace("’", "'")
    words = _WORDS
    if len(lowered) != len(text):  # a few letters change length when lowercased; keep offsets exact
        lowered = "".join(c.lower() if len(c.lower()) == 1 else c for c in text).replace("’", "'")
        words = _WORDS_ANY_CASE
    # Split into [gap, word, gap, word, ..., gap]: word k is parts[2k + 1] and ends at bounds[2k + 1].
    parts = words.split(lowered)
    tokens = parts[1::2]
    by_first = lexicon.by_first
    # Only words that begin a term or a stem can start a hit: test each distinct word once.
    starting = {t for t in set(tokens) if t in by_first or _stem_key(t) is not None}
    starts: list[int] = []
    ends: list[int] = []
    keys: list[Key] = []
    if starting:
        bounds = list(accumulate(map(len, parts)))
        n, after = len(tokens), -1
        for i in [k for k, t in enumerate(tokens) if t in starting]:
            if i <= after:  # already inside the previous term
                continue
            token = tokens[i]
            key, last = _term_at(lexicon, tokens, i, n) if token in by_first else (None, i)
            if key is None:
                key = _stem_key(token)
            if key is not None:
                starts.append(bounds[2 * i])
                ends.append(bounds[2 * last + 1])
                keys.append(key)
                after = last
    return TermIndex(starts, ends, keys)


@lru_cache(maxsize=65536)
def _stem_key(token: str) -> Key | None:
    """The field of the one-word stem term ("cyber*") that `token` begins with, if any."""
    lexicon = _lexicon()
    for length in lexicon.stem_lengths:
        if length <= len(token) and token[:length] in lexicon.stems:
            return lexicon.stems[token[:length]]
    return None


def _term_at(lexicon: _Lexicon, tokens: list[str], i: int, n: int) -> tuple[Key | None, int]:
    """The longest term starting at token `i`, and the index of its last token."""
    for words, stem, key in lexicon.by_first.get(tokens[i], ()):
        size = len(words)
        if i + size > n:
            continue
        if any(tokens[i + k] != words[k] for k in range(1, size - 1 if stem else size)):
            continue
        last = tokens[i + size - 1]
        if size == 1 or (last.startswith(words[-1]) if stem else last == words[-1]):
            return key, i + size - 1
    return None, i


@lru_cache(maxsize=512)
def lexicon_hits(text: str) -> dict[Key, int]:
    """How many lexicon terms of each (area, tier) occur in `text` (section headings repeat: cached)."""
    index = index_terms(text)
    return index.hits(0, len(text))
