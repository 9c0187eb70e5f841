"""The scale benchmarks in bench/ still run: each at a size small enough for the test suite, on SQLite alone.

The figures they print at these sizes mean nothing; what is tested is that every script gets to its report.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO.parent / "shared" / "corpus"

pytestmark = pytest.mark.skipif(not CORPUS.is_dir(), reason=f"no corpus at {CORPUS} to build the benchmarks from")


def _run(script: str, *arguments: str) -> str:
    done = subprocess.run(
        [sys.executable, str(REPO / "bench" / script), *arguments],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=REPO,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return done.stdout


def test_ingest_throughput_runs() -> None:
    out = _run("ingest_throughput.py", "--count", "4", "--small", "0", "--workers", "1", "--backend", "sqlite")
    assert "| sqlite | 4 | 1 |" in out
    assert "reproduce: .venv/bin/python bench/ingest_throughput.py" in out


def test_query_latency_runs() -> None:
    out = _run("query_latency.py", "--sizes", "300", "--runs", "2", "--backend", "sqlite", "--templates", "3")
    assert "| sqlite | dashboard |" in out
    assert "reproduce: .venv/bin/python bench/query_latency.py" in out


def test_web_load_runs() -> None:
    out = _run(
        "web_load.py",
        *("--count", "200", "--templates", "3", "--no-demo"),
        *("--seconds", "0.5", "--clients", "2", "--client", "httpx"),
    )
    assert "| servanda | dashboard |" in out
    assert "reproduce: .venv/bin/python bench/web_load.py" in out
