"""A statement's text cut up for reading: the pieces of a reading view with each commitment's words marked, a
quote with the text around it, a passage found in a text, and search snippets with their matches marked. Pure
functions over strings and offsets."""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence
from dataclasses import dataclass

AROUND = 400  # characters of context shown on either side of a quote, at most


@dataclass(frozen=True, slots=True)
class Span:
    """Where a commitment's quote lies in its statement's text, and how firm it is."""

    id: int
    start: int
    end: int
    strength: str


@dataclass(frozen=True, slots=True)
class Piece:
    """A run of text, and the commitment whose words it is (None for the text between commitments)."""

    text: str
    span: Span | None = None
    first: bool = False  # the first piece of its commitment's words


def pieces(text: str, spans: Sequence[Span]) -> list[Piece]:
    """The text as pieces, each commitment's words apart from the text around them. Where quotes overlap, the
    words they share belong to the one that starts later (the inner one), so every commitment keeps some words
    of its own to be reached by."""
    kept = [s for s in spans if 0 <= s.start < s.end <= len(text)]
    cuts = sorted({0, len(text), *(s.start for s in kept), *(s.end for s in kept)})
    out: list[Piece] = []
    started: set[int] = set()
    for begin, end in itertools.pairwise(cuts):
        covering = [s for s in kept if s.start <= begin and end <= s.end]
        owner = max(covering, key=lambda s: (s.start, -s.end, s.id)) if covering else None
        first = owner is not None and owner.id not in started
        if owner is not None:
            started.add(owner.id)
        previous = out[-1] if out else None
        if previous is not None and previous.span == owner and not first:
            out[-1] = Piece(previous.text + text[begin:end], owner, previous.first)
        else:
            out.append(Piece(text[begin:end], owner, first))
    return out


@dataclass(frozen=True, slots=True)
class InContext:
    """A quote with the text before and after it; `cut_before` and `cut_after` say whether more text lies beyond."""

    before: str
    quote: str
    after: str
    cut_before: bool
    cut_after: bool


def in_context(text: str, start: int, end: int, *, around: int = AROUND) -> InContext:
    """The quote `text[start:end]` with the rest of its paragraph, at most `around` characters either side: cut
    at the paragraph's line break, else at a sentence's end, else at a space."""
    start, end = max(0, min(start, len(text))), max(0, min(end, len(text)))
    before = _from_break(text[max(0, start - around) : start], truncated=start > around)
    after = _to_break(text[end : end + around], truncated=end + around < len(text))
    return InContext(
        before=before,
        quote=text[start:end],
        after=after,
        cut_before=start - len(before) > 0 and text[start - len(before) - 1] != "\n",
        cut_after=end + len(after) < len(text) and text[end + len(after)] != "\n",
    )


def _from_break(head: str, *, truncated: bool) -> str:
    line = head.rfind("\n")
    if line != -1:
        return head[line + 1 :]
    if not truncated:
        return head
    sentence = head.rfind(". ")
    if sentence != -1:
        return head[sentence + 2 :]
    space = head.find(" ")
    return head[space + 1 :] if space != -1 else head


def _to_break(tail: str, *, truncated: bool) -> str:
    line = tail.find("\n")
    if line != -1:
        return tail[:line]
    if not truncated:
        return tail
    sentence = tail.rfind(". ")
    if sentence != -1:
        return tail[: sentence + 1]
    space = tail.rfind(" ")
    return tail[:space] if space != -1 else tail


def find_passage(text: str, passage: str) -> tuple[int, int] | None:
    """Where `passage` first occurs in `text`, its runs of white space matching any white space; None when it
    does not occur."""
    words = passage.split()
    if not words:
        return None
    found = re.search(r"\s+".join(re.escape(word) for word in words), text)
    return (found.start(), found.end()) if found else None


_MATCH = re.compile(r"\[([^\[\]]*)\]")


def snippet_parts(snippet: str) -> list[tuple[str, bool]]:
    """A search snippet, whose matches the store marks with [ and ], as (text, matched) parts; a bracket without
    its pair is kept as text."""
    parts: list[tuple[str, bool]] = []
    at = 0
    for found in _MATCH.finditer(snippet):
        if found.start() > at:
            parts.append((snippet[at : found.start()], False))
        parts.append((found.group(1), True))
        at = found.end()
    if at < len(snippet):
        parts.append((snippet[at:], False))
    return parts
