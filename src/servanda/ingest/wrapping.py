"""Hard-wrapped text (a scrape folded at ~72 columns): find the width, tell soft breaks from real ones."""

from __future__ import annotations

import re
from collections.abc import Sequence
from itertools import pairwise

_NARROWEST = 40  # nobody wraps prose narrower than this; shorter lines say nothing about wrapping
_WIDEST = 100  # lines longer than this are unwrapped paragraphs
_CAPPED_SHARE = 0.7  # in a wrapped text, most long lines stop at the width
_LONGEST_WORD = 40  # a longer "word" (a URL) overflows any width, so its line says nothing about wrapping
_SLACK = 2  # wrappers differ by a column or two in how they count (">" or ">=", a trailing space)
_ONE_LINE_EVIDENCE = 60  # a single wrapped line must be this long to show wrapping on its own
_NEAR_WIDTH = 0.75  # a wrapped line of prose fills at least this share of the width
_OPEN_LINES = 3  # lines stopping mid-sentence near the width that prose needs to show wrapping
_ENDS_SENTENCE = re.compile(r"""[.!?:;]["'”’)\]*]*\s*$""")  # a closing quote, bracket or "**" may follow


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


def prose_wrap_width(lines: Sequence[str]) -> int | None:
    """Return the column plain-text prose was wrapped at, or None: besides the widths of `wrap_width`, most
    lines near the width must stop mid-sentence, as a wrapper leaves them and one-line paragraphs never are."""
    width = wrap_width(lines)
    if width is None:
        return None
    near = [
        line
        for line, following in pairwise(lines)
        if following.strip() and _NEAR_WIDTH * width <= _width(line) <= width
    ]
    open_ended = sum(1 for line in near if not _ENDS_SENTENCE.search(line))
    return width if open_ended >= _OPEN_LINES and 2 * open_ended >= len(near) else None


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
