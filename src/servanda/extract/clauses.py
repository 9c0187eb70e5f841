"""Split a sentence into clauses where a coordinated undertaking begins.

The spec splits a sentence carrying two undertakings a person would track separately ("We will enhance ...
exercises | and sign the Terms of Reference ...") but keeps lists of objects under one verb together.
"""

from __future__ import annotations

import re
from itertools import pairwise

from servanda.extract.cues import COMMIT, CUE_PATTERN, EXCLUDE, cue_kind, find_cues, match_cue
from servanda.extract.serial import serial_cuts
from servanda.extract.verbs import ACTION_VERBS, NOT_OBJECT, takes_object, verb_base
from servanda.reference.parties import find_parties

_JOINT = re.compile(
    r"(?P<sep>;\s+(?:and\s+)?|,\s+(?:and|while|whilst)\s+|\s*[—–]\s*and\s+|\s+and\s+|\s+as\s+well\s+as\s+)"
    r"(?P<adv>(?:(?:also|further|jointly|together|strongly|firmly|fully|today|will|shall|continue\s+to)\s+){0,3})"
    r"(?P<to>to\s+)?",
    re.IGNORECASE,
)
_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*")
_NEW_SUBJECT = re.compile(
    r"(?:we|they|both\s+(?:countries|leaders|sides|governments|nations|ministers)|our\s+(?:two|three|four|"
    r"countries|nations|governments|leaders|ministers)|the\s+(?:two|three|four)\s+\w+|the\s+(?:leaders|ministers|"
    r"presidents|parties|sides))\s+",
    re.IGNORECASE,
)
# "President Yoon and Prime Minister Kishida welcome", "the United States will", "Japan plans to".
_NAMED_SUBJECT = re.compile(
    r"(?:the\s+)?(?:(?:President|Prime\s+Minister|Chancellor|Premier|Secretary|Minister)\s+)?[A-Z][A-Za-z.'’-]+"
    r"(?:\s+(?:[A-Z][A-Za-z.'’-]+|of|and|the|(?:President|Prime\s+Minister)))*\s+"
)
# An infinitive that is not part of a semi-auxiliary ("work to", "seek to", "continue to", "help to").
_INFINITIVE = re.compile(
    r"(?<!\bwork\s)(?<!\bseek\s)(?<!\bstrive\s)(?<!\bhelp\s)(?<!\btry\s)(?<!\baim\s)"
    r"(?<!\bcontinue\s)(?<!\bcooperate\s)(?<!\bcollaborate\s)\bto\s+(?!the\b|a\b|an\b|our\b|"
    r"their\b|its\b|this\b|that\b|these\b|all\b|both\b|each\b)[a-z]+\b"
)
_AUXILIARIES = frozenset(["is", "are", "was", "were", "has", "have", "remain", "remains"])
MIN_OBJECT_WORDS = 5  # words after the left clause's verb before a bare verb may start a new undertaking


def split_clauses(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Clause spans of the sentence `text[start:end]`; one span when nothing splits."""
    spans: list[tuple[int, int]] = []
    left_start = start
    for m in _JOINT.finditer(text, start, end):
        right = m.end()
        opener = _opener(text, right, end, m, start)
        if opener is None or len(_WORD.findall(text, right, end)) < 3:
            continue
        if not _left_is_complete(text, left_start, m.start(), opener, m):
            continue
        spans.append((left_start, m.start()))
        left_start = m.start("sep") + len(m.group("sep")) - len(m.group("sep").lstrip(";, \n"))
    spans.append((left_start, end))
    serial = serial_cuts(text, start, end)
    return _with_cuts(spans, serial) if serial else spans


def _with_cuts(spans: list[tuple[int, int]], cuts: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """`spans` (consecutive clauses) cut further at each (left end, right start) not inside an existing gap."""
    edges = [(left_end, right_start) for (_, left_end), (right_start, _) in pairwise(spans)]
    merged: list[tuple[int, int]] = []
    for cut in sorted(set(edges) | set(cuts)):
        if merged and cut[0] < merged[-1][1]:
            continue  # overlaps the gap of a cut already made
        merged.append(cut)
    out, left = [], spans[0][0]
    for left_end, right_start in merged:
        out.append((left, left_end))
        left = right_start
    out.append((left, spans[-1][1]))
    return out


def _opener(text: str, pos: int, end: int, joint: re.Match[str], sentence_start: int) -> str | None:
    """What begins at `pos`: "cue" (a verb cue), "subject" (a new subject and its verb), "verb" (a bare verb)."""
    if joint.group("to"):
        w = _WORD.match(text, pos, end)
        return "to" if w and (w.group(0).lower() in ACTION_VERBS or match_cue(text, pos, end)) else None
    if re.search(r"\b(?:will|shall)\b", joint.group("adv"), re.IGNORECASE):
        # "... and will cooperate": a new modal starts a new undertaking; "is and will remain" does not.
        before = re.search(r"([A-Za-z]+)\s*$", text[max(0, joint.start() - 20) : joint.start()])
        if before and before.group(1).lower() in _AUXILIARIES:
            return None
        return "cue"
    m = match_cue(text, pos, end)
    if m:
        name = m.lastgroup or ""
        if name in ("commitment_noun", "past", "intention", "will"):
            return None
        if _third_person(m.group(0)) and _plural_subject(text[sentence_start : joint.start()]):
            return None  # "we commit to X, which complements Y, and supports Z": the verb belongs to "which"
        kind, _ = cue_kind(name)
        if name in ("support", "uphold", "oppose") and not joint.group("sep").startswith((",", ";")):
            return None  # "peace and support" is a list of nouns; ", and support X" a new predicate
        return "cue" if kind in (COMMIT, EXCLUDE) else None
    if joint.group("adv").strip():
        # "and will ..." or "and also commit ...": the modal or adverb already marks a new predicate
        w = _WORD.match(text, pos, end)
        if w and (w.group(0).lower() in ACTION_VERBS):
            return "verb"
    if re.match(r",\s+(?:while|whilst)\b", joint.group("sep"), re.IGNORECASE):
        # "will continue imposing costs on Russia, while maintaining our support for Ukraine": a second act
        w = _WORD.match(text, pos, end)
        word = w.group(0).lower() if w else ""
        if word.endswith("ing") and verb_base(word) is not None and takes_object(text, w.end(), end):
            return "verb"
    subject = _NEW_SUBJECT.match(text, pos, end) or _named_subject(text, joint, pos, end)
    if subject and re.search(r"\bbetween\s+[^,;]*$", text[max(sentence_start, joint.start() - 80) : joint.start()]):
        return None  # "the Alliance between Korea and the United States continues": one subject, not two
    if subject:
        cue = CUE_PATTERN.search(text, subject.end(), min(end, subject.end() + 40))
        if cue and cue.start() - subject.end() < 25 and cue_kind(cue.lastgroup or "")[0] in (COMMIT, EXCLUDE):
            return "subject"
        return None
    w = _WORD.match(text, pos, end)
    if not w or w.group(0).lower() not in ACTION_VERBS or w.group(0)[0].isupper():
        return None
    before = re.search(r"([A-Za-z]+)\s*$", text[max(0, joint.start() - 30) : joint.start()])
    if before and before.group(1).lower() in ACTION_VERBS:
        return None  # "expand and diversify X": two verbs sharing one object
    after = _WORD.match(text, w.end() + 1, end) if w.end() < end and text[w.end()] in " \n" else None
    if after is None or after.group(0).lower() in NOT_OBJECT or after.group(0)[0].isupper():
        return None  # "and support for", "free and open Indo-Pacific": not a verb with an object
    return "verb"


def _named_subject(text: str, joint: re.Match[str], pos: int, end: int) -> re.Match[str] | None:
    """A party or a leader opening a new clause ("and the United States will", "and President Yoon welcomes")."""
    m = _NAMED_SUBJECT.match(text, pos, end)
    if m is None:
        return None
    before = find_parties(text[max(0, joint.start() - 40) : joint.start()])
    if before and before[-1].end >= min(40, joint.start()) - 1:
        return None  # "to Japan and the ROK will ...": two parties joined, not a new clause
    mentions = find_parties(text[pos : m.end()])
    if not mentions or mentions[0].start > 4:
        return None
    return m


def _third_person(word: str) -> bool:
    first = word.split()[0].lower()
    return first.endswith("s") and not first.endswith("ss") and first not in ("was", "is", "has", "does")


def _plural_subject(head: str) -> bool:
    """Whether the sentence so far has "we" or "they" as a subject, so a singular verb cannot share it."""
    return re.match(r"\W*(?:[^;]*?,\s+)?(?:we|they)\b", head, re.IGNORECASE) is not None


def _left_is_complete(text: str, start: int, end: int, opener: str, joint: re.Match[str]) -> bool:
    words = _WORD.findall(text, start, end)
    if len(words) < 4:
        return False
    cues = find_cues(text, start, end)
    if not cues and not re.search(r"\b(?:is|are|was|were|has|have)\b", text[start:end]):
        return False
    if opener not in ("verb", "to"):
        return True
    if not cues or len(_WORD.findall(text, cues[-1].end, end)) < MIN_OBJECT_WORDS:
        return False
    last = cues[-1]
    if opener == "to":
        # "agree to X and to Y": parallel undertakings; "... to improve A, and to facilitate B": one purpose list
        return (
            text[last.start : last.end].lower().endswith(" to")
            and cue_kind(last.name)[1] == "firm"
            and not _INFINITIVE.search(text, last.end, end)
        )
    # A bare verb ("... and sign the Terms") continues only a clause governed by a modal, and not when it
    # pairs with an infinitive in between ("efforts to develop X and build Y").
    # Under an infinitive cue ("seek to expand X and further enhance Y") only an adverb marks a second
    # undertaking, or a semicolon between acts; "intend to share A, align B, and coordinate C" is one list.
    marked = bool(joint.group("adv").strip()) or joint.group("sep").startswith(";")
    governed = any(c.name == "will" or (marked and _takes_infinitive(text[c.start : c.end])) for c in cues)
    return governed and not _INFINITIVE.search(text, last.end, end)


def _takes_infinitive(cue: str) -> bool:
    """A cue that governs a bare infinitive ("seek to", "are committed to", "agree to"), so a second bare verb
    after "and" is a second undertaking under the same cue."""
    return cue.lower().endswith(" to")
