"""The cleaning step every format goes through: one Unicode form, plain quotes and spaces, no boilerplate.

The extractor's character offsets index into this text, so cleaning only normalises characters, whitespace and
republishers' trailers: it never rewrites or reorders a statement's words.
"""

from __future__ import annotations

import re
import unicodedata

from servanda.ingest.boilerplate import strip_boilerplate

_QUOTES = {"\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'"}
_QUOTES |= {"\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u2033": '"'}
_ODD_SPACES = "\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f\u3000\t"
_INVISIBLE = "\u00ad\u200b\u200c\u200d\u2060\ufeff"  # soft hyphen and zero-width characters
_CONTROLS = "".join(chr(c) for c in [*range(0x00, 0x09), 0x0E, 0x0F, *range(0x10, 0x20), 0x7F] if c != 0x0A)
_LINE_BREAKS = {"\u000b": "\n", "\u000c": "\n\n", "\u0085": "\n", "\u2028": "\n", "\u2029": "\n\n"}

_TABLE = str.maketrans(
    _QUOTES | _LINE_BREAKS | dict.fromkeys(_ODD_SPACES, " ") | dict.fromkeys(_INVISIBLE + _CONTROLS, None)
)
_SPACE_RUN = re.compile(r" {2,}")
_BLANK_RUN = re.compile(r"\n{3,}")
# Every pass is idempotent on its own output in practice; the bound only guards against a pathological input.
_MAX_PASSES = 4


def clean_text(raw: str) -> str:
    """Return `raw` in Servanda's clean form; pure, and idempotent: cleaning twice changes nothing."""
    text = raw
    for _ in range(_MAX_PASSES):
        cleaned = _clean_once(text)
        if cleaned == text:
            break
        text = cleaned
    return text


def _clean_once(text: str) -> str:
    text = text.replace("\r\n", "\n").replace("\r", "\n").translate(_TABLE)
    text = unicodedata.normalize("NFC", text)
    text = "\n".join(_SPACE_RUN.sub(" ", line).strip() for line in text.split("\n"))
    text = strip_boilerplate(text)
    text = "\n".join(line.strip() for line in text.split("\n"))
    return _BLANK_RUN.sub("\n\n", text).strip("\n")


def clean_line(raw: str) -> str:
    """Return `raw` cleaned and folded onto one line: for titles and other one-line metadata."""
    return " ".join(clean_text(raw).split())
