"""Extraction throughput against a spaCy tokenizer pass over the same text, measured in the same run.

Runs `servanda.extract.extract` over every statement in ../shared/corpus/, repeated until at least 500,000
words have been processed, and the same number of passes of spaCy's `blank("en")` tokenizer. Prints words per
second for both, their ratio (target: at least 0.25), and the time to extract one statement (target: under 50 ms
for the founding statement). Reproduce with:

    make bench-extract        # or: .venv/bin/python bench/extract_throughput.py [--corpus DIR] [--words N]
"""

from __future__ import annotations

import argparse
import platform
import statistics
import sys
import time
from pathlib import Path

from servanda.errors import InputError
from servanda.extract import extract
from servanda.ingest import read_path

REPO = Path(__file__).resolve().parents[1]
DEFAULT_CORPUS = REPO.parent / "shared" / "corpus"
FOUNDING = REPO / "src" / "servanda" / "demo" / "2026-02-25_canada-korea_2plus2.txt"


def _load(corpus: Path) -> list:
    documents, skipped = [], []
    for path in sorted(corpus.iterdir()):
        if path.suffix not in (".md", ".txt"):
            continue
        try:
            documents.append(read_path(path))
        except InputError as err:
            skipped.append(f"{path.name}: {err}")
    for line in skipped:
        print(f"skipped {line}", file=sys.stderr)
    return documents


def _extraction_pass(documents: list) -> float:
    start = time.perf_counter()
    for d in documents:
        extract(d.text, date=d.metadata.date, issuers=d.metadata.issuers)
    return time.perf_counter() - start


def _tokenizer_pass(tokenizer, documents: list) -> float:
    start = time.perf_counter()
    for d in documents:
        tokenizer(d.text)
    return time.perf_counter() - start


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--words", type=int, default=500_000, help="minimum words to process (default 500,000)")
    args = parser.parse_args(argv)

    import spacy  # the baseline; installed by the `bench` extra

    documents = _load(args.corpus)
    words_per_pass = sum(len(d.text.split()) for d in documents)
    passes = -(-args.words // words_per_pass)
    tokenizer = spacy.blank("en").tokenizer

    # Warm both up (model file load, regex compilation), then interleave passes so machine noise hits both alike.
    _extraction_pass(documents[:3])
    _tokenizer_pass(tokenizer, documents[:3])
    extraction_time = tokenizer_time = 0.0
    for _ in range(passes):
        extraction_time += _extraction_pass(documents)
        tokenizer_time += _tokenizer_pass(tokenizer, documents)

    words = words_per_pass * passes
    extraction_rate, tokenizer_rate = words / extraction_time, words / tokenizer_time

    founding = read_path(FOUNDING)
    latencies = []
    for _ in range(30):
        start = time.perf_counter()
        extract(founding.text, date=founding.metadata.date, issuers=founding.metadata.issuers)
        latencies.append((time.perf_counter() - start) * 1000)
    per_statement = []
    for d in documents:
        start = time.perf_counter()
        extract(d.text, date=d.metadata.date, issuers=d.metadata.issuers)
        per_statement.append((time.perf_counter() - start) * 1000)

    print(f"machine: {platform.machine()} {platform.system()}, Python {platform.python_version()}")
    print(f"corpus: {len(documents)} statements, {words_per_pass:,} words per pass, {passes} passes = {words:,} words")
    print(f"servanda.extract:          {extraction_rate:>10,.0f} words/s")
    print(f"spaCy blank('en') tokens:  {tokenizer_rate:>10,.0f} words/s")
    print(f"ratio extract / tokenizer: {extraction_rate / tokenizer_rate:.3f}  (target >= 0.25)")
    print(
        f"founding statement: median {statistics.median(latencies):.1f} ms, max {max(latencies):.1f} ms "
        "(target < 50 ms)"
    )
    print(
        f"corpus statements: median {statistics.median(per_statement):.1f} ms, "
        f"max {max(per_statement):.1f} ms (longest statement: {max(len(d.text.split()) for d in documents):,} words)"
    )
    print("reproduce: .venv/bin/python bench/extract_throughput.py")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
