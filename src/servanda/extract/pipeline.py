"""Text → commitments, achievements, mechanisms and agreements: the extractor's one entry point."""

from __future__ import annotations

import re
from collections.abc import Sequence

from servanda.extract.annex import fold_annex, is_deed
from servanda.extract.area import AreaTagger
from servanda.extract.clauses import split_clauses
from servanda.extract.cues import find_cues
from servanda.extract.due import find_due, find_recurrence
from servanda.extract.entities import find_agreements, find_mechanisms, link_names
from servanda.extract.model import Achievement, Commitment, Extraction
from servanda.extract.segment import context_span, sentences
from servanda.extract.undertakings import Context, Finding, judge_clause

_LEADING_JOINT = re.compile(r"(?:and|as\s+well\s+as|while|whilst|but)\s+", re.IGNORECASE)
_TRAILING = " \t\n;,:-–—\"'”’"
# A list item with a verb of its own says something else than its lead-in ("... will work together to:").
_FINITE = re.compile(
    r"\b(?:is|are|was|were|has|have|had|can|could|will|would|shall|may|might|must|should|does|do|"
    r"launched|announced|established|signed|held|adopted|completed|concluded|agreed|decided|"
    r"committed|welcomed|noted|highlighted|acknowledged|discussed|reviewed|met|celebrated|"
    r"reaffirmed|released|issued|hosted|provided|delivered)\b"
)
_ACHIEVEMENT_DATE = re.compile(r"\b(?:today|this\s+(?:morning|afternoon|evening|week))\b", re.IGNORECASE)


def extract(text: str, *, date: str | None = None, issuers: Sequence[str] = ()) -> Extraction:
    """Every commitment and achievement in `text`, whose issuers and date are given or inferred."""
    if not issuers:
        from servanda.ingest.issuers import infer_issuers

        issuers = infer_issuers(text)
    issuers = tuple(issuers)
    commitments: list[Commitment] = []
    achievements: list[Achievement] = []
    annex_deeds: list[Achievement] = []
    lead: Finding | None = None  # a clause ending in ":" whose list items inherit its undertaking
    last_block = -1
    found = sentences(text)
    tagger = AreaTagger(text)
    for position, sentence in enumerate(found):
        ctx = Context()
        context = context_span(found, position)
        first_in_block = sentence.block != last_block
        last_block = sentence.block
        if not sentence.item:
            lead = None
        if sentence.annex and sentence.item and is_deed(text[sentence.start : sentence.end]):
            start, end = _trim(text, sentence.start, sentence.end)
            quote = text[start:end]
            area = tagger.area(start, end, sentence.section)
            annex_deeds.append(Achievement(quote, start, end, issuers, area, date, sentence.section))
            continue
        findings = []
        for index, (cs, ce) in enumerate(split_clauses(text, sentence.start, sentence.end)):
            finding = judge_clause(text, cs, ce, issuers, ctx, on=date, first=index == 0)
            if finding is None:
                continue
            if finding.kind == "lead":
                lead = finding if finding.strength and not sentence.annex else None
                continue
            findings.append(finding)
        if (
            not findings
            and sentence.item
            and first_in_block
            and lead is not None
            and not _FINITE.search(text, sentence.start, sentence.end)
            and not find_cues(text, sentence.start, sentence.end)
        ):
            findings.append(Finding(sentence.start, sentence.end, "commitment", lead.strength, lead.actors, "list"))
        for finding in findings:
            start, end = _trim(text, finding.start, finding.end)
            if end <= start:
                continue
            quote = text[start:end]
            area = tagger.area(start, end, sentence.section, context)
            if finding.kind == "achievement":
                achievements.append(
                    Achievement(
                        quote,
                        start,
                        end,
                        finding.actors,
                        area,
                        _achievement_date(quote, date),
                        sentence.section,
                    )
                )
                continue
            commitments.append(
                Commitment(
                    quote=quote,
                    start=start,
                    end=end,
                    strength=finding.strength or "firm",
                    actors=finding.actors,
                    area=area,
                    due=find_due(quote, on=date),
                    recurrence=find_recurrence(quote),
                    section=sentence.section,
                    annex=sentence.annex,
                )
            )
    commitments, achievements = fold_annex(commitments, achievements, annex_deeds)
    mechanisms = find_mechanisms(text, on=date)
    agreements = find_agreements(text, on=date)
    commitments = [link_names(c, mechanisms, agreements) for c in commitments]
    return Extraction(tuple(commitments), tuple(achievements), tuple(mechanisms), tuple(agreements), issuers)


# ", noting in this respect ...": a remark hung on the end of an undertaking, not part of it.
_REMARK_TAIL = re.compile(r",\s+(?:noting|recalling|citing|observing|welcoming)\b", re.IGNORECASE)
_MIN_HEAD_WORDS = 6


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    """Drop a leading conjunction, a trailing remark and trailing punctuation other than a closing period."""
    m = _LEADING_JOINT.match(text, start, end)
    if m:
        start = m.end()
    tail = _REMARK_TAIL.search(text, start, end)
    if tail is not None and len(text[start : tail.start()].split()) >= _MIN_HEAD_WORDS:
        end = tail.start()
    while start < end and text[start] in " \t\n\"'“‘":
        start += 1
    while end > start and text[end - 1] in _TRAILING:
        end -= 1
    return start, end


def _achievement_date(quote: str, date: str | None) -> str | None:
    from servanda.extract.due import find_past_date

    return find_past_date(quote, on=date) or (date if _ACHIEVEMENT_DATE.search(quote) or date else None)
