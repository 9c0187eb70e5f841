"""Who undertakes a commitment: the issuers named in its subject, or every issuer for "we" and its kin.

Spec: "We", "both countries", "Canada and the ROK" = every issuer; "Canada is keen to work with the ROK" = `CAN`
alone; "X welcomed Y's commitment to ..." is a commitment of Y when Y is an issuer.
"""

from __future__ import annotations

import re

from servanda.extract.due import parse_on
from servanda.reference.parties import expand_members, find_parties

# Subjects that stand for all the issuers together.
_COLLECTIVE = re.compile(
    r"\b(?:we|us|our|ourselves|both|together|jointly|leaders|ministers|presidents|prime\s+ministers|heads|"
    r"governments|countries|nations|partners|parties|sides|members|allies|they|their|participants|signatories|"
    r"the\s+president\s+and\s+(?:the\s+)?prime\s+minister|the\s+prime\s+minister\s+and\s+(?:the\s+)?president|"
    r"co-chairs|the\s+(?:two|three|four|five)|all)\b",
    re.IGNORECASE,
)
# A subject made only of such words as these refers back to something that is not a party.
_NON_PARTY = re.compile(r"^\s*(?:it|this|that|which|these|those|there|what)\b", re.IGNORECASE)


def subject_parties(subject: str, issuers: tuple[str, ...], *, on: str | None = None) -> tuple[str, ...] | None:
    """Issuers named in `subject` in issuer order; all issuers for a collective subject; None for a third party.

    An empty tuple means the subject names no party at all (a programme, an initiative, "the implementation").
    """
    mentions = find_parties(subject, on=parse_on(on))
    named = [m.code for m in mentions]
    own = [code for code in issuers if code in named or _member_named(code, named)]
    if own:
        if _COLLECTIVE.search(_strip_mentions(subject, mentions)) and re.search(
            r"\b(?:we|our|both|together)\b", subject, re.IGNORECASE
        ):
            return issuers
        return tuple(own)
    if _COLLECTIVE.search(subject):
        return issuers
    if named:
        return None  # a third party undertakes it: not a commitment of the issuers
    return ()


def is_collective(subject: str) -> bool:
    """Whether `subject` stands for all the issuers together ("we", "both countries"), naming no party."""
    return bool(_COLLECTIVE.search(subject)) and not find_parties(subject)


def possessor(text: str, issuers: tuple[str, ...], *, on: str | None = None) -> str | None:
    """The issuer at the very start of `text` in a possessive ("the ROK's decision"), if any."""
    m = re.match(r"\s*(?:the\s+)?(.{1,60}?)(?:'s|’s|'|’)\s", text) or re.match(
        r"\s*(?:the\s+)?((?:U\.S\.|[A-Z][a-z]+(?:\s+[A-Z][a-z]+)?))\s+(?=(?:announcement|decision|commitment|pledge|"
        r"plan|plans|intention|offer)\b)",
        text,
    )
    if not m:
        return None
    mentions = find_parties(m.group(1), on=parse_on(on))
    if len(mentions) == 1 and mentions[0].code in issuers:
        return mentions[0].code
    return None


def _member_named(code: str, named: list[str]) -> bool:
    """An issuer is named when a grouping it belongs to is named ("the Quad" names AUS, IND, JPN, USA)."""
    return any(code in expand_members(other) for other in named if other != code)


def _strip_mentions(subject: str, mentions: list) -> str:
    out = subject
    for m in reversed(mentions):
        out = out[: m.start] + " " + out[m.end :]
    return out
