"""Who issued a statement: ISO 3166-1 alpha-3 codes or organisation short names, inferred from its text.

Statements name their authors in a few set ways, tried in this order: "We, the leaders of A, B and C ...";
leaders or ministers named in the opening ("Prime Minister Carney of Canada and President Lee ..."); a compound
in the title ("Canada-South Korea 2+2 Ministerial Talks"); the subject of the first sentence ("The United States
and Canada celebrate ..."). When none of these names two parties, the two parties named most often are taken.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence

from servanda.ingest.markdown import unwrap_lines
from servanda.ingest.wrapping import prose_wrap_width
from servanda.reference.parties import PartyMention, code_for, expand_members, find_parties

OPENING = 1500  # characters of the text in which authors are named
_WE_PHRASE = re.compile(
    r"\b(?i:we)(?:\s*(?:,|—|–|-)\s*|\s+(?=the\s))(?P<who>.{10,700}?)(?:,\s*|\s+|\s*—\s*|\s*–\s*)"
    r"(?=(?:have\s+)?(?:met|meet|gather|gathered|convened|issued?|hereby|held|reaffirm|declare|make|announce|"
    r"adopt|commit|came|come|jointly|today|are|were|recogni[sz]e|affirm|underscore|express|resolve|decide|"
    r"on\s+the\s+occasion)\b)",
    re.DOTALL,
)
_COMPOUND = re.compile(r"[A-Z][\w.'’]*(?:\s+[A-Z][\w.'’]*)*(?:\s*[-–/]\s*[A-Z][\w.'’]*(?:\s+[A-Z][\w.'’]*)*)+")
_FIRST_VERB = re.compile(
    r"\b(?:met|meet|celebrate|celebrated|reaffirm|reaffirmed|welcome|welcomes|welcomed|issued|issue|held|hold|"
    r"convened|gathered|are|is|have|has|will|announce|announced|today|commit|agree|agreed|share|recogni[sz]e)\b"
)
# Those who witness or host a declaration are not its authors.
_WITNESSES = re.compile(
    r"\b(?:as\s+)?(?:witnessed\s+by|in\s+the\s+presence\s+of|hosted\s+by|with\s+the\s+"
    r"participation\s+of|joined\s+by|alongside)\b",
    re.IGNORECASE,
)
# Third parties that statements often name in their opening but rarely author.
_NEVER_BY_MENTION_ALONE = frozenset({"PRK", "RUS", "UKR", "UN"})


def infer_issuers(text: str) -> tuple[str, ...]:
    """Return the issuing parties named in the opening of `text`, in order of first mention."""
    opening = text[:OPENING]
    for finder in (_from_we_phrase, _from_named_people, _from_title_compound, _from_first_subject):
        found = finder(opening)
        if len(found) >= 2 or (found and finder is _from_we_phrase and _is_grouping(found[0])):
            return found
    return _most_named(text)


def resolve_party_list(value: str | Sequence[str]) -> tuple[str, ...]:
    """Turn a front-matter or flag value ("CAN,KOR", "Canada; Republic of Korea (...)") into party codes."""
    items = [value] if isinstance(value, str) else list(value)
    codes: list[str] = []
    for item in items:
        text = str(item)
        for part in re.split(r"[;,]|\band\b", re.sub(r"\([^)]*\)", "", text)):
            part = part.strip()
            if not part:
                continue
            code = code_for(part)
            if code is None:
                mentions = find_parties(part)
                code = mentions[0].code if mentions else None
            if code and code not in codes:
                codes.append(code)
        if not codes:
            codes.extend(_unique(m.code for m in find_parties(text)))
    return tuple(codes)


def _unique(codes) -> tuple[str, ...]:
    out: list[str] = []
    for code in codes:
        if code not in out:
            out.append(code)
    return tuple(out)


def _is_grouping(code: str) -> bool:
    return not (len(code) == 3 and code.isupper())


def _from_we_phrase(opening: str) -> tuple[str, ...]:
    m = _WE_PHRASE.search(opening)
    if not m:
        return ()
    who = _WITNESSES.split(m.group("who"), maxsplit=1)[0]
    return _without_restated_groupings(
        _unique(x.code for x in find_parties(who) if x.code not in _NEVER_BY_MENTION_ALONE)
    )


def _from_named_people(opening: str) -> tuple[str, ...]:
    mentions = find_parties(opening[:1000])
    people = [x for x in mentions if x.form == "leader"]
    codes = _unique(x.code for x in people)
    return codes if len(codes) >= 2 else ()


def _from_title_compound(opening: str) -> tuple[str, ...]:
    first_line = opening.split("\n", 1)[0]
    for m in _COMPOUND.finditer(first_line):
        codes = _unique(x.code for x in find_parties(m.group(0)))
        if len(codes) >= 2:
            return codes
    return ()


def _from_first_subject(opening: str) -> tuple[str, ...]:
    lines = opening.split("\n")
    # A hard-wrapped paragraph is read whole: "the President of the\nFrench Republic met ..." names France.
    for paragraph in unwrap_lines(lines, prose_wrap_width(lines)):
        paragraph = paragraph.strip()
        if len(paragraph) < 40:
            continue
        verb = _FIRST_VERB.search(paragraph)
        head = paragraph[: verb.start()] if verb else paragraph[:120]
        return _unique(x.code for x in find_parties(head) if x.code not in _NEVER_BY_MENTION_ALONE)
    return ()


def _most_named(text: str) -> tuple[str, ...]:
    mentions: list[PartyMention] = find_parties(text)
    counts = Counter(x.code for x in mentions if x.code not in _NEVER_BY_MENTION_ALONE)
    first_seen = {x.code: x.start for x in reversed(mentions)}
    for code, _ in counts.most_common(2):
        members = expand_members(code)
        # A grouping whose members the text names one by one ("the Quad": Australia, India, Japan, the U.S.).
        if members and len(members) <= 8 and all(m in counts for m in members):
            return tuple(sorted(members, key=lambda c: first_seen[c]))
    top = [code for code, n in counts.most_common(2) if n >= 2]
    return tuple(sorted(top, key=lambda c: first_seen[c]))


def _without_restated_groupings(codes: tuple[str, ...]) -> tuple[str, ...]:
    """Drop a grouping whose members are all listed too ("Australia, the UK, the US ... AUKUS")."""
    return tuple(c for c in codes if not (expand_members(c) and set(expand_members(c)) <= set(codes)))
