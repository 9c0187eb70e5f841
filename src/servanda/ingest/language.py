"""A cheap check that a statement is in English: its script, then its share of common English function words.

English statements run at 0.28-0.40 function words per word token (all of ../shared/corpus); French or
Spanish ones at about 0.01, so one threshold far from both is enough, with no language model.
"""

from __future__ import annotations

import re

from servanda.errors import InputError

_SAMPLE_CHARS = 20_000
_MIN_TOKENS = 8  # below this a text is too short to judge; headings alone are not rejected
_MIN_ENGLISH_SHARE = 0.10

# Writing systems other than Latin, with the language a statement in them most likely is.
_SCRIPTS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("Korean", re.compile(r"[\uac00-\ud7a3\u1100-\u11ff\u3130-\u318f]")),
    ("Japanese", re.compile(r"[\u3040-\u30ff]")),
    ("Chinese", re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]")),
    ("Cyrillic script", re.compile(r"[\u0400-\u04ff]")),
    ("Arabic script", re.compile(r"[\u0600-\u06ff\u0750-\u077f]")),
    ("Hebrew", re.compile(r"[\u0590-\u05ff]")),
    ("Greek", re.compile(r"[\u0370-\u03ff]")),
    ("Devanagari script", re.compile(r"[\u0900-\u097f]")),
    ("Thai", re.compile(r"[\u0e00-\u0e7f]")),
)
_ANY_OTHER_SCRIPT = re.compile("|".join(pattern.pattern for _, pattern in _SCRIPTS))
_LATIN = re.compile(r"[A-Za-z\u00c0-\u024f]")
_WORD = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)?")


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


_FUNCTION_WORDS: dict[str, frozenset[str]] = {
    "English": _words(
        "the of and to in a an is are was were be been being for on with as by at from that this these those "
        "which who whom whose will would shall should can could may might must our we us their they them it "
        "its not or but if has have had also all both each such than other into through between over under "
        "about after before during while within without upon his her he she you your"
    ),
    "French": _words(
        "le la les de des du et en un une est sont pour que qui dans au aux avec sur par ne pas ses leur "
        "leurs nous vous il elle ils ce cette ces"
    ),
    "Spanish": _words("el la los las de del y en que por para con una un es se su sus al lo como más entre sobre"),
    "German": _words(
        "der die das und den dem des ist nicht mit von zu für auf ein eine einen sich im werden wir unsere"
    ),
    "Portuguese": _words("o os as da do das dos em para com uma um não que e no na nos nas pelo pela"),
}


def check_english(text: str, *, origin: str) -> None:
    """Raise InputError naming the likely language when `text` is not an English statement."""
    sample = text[:_SAMPLE_CHARS]
    if _ANY_OTHER_SCRIPT.search(sample):
        latin = len(_LATIN.findall(sample))
        for name, pattern in _SCRIPTS:
            if len(pattern.findall(sample)) > latin:
                raise InputError(f"{origin} appears to be in {name}; Servanda reads English statements")
    words = [word.lower() for word in _WORD.findall(sample)]
    if len(words) < _MIN_TOKENS:
        return
    shares = {
        language: sum(word in vocabulary for word in words) / len(words)
        for language, vocabulary in _FUNCTION_WORDS.items()
    }
    if shares["English"] >= _MIN_ENGLISH_SHARE:
        return
    likely = max(shares, key=lambda language: shares[language])
    if likely != "English" and shares[likely] >= _MIN_ENGLISH_SHARE:
        raise InputError(f"{origin} appears to be in {likely}; Servanda reads English statements")
    raise InputError(f"{origin} does not appear to be in English; Servanda reads English statements")
