"""Normalised keys that let differently written names of one mechanism or agreement meet."""

from __future__ import annotations

import unicodedata

# "+" carries meaning in "2+2 Ministerial Meeting"; every other punctuation mark or symbol does not.
_KEPT = frozenset("+")
# Dashes and slashes separate words ("Canada-ROK", "Canada–ROK" and "Canada ROK" are one name);
# the rest joins them ("Leaders' Meeting", "U.S." → "us").
_SEPARATORS = frozenset("/\\")


def name_key(name: str) -> str:
    """Return `name` casefolded, without punctuation except "+", with whitespace collapsed."""
    chars = []
    for char in unicodedata.normalize("NFKC", name).casefold():
        category = unicodedata.category(char)
        if char in _KEPT or category[0] not in "PS":
            chars.append(char)
        elif category == "Pd" or char in _SEPARATORS:
            chars.append(" ")
    # Composing again: dropping a mark can bring a letter next to a combining accent ("C:̧" → "ç").
    return unicodedata.normalize("NFKC", " ".join("".join(chars).split()))
