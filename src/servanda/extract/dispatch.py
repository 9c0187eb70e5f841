"""Faster matching of a large alternation of named patterns, by the character a match begins with.

A match of `(?P<a>...)|(?P<b>...)|...` at a position is the first alternative that matches there. An
alternative that cannot begin with the character found there fails anyway, so trying only the alternatives that
can begin with it, in their original order, gives the same match, group names included. Which characters an
alternative can begin with is read from the parsed pattern; when that cannot be told (a class like `\\w`, an
alternative that may match empty), the alternative is tried at every position.
"""

from __future__ import annotations

import re
from functools import lru_cache

try:  # the standard library's pattern parser; its home has moved between Python versions
    from re import _constants as _sre
    from re import _parser as _parse
except ImportError:  # pragma: no cover - older layouts
    _sre = _parse = None  # type: ignore[assignment]

AnyChar = None  # "could begin with any character"


def first_characters(pattern: str, flags: int = 0) -> frozenset[str] | None:
    """The lowercased characters a non-empty match of `pattern` can begin with, or None when unknown."""
    if _parse is None:
        return AnyChar
    try:
        chars, nullable = _first(list(_parse.parse(pattern, flags)))
    except Exception:  # an unfamiliar parse tree: stay safe
        return AnyChar
    return None if chars is None or nullable else frozenset(c.lower() for c in chars)


def _first(items: list) -> tuple[set[str] | None, bool]:
    """(characters a sequence can begin with or None for any, whether it can match empty)."""
    out: set[str] = set()
    for op, av in items:
        chars, nullable = _first_of(op, av)
        if chars is None:
            return None, False
        out |= chars
        if not nullable:
            return out, False
    return out, True


def _first_of(op, av) -> tuple[set[str] | None, bool]:
    if op is _sre.LITERAL:
        return {chr(av)}, False
    if op in (_sre.AT, _sre.ASSERT, _sre.ASSERT_NOT):
        return set(), True  # zero-width: what follows begins the match
    if op is _sre.SUBPATTERN:
        return _first(list(av[-1]))
    if op is _sre.BRANCH:
        out: set[str] = set()
        any_empty = False
        for branch in av[1]:
            chars, nullable = _first(list(branch))
            if chars is None:
                return None, False
            out |= chars
            any_empty |= nullable
        return out, any_empty
    if op in (_sre.MAX_REPEAT, _sre.MIN_REPEAT, getattr(_sre, "POSSESSIVE_REPEAT", None)):
        low, _, item = av
        chars, nullable = _first(list(item))
        return (None, False) if chars is None else (chars, nullable or low == 0)
    if op is _sre.IN:
        out = set()
        for kind, value in av:
            if kind is _sre.LITERAL:
                out.add(chr(value))
            elif kind is _sre.RANGE and value[1] - value[0] < 256:
                out.update(chr(c) for c in range(value[0], value[1] + 1))
            else:
                return None, False
        return out, False
    return None, False


class FirstCharacterDispatch:
    """`(?P<name>pattern)|...` compiled once whole and, on demand, once per ASCII character for the
    alternatives that can begin with it. `match` answers exactly as the whole alternation would."""

    def __init__(self, alternatives: list[tuple[str, str]], flags: int = 0) -> None:
        self._alternatives = [(name, pattern, first_characters(pattern, flags)) for name, pattern in alternatives]
        self._flags = flags
        self.whole = re.compile("|".join(f"(?P<{n}>{p})" for n, p in alternatives), flags)
        self._for = lru_cache(maxsize=None)(self._compile_for)

    def _compile_for(self, char: str) -> re.Pattern[str]:
        parts = [f"(?P<{n}>{p})" for n, p, first in self._alternatives if first is None or char in first]
        return re.compile("|".join(parts), self._flags) if parts else re.compile(r"(?!)")

    def match(self, text: str, pos: int = 0, end: int | None = None) -> re.Match[str] | None:
        """`self.whole.match(text, pos, end)`, trying only the alternatives that can begin at `text[pos]`."""
        end = len(text) if end is None else end
        if pos >= end:
            return self.whole.match(text, pos, end)
        char = text[pos]
        if not char.isascii():  # case folding beyond ASCII ("ſ" matches "s" ignoring case): try them all
            return self.whole.match(text, pos, end)
        return self._for(char.lower()).match(text, pos, end)
