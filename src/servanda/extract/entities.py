"""Named standing mechanisms (dialogues, talks, meetings) and agreements (agreements, plans, partnerships).

A mechanism carries its cadence where the text states one; an agreement carries the furthest lifecycle stage the
text reports (after the UN Treaty Collection's terms: negotiating, concluded, signed, in force), with its date.
"""

from __future__ import annotations

import re
from dataclasses import replace
from functools import lru_cache

from servanda.extract.due import find_due, find_past_date, find_recurrence
from servanda.extract.model import Agreement, Commitment, Mechanism

_CAP = r"(?:(?:[A-Z]\.){2,}|[A-Z][A-Za-z0-9'’&/-]*|\(?\d\+\d\)?|\([A-Z0-9+&-]{2,}\))"
# Spaces with at most one line break: a wrapped line continues a name, a blank line ends it.
_SP = r"(?:[ \t]+\n?[ \t]*|\n[ \t]*)"
_JOIN = rf"(?:{_SP}(?:and|of|on|for|in|to|between|&)(?:{_SP}the)?{_SP}|{_SP}the{_SP}|{_SP}|[-–])"
_MECHANISM_HEADS = (
    r"Dialogues?|Talks|Consultations?|Meetings?|Summits?|Forums?|Committees?|Commissions?|"
    r"Councils?|Working\s+Groups?|Task\s+Forces?|Mechanisms?|Conferences?|Roundtables?|Consultative\s+Groups?|"
    r"Strategy\s+and\s+Consultation\s+Group|Steering\s+Groups?"
)
_AGREEMENT_HEADS = (
    r"Agreements?|Arrangements?|Treaty|Treaties|Conventions?|Memorand(?:um|a)\s+of\s+(?:Understanding|"
    r"Cooperation)|MOU|MoU|MOC|Accords?|Protocols?|Action\s+Plans?|Plans?\s+of\s+Action|Work\s*[Pp]lans?|"
    r"Roadmaps?|Partnerships?"
)
_NAME = rf"{_CAP}(?:{_JOIN}{_CAP})*"
MECHANISM = re.compile(rf"(?<![A-Za-z])(?P<name>(?:{_NAME}{_JOIN})?(?:{_MECHANISM_HEADS}))\b")
AGREEMENT = re.compile(
    rf"(?<![A-Za-z])(?P<name>(?:{_NAME}{_JOIN})?(?:{_AGREEMENT_HEADS}))\b(?P<tail>\s+(?:on|of|for)\s+"
    rf"(?:the\s+)?{_CAP}(?:{_JOIN}{_CAP})*)?"
)
# Bodies and organs that are not standing mechanisms of the parties.
_NOT_MECHANISM = re.compile(
    r"^(?:UN|U\.N\.|United\s+Nations|UNSC|Security\s+Council|General\s+Assembly)\b|"
    r"\bSecurity\s+Council$"
)
# Coordinated staff talks: "the Navy, Army, Space and Strategic Policy talks".
_TALK_LIST = re.compile(
    r"\b((?:[A-Z][A-Za-z]+(?:\s+[A-Z][A-Za-z]+)*,\s+)+[A-Z][A-Za-z]+(?:\s+[A-Z][A-Za-z]+)*\s+and\s+"
    r"[A-Z][A-Za-z]+(?:\s+[A-Z][A-Za-z]+)*)\s+(talks|dialogues|consultations)\b"
)
_LEADING_NOISE = re.compile(
    r"^(?:(?:The|the|This|this|A|a|An|an|Our|our|New|new|First|first|Second|second|Third|"
    r"third|Inaugural|inaugural|Next|next|Regular|regular|Annual|annual|Biennial|"
    r"\d+(?:st|nd|rd|th))\s+)+"
)
# A headline's verb in title case ("Ministers Hold", "Leaders Launch"), never part of a mechanism's name.
_HEADLINE_VERB = re.compile(
    r".*\b(?:Hold|Holds|Held|Host|Hosts|Hosted|Launch|Launches|Launched|Convene|Convenes|Convened|Meet|Meets|"
    r"Discuss|Discusses|Discussed|Attend|Attends|Attended)\s+"
)
_ACRONYM = re.compile(r"\(([A-Z][A-Za-z0-9&+-]{1,12})\)")
_GENERIC = frozenset(
    {
        "meeting",
        "meetings",
        "summit",
        "summits",
        "dialogue",
        "talks",
        "forum",
        "agreement",
        "agreements",
        "partnership",
        "partnerships",
        "action plan",
        "plan",
        "consultations",
        "mechanism",
        "committee",
        "conference",
        "roadmap",
        "treaty",
        "protocol",
        "arrangement",
    }
)


def _clean_name(raw: str) -> str:
    name = _LEADING_NOISE.sub("", raw.strip())
    name = re.sub(r"\s+", " ", name).strip(" -")
    return name


@lru_cache(maxsize=4096)
def comparable_name(name: str) -> str:
    """Comparable form of a name: lowercase words, parentheses and party prefixes dropped."""
    s = name.lower().replace("(", " ").replace(")", " ")
    s = re.sub(r"^[a-z.]+(?:[-–][a-z.]+)+\s+", "", s)  # "canada-rok foreign ..." → "foreign ..."
    return " ".join(re.findall(r"[a-z0-9+]+", s))


def _sentence_around(text: str, start: int, end: int) -> str:
    left = max(text.rfind(". ", 0, start), text.rfind("\n", 0, start))
    right_candidates = [i for i in (text.find(". ", end), text.find("\n", end)) if i >= 0]
    right = min(right_candidates) if right_candidates else len(text)
    return text[left + 1 : right + 1]


_MECHANISM_HEAD = re.compile(rf"\b(?:{_MECHANISM_HEADS})\b")
_AGREEMENT_HEAD = re.compile(rf"\b(?:{_AGREEMENT_HEADS})\b")
_NAME_REACH = 240  # characters before a head noun where its name may begin


def _near_heads(pattern: re.Pattern[str], heads: re.Pattern[str], text: str):
    """Matches of `pattern` (a name ending in a head noun), looked for only near the head nouns: a scan of the
    whole text for names is the slowest step of extraction, and most text holds none."""
    last_end = 0
    for head in heads.finditer(text):
        if head.end() <= last_end:
            continue
        for m in pattern.finditer(text, max(last_end, head.start() - _NAME_REACH), min(len(text), head.end() + 160)):
            if m.end() <= last_end:
                continue
            if m.start("name") <= head.start() < m.end():
                last_end = m.end()
                yield m
                break


def find_mechanisms(text: str, *, on: str | None = None) -> list[Mechanism]:
    """Named standing mechanisms, merged across mentions, with cadence, held and next meeting where stated."""
    found: dict[str, Mechanism] = {}
    order: list[str] = []

    def add(name: str, start: int, end: int, *, listed: bool = False) -> None:
        if headline := _HEADLINE_VERB.search(name):
            # "Korea and Canada Hold the First ... Meeting": a title's verb stands before the mechanism's name.
            name = _LEADING_NOISE.sub("", name[headline.end() :])
            start = end - len(name)
        if comparable_name(name) in _GENERIC or len(name) < 6 or _NOT_MECHANISM.search(name):
            return
        sentence = _sentence_around(text, start, end)
        at = max(0, sentence.find(name))
        recurrence = find_recurrence(sentence)
        nxt = None if listed else find_due(sentence[at:], on=on)
        held = (
            on
            if on
            and re.search(r"\b(?:met|meet|gather|convened|held)\b", sentence[:at])
            and re.search(r"\bfor\s+the\s+(?:\w+\s+){0,3}$", sentence[:at])
            else None
        )
        status = _mechanism_status(text[end : end + 40] if listed else sentence[max(0, at - 60) : at + len(name) + 60])
        key = _merge_key(name, found)
        if key in found:
            old = found[key]
            found[key] = replace(
                old,
                recurrence=old.recurrence or recurrence,
                next=old.next or nxt,
                held=old.held or held,
                status=old.status or status,
                name=old.name if len(old.name) >= len(name) else name,
            )
        else:
            found[key] = Mechanism(name, recurrence, nxt, held, status, start, end)
            order.append(key)

    for m in _near_heads(MECHANISM, _MECHANISM_HEAD, text):
        add(_clean_name(m.group("name")), m.start("name"), m.end("name"))
    for m in _TALK_LIST.finditer(text):
        head = m.group(2).capitalize()
        for part in re.split(r",\s+|\s+and\s+", m.group(1)):
            add(f"{part} {head}", m.start(), m.end(), listed=True)
    return [found[k] for k in order]


def _merge_key(name: str, found: dict) -> str:
    """Mentions of one mechanism share a key: one name's words contain the other's, or both carry the same
    numbered format and another word ("2+2 Ministerial Talks" and "(2+2) Ministerial Meeting")."""
    key = comparable_name(name)
    words = set(key.split())
    for existing in found:
        ew = set(existing.split())
        if words and ew and (words <= ew or ew <= words) and min(len(words), len(ew)) >= 2:
            return existing
        shared = words & ew
        if len(shared) >= 2 and any(any(ch.isdigit() for ch in w) for w in shared):
            return existing
    return key


def _mechanism_status(around: str) -> str | None:
    s = around.lower()
    if re.search(r"\bterms\s+of\s+reference\b|\b(?:establish|launch|create|set\s+up)\w*\b", s):
        return "proposed"
    if re.search(r"\balready\s+underway\b|\bongoing\b|\bregular\b", s):
        return "active"
    if re.search(r"\binaugural\b.*\bwill\s+take\s+place\b|\bwill\s+(?:be\s+)?(?:held|convened|take\s+place)\b", s):
        return "scheduled"
    if re.search(r"\bestablish|\blaunch|\bcreate|\bpropose", s):
        return "proposed"
    return None


def find_agreements(text: str, *, on: str | None = None) -> list[Agreement]:
    """Named agreements, plans and partnerships, each at the furthest stage the text reports."""
    found: dict[str, Agreement] = {}
    order: list[str] = []
    for m in _near_heads(AGREEMENT, _AGREEMENT_HEAD, text):
        name = _clean_name(m.group("name") + (m.group("tail") or ""))
        if comparable_name(name) in _GENERIC or len(name) < 6 or name.lower().startswith(("terms of reference on",)):
            continue
        sentence = _sentence_around(text, m.start(), m.end())
        kind = _kind(name)
        stage, date = _agreement_stage(sentence, name, kind, on)
        key = _merge_key(name, found)
        if key in found:
            old = found[key]
            if _rank(stage) > _rank(old.stage):
                found[key] = replace(old, stage=stage, date=date or old.date)
        else:
            found[key] = Agreement(name, kind, stage, date, m.start(), m.end())
            order.append(key)
    return [found[k] for k in order]


def _kind(name: str) -> str:
    low = name.lower()
    if re.search(r"\b(?:action\s+plan|plan\s+of\s+action|work\s*plan|roadmap)s?\b", low):
        return "plan"
    if re.search(r"\bpartnerships?$", low):
        return "partnership"
    return "agreement"


_STAGE_ORDER = ("proposed", "negotiating", "launched", "concluded", "signed", "in-force", "terminated")


def _rank(stage: str | None) -> int:
    return _STAGE_ORDER.index(stage) if stage in _STAGE_ORDER else -1


def _agreement_stage(sentence: str, name: str, kind: str, on: str | None) -> tuple[str | None, str | None]:
    s = sentence.lower()
    when = find_past_date(sentence, on=on) or on
    if re.search(r"\b(?:entered|enter|entry)\s+into\s+force\b", s) and not re.search(r"\bwill\s+enter\b", s):
        return "in-force", when
    if re.search(r"\b(?:have|has|had)\s+(?:\w+\s+)?signed\b|\bsigning\s+of\b|\bsigned\s+(?:the|a|an)\b", s):
        return "signed", on
    if re.search(r"\b(?:have|has)\s+concluded\b|\bconclusion\s+of\b", s):
        return "concluded", when
    if re.search(r"\b(?:launched|established|adopted|elevated)\b", s):
        return "launched", find_past_date(sentence, on=on)
    if re.search(r"\bnegotiations?\b|\bnegotiat", s):
        if re.search(r"\b(?:commence|begin|start|launch|initiate|open)\w*\s+(?:\w+\s+){0,3}negotiations?\b", s):
            return "proposed", None
        return "negotiating", None
    if kind == "plan" and re.search(r"\bupdate\b", s):
        return "proposed", None
    if re.search(r"\bwill\s+be\s+guided\s+by\b|\bannounce", s):
        return "launched", on
    return None, None


def link_names(commitment: Commitment, mechanisms: list[Mechanism], agreements: list[Agreement]) -> Commitment:
    """Record on `commitment` which of the mechanisms and agreements its quote names."""
    if not mechanisms and not agreements:
        return commitment
    quote_key = " " + comparable_name(commitment.quote) + " "
    mech = tuple(m.name for m in mechanisms if _named_in(m.name, quote_key))
    agr = tuple(a.name for a in agreements if _named_in(a.name, quote_key))
    if not mech and not agr:
        return commitment
    return replace(commitment, mechanisms=mech, agreements=agr)


def _named_in(name: str, quote_key: str) -> bool:
    key, tail = _name_forms(name)
    return f" {key} " in quote_key or (tail is not None and f" {tail} " in quote_key)


@lru_cache(maxsize=4096)
def _name_forms(name: str) -> tuple[str, str | None]:
    """A name's key, and the short form that also names it: "this 2+2 Ministerial Meeting" names the
    "Canada-ROK Foreign and Defence (2+2) Ministerial Meeting"."""
    key = comparable_name(name)
    words = key.split()
    tail = " ".join(words[-3:])
    numbered = len(words) >= 3 and any(ch.isdigit() or ch == "+" for ch in tail)
    return key, tail if numbered else None
