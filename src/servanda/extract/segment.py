"""Split clean text into blocks (headings, paragraphs, list items) and sentences, keeping offsets."""

from __future__ import annotations

import re
from dataclasses import dataclass

from servanda.ingest.wrapping import is_soft_break, prose_wrap_width
from servanda.reference.parties import find_parties

HEADING = "heading"
PARAGRAPH = "paragraph"
ITEM = "item"


@dataclass(frozen=True, slots=True)
class Sentence:
    """A sentence of the text: `text[start:end]`, with the heading it sits under."""

    start: int
    end: int
    section: str | None
    block: int  # index of the block it belongs to
    annex: bool = False
    item: bool = False  # the block is a list item
    block_start: int = 0  # the paragraph or item the sentence sits in: text[block_start:block_end]
    block_end: int = 0


@dataclass(frozen=True, slots=True)
class Block:
    start: int
    end: int
    kind: str


# A list marker or an opening quotation mark at the start of a block is not part of any sentence.
_LEAD = re.compile(r"""\s*(?:(?:[-*•·▪–—]|\(?\d{1,3}[.)]|\(?[a-z][.)]|\(?[ivx]{1,5}[.)])\s+)?["'“‘]?\s*""")
_LABEL = re.compile(r"(?P<label>[A-Z][\w'’,&-]*(?:\s+[\w'’,&-]+){0,7}):\s+(?=[\"“]?[A-Z])")
_TERMINAL = re.compile(r"""[.!?:;]["'”’)\]]*\s*$""")
_ANNEX = re.compile(
    r"^(?:annex|appendix|attachment|fact sheet|deliverables|joint deliverables|list of deliverables)\b",
    re.IGNORECASE,
)
_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*")
_SMALL = frozenset(
    [
        "a",
        "an",
        "and",
        "as",
        "at",
        "but",
        "by",
        "for",
        "from",
        "in",
        "into",
        "of",
        "on",
        "or",
        "the",
        "to",
        "with",
        "without",
        "under",
        "over",
        "via",
        "vs",
        "between",
    ]
)

# Abbreviations after which a period does not end a sentence.
_ABBREVIATIONS = frozenset(
    [
        "mr",
        "mrs",
        "ms",
        "dr",
        "jr",
        "sr",
        "st",
        "gen",
        "lt",
        "col",
        "adm",
        "capt",
        "cmdr",
        "rt",
        "hon",
        "h.e",
        "no",
        "nos",
        "art",
        "para",
        "paras",
        "vol",
        "fig",
        "figs",
        "e.g",
        "i.e",
        "cf",
        "approx",
        "inc",
        "ltd",
        "co",
        "corp",
        "dept",
        "gov",
        "govt",
        "sen",
        "rep",
        "amb",
        "jan",
        "feb",
        "mar",
        "apr",
        "jun",
        "jul",
        "aug",
        "sep",
        "sept",
        "oct",
        "nov",
        "dec",
        "u.s",
        "u.k",
        "u.n",
        "e.u",
        "d.c",
        "u.s.a",
        "r.o.k",
        "p.m",
        "a.m",
        "mt",
        "ft",
        "pp",
        "op",
    ]
)
# After a dotted acronym ("U.S."), these words start a new sentence; any other word continues it.
_SENTENCE_OPENERS = frozenset(
    [
        "the",
        "this",
        "these",
        "those",
        "we",
        "our",
        "they",
        "their",
        "both",
        "in",
        "as",
        "it",
        "its",
        "to",
        "with",
        "for",
        "through",
        "today",
        "president",
        "prime",
        "leaders",
        "ministers",
        "he",
        "she",
        "together",
        "building",
        "recognizing",
        "recognising",
        "further",
        "additionally",
        "moreover",
        "japan",
        "canada",
        "australia",
        "india",
        "korea",
    ]
)
_BOUNDARY = re.compile(r"""([.!?])(["'”’)\]]*)(\s+|(?<=[a-z]{2}\.)(?=[A-Z][a-z]))(?=[-"'“‘(\[]?\s*[A-Z0-9])""")


def split_blocks(text: str) -> list[Block]:
    """Lines are blocks, except where a line continues the one above: a line that stops mid-sentence and is
    followed by a lowercase or digit line joins it, and in hard-wrapped text every line the wrapper broke off
    joins the one it was broken from."""
    blocks: list[Block] = []
    pos = 0
    n = len(text)
    width = prose_wrap_width(text.split("\n"))
    pending: tuple[int, int] | None = None
    previous = ""  # the line above, as it stands in the text
    while pos <= n:
        nl = text.find("\n", pos)
        if nl < 0:
            nl = n
        line = text[pos:nl]
        stripped = line.strip()
        if stripped:
            lstart = pos + (len(line) - len(line.lstrip()))
            lend = pos + len(line.rstrip())
            if pending is not None:
                prev_text = text[pending[0] : pending[1]]
                if _continues(prev_text, previous, line, width):
                    pending = (pending[0], lend)
                else:
                    blocks.append(_classify(text, *pending))
                    pending = (lstart, lend)
            else:
                pending = (lstart, lend)
        elif pending is not None:
            blocks.append(_classify(text, *pending))
            pending = None
        previous = line
        pos = nl + 1
    if pending is not None:
        blocks.append(_classify(text, *pending))
    return blocks


# Lines that open a block of their own (a list item, a Markdown heading, a table row or a quotation block) and
# lines that end one (a Markdown heading, a table row, a line in bold) whatever the width of the text.
_OPENS_BLOCK = re.compile(r"\s*(?:(?:[-*+•·▪]|\(?\d{1,3}[.)]|\(?[a-z][.)]|\(?[ivx]{1,5}[.)])\s|#{1,6}(?:\s|$)|[|>])")
_WHOLE_LINE = re.compile(r"\s*(?:#{1,6}(?:\s|$)|\||\*\*[^*]+\*\*\s*$|__[^_]+__\s*$)")
# Cleaning strips indentation and folds doubled spaces, so a wrapped line may now stop this many columns short.
_CLEANED_AWAY = 10


def _continues(block: str, previous: str, line: str, width: int | None) -> bool:
    """Whether `line` carries on the block above it, whose last line is `previous`."""
    if width is not None and _wrapped_onto(previous, line, width):
        return True
    stripped = line.strip()
    return not _TERMINAL.search(block) and (stripped[0].islower() or stripped[0].isdigit()) and len(block) > 60


def _wrapped_onto(previous: str, line: str, width: int) -> bool:
    """Whether, in text hard-wrapped at `width`, `line` is the rest of a paragraph `previous` was broken from."""
    if _OPENS_BLOCK.match(line) or _WHOLE_LINE.match(previous):
        return False
    if is_soft_break(previous, line, width):
        return True
    if previous.rstrip().endswith((":", ";")):
        return False  # a lead-in or an entry of a list
    if line.lstrip()[0].islower():
        return True  # neither a sentence nor a heading begins in lowercase
    if _TERMINAL.search(previous) or is_heading(previous):
        return False
    # Mid-sentence and close to the width: a break the wrapper made before cleaning shortened the line.
    return is_soft_break(previous, line, width - _CLEANED_AWAY)


def _classify(text: str, start: int, end: int) -> Block:
    line = text[start:end]
    if _LEAD.match(line).end() > 0 and re.match(r"\s*(?:[-*•·▪]|\(?\d{1,3}[.)]|\(?[a-z][.)])\s", line):
        return Block(start, end, ITEM)
    if is_heading(line):
        return Block(start, end, HEADING)
    return Block(start, end, PARAGRAPH)


def is_heading(line: str) -> bool:
    """A short line with no closing punctuation, mostly capitalised: a section heading."""
    s = line.strip().strip("#").strip()
    if not s or len(s) > 120 or s[0] in "\"'“‘(":
        return False
    if s[-1] in '.;,!?"”’':
        return False
    words = _WORD.findall(s)
    if not words or len(words) > 14:
        return False
    if s.endswith(":"):
        # "We will prevent wildfires by:" introduces a list; "Annex: Joint deliverables" names a section.
        return len(words) <= 8 and not re.search(
            r"\b(?:we|will|shall|commit|agree|are|is|our|by|to)$|\b(?:we|will|"
            r"shall)\b",
            s[:-1],
            re.IGNORECASE,
        )
    if not s[0].isupper() and not s[0].isdigit():
        return False
    lowered = [w for w in words if w.lower() not in _SMALL]
    # Verbs of a sentence ("We will ...") rule a line out even when it lacks a period.
    if re.search(r"\b(?:we|will|shall|are|is|have|has)\b", s, re.IGNORECASE) and len(words) > 6:
        return False
    capitalised = sum(1 for w in lowered if w[0].isupper())
    return len(words) <= 8 or capitalised >= 0.6 * max(1, len(lowered))


def split_sentences(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Sentence spans inside `text[start:end]`, skipping list markers and opening quotation marks."""
    lead = _LEAD.match(text, start, end)
    pos = lead.end() if lead else start
    spans: list[tuple[int, int]] = []
    seg_start = pos
    for m in _BOUNDARY.finditer(text, pos, end):
        if not _ends_sentence(text, m.start(1), end, m.end()):
            continue
        cut = m.start(2) + len(m.group(2)) if m.group(2) and m.group(2)[0] in ")]" else m.start(1) + 1
        _append(text, spans, seg_start, cut)
        seg_start = m.end()
        # A stray second period (". . Within") or an opening quote belongs to no sentence.
        while seg_start < end and text[seg_start] in "\"'“‘. ":
            seg_start += 1
    _append(text, spans, seg_start, end)
    return spans


def _append(text: str, spans: list[tuple[int, int]], s: int, e: int) -> None:
    while s < e and text[s] in " \t\"'“‘-–—•":
        s += 1
    while e > s and text[e - 1] in " \t\"'“”‘’":
        e -= 1
    if e - s >= 2 and any(c.isalnum() for c in text[s:e]):
        spans.append((s, e))


def _ends_sentence(text: str, dot: int, end: int, next_start: int) -> bool:
    if text[dot] != ".":
        return True
    # Find the token before the period.
    i = dot
    while i > 0 and not text[i - 1].isspace() and text[i - 1] not in "(\"“'‘-–—/":
        i -= 1
    token = text[i:dot].lower()
    if not token:
        return True
    if token in _ABBREVIATIONS:
        nxt = _WORD.match(text, next_start, end)
        word = nxt.group(0).lower() if nxt else ""
        # "U.S." ends a sentence only when a sentence opener follows; "Mr." never does.
        return "." in token and len(token) > 2 and word in _SENTENCE_OPENERS
    if len(token) == 1 and token.isalpha() and text[i].isupper():
        return False  # an initial: "Joseph R. Biden"
    if "." in token and all(len(p) <= 2 for p in token.split(".")):
        nxt = _WORD.match(text, next_start, end)
        return bool(nxt and nxt.group(0).lower() in _SENTENCE_OPENERS)
    return True


def context_span(found: list[Sentence], index: int) -> tuple[int, int]:
    """The sentence at `index` with the one before it in the same paragraph: the words a short clause
    ("We look forward to continuing regular dialogue") takes its topic from."""
    sentence = found[index]
    start = sentence.start
    if index > 0 and found[index - 1].block == sentence.block:
        start = found[index - 1].start
    return start, sentence.end


# Above the first paragraph, a line naming a party, a publisher or the meeting is the title or a byline.
_PUBLISHER_OR_TITLE = re.compile(
    r"\b(?:Affairs|Office|Ministry|Department|House|Government|Statement|Declaration|Communiqu[eé]|Readout|"
    r"Talks|Meeting|Summit|Dialogue|Consultations)\b",
    re.IGNORECASE,
)


def _title_or_byline(heading: str) -> bool:
    return bool(_PUBLISHER_OR_TITLE.search(heading) or find_parties(heading))


def _one_line(name: str) -> str:
    """A heading or label wrapped over lines, as one line."""
    return re.sub(r"\s*\n\s*", " ", name)


def sentences(text: str) -> list[Sentence]:
    """Every sentence of `text`, in order, with its section heading and whether it sits in an annex."""
    out: list[Sentence] = []
    section: str | None = None
    annex = False
    body = False  # whether a paragraph has been seen: lines above the first one are a title and bylines
    for index, block in enumerate(split_blocks(text)):
        if block.kind == HEADING:
            raw = text[block.start : block.end].strip()
            heading = _one_line(raw.strip("#").strip().rstrip(":").strip())
            if not body and not raw.startswith("##") and _title_or_byline(heading):
                continue  # "Global Affairs Canada" above the statement names its publisher, not a section
            section = heading
            if _ANNEX.match(heading):
                annex = True
            continue
        body = True
        block_section = section
        start = block.start
        lead = _LEAD.match(text, start, block.end)
        label = _LABEL.match(text, lead.end() if lead else start, block.end)
        if label:
            # "Investment support: The Participants will ..." — the label names the topic, it is not a sentence.
            block_section = _one_line(label.group("label"))
            start = label.end()
        for s, e in split_sentences(text, start, block.end):
            out.append(Sentence(s, e, block_section, index, annex, block.kind == ITEM, block.start, block.end))
    return out
