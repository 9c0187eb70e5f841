"""Precision@3 of evidence proposals against hand-made links (eval/evidence/canada-korea-links.json).

The statements are extracted and replayed in date order. For each one, the commitments extracted from strictly
earlier statements are the candidates, and the top three proposals are compared with the gold links of that
statement: a proposal is right when its commitment comes from the linked statement and its quote overlaps the
linked commitment's by a Dice coefficient of at least 0.5 over lower-cased words, the rule extraction is scored
by. Precision@3 counts right proposals among all top-three proposals shown (so a proposal made for a statement
with no gold link counts against it); recall@3 counts gold links found among them.

    python -m servanda.tracking.measure GOLD_FILE STATEMENT_DIR...
"""

from __future__ import annotations

import json
import re
import sys
from dataclasses import dataclass
from pathlib import Path

from servanda.errors import InputError
from servanda.extract import extract
from servanda.ingest import read_path
from servanda.tracking.proposals import Candidate, Proposal, propose

TOP = 3
_WORD = re.compile(r"[a-z0-9]+")


def _dice(a: str, b: str) -> float:
    x, y = set(_WORD.findall(a.lower())), set(_WORD.findall(b.lower()))
    return 2 * len(x & y) / (len(x) + len(y)) if x and y else 0.0


@dataclass(frozen=True)
class Measure:
    precision: float
    recall: float
    shown: int
    right: int
    gold: int
    per_document: list[tuple[str, int, int, int]]  # name, shown, right, gold links


def measure(gold_file: Path, statement_dirs: list[Path]) -> Measure:
    gold = json.loads(gold_file.read_text(encoding="utf-8"))
    paths = {p.name: p for d in statement_dirs for p in Path(d).iterdir() if p.is_file()}
    statements = []
    for name in gold["documents"]:
        if name not in paths:
            raise FileNotFoundError(f"statement {name} named by {gold_file} is not in {statement_dirs}")
        try:
            doc = read_path(paths[name])
        except InputError:
            continue  # a statement Servanda refuses (not in English) proposes nothing
        statements.append((name, doc, extract(doc.text, date=doc.metadata.date, issuers=doc.metadata.issuers)))
    candidates: list[Candidate] = []
    origin: dict[int, str] = {}
    shown = right = gold_total = 0
    rows = []
    for name, doc, extraction in statements:
        earlier = [c for c in candidates if (c.document_date or "") < (doc.metadata.date or "")]
        proposals = propose(
            doc.text, extraction, earlier, date=doc.metadata.date, issuers=doc.metadata.issuers, limit=TOP
        )
        links = [link for link in gold["links"] if link["document"] == name]
        hits = sum(_is_right(p, links, candidates, origin) for p in proposals)
        rows.append((name, len(proposals), hits, len(links)))
        shown, right, gold_total = shown + len(proposals), right + hits, gold_total + len(links)
        # Achievements are tracked too (as undertakings delivered on the statement's date): a later signing
        # delivers the concluded negotiation an earlier statement reports.
        for unit in (*extraction.commitments, *extraction.achievements):
            cid = len(candidates) + 1
            origin[cid] = name
            candidates.append(
                Candidate(
                    cid,
                    unit.quote,
                    doc.metadata.date,
                    getattr(unit, "due", None),
                    getattr(unit, "mechanisms", ()) + getattr(unit, "agreements", ()),
                    unit.actors,
                )
            )
    return Measure(
        right / shown if shown else 0.0, right / gold_total if gold_total else 0.0, shown, right, gold_total, rows
    )


def _is_right(proposal: Proposal, links: list[dict], candidates: list[Candidate], origin: dict[int, str]) -> bool:
    quote = candidates[proposal.commitment_id - 1].quote
    return any(
        origin[proposal.commitment_id] == link["commitment_document"] and _dice(quote, link["commitment"]) >= 0.5
        for link in links
    )


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if len(args) < 2:
        print(__doc__)
        return 2
    result = measure(Path(args[0]), [Path(a) for a in args[1:]])
    for name, shown, right, links in result.per_document:
        print(f"{name:60s} shown={shown} right={right} gold={links}")
    print(
        f"precision@{TOP}={result.precision:.3f} ({result.right}/{result.shown})  "
        f"recall@{TOP}={result.recall:.3f} ({result.right}/{result.gold})"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
