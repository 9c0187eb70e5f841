"""Cue phrases that make a clause an undertaking (and how strong), or rule it out.

Strength classes follow ../shared/spec/commitments.md, which adapts the G7 Research Group's definition of a
commitment: `firm` (will, shall, commit to, agree to, decide to), `reaffirmed` (reaffirm, reiterate, remain
committed, bare "continue to"), `position` (support, oppose, stand with, uphold) and `aspirational` (look
forward to, keen to, hope, aim, seek, explore, consider, intend, plan, work toward).
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass
from itertools import accumulate

from servanda.extract.dispatch import PrefixDispatch

# kinds of cue
COMMIT = "commit"  # makes the clause an undertaking of its subject
EXCLUDE = "exclude"  # governs a clause that is not an undertaking (concern, calls on others, facts)
WEAK = "weak"  # an undertaking only when its object carries a commitment noun ("welcome X's decision")
PAST = "past"  # reports something done: a candidate achievement


@dataclass(frozen=True, slots=True)
class Cue:
    start: int
    end: int
    name: str
    kind: str
    strength: str | None


_ADV = (
    r"(?:(?:also|further|jointly|together|strongly|firmly|fully|again|once\s+again|today|hereby|now|each|both|all|"
    r"steadfastly|unequivocally|resolutely|collectively|individually|continually|deeply|warmly|"
    r"actively|closely|clearly|categorically|consistently|unwaveringly|strongly)\s+){0,3}"
)

# (name, pattern, kind, strength). Order matters only for readability; the earliest match in a clause governs,
# except where a later cue is marked to override (see `governing`).
_CUES: list[tuple[str, str, str, str | None]] = [
    # aspirational, checked before the firm modal they may contain ("will seek to")
    (
        "will_seek",
        rf"\bwill\s+{_ADV}(?:seek|aim|strive|endeavou?r|try|hope|look\s+forward)\b",
        COMMIT,
        "aspirational",
    ),
    ("will_work_toward", rf"\bwill\s+{_ADV}work\s+towards?\b", COMMIT, "aspirational"),
    ("look_forward", r"\blook(?:s|ed|ing)?\s+forward\s+to\b", COMMIT, "aspirational"),
    (
        "keen",
        r"\b(?:is|are|remains?|were|was)\s+(?:very\s+|also\s+)?(?:keen|eager|ready|willing|prepared|open)\s+to\b",
        COMMIT,
        "aspirational",
    ),
    ("hope", r"\bhope(?:s|d)?\s+(?:to|that)\b", COMMIT, "aspirational"),
    (
        "aim",
        r"\b(?:aim|aims|aiming|seek|seeks|seeking|strive|strives|endeavou?r|endeavou?rs|aspire|aspires)\s+to\b",
        COMMIT,
        "aspirational",
    ),
    (
        "intend",
        r"\b(?:intend|intends|intended|(?-i:plan|plans|planned))\s+to\b|\b(?-i:plan|plans)\s+on\s+[a-z]+ing\b",
        COMMIT,
        "aspirational",
    ),
    (
        "express_intent",
        r"\b(?:express|expresses|expressed|expressing|state|states|stated|signal|signals|signaled|"
        r"signalled)\s+(?:the|our|their|its|a)\s+(?:shared\s+|joint\s+|strong\s+)?(?:intent|intention|"
        r"desire|wish|hope|willingness|readiness|interest)\s+to\b",
        COMMIT,
        "aspirational",
    ),
    (
        "intention",
        r"\b(?:our|their|its|the)\s+(?:shared\s+|joint\s+|mutual\s+)?(?:intention|intent|aspiration|plan)s?\s+to\b",
        COMMIT,
        "aspirational",
    ),
    (
        "explore",
        rf"^(?:{_ADV})?(?:explore|consider|examine|study)\b|\b(?:we|they|both|countries|leaders|ministers|sides)\s+"
        rf"{_ADV}(?:explore|consider|examine|study)\b",
        COMMIT,
        "aspirational",
    ),
    ("work_toward", rf"\b(?:work|working|works)\s+{_ADV}towards?\b", COMMIT, "aspirational"),
    ("target", r"\b(?:target|targets)\s+(?:to|of|reaching|achieving)\b", COMMIT, "aspirational"),
    ("wish", r"\bwish(?:es)?\s+to\b", COMMIT, "aspirational"),
    # concern restated is still concern, and a recalled text is not an undertaking
    (
        "restated_concern",
        r"\b(?:re-?affirm|reiterate|reiterates|reiterated|restate|renew|renews|renewed|underline|"
        r"underscore|reaffirms|repeat|repeats|continue\s+to|continues\s+to)\s+(?:express\s+|voice\s+)?"
        r"(?:our|their|its)?\s*(?:serious\s+|grave\s+|deep\s+|strong\s+|urgent\s+)?(?:concerns?|"
        r"calls?|urge|demand|demands|appeal|appeals|condemnation|condemn)\b",
        EXCLUDE,
        None,
    ),
    (
        "confidence",
        r"\b(?:express|expresses|expressed|expressing|voice|voiced)\s+(?:their|our|its)?\s*(?:full\s+|"
        r"strong\s+)?(?:confidence|satisfaction|appreciation|gratitude|condolences|sympathy|solidarity|"
        r"hope\s+that|optimism)\b",
        EXCLUDE,
        None,
    ),
    (
        "taking_steps",
        r"\b(?:am|is|are)\s+(?:also\s+|now\s+|jointly\s+)?taking\s+(?:new\s+|further\s+|additional\s+|"
        r"concrete\s+|immediate\s+)?(?:steps|measures|action|actions)\b",
        COMMIT,
        "firm",
    ),
    (
        "pleased",
        r"\b(?:am|is|are|were|was)\s+(?:\w+\s+)?(?:pleased|delighted|glad|proud|honou?red|happy|encouraged|"
        r"heartened|grateful)\b(?!\s+to\s+(?:announce|launch|commit|confirm))",
        EXCLUDE,
        None,
    ),
    (
        "important_role",
        r"\b(?:affirm|affirms|affirmed|reaffirm|reaffirms|recogni[sz]e|recogni[sz]es)\s+(?:the\s+)?"
        r"(?:key|important|vital|critical|essential|central|significant|valuable|crucial)\s+"
        r"(?:role|contribution|contributions)\b",
        EXCLUDE,
        None,
    ),
    (
        "united_in",
        r"\b(?:are|is|remain|remains|stand)\s+(?:firmly\s+|fully\s+)?(?:united|steadfast|resolute|firm|"
        r"unwavering)\s+in\s+(?:our|their|its)\s+(?:\w+\s+)?support\b",
        COMMIT,
        "position",
    ),
    (
        "steadfast_in",
        r"\b(?:are|is|remain|remains)\s+(?:firmly\s+|fully\s+)?(?:steadfast|resolute|unwavering|firm)\s+in\s+"
        r"(?:our|their|its)\s+(?:\w+\s+)?(?:commitment|dedication|resolve)\b",
        COMMIT,
        "reaffirmed",
    ),
    (
        "united_commitment",
        r"\b(?:are|is|remain|remains|stand)\s+(?:firmly\s+|fully\s+)?united\s+in\s+"
        r"(?:our|their|its)\s+(?:\w+\s+)?(?:commitment|dedication|resolve|determination)\b",
        COMMIT,
        "firm",
    ),
    (
        "united_resolve",
        r"\b(?:are|is|remain|remains)\s+(?:\w+\s+){0,3}(?:determination|resolve|resolution)\s+to\b",
        COMMIT,
        "firm",
    ),
    # reaffirmed
    (
        "reaffirm",
        r"\b(?:re-?affirm|re-?affirms|re-?affirmed|re-?affirming|reiterate|reiterates|reiterated|reiterating|"
        r"re-?commit|re-?commits|re-?committed|reconfirm|reconfirms|reconfirmed|restate|restates|restated)\b|"
        r"\b(?:renew|renews|renewed)\s+(?=our\b|their\b|its\b|the\b|a\b|commitment|support)",
        COMMIT,
        "reaffirmed",
    ),
    (
        "remain_committed",
        rf"\bremain(?:s|ed)?\s+{_ADV}(?:committed|dedicated|determined|resolved|steadfast|"
        r"resolute|unwavering|devoted)\b",
        COMMIT,
        "reaffirmed",
    ),
    (
        "continue_support",
        rf"\bcontinu(?:e|es|ed|ing)\s+(?:to\s+)?{_ADV}(?:support|supporting|uphold|upholding|stand|"
        r"standing|oppose|opposing)\b",
        COMMIT,
        "position",
    ),
    (
        "continue",
        r"\bcontinu(?:e|es)\s+(?:to\s+|our\s+|their\s+|(?=[a-z]+ing\b))|\b(?:are|is)\s+(?:also\s+)?continuing\s+"
        r"(?:to\s+|our\s+|their\s+|efforts\b|work\b|(?=[a-z]+ing\b))",
        COMMIT,
        "reaffirmed",
    ),
    (
        "welcome_and_support",
        r"\b(?:welcome|welcomes|welcomed)\s+and\s+(?:support|supports|supported|endorse|"
        r"endorses|endorsed)\b",
        COMMIT,
        "position",
    ),
    ("affirm", r"\b(?:affirm|affirms|affirmed|affirming)\b", COMMIT, "reaffirmed"),
    (
        "express_commitment",
        r"\b(?:express|expresses|expressed|expressing)\s+(?:our|their|its)\s+(?:\w+\s+){0,2}?"
        r"(?:commitments?|determination|resolve)\s+to\b",
        COMMIT,
        "firm",
    ),
    (
        "dedication",
        r"\b(?:underline|underlines|underlined|underscore|underscores|underscored|emphasi[sz]e|"
        r"emphasi[sz]es|emphasi[sz]ed|stress|stresses|stressed|highlight|highlights|highlighted|reassert|reasserts|"
        r"reasserted|reinforce|reinforces|reinforced|confirm|confirms|confirmed|note|notes|noted)\s+"
        r"(?:our|their|its|our\s+\w+['’]s?|their\s+\w+['’]s?)\s+"
        r"(?:\w+\s+){0,2}?(?:dedication|commitments?|determination|resolve)\b",
        COMMIT,
        "reaffirmed",
    ),
    # firm
    ("embark", r"\b(?:embark|embarks)\s+(?:together\s+|jointly\s+)?(?:on|upon)\b", COMMIT, "firm"),
    # "accepted Prime Minister Meloni's invitation to pay an official visit": the visit is still to come
    ("accept_invitation", r"\b(?:accept|accepts|accepted)\s+(?:[\w.'’-]+\s+){0,5}?invitation\s+to\b", COMMIT, "firm"),
    ("will", r"\b(?:will|shall)\b(?!\s+not\b)", COMMIT, "firm"),
    ("going_to", r"\b(?:is|are)\s+going\s+to\b", COMMIT, "firm"),
    (
        "committed",
        rf"\b(?:am|is|are|were|was|be|been|being|remain\s+fully)\s+{_ADV}(?:committed|dedicated|determined|"
        r"resolved)(?:,[^,;]{1,60},|\s+(?:like\s+never\s+before|more\s+than\s+ever|as\s+ever))?\s+to\b",
        COMMIT,
        "firm",
    ),
    (
        "perfect_commit",
        r"\b(?:have|has)\s+(?:also\s+|now\s+|jointly\s+)?(?:committed|pledged|agreed|decided|resolved|"
        r"undertaken)\s+to\s+(?!an?\b|the\b|this\b|these\b)",
        COMMIT,
        "firm",
    ),
    (
        "commit",
        r"\b(?:commit|commits|committed|committing|pledge|pledges|pledged|pledging|vow|vows|vowed|undertake|"
        r"undertakes|undertook|resolve|resolves|resolved)(?:,\s+[^,.;]{1,60},)?\s+(?:themselves\s+|ourselves\s+)?"
        r"(?:to|that)\b",
        COMMIT,
        "firm",
    ),
    (
        "agree",
        rf"\b(?:agree|agrees|agreed|decide|decides|decided|resolve|resolves|resolved|concur|concurs|"
        rf"concurred)\s+"
        rf"{_ADV}(?:to|that|on|upon)\b|\b(?:agreed|decided)\s+(?=(?:the\s+)?[A-Z][a-z]+[^.;]{{0,80}}\bwould\b)|"
        r"\bdetermined\s+that\b(?=(?:[^.;]|\.(?=\S|\s+[a-z])){0,80}\b(?:will|would|shall)\b)",
        COMMIT,
        "firm",
    ),
    (
        "call_on_own",
        r"\b(?:(?:call|calls|called)\s+(?:on|upon)|ask|asks|asked|request|requests|requested)\s+"
        r"(?:our|their|the)\s+(?:respective\s+)?(?:\w+\s+){0,3}"
        r"(?:ministers|ministries|ministry|minister|officials|governments|agencies|teams|departments|"
        r"secretaries|senior\s+officials)\b",
        COMMIT,
        "firm",
    ),
    ("confirm", r"\b(?:confirm|confirms|confirmed)\s+(?:that|their|our|the)\b", COMMIT, "firm"),
    (
        "task",
        r"\b(?:(?:have|has)\s+(?:also\s+)?)?(?:task|tasks|tasked|direct|directs|directed|instruct|instructs|"
        r"instructed|mandate|mandates|mandated|charge|charges|charged|challenge|challenges|challenged)\s+"
        r"(?:our|their|the|respective|relevant|senior|both)\b",
        COMMIT,
        "firm",
    ),
    (
        "announce",
        r"(?<!\bthe\s)(?<!\ba\s)(?<!\ban\s)(?<!\bits\s)(?<!\bour\s)(?<!\btheir\s)"
        r"\b(?:announce|announces|announced|announcing|launch|launches|unveil|unveils)\b(?!\s+of\b)|"
        r"\b(?:am|is|are)\s+(?:also\s+|now\s+|today\s+|jointly\s+)?(?:establishing|launching|creating|"
        r"setting\s+up|initiating|unveiling|inaugurating|convening|issuing)\b",
        COMMIT,
        "firm",
    ),
    (
        "considering",
        r"\b(?:is|are)\s+(?:also\s+|now\s+|seriously\s+|actively\s+|currently\s+){0,2}"
        r"(?:considering|exploring|examining|studying)\b",
        COMMIT,
        "aspirational",
    ),
    (
        "share_commitment",
        r"\b(?:share|shares)\s+(?:a|the|our|their|this)\s+(?:common\s+|strong\s+|firm\s+|deep\s+)?"
        r"(?:commitment|determination|resolve)\s+to\b",
        COMMIT,
        "firm",
    ),
    (
        "commitment_noun",
        r"\b(?:our|their|its|a|the)\s+(?:shared\s+|joint\s+|mutual\s+|strong\s+|firm\s+|renewed\s+|"
        r"continued\s+|new\s+)?(?:commitment|pledge)s?\s+to\b",
        WEAK,
        "firm",
    ),
    # positions
    ("support", r"\b(?:support|supports|supported)\b(?!\s+(?:of|for|by)\b)", COMMIT, "position"),
    (
        "oppose",
        r"\b(?:oppose|opposes|opposed|reject|rejects|rejected)\b(?!\s+by\b)|\b(?:stand|stands)\b"
        r"(?!\s+(?:of|to|in)\b)",
        COMMIT,
        "position",
    ),
    ("uphold", r"\b(?:uphold|upholds|upheld|defend|defends)\b(?!\s+by\b)", COMMIT, "position"),
    (
        "express_support",
        r"\b(?:express|expresses|expressed|extend|extends|reaffirm|reiterate)\s+(?:(?:our|their|its)\s+)?"
        r"(?:full\s+|strong\s+|continued\s+|unwavering\s+|steadfast\s+|firm\s+)*support\b",
        COMMIT,
        "position",
    ),
    # not undertakings when they govern
    (
        "urge",
        r"\b(?:urge|urges|urged|call|calls|called|calling)\s+(?:on|upon|for)\b|\burges?\b|\burged\b|"
        r"\bencourag(?:e|es|ed)\b",
        EXCLUDE,
        None,
    ),
    (
        "condemn",
        r"\b(?:condemn|condemns|condemned|deplore|deplores|denounce|denounces|regret|regrets)\b",
        EXCLUDE,
        None,
    ),
    (
        "concern",
        r"\b(?:express|expresses|expressed|share|shares|shared|voice|voices)\s+(?:our|their|its|grave|deep|"
        r"serious|strong|the)?\s*(?:grave\s+|deep\s+|serious\s+|strong\s+)?concerns?\b|"
        r"\b(?:are|is|remain|remains)\s+(?:deeply\s+|gravely\s+|seriously\s+)?(?:concerned|alarmed)\b",
        EXCLUDE,
        None,
    ),
    (
        "note",
        r"\b(?:note|notes|noted|noting|recall|recalls|recalled|recalling|acknowledge|acknowledges|acknowledged|recogni[sz]e|recogni[sz]es|"
        r"recogni[sz]ed|observe|observes|observed|believe|believes|are\s+convinced|share\s+the\s+view|"
        r"shares\s+the\s+view|share\s+the\s+belief|highlight|highlights|highlighted|emphasi[sz]e|emphasi[sz]es|"
        r"emphasi[sz]ed|stress|stresses|stressed|underscore|underscores|underscored|underline|underlines|"
        r"underlined)\b",
        EXCLUDE,
        None,
    ),
    (
        "welcome",
        r"\b(?:welcome|welcomes|welcomed|welcoming|applaud|applauds|applauded|commend|commends|commended|"
        r"appreciate|appreciates|appreciated|praise|praises|praised|congratulate|congratulates|"
        r"congratulated|thank|thanks|thanked|value|values|valued|celebrate|celebrates|celebrated|"
        r"salute|salutes|mourn|mourns|honou?r|honou?rs)\b",
        EXCLUDE,
        None,
    ),
    (
        "past",
        r"\b(?:have|has|had)\s+(?:(?:also|now|already|jointly|successfully|recently|together)\s+)?"
        r"(?:been\s+)?[a-z]+ed\b|\b(?:have|has|had)\s+(?:also\s+)?(?:made|held|signed|begun|taken|built|"
        r"brought|set|met|won|led|sent|given|done|seen|grown|become|undertaken|written|shown|spent|"
        r"established|launched|concluded)\b",
        PAST,
        None,
    ),
]

_NAMES = [c[0] for c in _CUES]
_META = {c[0]: (c[2], c[3]) for c in _CUES}


def cue_kind(name: str) -> tuple[str, str | None]:
    """The kind and strength of the cue called `name`."""
    return _META[name]


_DISPATCH = PrefixDispatch([(name, pattern) for name, pattern, _, _ in _CUES], re.IGNORECASE)
CUE_PATTERN = _DISPATCH.whole


def match_cue(text: str, pos: int, end: int | None = None) -> re.Match[str] | None:
    """`CUE_PATTERN.match(text, pos, end)`, trying only the cues that can begin with the characters at `pos`."""
    return _DISPATCH.match(text, pos, end)


# Every cue contains one of these words; scanning only around them keeps extraction fast. A test checks that
# anchored scanning finds exactly what a scan of every position finds.
ANCHORS = frozenset(
    [
        "will",
        "shall",
        "going",
        "look",
        "looks",
        "looked",
        "looking",
        "keen",
        "eager",
        "ready",
        "willing",
        "prepared",
        "open",
        "hope",
        "hopes",
        "hoped",
        "aim",
        "aims",
        "aiming",
        "seek",
        "seeks",
        "seeking",
        "strive",
        "strives",
        "endeavour",
        "endeavor",
        "endeavours",
        "endeavors",
        "aspire",
        "aspires",
        "express",
        "expresses",
        "expressed",
        "expressing",
        "state",
        "states",
        "stated",
        "signal",
        "signals",
        "signaled",
        "signalled",
        "intention",
        "intentions",
        "intent",
        "aspiration",
        "aspirations",
        "plan",
        "plans",
        "planned",
        "intend",
        "intends",
        "intended",
        "explore",
        "consider",
        "examine",
        "study",
        "toward",
        "towards",
        "target",
        "targets",
        "wish",
        "wishes",
        "concern",
        "concerns",
        "concerned",
        "alarmed",
        "call",
        "calls",
        "called",
        "calling",
        "urge",
        "urges",
        "urged",
        "encourage",
        "encourages",
        "encouraged",
        "demand",
        "demands",
        "appeal",
        "appeals",
        "condemnation",
        "condemn",
        "condemns",
        "condemned",
        "deplore",
        "deplores",
        "denounce",
        "denounces",
        "regret",
        "regrets",
        "pleased",
        "delighted",
        "glad",
        "proud",
        "honored",
        "honoured",
        "happy",
        "encouraged",
        "heartened",
        "grateful",
        "role",
        "contribution",
        "contributions",
        "united",
        "steadfast",
        "resolute",
        "firm",
        "unwavering",
        "determination",
        "resolve",
        "resolves",
        "resolution",
        "resolved",
        "reaffirm",
        "reaffirms",
        "reaffirmed",
        "reaffirming",
        "re-affirm",
        "re-affirms",
        "re-affirmed",
        "re-affirming",
        "reiterate",
        "reiterates",
        "reiterated",
        "reiterating",
        "recommit",
        "recommits",
        "recommitted",
        "reconfirm",
        "reconfirms",
        "reconfirmed",
        "renew",
        "renews",
        "renewed",
        "restate",
        "restates",
        "restated",
        "repeat",
        "repeats",
        "remain",
        "remains",
        "remained",
        "continue",
        "continues",
        "continued",
        "continuing",
        "affirm",
        "affirms",
        "affirmed",
        "affirming",
        "dedication",
        "reinforce",
        "reinforces",
        "reinforced",
        "reassert",
        "reasserts",
        "reasserted",
        "embark",
        "embarks",
        "accept",
        "accepts",
        "accepted",
        "commitment",
        "commitments",
        "committed",
        "dedicated",
        "determined",
        "pledged",
        "agreed",
        "decided",
        "undertaken",
        "commit",
        "commits",
        "committing",
        "pledge",
        "pledges",
        "pledging",
        "vow",
        "vows",
        "vowed",
        "undertake",
        "undertakes",
        "undertook",
        "agree",
        "agrees",
        "decide",
        "decides",
        "confirm",
        "confirms",
        "confirmed",
        "task",
        "tasks",
        "tasked",
        "direct",
        "directs",
        "directed",
        "instruct",
        "instructs",
        "instructed",
        "mandate",
        "mandates",
        "mandated",
        "announce",
        "announces",
        "announced",
        "announcing",
        "launch",
        "launches",
        "unveil",
        "unveils",
        "establishing",
        "launching",
        "creating",
        "setting",
        "initiating",
        "unveiling",
        "inaugurating",
        "convening",
        "issuing",
        "considering",
        "exploring",
        "examining",
        "studying",
        "support",
        "supports",
        "supported",
        "oppose",
        "opposes",
        "opposed",
        "reject",
        "rejects",
        "rejected",
        "stand",
        "stands",
        "stood",
        "uphold",
        "upholds",
        "upheld",
        "defend",
        "defends",
        "note",
        "notes",
        "noted",
        "noting",
        "recall",
        "recalls",
        "recalled",
        "recalling",
        "acknowledge",
        "acknowledges",
        "acknowledged",
        "recognize",
        "recognise",
        "recognizes",
        "recognises",
        "recognized",
        "recognised",
        "observe",
        "observes",
        "observed",
        "believe",
        "believes",
        "convinced",
        "view",
        "belief",
        "highlight",
        "highlights",
        "highlighted",
        "emphasize",
        "emphasise",
        "emphasizes",
        "emphasises",
        "emphasized",
        "emphasised",
        "stress",
        "stresses",
        "stressed",
        "underscore",
        "underscores",
        "underscored",
        "underline",
        "underlines",
        "underlined",
        "welcome",
        "welcomes",
        "welcomed",
        "welcoming",
        "applaud",
        "applauds",
        "applauded",
        "commend",
        "commends",
        "commended",
        "appreciate",
        "appreciates",
        "appreciated",
        "praise",
        "praises",
        "praised",
        "congratulate",
        "congratulates",
        "congratulated",
        "thank",
        "thanks",
        "thanked",
        "value",
        "values",
        "valued",
        "celebrate",
        "celebrates",
        "celebrated",
        "salute",
        "salutes",
        "mourn",
        "mourns",
        "honour",
        "honor",
        "honours",
        "honors",
        "have",
        "has",
        "had",
        "confidence",
        "satisfaction",
        "appreciation",
        "gratitude",
        "condolences",
        "sympathy",
        "solidarity",
        "optimism",
        "voiced",
        "taking",
        "ask",
        "asks",
        "asked",
        "request",
        "requests",
        "requested",
        "concur",
        "concurs",
        "concurred",
        "charge",
        "charges",
        "charged",
        "challenge",
        "challenges",
        "challenged",
    ]
)
# Words a cue can begin with: its anchor, or an auxiliary, determiner or subject in front of it.
STARTERS = ANCHORS | frozenset(
    [
        "am",
        "is",
        "are",
        "was",
        "were",
        "be",
        "been",
        "being",
        "remain",
        "remains",
        "remained",
        "the",
        "our",
        "their",
        "its",
        "a",
        "an",
        "we",
        "they",
        "both",
        "countries",
        "leaders",
        "ministers",
        "sides",
        "share",
        "shares",
        "shared",
        "voice",
        "voices",
        "re",
        "work",
        "works",
        "working",
    ]
)
_ANCHOR_TOKEN = re.compile(r"[A-Za-z]+")
_ANCHOR_SPLIT = re.compile(r"([a-z]+)")  # the same words in lowercased text, kept by re.split
LOOKBACK = 60  # characters before an anchor word where a cue may begin ("are also very keen to")


def find_cues(text: str, start: int = 0, end: int | None = None) -> list[Cue]:
    """Every cue in `text[start:end]`, in order, as a scan of every position would find them."""
    end = len(text) if end is None else end
    out: list[Cue] = []
    last_end = start
    word_starts: list[int] = []  # starts of the words a cue may begin with
    for at, word in _starter_words(text, start, end):
        word_starts.append(at)
        if at < last_end or word not in ANCHORS:
            continue
        lowest = max(last_end, at - LOOKBACK)
        for begin in word_starts[bisect_left(word_starts, lowest) :]:
            m = _DISPATCH.match(text, begin, end)
            if m is not None and m.end() > at:
                name = m.lastgroup or ""
                kind, strength = _META[name]
                out.append(Cue(m.start(), m.end(), name, kind, strength))
                last_end = m.end()
                break
    return out


def _starter_words(text: str, start: int, end: int) -> list[tuple[int, str]]:
    """(offset, lowercased word) of each word in `text[start:end]` that a cue may begin with."""
    segment = text[start:end]
    lowered = segment.lower()
    if len(lowered) != len(segment) or "\u212a" in segment:  # "İ" lowercases to two letters, "K" to "k"
        found = ((w.start(), w.group(0).lower()) for w in _ANCHOR_TOKEN.finditer(text, start, end))
        return [(at, word) for at, word in found if word in STARTERS]
    parts = _ANCHOR_SPLIT.split(lowered)  # [gap, word, gap, word, ..., gap]
    words = parts[1::2]
    wanted = [k for k, word in enumerate(words) if word in STARTERS]
    if not wanted:
        return []
    bounds = list(accumulate(map(len, parts)))
    return [(start + bounds[2 * k], words[k]) for k in wanted]


def scan_every_position(text: str) -> list[Cue]:
    """The reference scan `find_cues` must agree with (slow: tries the pattern at every position)."""
    return [Cue(m.start(), m.end(), m.lastgroup or "", *_META[m.lastgroup or ""]) for m in CUE_PATTERN.finditer(text)]
