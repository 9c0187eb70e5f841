"""Decide, clause by clause, which spans are undertakings (commitments) or reported deeds (achievements)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from servanda.extract.actors import is_collective, possessor, subject_parties
from servanda.extract.cues import COMMIT, EXCLUDE, PAST, WEAK, Cue, find_cues
from servanda.extract.due import MONTHS, parse_on
from servanda.extract.verbs import verb_base
from servanda.reference.parties import find_parties

# A clause that opens with one of these words starts with a lead-in phrase ("Recognizing ..., we will").
_LEAD_IN = re.compile(
    r"(?:in|as|while|whilst|to|given|following|under|through|with|building|having|recogni[sz]ing|noting|"
    r"acknowledging|welcoming|reaffirming|guided|inspired|mindful|conscious|aware|faced|sharing|fully|"
    r"further|since|after|before|during|on|at|by|for|from|based|consistent|in\s+light|against|amid|"
    r"drawing|leveraging|celebrating|marking|looking|taking|considering|emphasi[sz]ing|underscoring|"
    r"reflecting|deeply|with\s+this|to\s+this\s+end|together|today|furthermore|moreover|additionally|"
    r"also|likewise|similarly|accordingly|finally|first|second|third|lastly|[a-z]+ly)\b",
    re.IGNORECASE,
)
_PARTICIPLE = re.compile(r"[A-Z][a-z]+(?:ing|ed)\b")
_RELATIVE = re.compile(
    r"\b(?:which|that(?!\s+is\s+why|'s\s+why)|who|whom|whose|where|whereby|when|if|unless|so\s+that|such\s+that|"
    r"as|because|once|until|than)\s+(?:[^\s,;]+\s+){0,4}$",
    re.IGNORECASE,
)
_INTRO_LIST = re.compile(r"\bthe\s+following\s*:?\s*$|:\s*$", re.IGNORECASE)
# Nouns after "welcome X's" that carry X's undertaking, with the strength they carry.
_POSSESSED = re.compile(
    r"\s*(?:(?:recent|new|historic|announced|strong|continued|firm)\s+)*(?P<noun>decision|commitment|pledge|"
    r"announcement|hosting|plan|plans|intention|intent|initiative|offer|readiness|willingness|support)\b",
    re.IGNORECASE,
)
_POSSESSED_STRENGTH = {
    "support": "position",
    "plan": "aspirational",
    "plans": "aspirational",
    "intention": "aspirational",
    "intent": "aspirational",
    "readiness": "aspirational",
    "willingness": "aspirational",
    "offer": "aspirational",
    "initiative": "aspirational",
    "arrangement": "firm",
    "arrangements": "firm",
}


@dataclass(frozen=True, slots=True)
class Finding:
    """One clause's verdict: an undertaking (`strength` set) or an achievement, with its actors."""

    start: int
    end: int
    kind: str  # "commitment" | "achievement" | "lead" (introduces a list of undertakings)
    strength: str | None
    actors: tuple[str, ...]
    cue: str | None


@dataclass(slots=True)
class Context:
    """What a later clause of the same sentence inherits from an earlier one."""

    actors: tuple[str, ...] | None = None
    strength: str | None = None
    modal: bool = False  # the earlier clause was governed by a modal/commitment verb
    excluded_start: int | None = None  # start of an earlier clause of the same subject that undertook nothing


def judge_clause(
    text: str,
    start: int,
    end: int,
    issuers: tuple[str, ...],
    ctx: Context,
    *,
    on: str | None = None,
    first: bool = True,
) -> Finding | None:
    """The verdict on `text[start:end]`, or None when the clause is neither an undertaking nor a deed."""
    clause = text[start:end]
    cues = find_cues(clause)
    lead_end = _lead_in_end(clause, cues) if first else 0
    governing = _governing(clause, cues, lead_end)
    if governing is None:
        if not first and ctx.modal and ctx.strength and _starts_with_verb(clause):
            strength = "aspirational" if _leading_verb(clause) == "seek" else ctx.strength
            return Finding(start, end, "commitment", strength, ctx.actors or issuers, "inherited")
        return None
    subject = _CONJUNCTION.sub("", clause[lead_end : governing.start])
    if not first and not subject.strip(" ,;"):
        actors = ctx.actors if ctx.actors is not None else issuers
    else:
        parties = subject_parties(subject, issuers, on=on)
        if parties is None:
            return None
        if parties == () and not issuers and is_collective(subject):
            pass  # "we" of a statement whose issuers are unknown: an undertaking of all of them, unnamed
        elif parties == ():
            if governing.name not in _GENERIC_SUBJECT_CUES and governing.kind != PAST:
                if not subject.strip(" ,;") or _is_preamble(clause):
                    parties = issuers
                else:
                    return None
            elif _NON_PARTY_SUBJECT.search(subject) or (subject.strip(" ,;") and not _BODY.search(subject)):
                return None  # "These investments will help ...": a forecast, not an undertaking
            else:
                parties = issuers
        actors = parties
    if governing.kind == PAST:
        ctx.actors, ctx.strength, ctx.modal = actors, None, False
        return Finding(start, end, "achievement", None, actors, governing.name)
    if governing.kind == EXCLUDE:
        ctx.actors, ctx.strength, ctx.modal = actors, None, False
        if governing.name in ("restated_concern", "condemn") and _AND_OUR_COMMITMENT.search(clause, governing.end):
            # "We reiterate our condemnation of X, and our commitment to Y": the commitment is restated.
            return Finding(start, end, "commitment", "reaffirmed", actors, governing.name)
        if first:
            ctx.excluded_start = start
        welcomed = (
            _welcomed_undertaking(clause, governing, start, end, issuers, on=on)
            or _welcomed_undertaking_by(clause, governing, start, end, issuers, on=on)
            or _welcomed_own_plan(clause, governing, start, end, actors)
        )
        if welcomed is not None:
            ctx.actors, ctx.strength, ctx.modal = welcomed.actors, welcomed.strength, True
        return welcomed
    if governing.name == "announce" and (
        _ANNOUNCED_DEED.match(clause, governing.end)
        or (
            re.search(r"(?:ed|launched)$", clause[governing.start : governing.end], re.IGNORECASE)
            and _past_marked(clause[: governing.start], on)
        )
    ):
        ctx.actors, ctx.strength, ctx.modal = actors, None, False
        return Finding(start, end, "achievement", None, actors, governing.name)
    if governing.name in ("reaffirm", "affirm") and _STATED_FACT.match(clause, governing.end):
        ctx.actors, ctx.strength, ctx.modal = actors, None, False
        return None
    strength = _strength(clause, governing, cues)
    if _INTRO_LIST.search(clause):
        # "We will prevent and mitigate wildfires by:" introduces a list whose items are the undertakings.
        lead = None if governing.name == "announce" else strength
        return Finding(start, end, "lead", lead, actors, governing.name)
    if first or subject.strip(" ,;") or not ctx.modal:
        # A later item of a list under "will" ("will A, support B, and C") leaves "will" governing the rest.
        ctx.actors, ctx.strength = actors, strength
        ctx.modal = governing.name in _MODAL_CUES
    if (
        not first
        and ctx.excluded_start is not None
        and not subject.strip(" ,;")
        and len(text[ctx.excluded_start : start].split()) <= MERGE_WORDS
    ):
        # "X recognize A and commit to B": the undertaking is quoted with the clause that introduces it.
        start = ctx.excluded_start
    ctx.excluded_start = None
    return Finding(start, end, "commitment", strength, actors, governing.name)


_CONJUNCTION = re.compile(
    r"^[\s—–-]*(?:(?:and|as\s+well\s+as|while|whilst|but|also|further|to|(?:that|this)\s+is\s+why|that's\s+why|"
    r"therefore|thus|hence)\s+)+",
    re.IGNORECASE,
)
# "announced the conclusion of negotiations" reports a deed; "announce the establishment of" undertakes one.
_ANNOUNCED_DEED = re.compile(
    r"\s+(?:today\s+)?(?:the\s+)?(?:\w+\s+)?(?:conclusion|completion|signing|signature|entry\s+"
    r"into\s+force|ratification|successful)\b|"
    # "announced that the extradition ... has been approved": a passive perfect reports what is done
    r"\s+that\s+(?:[^.;]|\.(?=\S|\s+[a-z])){1,120}?\b(?:has|have)\s+been\s+[a-z]+(?:ed|en)\b",
    re.IGNORECASE,
)
# "reaffirm that the Convention sets out ...": a stated fact, unless the content itself undertakes something.
_STATED_FACT = re.compile(
    r"\s+that\s+(?!(?:[^.;]|\.(?=\S))*\b(?:will|shall|remain|remains|commit|continue|must|should|would|"
    r"commitments?|ironclad|steadfast|unwavering|ready|prepared|determined|intend)\b)",
    re.IGNORECASE,
)
MERGE_WORDS = 25  # longest introducing clause quoted with the undertaking that follows it
_AND_OUR_COMMITMENT = re.compile(r"\band\s+(?:our|their)\s+(?:\w+\s+)?commitment\s+to\b", re.IGNORECASE)
_MODAL_CUES = frozenset(
    {
        "will",
        "commit",
        "committed",
        "agree",
        "will_seek",
        "intend",
        "aim",
        "keen",
        "look_forward",
        "going_to",
        "reaffirm",
        "remain_committed",
        "continue",
        "explore",
        "announce",
        "task",
        "confirm",
        "affirm",
        "united_resolve",
        "considering",
    }
)
_NON_PARTY_SUBJECT = re.compile(
    r"^\W*(?:it|this|that|which|these|those|there|what|such|and|or|but)\W*$|"
    r"\b(?:which|who|that)\s*$",
    re.IGNORECASE,
)
# A subject that is a programme or body of the parties can undertake; "demand", "this" or "investments" cannot.
_BODY = re.compile(
    r"\b(?:initiative|initiatives|fund|funds|programme|program|programs|programmes|partnership|dialogue|group|"
    r"working\s+group|committee|commission|council|mechanism|platform|centre|center|task\s+force|project|"
    r"projects|implementation|agreement|arrangement|framework|plan|roadmap|strategy|office|secretariat|network|"
    r"institution|institutions|forum|summit|meeting|consultations|talks|exchange|fellowship|facility|"
    r"coalition|alliance|corridor|authorities|agency|agencies|officials|ministers|ministries|governments|"
    r"experts|teams|coast\s+guards?|forces|navy|army|air\s+force|military|department|respect|effort|efforts|"
    r"vision)\b"
    r"|(?-i:\b[A-Z]{3,}\b)",  # an acronym names a body or programme ("The DICAS will provide updates")
    re.IGNORECASE,
)
# Cues whose subject may be a programme or body rather than a party ("the initiative will", "the Fund aims to").
_GENERIC_SUBJECT_CUES = frozenset({"will", "going_to", "intend", "aim", "will_seek", "will_work_toward"})
# "In 2022, we announced ...", "Last year, partners launched ...": reported, not undertaken.
_PAST_MARKER = re.compile(
    r"\b(?:last\s+(?:year|month|week)|previously|earlier\s+this\s+year|in\s+(?:(?:January|"
    r"February|March|April|May|June|July|August|September|October|November|December)\s+)?(?:19|20)\d\d|"
    r"since\s+(?:19|20)\d\d|ago)\b",
    re.IGNORECASE,
)


def _past_marked(before: str, on: str | None) -> bool:
    m = _PAST_MARKER.search(before)
    if not m:
        return False
    year = re.search(r"(?:19|20)\d\d", m.group(0))
    if not year or not on:
        return True
    if int(year.group(0)) != int(on[:4]):
        return int(year.group(0)) < int(on[:4])
    month = MONTHS.get(m.group(0).split()[1].lower().rstrip(".")) if len(m.group(0).split()) > 2 else None
    return month is not None and len(on) >= 7 and month < int(on[5:7])  # "In March 2024" in a September statement


def _lead_in_end(clause: str, cues: list[Cue]) -> int:
    """Where the main clause starts, after an opening phrase like "Recognizing ..., " or "In this context, "."""
    opening = clause.lstrip(" \"'")
    if not _LEAD_IN.match(opening) and not _PARTICIPLE.match(opening):
        return 0
    for m in re.finditer(r",\s*", clause):
        after = m.end()
        window_end = min(len(clause), after + 90)
        nxt = next((c for c in cues if after <= c.start < window_end and c.kind in (COMMIT, EXCLUDE, PAST)), None)
        if nxt is not None and "," not in clause[after : nxt.start]:
            return after
    return 0


def _governing(clause: str, cues: list[Cue], lead_end: int) -> Cue | None:
    for cue in cues:
        if cue.start < lead_end or cue.kind == WEAK:
            continue
        if cue.kind == COMMIT and _RELATIVE.search(clause[max(lead_end, cue.start - 60) : cue.start]):
            continue  # "..., which will strengthen": a relative clause, not the main verb
        if cue.kind == COMMIT and cue.name in ("support", "oppose", "uphold") and not _verb_position(clause, cue):
            continue
        return cue
    return None


def _verb_position(clause: str, cue: Cue) -> bool:
    """A position verb counts only as a main verb: after its subject, not as a noun ("security and support")."""
    before = clause[: cue.start].rstrip()
    if not before:
        return True
    last = re.search(r"([A-Za-z.'’-]+)\s*$", before)
    word = last.group(1).lower() if last else ""
    return (
        word in _SUBJECT_ENDINGS
        or word.endswith("ly")
        or (bool(re.search(r"[A-Z]\S*$", before)) and word not in ("the", "and", "of", "for", "to"))
    )


_SUBJECT_ENDINGS = frozenset(
    [
        "we",
        "they",
        "both",
        "leaders",
        "ministers",
        "presidents",
        "countries",
        "nations",
        "governments",
        "partners",
        "sides",
        "parties",
        "also",
        "further",
        "jointly",
        "together",
        "firmly",
        "strongly",
        "fully",
        "continue",
        "continues",
        "to",
        "will",
        "shall",
        "and",
        "strongly",
        "u.s.",
        "us",
        "states",
        "kingdom",
        "korea",
        "rok",
        "canada",
        "japan",
        "australia",
        "india",
        "philippines",
        "asean",
        "quad",
        "i",
    ]
)


def _strength(clause: str, governing: Cue, cues: list[Cue]) -> str:
    later = [c for c in cues if c.start > governing.start]
    if governing.name in ("announce", "confirm", "affirm", "commitment_noun"):
        # The content announced sets the strength: "announce our intention to" is aspirational.
        for c in later:
            if c.start - governing.end > 40:
                break
            if c.name in ("intention", "intend", "aim", "hope") or c.strength == "aspirational":
                return "aspirational"
            if governing.name == "announce" and c.name == "reaffirm":
                return "reaffirmed"
        if governing.name == "confirm" and re.match(r"\s+(?:our|their|its)\b", clause[governing.end :]):
            return "reaffirmed"  # "confirm our efforts": an undertaking restated
        if governing.name == "affirm":
            if re.match(r"\s+(?:that\b.*\bwill\b)", clause[governing.end :]):
                return "firm"
            if re.match(r"\s+(?:the\s+)?importance\b", clause[governing.end :], re.IGNORECASE):
                return "position"
            return "reaffirmed"
        return "firm"
    if governing.name == "express_support":
        return "position"
    if governing.name == "keen" and re.match(r"remain", clause[governing.start : governing.end], re.IGNORECASE):
        return "reaffirmed"  # "remain ready to": a standing offer restated
    return governing.strength or "firm"


def _welcomed_undertaking(
    clause: str, governing: Cue, start: int, end: int, issuers: tuple[str, ...], *, on: str | None
) -> Finding | None:
    """ "X welcomes Y's decision to ..." is Y's undertaking when Y is an issuer."""
    if governing.name != "welcome":
        return None
    rest = clause[governing.end :]
    who = possessor(rest, issuers, on=on)
    if who is None:
        return None
    m = re.match(r"\s*(?:the\s+)?.{1,60}?(?:'s|’s|'|’)", rest) or re.match(
        r"\s*(?:the\s+)?(?:U\.S\.|[A-Z][a-z]+(?:\s+[A-Z][a-z]+)?)", rest
    )
    noun = _POSSESSED.match(rest, m.end()) if m else None
    if noun is None:
        return None
    strength = _POSSESSED_STRENGTH.get(noun.group("noun").lower(), "firm")
    return Finding(start, end, "commitment", strength, (who,), "welcome")


# "welcomed the recent announcement by the Government of India to take up amendments": the same, named after it.
_MADE_BY = re.compile(
    r"\s*(?:the\s+|a\s+)?(?:(?:recent|new|historic|strong|firm|budget)\s+)*(?P<noun>decision|commitment|pledge|"
    r"announcement|plans?|arrangements?|intention|offer)\s+(?:made\s+)?by\s+(?:the\s+)?(?:government\s+of\s+)?"
    r"(?P<who>[^,;.]{2,40}?)\s+(?:to|that)\b",
    re.IGNORECASE,
)


def _welcomed_undertaking_by(
    clause: str, governing: Cue, start: int, end: int, issuers: tuple[str, ...], *, on: str | None
) -> Finding | None:
    """ "X welcomes the decision by Y to ..." is Y's undertaking when Y is an issuer."""
    if governing.name != "welcome":
        return None
    m = _MADE_BY.match(clause, governing.end)
    if m is None:
        return None
    mentions = find_parties(m.group("who"), on=parse_on(on))
    if len(mentions) != 1 or mentions[0].code not in issuers:
        return None
    strength = _POSSESSED_STRENGTH.get(m.group("noun").lower(), "firm")
    return Finding(start, end, "commitment", strength, (mentions[0].code,), "welcome")


# What the issuers welcome is still to come: "the dialogue planned in October", "ministers preparing to meet".
_PLANNED = re.compile(
    r"\b(?:planned|upcoming|forthcoming|to\s+be\s+(?:held|hosted|convened|launched)|will\s+(?:be\s+held|take\s+"
    r"place|meet|convene|begin)|scheduled|preparing\s+to|deciding\s+to|beginning\s+in|starting\s+in|"
    r"plans?\s+(?:to|for)|to\s+be\s+(?:signed|concluded|established)|opportunity\s+to\s+(?:participate|host|"
    r"meet|join|attend))\b",
    re.IGNORECASE,
)


def _welcomed_own_plan(clause: str, governing: Cue, start: int, end: int, actors: tuple[str, ...]) -> Finding | None:
    """ "We welcome the trilateral dialogue planned in October": the issuers' own plan, still to be carried out."""
    if governing.name != "welcome" or not actors:
        return None
    if re.match(r"\s*(?:the\s+)?[A-Z][\w.&-]*(?:\s+[A-Z][\w.&-]*)*(?:'s|’s)", clause[governing.end :]):
        return None  # "Meta's announcement ... will begin": another's plan (an issuer's is `_welcomed_undertaking`'s)
    planned = _PLANNED.search(clause, governing.end)
    if planned is None or planned.start() - governing.end > 150:
        return None
    firm = re.match(r"(?:deciding|will|to\s+be)", planned.group(0), re.IGNORECASE)
    return Finding(start, end, "commitment", "firm" if firm else "aspirational", actors, "welcome")


def _leading_verb(clause: str) -> str:
    m = re.match(r"\s*([a-z]+)", _CONJUNCTION.sub("", clause))
    return m.group(1) if m else ""


def _starts_with_verb(clause: str) -> bool:
    return verb_base(_leading_verb(clause)) is not None


def _is_preamble(clause: str) -> bool:
    """Preamble paragraphs open with a capitalised participle: "REAFFIRMING our shared commitment ..."."""
    return bool(re.match(r"\s*(?:[A-Z]{3,}\s+)?[A-Z]{4,}ING\b", clause))
