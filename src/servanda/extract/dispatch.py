"""Faster matching of a large alternation of named patterns, by the characters a match begins with.

A match of `(?P<a>...)|(?P<b>...)|...` at a position is the first alternative that matches there. An
alternative that cannot begin with the characters found there fails anyway, so trying only the alternatives that
can begin with them, in their original order, gives the same match, group names included. What an alternative
can begin with is read from the parsed pattern, up to two characters; where that cannot be told (a class like
`\\w`, a repetition of unknown length), what is known so far is kept and the rest may be anything.
"""

from __future__ import annotations

import re
from functools import lru_cache

try:  # the standard library's pattern parser; its home has moved between Python versions
    from re import _constants as _sre
    from re import _parser as _parse
except ImportError:  # pragma: no cover - older layouts
    _sre = _parse = None  # type: ignore[assignment]

DEPTH = 2  # characters of a match's beginning used to choose the alternatives to try
_SMALL_CLASS = 64  # a character class larger than this may begin with anything
_END, _OPEN = "end", "open"  # after a prefix: the alternative ends, or anything may follow


def beginnings(pattern: str, flags: int = 0, depth: int = DEPTH) -> frozenset[str] | None:
    """The lowercased beginnings, `depth` characters long or shorter when anything may follow, of a non-empty
    match of `pattern`; None when even the first character cannot be told."""
    if _parse is None:
        return None
    try:
        found = _sequence(list(_parse.parse(pattern, flags)), depth)
    except Exception:  # an unfamiliar parse tree: stay safe
        return None
    out = frozenset(text.lower() for text, _ in found)
    return None if "" in out else out


def first_characters(pattern: str, flags: int = 0) -> frozenset[str] | None:
    """The lowercased characters a non-empty match of `pattern` can begin with, or None when unknown."""
    found = beginnings(pattern, flags, depth=1)
    return None if found is None else frozenset(found)


def _sequence(items: list, depth: int) -> set[tuple[str, str]]:
    """(beginning, what follows it) for a sequence of parsed items."""
    results = {("", _END)}
    for op, av in items:
        if all(state != _END or len(text) >= depth for text, state in results):
            break
        extended: set[tuple[str, str]] = set()
        for text, state in results:
            if state != _END or len(text) >= depth:
                extended.add((text, state))
                continue
            for more, more_state in _item(op, av, depth - len(text)):
                extended.add(((text + more)[:depth], more_state))
        results = extended
    return results


def _item(op, av, depth: int) -> set[tuple[str, str]]:
    if op is _sre.LITERAL:
        return {(chr(av), _END)}
    if op in (_sre.AT, _sre.ASSERT, _sre.ASSERT_NOT):
        return {("", _END)}  # zero-width: what follows begins the match
    if op is _sre.SUBPATTERN:
        return _sequence(list(av[-1]), depth)
    if op is _sre.BRANCH:
        out: set[tuple[str, str]] = set()
        for branch in av[1]:
            out |= _sequence(list(branch), depth)
        return out
    if op in (_sre.MAX_REPEAT, _sre.MIN_REPEAT, getattr(_sre, "POSSESSIVE_REPEAT", None)):
        low, high, item = av
        once = _sequence(list(item), depth)
        if high != 1:  # after one round, another may follow: what comes next is not known
            once = {(text, _OPEN if state == _END else state) for text, state in once}
        return once | {("", _END)} if low == 0 else once
    if op is _sre.IN:
        chars: set[str] = set()
        for kind, value in av:
            if kind is _sre.LITERAL:
                chars.add(chr(value))
            elif kind is _sre.RANGE and value[1] - value[0] < _SMALL_CLASS:
                chars.update(chr(c) for c in range(value[0], value[1] + 1))
            else:
                return {("", _OPEN)}
        return {(c, _END) for c in chars} if len(chars) <= _SMALL_CLASS else {("", _OPEN)}
    return {("", _OPEN)}


class PrefixDispatch:
    """`(?P<name>pattern)|...` compiled once whole and, on demand, once per beginning of two ASCII characters for
    the alternatives that can begin with them. `match` answers exactly as the whole alternation would."""

    def __init__(self, alternatives: list[tuple[str, str]], flags: int = 0) -> None:
        self._alternatives = [(name, pattern, beginnings(pattern, flags)) for name, pattern in alternatives]
        self._flags = flags
        self.whole = re.compile("|".join(f"(?P<{n}>{p})" for n, p in alternatives), flags)
        self._for = lru_cache(maxsize=4096)(self._compile_for)

    def _compile_for(self, key: str) -> re.Pattern[str]:
        parts = [
            f"(?P<{n}>{p})"
            for n, p, begins in self._alternatives
            if begins is None or any(key.startswith(b) for b in begins)
        ]
        return re.compile("|".join(parts), self._flags) if parts else re.compile(r"(?!)")

    def match(self, text: str, pos: int = 0, end: int | None = None) -> re.Match[str] | None:
        """`self.whole.match(text, pos, end)`, trying only the alternatives that can begin at `text[pos:]`."""
        end = len(text) if end is None else end
        key = text[pos : min(end, pos + DEPTH)]
        if len(key) < DEPTH or not key.isascii():
            # near the end, or case folding beyond ASCII ("ſ" matches "s" ignoring case): try them all
            return self.whole.match(text, pos, end)
        return self._for(key.lower()).match(text, pos, end)
