"""Real statements: the gold dev set, the shared Markdown corpus and a sample of the bulk archive."""

from __future__ import annotations

import hashlib
import json
import re
import tarfile
import time
from itertools import pairwise
from pathlib import Path

import pytest

from servanda.errors import InputError
from servanda.ingest import clean_text, read_bytes, read_path

REPO = Path(__file__).resolve().parents[1]
# CI lays shared/ beside the clone; developers have it at /work/shared.
SHARED = next((p for p in (REPO.parent / "shared", Path("/work/shared")) if p.is_dir()), REPO.parent / "shared")
DEV = SHARED / "eval" / "dev"
CORPUS = SHARED / "corpus"
BULK = SHARED / "bulk" / "whitehouse-statements-2021-2026.tar.gz"

DEV_TEXTS = sorted(DEV.glob("*.txt")) if DEV.is_dir() else []
CORPUS_FILES = sorted(CORPUS.glob("*.md")) if CORPUS.is_dir() else []
needs_dev = pytest.mark.skipif(not DEV_TEXTS, reason=f"no gold dev set at {DEV}")

MIRAGE = re.compile(r"/Public Release\. This material from the originating organization.*View in full here\.")
# The normalisations clean_text may make to an already clean text file, and nothing else.
NORMALISED = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"', "\u00a0": " ", "\u00ad": None})


def gold(path: Path) -> dict:
    return json.loads(path.with_suffix(".json").read_text(encoding="utf-8"))


def quotes(record: dict) -> list[str]:
    units = [u for key, value in record.items() if isinstance(value, list) for u in value if isinstance(u, dict)]
    return [unit["quote"] for unit in units if "quote" in unit]


@needs_dev
@pytest.mark.parametrize("path", DEV_TEXTS, ids=lambda p: p.stem)
def test_dev_statement_date_matches_gold(path: Path) -> None:
    assert read_path(path).metadata.date == gold(path)["date"]


@needs_dev
@pytest.mark.parametrize("path", DEV_TEXTS, ids=lambda p: p.stem)
def test_dev_statement_keeps_every_gold_quote(path: Path) -> None:
    text = read_path(path).text
    missing = [quote for quote in quotes(gold(path)) if clean_text(quote) not in text]
    assert missing == []


@needs_dev
@pytest.mark.parametrize("path", DEV_TEXTS, ids=lambda p: p.stem)
def test_clean_dev_text_differs_only_by_normalisation(path: Path) -> None:
    raw = path.read_text(encoding="utf-8")
    expected = [
        re.sub(" {2,}", " ", line.translate(NORMALISED)).strip()
        for line in MIRAGE.sub("", raw).split("\n")
        if line.strip() and line.strip() != "# # #"
    ]
    assert [line for line in read_path(path).text.split("\n") if line] == expected


@needs_dev
def test_mirage_trailer_is_cut_from_the_second_2plus2() -> None:
    path = DEV / "2026-02-25_canada-korea_2plus2.txt"
    assert "Mirage.News" in path.read_text(encoding="utf-8")
    text = read_path(path).text
    assert "Mirage.News" not in text and "View in full here" not in text
    assert text.endswith('3. "Action Plan to implement the Security and Defence Cooperation Partnership."')


@pytest.mark.skipif(not CORPUS_FILES, reason=f"no shared corpus at {CORPUS}")
def test_shared_corpus_reads_with_front_matter_metadata() -> None:
    read, refused = {}, {}
    for path in CORPUS_FILES:
        try:
            read[path.name] = read_path(path)
        except InputError as error:
            refused[path.name] = str(error)
    assert list(refused) == ["2025-06-17_canada-korea_pm-readout-g7-fr.md"]
    assert "appears to be in French" in refused["2025-06-17_canada-korea_pm-readout-g7-fr.md"]
    for name, document in read.items():
        assert document.format == "md"
        assert document.metadata.date == name[:10], name
        assert document.metadata.title and document.metadata.source, name
        assert document.metadata.extra == {"completeness": document.metadata.extra["completeness"]}
    second = read["2026-02-25_canada-korea_2plus2-second.md"]
    assert "Mirage.News" not in second.text
    assert "met in Ottawa on February 25, 2026" in second.text


# A fixed pseudo-random sample: the same ~300 files on every machine, independent of archive order.
def _sampled(name: str) -> bool:
    return name.endswith(".md") and hashlib.sha1(name.encode()).digest()[0] % 23 == 0


_WRAP_BAND = range(62, 81)  # pandoc wrapped the scrape at 72 columns
_MID_SENTENCE = re.compile(r"[a-z,]$")


def _wrapped_breaks(text: str) -> int:
    """Lines in the wrap band that end mid-sentence and run on into a lower-case line."""
    lines = text.split("\n")
    return sum(
        1
        for line, following in pairwise(lines)
        if len(line.rstrip()) in _WRAP_BAND and _MID_SENTENCE.search(line.rstrip()) and following.strip()[:1].islower()
    )


@pytest.mark.skipif(not BULK.is_file(), reason=f"no bulk archive at {BULK}")
def test_bulk_sample_raises_only_input_errors_and_unwraps() -> None:
    started = time.monotonic()
    documents, refused, raw_breaks, other = 0, 0, 0, []
    clean_breaks: list[str] = []
    with tarfile.open(BULK, "r:gz") as archive:
        for member in archive:
            if not member.isfile() or not _sampled(member.name):
                continue
            data = archive.extractfile(member).read()  # type: ignore[union-attr]
            raw_breaks += _wrapped_breaks(data.decode("utf-8", "replace"))
            try:
                document = read_bytes(data, name=Path(member.name).name, origin=member.name)
            except InputError:
                refused += 1
                continue
            except Exception as error:  # the assertion below names any other failure
                other.append(f"{member.name}: {error!r}")
                continue
            documents += 1
            if _wrapped_breaks(document.text):
                clean_breaks.append(member.name)
    assert other == []
    assert documents >= 280 and refused <= 5
    assert raw_breaks > 5000  # the archive really is hard-wrapped...
    assert len(clean_breaks) <= 1, clean_breaks  # ...and reading unwraps it
    assert time.monotonic() - started < 10
