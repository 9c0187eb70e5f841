"""Bulk ingest throughput for 1, 2 and N worker processes, on SQLite and PostgreSQL, with peak memory.

Synthesises a corpus of statements (10,000 by default) from the paragraphs of the English statements in
../shared/corpus/: each takes a statement's title and opening paragraph, a dateline drawn between 2000 and 2026,
and further paragraphs drawn from the whole corpus, all with a fixed seed, so every run ingests the same bytes.
The corpus is written to a temporary directory, outside the repository, and removed afterwards unless --keep.

Each configuration (backend, workers) runs `servanda.tracking.bulk.ingest_many` in a process of its own on a
fresh database (a file on SQLite, a database created for the run on PostgreSQL), with tracking queued as
`servanda ingest` does, so the peak memory of the writer and of its largest worker are measured alone. Prints
statements and words per second, the rate against one worker on the same backend, and the peaks. Reproduce with:

    make bench-ingest     # or: .venv/bin/python bench/ingest_throughput.py [--count 10000] [--workers 1,2,N]
                          #         [--backend sqlite,postgresql] [--keep]; --count 200 for a quick check
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass
from datetime import date, timedelta
from pathlib import Path

from support import CORPUS, backends, machine, peak_rss_mib, scratch_database

SEED = 20261129
MAX_WORKERS = 8  # beyond this the single writer is the limit on any machine we measure
MONTHS = "January February March April May June July August September October November December".split()
FIRST_DAY, LAST_DAY = date(2000, 1, 1), date(2026, 12, 31)


@dataclass(frozen=True, slots=True)
class Run:
    """What one configuration measured."""

    backend: str
    workers: int
    offered: int  # statements handed to the run
    statements: int
    failed: int
    words: int
    commitments: int
    track_jobs: int
    seconds: float
    writer_mib: float
    worker_mib: float | None  # None when extraction ran in the writer

    @property
    def per_second(self) -> float:
        return self.statements / self.seconds

    @property
    def words_per_second(self) -> float:
        return self.words / self.seconds


def synthesise(corpus: Path, target: Path, count: int) -> tuple[int, int]:
    """Write `count` statements to `target`; return their number and words. Paragraphs are the corpus's lines of
    eight words or more (its files hold one paragraph a line); statements the ingester refuses are left out."""
    from servanda.errors import InputError
    from servanda.ingest import read_path
    from servanda.ingest.frontmatter import split_front_matter

    sources: list[tuple[str, list[str]]] = []
    for path in sorted(corpus.glob("*.md")):
        try:
            read_path(path)  # the French readout is refused as not English: leave it out
        except InputError:
            continue
        front, body = split_front_matter(path.read_text(encoding="utf-8"), origin=str(path))
        paragraphs = [line.strip() for line in body.splitlines() if len(line.split()) >= 8]
        if paragraphs:
            sources.append((str(front.get("title") or path.stem), paragraphs))
    pool = [paragraph for _, paragraphs in sources for paragraph in paragraphs]
    rng = random.Random(SEED)
    span = (LAST_DAY - FIRST_DAY).days
    seen: set[str] = set()
    words = 0
    for i in range(count):
        while True:
            title, paragraphs = rng.choice(sources)
            day = FIRST_DAY + timedelta(days=rng.randrange(span + 1))
            body = [paragraphs[0], *rng.sample(pool, rng.randint(3, 9))]
            text = f"# {title}\n\n{MONTHS[day.month - 1]} {day.day}, {day.year}\n\n" + "\n\n".join(body) + "\n"
            data = text.encode()
            digest = hashlib.sha256(data).hexdigest()
            if digest not in seen:  # every statement is a document of its own
                seen.add(digest)
                break
        (target / f"statement-{i:05d}.md").write_bytes(data)
        words += len(text.split())
    return count, words


def run_one(backend: str, workers: int, corpus: Path, scratch: Path, offered: int) -> Run:
    """Ingest the first `offered` statements of the corpus into a fresh database with `workers` processes; called
    in a process of its own."""
    from sqlalchemy import func, select

    from servanda.access import Person
    from servanda.store import add_person, open_database, transaction
    from servanda.store.models import Commitment
    from servanda.tracking.bulk import ingest_many

    actor = Person("bench", nationality="CAN", clearance="SECRET", role="admin")
    paths = sorted(corpus.glob("*.md"))[:offered]
    with scratch_database(backend, scratch, f"ingest_{workers}_{offered}") as url:
        engine = open_database(url)
        try:
            with transaction(engine) as session:
                add_person(
                    session,
                    username=actor.username,
                    display_name="Benchmark",
                    nationality="CAN",
                    clearance="SECRET",
                    role="admin",
                    actor=None,
                )
            start = time.perf_counter()
            outcome = ingest_many(engine, paths, actor=actor, workers=workers, queue_tracking=True)
            seconds = time.perf_counter() - start
            with transaction(engine) as session:
                commitments = session.scalar(select(func.count()).select_from(Commitment)) or 0
        finally:
            engine.dispose()
    progress = outcome.progress
    return Run(
        backend=backend,
        workers=workers,
        offered=offered,
        statements=progress.stored,
        failed=progress.failed,
        words=progress.words,
        commitments=commitments,
        track_jobs=len(outcome.track_jobs),
        seconds=seconds,
        writer_mib=peak_rss_mib(resource.RUSAGE_SELF),
        worker_mib=peak_rss_mib(resource.RUSAGE_CHILDREN) if workers > 1 else None,
    )


def worker_counts(text: str) -> list[int]:
    """'1,2,N' → [1, 2, N] without repeats, N being the CPUs this process may use, at most MAX_WORKERS."""
    n = min(len(os.sched_getaffinity(0)), MAX_WORKERS)
    counts: list[int] = []
    for part in text.split(","):
        value = n if part.strip().upper() == "N" else int(part)
        if value < 1:
            raise ValueError(f"--workers takes numbers of at least 1 or N, not {text!r}")
        if value not in counts:
            counts.append(value)
    return counts


def _in_own_process(backend: str, workers: int, corpus: Path, scratch: Path, offered: int) -> Run:
    command = [sys.executable, __file__, "--one", backend, str(workers), str(corpus), str(scratch), str(offered)]
    done = subprocess.run(command, capture_output=True, text=True)
    if done.returncode != 0:
        raise SystemExit(f"{backend} with {workers} workers failed:\n{done.stderr}")
    fields = json.loads(done.stdout.strip().splitlines()[-1])
    return Run(**fields)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=10_000, help="statements to synthesise (default 10,000)")
    parser.add_argument("--workers", default="1,2,N", help="worker counts; N = usable CPUs, at most 8")
    parser.add_argument("--backend", default="sqlite,postgresql", help="sqlite, postgresql or both")
    parser.add_argument("--corpus", type=Path, default=CORPUS, help="statements to draw paragraphs from")
    parser.add_argument(
        "--small",
        type=int,
        default=1_000,
        help="also run every configuration on the first SMALL statements, to show peak memory does not grow with "
        "the corpus (default 1,000; 0 to skip)",
    )
    parser.add_argument("--keep", action="store_true", help="keep the synthesised corpus and say where it is")
    parser.add_argument("--one", nargs=5, help=argparse.SUPPRESS)  # one configuration, in a child process
    args = parser.parse_args(argv)

    if args.one:
        backend, workers, corpus, scratch, offered = args.one
        print(json.dumps(asdict(run_one(backend, int(workers), Path(corpus), Path(scratch), int(offered)))))
        return 0

    chosen, counts = backends(args.backend), worker_counts(args.workers)
    scratch = Path(tempfile.mkdtemp(prefix="servanda-bench-ingest-"))
    corpus = scratch / "corpus"
    corpus.mkdir()
    try:
        statements, words = synthesise(args.corpus, corpus, args.count)
        print(
            f"corpus: {statements:,} statements, {words:,} words ({words / statements:,.0f} a statement), seed {SEED}"
        )
        if len(counts) < len(args.workers.split(",")):
            usable = len(os.sched_getaffinity(0))
            print(f"workers: {', '.join(map(str, counts))} (N = {usable} usable CPUs repeats one)")
        sizes = [args.count] + ([args.small] if 0 < args.small < args.count else [])
        runs: list[Run] = []
        for backend in chosen:
            for offered in sizes:
                for workers in counts:
                    run = _in_own_process(backend, workers, corpus, scratch, offered)
                    runs.append(run)
                    print(
                        f"  {backend} x{workers}, {offered:,} statements: {run.statements:,} stored, "
                        f"{run.failed} failed, {run.seconds:,.1f} s",
                        flush=True,
                    )
        _report(runs, args)
    finally:
        if args.keep:
            print(f"corpus kept in {corpus}")
            for leftover in scratch.glob("*.db*"):
                leftover.unlink()
        else:
            shutil.rmtree(scratch, ignore_errors=True)
    return 0


def _report(runs: list[Run], args: argparse.Namespace) -> None:
    print()
    print(
        "| backend | statements | workers | statements/s | words/s | × 1 worker | commitments | writer peak RSS "
        "| largest worker |"
    )
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for run in runs:
        single = next(
            (r for r in runs if r.backend == run.backend and r.offered == run.offered and r.workers == 1), None
        )
        ratio = f"{run.per_second / single.per_second:.2f}" if single else "—"
        worker = f"{run.worker_mib:,.0f} MiB" if run.worker_mib is not None else "— (in the writer)"
        print(
            f"| {run.backend} | {run.statements:,} | {run.workers} | {run.per_second:,.1f} | "
            f"{run.words_per_second:,.0f} | {ratio} | "
            f"{run.commitments:,} | {run.writer_mib:,.0f} MiB | {worker} |"
        )
    print()
    for line in machine():
        print(line)
    given = [f"--count {args.count}", f"--small {args.small}", f"--workers {args.workers}", f"--backend {args.backend}"]
    print(f"reproduce: .venv/bin/python bench/ingest_throughput.py {' '.join(given)}")


if __name__ == "__main__":
    raise SystemExit(main())
