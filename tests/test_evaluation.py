"""The scoring library: the spec's matching and counting rules, and agreement with the reference scorer."""

from __future__ import annotations

import contextlib
import functools
import io
import json
import runpy
import tempfile
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from servanda.errors import InputError
from servanda.evaluation import (
    dice,
    gold_files,
    load_gold,
    match_units,
    score_document,
    summarise,
    word_set,
)

SCORER = Path(__file__).resolve().parents[2] / "shared" / "tools" / "score.py"


def unit(quote: str, **fields: Any) -> dict[str, Any]:
    defaults = {
        "strength": "firm",
        "actors": ["CAN", "KOR"],
        "area": "defence",
        "due": None,
        "recurrence": None,
    }
    return {"quote": quote, **defaults, **fields}


def test_words_are_lowercased_ascii_letter_and_digit_runs():
    assert word_set("The 2+2 Ministerial—in Ottawa, 2026!") == {
        "the",
        "2",
        "ministerial",
        "in",
        "ottawa",
        "2026",
    }
    assert word_set("Coopération") == {"coop", "ration"}


def test_dice_is_twice_the_overlap_over_the_sizes():
    assert dice(frozenset("ab"), frozenset("bc")) == 0.5
    assert dice(frozenset(), frozenset("a")) == 0.0


def test_match_threshold_is_half_overlap_inclusive():
    gold = [unit("alpha beta")]
    assert match_units(gold, [unit("beta gamma")]) == [(0, 0)]  # 2*1/4 = 0.5
    assert match_units(gold, [unit("beta gamma delta")]) == []  # 2*1/5 = 0.4


def test_matching_is_one_to_one_best_overlap_first():
    gold = [unit("we will sign the agreement in 2026"), unit("we will sign the agreement")]
    predicted = [unit("we will sign the agreement")]
    assert match_units(gold, predicted) == [(1, 0)]


def test_equal_overlaps_go_to_the_later_gold_unit_as_the_reference_scorer_does():
    gold = [unit("alpha beta", strength="firm"), unit("alpha beta", strength="position")]
    predicted = [unit("alpha beta", strength="position")]
    assert match_units(gold, predicted) == [(1, 0)]
    score = score_document("tie", gold, predicted)
    assert (score.tp, score.fp, score.fn) == (1, 0, 1)
    assert score.tallies["strength"].right == 1


def test_optional_gold_units_are_neither_rewarded_nor_punished():
    gold = [unit("we will hold talks"), unit("we emphasise the importance of dialogue", optional=True)]
    found_optional = score_document(
        "d", gold, [unit("we will hold talks"), unit("emphasise the importance of dialogue")]
    )
    missed_optional = score_document("d", gold, [unit("we will hold talks")])
    assert (found_optional.tp, found_optional.fp, found_optional.fn) == (1, 0, 0)
    assert (missed_optional.tp, missed_optional.fp, missed_optional.fn) == (1, 0, 0)


def test_an_unmatched_prediction_overlapping_an_optional_unit_is_not_a_false_positive():
    gold = [unit("we emphasise the importance of dialogue", optional=True)]
    predicted = [
        unit("we emphasise the importance of dialogue"),
        unit("the importance of dialogue we emphasise"),
    ]
    score = score_document("d", gold, predicted)
    assert (score.tp, score.fp, score.fn) == (0, 0, 0)


def test_attributes_are_compared_on_matched_non_optional_pairs_actors_in_any_order():
    gold = [unit("we will hold talks in 2026", due="2026", actors=["CAN", "KOR"])]
    predicted = [unit("we will hold talks in 2026", due="2027", actors=["KOR", "CAN"])]
    tallies = score_document("d", gold, predicted).tallies
    assert (tallies["actors"].right, tallies["actors"].total) == (1, 1)
    assert (tallies["due"].right, tallies["dated"].right, tallies["dated"].total) == (0, 0, 1)
    assert (tallies["exact"].right, tallies["exact"].total) == (0, 1)


def test_report_precision_recall_and_exact_f1():
    gold = [unit("one two three"), unit("four five six"), unit("seven eight nine")]
    predicted = [unit("one two three"), unit("four five six", area="space"), unit("ten eleven twelve")]
    report = summarise([score_document("d", gold, predicted)])
    assert (report.tp, report.fp, report.fn) == (2, 1, 1)
    assert report.precision == pytest.approx(2 / 3)
    assert report.recall == pytest.approx(2 / 3)
    assert report.exact_f1 == pytest.approx(1 / 3)  # one exact unit: precision 1/3, recall 1/3
    assert report.to_json()["area_accuracy"] == 0.5
    assert report.to_json()["dated_accuracy"] is None


def test_an_empty_report_has_zero_scores_and_no_accuracies():
    report = summarise([])
    assert report.to_json()["f1"] == 0.0
    assert report.accuracies()["strength"] is None


def test_gold_files_must_name_their_text(tmp_path: Path):
    (tmp_path / "a.json").write_text(json.dumps({"commitments": []}))
    with pytest.raises(InputError, match='no "text"'):
        load_gold(tmp_path / "a.json")
    (tmp_path / "a.json").write_text("{not json")
    with pytest.raises(InputError, match="not a JSON gold file"):
        load_gold(tmp_path / "a.json")
    (tmp_path / "a.json").unlink()
    with pytest.raises(InputError, match="holds no gold files"):
        gold_files(tmp_path)
    with pytest.raises(InputError, match="is not a directory"):
        gold_files(tmp_path / "missing")


# Random documents scored by this library and by the reference scorer must give the same figures.
_WORDS = st.sampled_from(["we", "will", "sign", "talks", "in", "2026", "the", "reaffirm", "support", "space"])
_UNIT = st.fixed_dictionaries(
    {
        "quote": st.lists(_WORDS, min_size=1, max_size=5).map(" ".join),
        "strength": st.sampled_from(["firm", "reaffirmed", "position"]),
        "actors": st.lists(st.sampled_from(["CAN", "KOR", "JPN"]), max_size=2, unique=True),
        "area": st.sampled_from(["defence", "space"]),
        "due": st.sampled_from([None, "2026", "2027-03"]),
        "recurrence": st.sampled_from([None, "P1Y"]),
    },
    optional={"optional": st.just(True)},
)


@pytest.mark.skipif(not SCORER.exists(), reason="the reference scorer (../shared/tools/score.py) is absent")
@settings(max_examples=150, deadline=None)
@given(documents=st.lists(st.tuples(st.lists(_UNIT, max_size=6), st.lists(_UNIT, max_size=6)), max_size=3))
def test_figures_equal_the_reference_scorer(documents: list[tuple[list[dict], list[dict]]]):
    ours = summarise(
        score_document(f"d{i}", gold, predicted) for i, (gold, predicted) in enumerate(documents)
    ).to_json()
    with tempfile.TemporaryDirectory() as folder:
        gold_dir, predicted_dir = Path(folder, "gold"), Path(folder, "predicted")
        gold_dir.mkdir()
        predicted_dir.mkdir()
        for i, (gold, predicted) in enumerate(documents):
            (gold_dir / f"d{i}.json").write_text(json.dumps({"text": f"d{i}.txt", "commitments": gold}))
            (predicted_dir / f"d{i}.json").write_text(json.dumps({"commitments": predicted}))
        printed = io.StringIO()
        with contextlib.redirect_stdout(printed):
            _reference_scorer()["main"](["score.py", str(gold_dir), str(predicted_dir), "--json"])
    assert ours == json.loads(printed.getvalue())


@functools.cache
def _reference_scorer() -> dict[str, Any]:
    return runpy.run_path(str(SCORER))
