"""Train the area model on annotated statements and measure it by leaving one statement out at a time.

Training needs scikit-learn (a development dependency); prediction (`servanda.extract.area`) does not. The
solver is deterministic, so the same annotations always give the same weights.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from servanda.extract.area import AreaTagger, decide, features
from servanda.extract.lexicon import lexicon_hits
from servanda.extract.model import AREAS
from servanda.extract.segment import context_span, sentences

REGULARISATION = 8.0  # inverse L2 strength (scikit-learn's C); chosen by accuracy on statements held out
MIN_WEIGHT = 0.02  # smaller weights are dropped from the shipped model (accuracy unchanged, a fifth the size)


@dataclass(frozen=True, slots=True)
class Example:
    document: str
    quote: str
    area: str
    features: dict[str, float]


def load_examples(gold_dirs: Iterable[Path]) -> list[Example]:
    """Every annotated commitment and achievement, with the features the extractor would see for it in place."""
    out: list[Example] = []
    for gold_dir in gold_dirs:
        for path in sorted(Path(gold_dir).glob("*.json")):
            gold = json.loads(path.read_text(encoding="utf-8"))
            source = path.parent / gold.get("text", path.stem + ".txt")
            text = source.read_text(encoding="utf-8") if source.exists() else ""
            tagger = AreaTagger(text)
            spans = sentences(text)
            for unit in [*gold.get("commitments", []), *gold.get("achievements", [])]:
                if unit.get("area") not in AREAS:
                    continue
                out.append(
                    Example(
                        path.stem, unit["quote"], unit["area"], _features_in_place(unit["quote"], text, tagger, spans)
                    )
                )
    return out


def _features_in_place(quote: str, text: str, tagger: AreaTagger, spans: list) -> dict[str, float]:
    at = text.find(quote)
    index = next((i for i in range(len(spans) - 1, -1, -1) if spans[i].start <= at), None) if at >= 0 else None
    if index is None:
        return features(quote, lexicon_hits(quote), None, None)
    return tagger.features(at, at + len(quote), spans[index].section, context_span(spans, index))


def fit(examples: Sequence[Example], *, regularisation: float = REGULARISATION) -> dict:
    """A multinomial logistic regression over `features`, as plain JSON-ready weights."""
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression

    vectorizer = DictVectorizer(sort=True)
    x = vectorizer.fit_transform([e.features for e in examples])
    y = [e.area for e in examples]
    model = LogisticRegression(C=regularisation, max_iter=5000, solver="lbfgs")
    model.fit(x, y)
    classes = [str(c) for c in model.classes_]
    # Sparse rows: feature -> [[class index, weight], ...] for the weights that matter.
    weights: dict[str, list[list[float]]] = {}
    for j, name in enumerate(vectorizer.get_feature_names_out()):
        row = [
            [i, round(float(model.coef_[i, j]), 3)] for i in range(len(classes)) if abs(model.coef_[i, j]) >= MIN_WEIGHT
        ]
        if row:
            weights[str(name)] = row
    return {
        "version": 2,
        "classes": classes,
        "bias": [round(float(b), 4) for b in model.intercept_],
        "weights": weights,
        "trained_on": sorted({e.document for e in examples}),
        "regularisation": regularisation,
    }


def leave_one_out(examples: Sequence[Example], *, regularisation: float = REGULARISATION) -> float:
    """Area accuracy when each statement is predicted by a model trained on all the others."""
    documents = sorted({e.document for e in examples})
    right = total = 0
    for held in documents:
        train = [e for e in examples if e.document != held]
        test = [e for e in examples if e.document == held]
        if not train or not test:
            continue
        model = fit(train, regularisation=regularisation)
        right += sum(decide(e.features, model) == e.area for e in test)
        total += len(test)
    return right / total if total else 0.0


def write_model(model: dict, path: Path) -> None:
    path.write_text(json.dumps(model, sort_keys=True, separators=(",", ":")) + "\n", encoding="utf-8")


def main(argv: Sequence[str] | None = None) -> int:
    """`python -m servanda.extract.training GOLD_DIR... [-o MODEL.json] [--cv]`: train (and measure) the model."""
    import argparse

    parser = argparse.ArgumentParser(prog="python -m servanda.extract.training", description=main.__doc__)
    parser.add_argument("gold_dirs", nargs="+", type=Path)
    parser.add_argument("-o", "--output", type=Path, default=Path(__file__).parent / "data" / "area_model.json")
    parser.add_argument("--cv", action="store_true", help="also report leave-one-statement-out accuracy")
    args = parser.parse_args(argv)
    examples = load_examples(args.gold_dirs)
    model = fit(examples)
    write_model(model, args.output)
    print(f"trained on {len(examples)} units from {len(model['trained_on'])} statements -> {args.output}")
    if args.cv:
        print(f"leave-one-statement-out area accuracy: {leave_one_out(examples):.3f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
