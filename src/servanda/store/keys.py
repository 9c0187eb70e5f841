"""Normalised keys that let differently written names of one mechanism or agreement meet.

"Canada-ROK Foreign and Defence (2+2) Ministerial Meeting", "the Canada–Republic of Korea Foreign and Defense
Ministerial Meeting" and "ROK-Canada Foreign and Defence 2+2 Ministerial Meeting" are one meeting: parties are
compared by their codes in any order, parenthesised abbreviations and British or American spelling do not count,
and "Foreign and Defence" is the "2+2" it is often written as.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

from servanda.reference.parties import find_parties

# "+" carries meaning in "2+2 Ministerial Meeting"; every other punctuation mark or symbol does not.
_KEPT = frozenset("+")
# Dashes and slashes separate words ("Canada-ROK", "Canada–ROK" and "Canada ROK" are one name);
# the rest joins them ("Leaders' Meeting", "U.S." → "us").
_SEPARATORS = frozenset("/\\")
_PARENTHESISED = re.compile(r"\([^()]*\)")
_FORMAT = re.compile(r"^\d\+\d$")  # "2+2": two ministers from each side, foreign and defence
_SPELLING = {"defense": "defence", "center": "centre", "program": "programme", "programs": "programmes"}


def name_key(name: str, parties: Iterable[str] = ()) -> str:
    """The key two names of one thing share: party codes first, in order, then the other words casefolded,
    without punctuation except "+", with whitespace collapsed. A name that names no party ("Strategic Dialogue")
    is taken to be the `parties`' own (a statement's issuers), so two partnerships' dialogues stay apart."""
    text = unicodedata.normalize("NFKC", name)
    text = _PARENTHESISED.sub(" ", text) if _PARENTHESISED.sub("", text).strip() else text
    named: set[str] = set()
    rest = []
    at = 0
    for mention in find_parties(text, leaders=False):
        named.add(mention.code.casefold())
        rest.append(text[at : mention.start])
        at = mention.end
    rest.append(text[at:])
    words = [_spelling(w) for w in _plain(" ".join(rest)).split()]
    if words[:1] == ["the"]:
        words = words[1:]
    words = _two_plus_two(words)
    codes = named or {party.casefold() for party in parties}
    # Composing again: dropping a mark can bring a letter next to a combining accent ("C:̧" → "ç").
    return unicodedata.normalize("NFKC", " ".join([*sorted(codes), *words]))


def plain_key(name: str) -> str:
    """The simpler key stores used before migration 0009: casefolded, without punctuation except "+"."""
    return unicodedata.normalize("NFKC", " ".join(_plain(unicodedata.normalize("NFKC", name)).split()))


def _plain(text: str) -> str:
    chars = []
    for char in text.casefold():
        category = unicodedata.category(char)
        if char in _KEPT or category[0] not in "PS":
            chars.append(char)
        elif category == "Pd" or char in _SEPARATORS:
            chars.append(" ")
    return "".join(chars)


def _two_plus_two(words: list[str]) -> list[str]:
    """The 2+2 format, whether written "Foreign and Defence" or "2+2" (or both), as one "2+2"."""
    text = " ".join(words)
    if "foreign and defence" not in text:
        return words
    text = text.replace("foreign and defence", "2+2")
    out: list[str] = []
    for word in text.split():
        if not (_FORMAT.match(word) and out and _FORMAT.match(out[-1])):
            out.append(word)
    return out


def _spelling(word: str) -> str:
    if word in _SPELLING:
        return _SPELLING[word]
    if word.endswith(("ization", "izations")):
        return word.replace("ization", "isation")
    return word
