"""Serial lists of predicates under one governing verb, cut into the undertakings a person would track.

"We will build resilience in our supply chains, accelerate global efforts to tackle the climate crisis, and
advance data free flow with trust" carries three undertakings; so does "we commit to continue providing
assistance to Ukraine, imposing coordinated sanctions on Russia, and accelerating the reduction of dependency on
Russian energy". "We intend to share information, align our messaging, and coordinate response actions" describes
one act in short parts, and stays whole: an item stands on its own only when it is long enough to be tracked.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import pairwise

from servanda.extract.cues import COMMIT, find_cues
from servanda.extract.verbs import takes_object, verb_base

SERIAL_ITEM_WORDS = 5  # words an item needs to be an undertaking of its own
LEAD_REACH = 4  # words between the governing cue and the list's first verb ("will work together to drive")
_POSITION_VERBS = frozenset(["support", "uphold"])  # cue verbs that may also head a list item

_SEPARATOR = re.compile(r",\s+(?P<joint>(?:and|as\s+well\s+as)\s+)?(?:(?:also|further)\s+)?(?P<verb>[a-z]+)\b")
_WORD = re.compile(r"[A-Za-z0-9][A-Za-z0-9'’-]*")


@dataclass(frozen=True, slots=True)
class _Item:
    comma: int  # where the previous item ends
    start: int  # where this item begins ("and" included, trimmed later)
    form: str  # "base" or "ing"
    joined: bool  # introduced by "and" or "as well as"


def serial_cuts(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """(end of an item, start of the next) at each cut of a serial predicate list in `text[start:end]`."""
    items = _list_items(text, start, end)
    if not items:
        return []
    head = _list_head(text, start, items[0].comma, items[0].form)
    if head is None:
        return []
    bounds = [head] + [item.start for item in items]
    ends = [item.comma for item in items] + [end]
    if any(_words(text, b, e) < SERIAL_ITEM_WORDS for b, e in zip(bounds, ends, strict=True)):
        return []  # a short item: one act described in parts
    return [(item.comma, item.start) for item in items]


def _list_items(text: str, start: int, end: int) -> list[_Item]:
    """The items after the first of a list closed by "and" / "as well as", all with one verb form."""
    found: list[_Item] = []
    for m in _SEPARATOR.finditer(text, start, end):
        form = _verb_form(m.group("verb"))
        if form is None or not takes_object(text, m.end("verb"), end):
            continue
        begin = m.start("joint") if m.group("joint") else m.start("verb")
        found.append(_Item(m.start(), begin, form, bool(m.group("joint"))))
        if m.group("joint"):
            break  # the list ends at its joined item
    if not found or not found[-1].joined:
        return []
    form = found[-1].form
    return [item for item in found if item.form == form]


def _list_head(text: str, start: int, first_comma: int, form: str) -> int | None:
    """Where the list's first item begins: at the end of the commitment cue that governs it, when a verb of the
    same `form` follows the cue closely and no infinitive of its own ("efforts to strengthen A, build B") could
    be what the later items continue."""
    cues = [c for c in find_cues(text, start, first_comma) if c.kind == COMMIT]
    if not cues:
        return None
    words = _WORD.findall(text, cues[-1].end, first_comma)
    if not any(_verb_form(word) == form for word in words[:LEAD_REACH]):
        return None
    if any(a.lower() == "to" and _verb_form(b) == "base" for a, b in pairwise(words)):
        return None
    first = len(cues) - 1
    while first > 0 and cues[first - 1].end >= cues[first].start - 1:
        first -= 1  # cues in a chain ("commit to continue providing"): the first item begins after the first
    return cues[first].end


def _verb_form(word: str) -> str | None:
    """ "base" or "ing" when `word` is a verb that can head a list item, else None."""
    word = word.lower()
    if word in _POSITION_VERBS:
        return "base"
    if word.endswith("ing") and word[:-3] in _POSITION_VERBS:
        return "ing"
    base = verb_base(word)
    if base is None:
        return None
    return "base" if base == word else "ing"


def _words(text: str, start: int, end: int) -> int:
    return len(_WORD.findall(text, start, end))
