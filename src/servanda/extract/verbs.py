"""Verbs that open an undertaking of their own when coordinated under one governing verb."""

from __future__ import annotations

import re

_WORD = re.compile(r"[A-Za-z0-9][A-Za-z0-9'’-]*")

# Base-form verbs that open a new undertaking after "and" when a modal or commitment verb governs the clause.
ACTION_VERBS = frozenset(
    [
        "accelerate",
        "achieve",
        "address",
        "adopt",
        "advance",
        "align",
        "allocate",
        "appoint",
        "assist",
        "attract",
        "bolster",
        "boost",
        "bring",
        "broaden",
        "build",
        "collaborate",
        "combat",
        "commence",
        "complete",
        "conclude",
        "conduct",
        "connect",
        "consult",
        "contribute",
        "convene",
        "cooperate",
        "coordinate",
        "counter",
        "create",
        "curb",
        "deepen",
        "defend",
        "deliver",
        "deploy",
        "designate",
        "develop",
        "diversify",
        "drive",
        "elevate",
        "empower",
        "enable",
        "encourage",
        "engage",
        "enhance",
        "ensure",
        "establish",
        "evolve",
        "expand",
        "expedite",
        "explore",
        "extend",
        "facilitate",
        "finalise",
        "finalize",
        "foster",
        "finance",
        "fund",
        "help",
        "hold",
        "host",
        "identify",
        "implement",
        "impose",
        "improve",
        "increase",
        "initiate",
        "institutionalize",
        "integrate",
        "intensify",
        "invest",
        "join",
        "launch",
        "lead",
        "leverage",
        "maintain",
        "make",
        "mobilise",
        "mobilize",
        "modernise",
        "modernize",
        "monitor",
        "operationalise",
        "operationalize",
        "organise",
        "organize",
        "pilot",
        "preserve",
        "prevent",
        "prioritise",
        "prioritize",
        "procure",
        "promote",
        "protect",
        "provide",
        "pursue",
        "raise",
        "redouble",
        "reduce",
        "reform",
        "reinforce",
        "renew",
        "respond",
        "resume",
        "safeguard",
        "scale",
        "secure",
        "seek",
        "send",
        "share",
        "sign",
        "streamline",
        "strengthen",
        "submit",
        "sustain",
        "tackle",
        "take",
        "train",
        "transform",
        "undertake",
        "unlock",
        "update",
        "upgrade",
        "work",
    ]
)
# Words after which a verb is not taking an object ("support for", "secure and"): not a predicate.
NOT_OBJECT = frozenset(
    [
        "of",
        "for",
        "in",
        "on",
        "and",
        "or",
        "to",
        "with",
        "at",
        "from",
        "by",
        "as",
        "is",
        "are",
        "was",
        "were",
        "be",
    ]
)


def verb_base(word: str) -> str | None:
    """The action verb `word` is, in its base form or as a gerund ("providing" → "provide"), if any."""
    word = word.lower()
    if word in ACTION_VERBS:
        return word
    if not word.endswith("ing") or len(word) < 6:
        return None
    stem = word[:-3]
    for base in (stem, stem + "e", stem[:-1] if len(stem) > 2 and stem[-1] == stem[-2] else ""):
        if base in ACTION_VERBS:
            return base
    return None


def takes_object(text: str, pos: int, end: int) -> bool:
    """Whether the verb ending at `pos` is followed by an object, not by a comma or a preposition."""
    if pos >= end or text[pos] not in " \n":
        return False
    after = _WORD.match(text, pos + 1, end)
    return after is not None and after.group(0).lower() not in NOT_OBJECT
