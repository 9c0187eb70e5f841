"""Hard-wrapped text (a scrape folded at ~72 columns): find the width, tell soft breaks from real ones."""

from __future__ import annotations

from collections.abc import Sequence
from itertools import pairwise

_NARROWEST = 40  # nobody wraps prose narrower than this; shorter lines say nothing about wrapping
_WIDEST = 100  # lines longer than this are unwrapped paragraphs
_CAPPED_SHARE = 0.7  # in a wrapped text, most long lines stop at the width
_LONGEST_WORD = 40  # a longer "word" (a URL) overflows any width, so its line says nothing about wrapping
_SLACK = 2  # wrappers differ by a column or two in how they count (">" or ">=", a trailing space)
_ONE_LINE_EVIDENCE = 60  # a single wrapped line must be this long to show wrapping on its own


def wrap_width(lines: Sequence[str]) -> int | None:
    """Return the column `lines` were wrapped at, or None if they were not hard-wrapped."""
    long = [
        length
        for line, following in pairwise(lines)
        if following.strip() and (length := _width(line)) >= _NARROWEST and _breakable(line)
    ]
    capped = sorted(length for length in long if length <= _WIDEST)
    if not capped or len(capped) < _CAPPED_SHARE * len(long):
        return None
    if len(capped) == 1 and (len(long) > 1 or capped[0] < _ONE_LINE_EVIDENCE):
        return None
    return capped[(len(capped) * 9) // 10]


def is_soft_break(line: str, following: str, width: int | None) -> bool:
    """Whether a wrapper at `width` made the break after `line`: the next word would not have fitted."""
    if width is None:
        return False
    # Only ASCII spaces are break opportunities: a no-break space glues its neighbours into one word.
    next_word = following.strip(" \t").split(" ", 1)[0]
    return _width(line) + 1 + len(next_word) > width - _SLACK


def _breakable(line: str) -> bool:
    """Whether a wrapper could have folded `line`: it has spaces and no word (a URL) too long to fit."""
    words = line.strip().split(" ")
    return len(words) > 1 and max(len(word) for word in words) <= _LONGEST_WORD


def _width(line: str) -> int:
    return len(line.rstrip(" \t"))
