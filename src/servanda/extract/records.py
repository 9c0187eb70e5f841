"""Extractions as JSON records that read back to the same values, offsets and all: what a draft keeps of what was
extracted, and of what its owner corrected. (`Extraction.to_json` is the shorter form `servanda extract` prints.)"""

from __future__ import annotations

from typing import Any

from servanda.extract.model import Achievement, Agreement, Commitment, Extraction, Mechanism


def extraction_record(extraction: Extraction) -> dict[str, Any]:
    """Every field of `extraction`, as JSON values."""
    return {
        "commitments": [_commitment_record(c) for c in extraction.commitments],
        "achievements": [
            {
                "quote": a.quote,
                "start": a.start,
                "end": a.end,
                "actors": list(a.actors),
                "area": a.area,
                "date": a.date,
                "section": a.section,
            }
            for a in extraction.achievements
        ],
        "mechanisms": [
            {
                "name": m.name,
                "recurrence": m.recurrence,
                "next": m.next,
                "held": m.held,
                "status": m.status,
                "start": m.start,
                "end": m.end,
            }
            for m in extraction.mechanisms
        ],
        "agreements": [
            {"name": a.name, "kind": a.kind, "stage": a.stage, "date": a.date, "start": a.start, "end": a.end}
            for a in extraction.agreements
        ],
        "issuers": list(extraction.issuers),
    }


def _commitment_record(c: Commitment) -> dict[str, Any]:
    return {
        "quote": c.quote,
        "start": c.start,
        "end": c.end,
        "strength": c.strength,
        "actors": list(c.actors),
        "area": c.area,
        "due": c.due,
        "recurrence": c.recurrence,
        "section": c.section,
        "mechanisms": list(c.mechanisms),
        "agreements": list(c.agreements),
        "annex": c.annex,
    }


def extraction_from_record(record: dict[str, Any]) -> Extraction:
    """The extraction `extraction_record` wrote."""
    return Extraction(
        commitments=tuple(
            Commitment(
                **{
                    **c,
                    "actors": tuple(c["actors"]),
                    "mechanisms": tuple(c["mechanisms"]),
                    "agreements": tuple(c["agreements"]),
                }
            )
            for c in record["commitments"]
        ),
        achievements=tuple(Achievement(**{**a, "actors": tuple(a["actors"])}) for a in record["achievements"]),
        mechanisms=tuple(Mechanism(**m) for m in record["mechanisms"]),
        agreements=tuple(Agreement(**a) for a in record["agreements"]),
        issuers=tuple(record["issuers"]),
    )
