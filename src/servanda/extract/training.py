"""Train the area model on annotated statements and measure it by leaving one statement out at a time.

Training needs scikit-learn (a development dependency); prediction (`servanda.extract.area`) does not. The
solver is deterministic, so the same annotations always give the same weights.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from servanda.extract.area import features
from servanda.extract.model import AREAS
from servanda.extract.segment import context_span, sentences

REGULARISATION = 8.0  # inverse L2 strength (scikit-learn's C); chosen by accuracy on statements held out
MIN_WEIGHT = 0.02  # smaller weights are dropped from the shipped model (accuracy unchanged, a fifth the size)


@dataclass(frozen=True, slots=True)
class Example:
    document: str
    text: str
    section: str | None
    area: str
    context: str | None = None


def load_examples(gold_dirs: Iterable[Path]) -> list[Example]:
    """Every annotated commitment and achievement, with the heading it sits under in its source text."""
    out: list[Example] = []
    for gold_dir in gold_dirs:
        for path in sorted(Path(gold_dir).glob("*.json")):
            gold = json.loads(path.read_text(encoding="utf-8"))
            source = path.parent / gold.get("text", path.stem + ".txt")
            text = source.read_text(encoding="utf-8") if source.exists() else ""
            spans = sentences(text) if text else []
            for unit in [*gold.get("commitments", []), *gold.get("achievements", [])]:
                if unit.get("area") not in AREAS:
                    continue
                at = text.find(unit["quote"][:60]) if text else -1
                index = (
                    next((i for i in range(len(spans) - 1, -1, -1) if spans[i].start <= at), None) if at >= 0 else None
                )
                where = spans[index] if index is not None else None
                context = text[slice(*context_span(spans, index))] if where else None
                out.append(Example(path.stem, unit["quote"], where.section if where else None, unit["area"], context))
    return out


def fit(examples: Sequence[Example], *, regularisation: float = REGULARISATION) -> dict:
    """A multinomial logistic regression over `features`, as plain JSON-ready weights."""
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression

    vectorizer = DictVectorizer(sort=True)
    x = vectorizer.fit_transform([features(e.text, e.section, e.context) for e in examples])
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


def predict(model: dict, text: str, section: str | None, context: str | None = None) -> str:
    """The class `model` gives an undertaking (same arithmetic as `servanda.extract.area`)."""
    classes = model["classes"]
    scores = list(model["bias"])
    for name, value in features(text, section, context).items():
        for i, w in model["weights"].get(name, ()):
            scores[int(i)] += w * value
    best = max(range(len(classes)), key=lambda i: (scores[i], -i))
    return classes[best]


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
        right += sum(predict(model, e.text, e.section, e.context) == e.area for e in test)
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
