"""Extraction quality, scored by the official scorer on annotated statements (see docs/extraction.md)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from servanda.extract import extract
from servanda.extract.training import fit, load_examples
from servanda.ingest import read_path
from shared_files import DEV, SILVER, needs_shared, official_scorer


def _predict_dir(gold_dir: Path, out: Path) -> None:
    """Extract every annotated statement the way `servanda extract` does: date hint given, issuers inferred."""
    for gold_file in sorted(gold_dir.glob("*.json")):
        gold = json.loads(gold_file.read_text(encoding="utf-8"))
        document = read_path(gold_dir / gold["text"], date=gold.get("date"))
        result = extract(document.text, date=document.metadata.date, issuers=document.metadata.issuers)
        (out / gold_file.name).write_text(json.dumps(result.to_json()), encoding="utf-8")


def _score(gold_dir: Path, predictions: Path) -> dict:
    scorer = official_scorer()
    totals = [0, 0, 0]
    exact = 0
    for gold_file in sorted(gold_dir.glob("*.json")):
        gold = json.loads(gold_file.read_text(encoding="utf-8"))
        pred = json.loads((predictions / gold_file.name).read_text(encoding="utf-8"))
        tp, fp, fn, attrs = scorer.score_doc(gold, pred)
        totals = [totals[0] + tp, totals[1] + fp, totals[2] + fn]
        exact += attrs["exact"][0]
    tp, fp, fn = totals
    precision, recall = tp / (tp + fp), tp / (tp + fn)
    exact_p, exact_r = exact / (tp + fp), exact / (tp + fn)
    return {
        "f1": 2 * precision * recall / (precision + recall),
        "exact_f1": 2 * exact_p * exact_r / (exact_p + exact_r) if exact else 0.0,
    }


@needs_shared
def test_dev_set_clears_the_extraction_bars(tmp_path: Path) -> None:
    _predict_dir(DEV, tmp_path)
    result = _score(DEV, tmp_path)
    assert result["f1"] >= 0.95, result
    assert result["exact_f1"] >= 0.85, result


@needs_shared
def test_statements_outside_the_dev_set_are_found(tmp_path: Path) -> None:
    # The silver set is not used to tune the rules' cue lists; its units must still be found.
    _predict_dir(SILVER, tmp_path)
    assert _score(SILVER, tmp_path)["f1"] >= 0.90


@needs_shared
def test_shipped_area_model_is_what_training_reproduces() -> None:
    model = fit(load_examples([DEV, SILVER]))
    shipped = Path(__file__).resolve().parents[1] / "src/servanda/extract/data/area_model.json"
    assert json.loads(shipped.read_text(encoding="utf-8")) == json.loads(json.dumps(model))


@needs_shared
@pytest.mark.parametrize("name", ["2026-02-25_canada-korea_2plus2", "2023-05-20_quad_leaders-joint-statement"])
def test_every_quote_is_the_exact_span_of_the_stored_text(name: str) -> None:
    document = read_path(DEV / f"{name}.txt")
    result = extract(document.text, date=document.metadata.date, issuers=document.metadata.issuers)
    assert result.commitments
    for unit in (*result.commitments, *result.achievements):
        assert document.text[unit.start : unit.end] == unit.quote
