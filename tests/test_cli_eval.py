"""`servanda eval`: the reference scorer's figures, on the predictions `servanda extract` would print."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from servanda.cli.app import app

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
SCORER = SHARED / "tools" / "score.py"
DEV = SHARED / "eval" / "dev"
SILVER = ROOT / "eval" / "silver"

needs_scorer = pytest.mark.skipif(not SCORER.exists(), reason="the reference scorer (../shared) is absent")


def run(*args: str) -> Result:
    return CliRunner().invoke(app, list(args))


def reference_scores(gold: Path, predictions: Path) -> dict:
    done = subprocess.run(
        [sys.executable, str(SCORER), str(gold), str(predictions), "--json"],
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    return json.loads(done.stdout)


@needs_scorer
@pytest.mark.parametrize("gold", [DEV, SILVER], ids=["dev", "silver"])
def test_eval_figures_equal_the_reference_scorer(gold: Path, tmp_path: Path):
    if not gold.is_dir():
        pytest.skip(f"{gold} is absent")
    result = run("eval", str(gold), "--json", "--predictions-out", str(tmp_path))
    assert result.exit_code == 0, result.output
    ours = json.loads(result.stdout)
    assert ours == reference_scores(gold, tmp_path)
    assert ours["documents"] == len(list(gold.glob("*.json")))


@needs_scorer
def test_predictions_are_what_extract_prints(tmp_path: Path):
    gold = DEV if DEV.is_dir() else SILVER
    name = sorted(gold.glob("*.json"))[-1].stem
    only = tmp_path / "gold"
    only.mkdir()
    (only / f"{name}.json").write_bytes((gold / f"{name}.json").read_bytes())
    (only / f"{name}.txt").write_bytes((gold / f"{name}.txt").read_bytes())
    assert run("eval", str(only), "--predictions-out", str(tmp_path / "out")).exit_code == 0
    date = json.loads((gold / f"{name}.json").read_text())["date"]
    printed = run("extract", str(only / f"{name}.txt"), "--format", "json", "--date", date)
    assert json.loads((tmp_path / "out" / f"{name}.json").read_text()) == json.loads(printed.stdout)


def test_eval_table_shows_each_document_and_the_totals(tmp_path: Path):
    names = sorted(p.stem for p in SILVER.glob("*.json"))[:2]
    for name in names:
        for suffix in (".json", ".txt"):
            (tmp_path / f"{name}{suffix}").write_bytes((SILVER / f"{name}{suffix}").read_bytes())
    result = CliRunner().invoke(app, ["eval", str(tmp_path)], env={"COLUMNS": "160"})
    assert result.exit_code == 0, result.output
    for name in names:
        assert name in result.stdout
    for figure in (
        "precision",
        "recall",
        "exact_f1",
        "strength accuracy",
        "dated accuracy",
        "total (2 documents)",
    ):
        assert figure in result.stdout


def test_eval_of_a_folder_without_gold_files_is_one_line(tmp_path: Path):
    result = run("eval", str(tmp_path))
    assert result.exit_code == 1
    assert result.stderr == f"error: {tmp_path} holds no gold files (*.json)\n"


def test_eval_names_a_gold_file_whose_text_is_missing(tmp_path: Path):
    (tmp_path / "a.json").write_text(json.dumps({"text": "a.txt", "date": "2026-01-01", "commitments": []}))
    result = run("eval", str(tmp_path))
    assert result.exit_code == 1
    assert result.stderr == f"error: {tmp_path / 'a.txt'} does not exist\n"
