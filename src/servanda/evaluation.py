"""Scoring extracted commitments against gold files, by the rules of ../shared/spec/commitments.md, "Scoring".

A predicted unit matches a gold unit when the Dice coefficient of their word sets is at least 0.5; pairs are
made one-to-one, best overlap first. Optional gold units count neither for nor against a prediction.
The numbers equal those of the project's reference scorer, `tools/score.py`, on the same inputs.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from servanda.errors import InputError

if TYPE_CHECKING:
    from servanda.extract import Extraction
    from servanda.ingest import IngestedDocument

MATCH_THRESHOLD = 0.5
ATTRIBUTES: tuple[str, ...] = ("strength", "area", "due", "recurrence", "actors")
# Accuracies reported besides ATTRIBUTES: `dated` is due-date accuracy on gold units that have a due date.
DATED = "dated"
EXACT = "exact"

_WORD = re.compile(r"[a-z0-9]+")

Unit = Mapping[str, Any]


def word_set(text: str) -> frozenset[str]:
    """The lower-cased runs of ASCII letters and digits in `text`: what quotes are compared by."""
    return frozenset(_WORD.findall(text.lower()))


def dice(a: frozenset[str], b: frozenset[str]) -> float:
    """Dice overlap of two word sets; 0 when either is empty."""
    if not a or not b:
        return 0.0
    return 2 * len(a & b) / (len(a) + len(b))


def match_units(gold: Sequence[Unit], predicted: Sequence[Unit]) -> list[tuple[int, int]]:
    """Pair gold and predicted units one-to-one, best overlap first, keeping pairs at or over the threshold.

    Equal overlaps are taken from the highest gold index, then the highest predicted index, as the
    reference scorer does; which pair wins a tie decides whose attributes are compared.
    """
    gold_words = [word_set(unit["quote"]) for unit in gold]
    predicted_words = [word_set(unit.get("quote", "")) for unit in predicted]
    candidates = [
        (overlap, g, p)
        for g, gw in enumerate(gold_words)
        for p, pw in enumerate(predicted_words)
        if (overlap := dice(gw, pw)) >= MATCH_THRESHOLD
    ]
    candidates.sort(key=lambda c: (-c[0], -c[1], -c[2]))
    gold_taken: set[int] = set()
    predicted_taken: set[int] = set()
    pairs: list[tuple[int, int]] = []
    for _, g, p in candidates:
        if g in gold_taken or p in predicted_taken:
            continue
        gold_taken.add(g)
        predicted_taken.add(p)
        pairs.append((g, p))
    return pairs


def same_attribute(name: str, gold: Unit, predicted: Unit) -> bool:
    """Whether a matched prediction got attribute `name` right; a missing value is null."""
    if name == "actors":
        # Order does not matter; the reference scorer compares the lists sorted, so as multisets.
        return Counter(gold.get(name) or []) == Counter(predicted.get(name) or [])
    return gold.get(name) == predicted.get(name)


@dataclass(slots=True)
class Tally:
    """Right answers out of the matched pairs an accuracy is measured on."""

    right: int = 0
    total: int = 0

    def add(self, right: bool) -> None:
        self.right += int(right)
        self.total += 1

    @property
    def accuracy(self) -> float | None:
        return self.right / self.total if self.total else None


def _tallies() -> dict[str, Tally]:
    return {name: Tally() for name in (*ATTRIBUTES, DATED, EXACT)}


@dataclass(frozen=True, slots=True)
class DocumentScore:
    """One gold file's true positives, false positives and false negatives, and attribute tallies."""

    name: str
    tp: int
    fp: int
    fn: int
    tallies: dict[str, Tally] = field(default_factory=_tallies)

    @property
    def f1(self) -> float:
        return _f1(_ratio(self.tp, self.tp + self.fp), _ratio(self.tp, self.tp + self.fn))


def score_document(name: str, gold: Sequence[Unit], predicted: Sequence[Unit]) -> DocumentScore:
    """Score the predicted commitments of one document against its gold commitments."""
    pairs = match_units(gold, predicted)
    matched_gold = {g for g, _ in pairs}
    matched_predicted = {p for _, p in pairs}
    optional_words = [word_set(unit["quote"]) for unit in gold if unit.get("optional")]
    tp = sum(1 for g in matched_gold if not gold[g].get("optional"))
    fn = sum(1 for g, unit in enumerate(gold) if not unit.get("optional") and g not in matched_gold)
    # An unmatched prediction that overlaps any optional gold unit is not held against the extractor.
    fp = sum(
        1
        for p, unit in enumerate(predicted)
        if p not in matched_predicted
        and not any(dice(word_set(unit.get("quote", "")), words) >= MATCH_THRESHOLD for words in optional_words)
    )
    tallies = _tallies()
    for g, p in pairs:
        gold_unit, predicted_unit = gold[g], predicted[p]
        if gold_unit.get("optional"):
            continue
        right = {attribute: same_attribute(attribute, gold_unit, predicted_unit) for attribute in ATTRIBUTES}
        for attribute, ok in right.items():
            tallies[attribute].add(ok)
        if gold_unit.get("due"):
            tallies[DATED].add(right["due"])
        tallies[EXACT].add(all(right.values()))
    return DocumentScore(name, tp, fp, fn, tallies)


def _f1(precision: float, recall: float) -> float:
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


def _ratio(part: int, whole: int) -> float:
    return part / whole if whole else 0.0


@dataclass(frozen=True, slots=True)
class Report:
    """Totals over a set of documents: unit precision, recall and F1, exact F1 and attribute accuracies."""

    documents: tuple[DocumentScore, ...]
    tp: int
    fp: int
    fn: int
    tallies: dict[str, Tally]

    @property
    def precision(self) -> float:
        return _ratio(self.tp, self.tp + self.fp)

    @property
    def recall(self) -> float:
        return _ratio(self.tp, self.tp + self.fn)

    @property
    def f1(self) -> float:
        return _f1(self.precision, self.recall)

    @property
    def exact_f1(self) -> float:
        """F1 counting as found only the matched units with every attribute right."""
        exact = self.tallies[EXACT].right
        return _f1(_ratio(exact, self.tp + self.fp), _ratio(exact, self.tp + self.fn))

    def accuracies(self) -> dict[str, float | None]:
        """Accuracy of each attribute, then of `dated`; None when no pair was measured."""
        return {name: self.tallies[name].accuracy for name in (*ATTRIBUTES, DATED)}

    def to_json(self) -> dict[str, Any]:
        """The report in the reference scorer's `--json` shape, figures rounded to three places."""
        return {
            "per_document": [[d.name, d.tp, d.fp, d.fn] for d in self.documents],
            "documents": len(self.documents),
            "tp": self.tp,
            "fp": self.fp,
            "fn": self.fn,
            "precision": round(self.precision, 3),
            "recall": round(self.recall, 3),
            "f1": round(self.f1, 3),
            "exact_f1": round(self.exact_f1, 3),
            **{
                f"{name}_accuracy": None if value is None else round(value, 3)
                for name, value in self.accuracies().items()
            },
        }


def summarise(scores: Iterable[DocumentScore]) -> Report:
    """Add up document scores into one report."""
    documents = tuple(scores)
    tallies = _tallies()
    for score in documents:
        for name, tally in score.tallies.items():
            tallies[name].right += tally.right
            tallies[name].total += tally.total
    return Report(
        documents=documents,
        tp=sum(d.tp for d in documents),
        fp=sum(d.fp for d in documents),
        fn=sum(d.fn for d in documents),
        tallies=tallies,
    )


@dataclass(frozen=True, slots=True)
class GoldDocument:
    """A gold file: the statement it annotates, that statement's date, and its commitments."""

    name: str  # the gold file's stem, which names its prediction file too
    path: Path
    text_path: Path
    date: str | None
    commitments: tuple[Unit, ...]


def load_gold(path: Path) -> GoldDocument:
    """Read one gold file; its `text` names the statement, relative to the gold file's folder."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except OSError as err:
        raise InputError(f"{path} cannot be read ({err.strerror or type(err).__name__})") from None
    except (UnicodeDecodeError, json.JSONDecodeError) as err:
        raise InputError(f"{path} is not a JSON gold file ({err})") from None
    if not isinstance(data, dict) or not isinstance(data.get("text"), str):
        raise InputError(f'{path} is not a gold file: it has no "text" naming its statement')
    commitments = data.get("commitments", [])
    if not isinstance(commitments, list) or not all(
        isinstance(unit, dict) and isinstance(unit.get("quote"), str) for unit in commitments
    ):
        raise InputError(f'{path} is not a gold file: every commitment needs a "quote"')
    date = data.get("date")
    return GoldDocument(
        name=path.stem,
        path=path,
        text_path=path.parent / data["text"],
        date=date if isinstance(date, str) and date else None,
        commitments=tuple(commitments),
    )


def gold_files(directory: Path) -> list[Path]:
    """The gold files of `directory`, in name order."""
    if not directory.is_dir():
        raise InputError(f"{directory} is not a directory of gold files")
    found = sorted(directory.glob("*.json"))
    if not found:
        raise InputError(f"{directory} holds no gold files (*.json)")
    return found


@dataclass(frozen=True, slots=True)
class Evaluated:
    """One gold document with what the extractor found in its statement, and the score of that."""

    gold: GoldDocument
    document: IngestedDocument
    extraction: Extraction
    score: DocumentScore


def evaluate(directory: Path) -> Iterator[Evaluated]:
    """Read, extract and score each gold document of `directory` in turn, as `servanda extract` would.

    The gold file's date is the only hint given; issuers are inferred from the statement.
    """
    from servanda.extract import extract
    from servanda.ingest import read_path

    for path in gold_files(directory):
        gold = load_gold(path)
        document = read_path(gold.text_path, date=gold.date)
        extraction = extract(document.text, date=document.metadata.date, issuers=document.metadata.issuers)
        predicted = [commitment.to_json() for commitment in extraction.commitments]
        yield Evaluated(gold, document, extraction, score_document(gold.name, gold.commitments, predicted))
