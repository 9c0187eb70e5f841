"""Query latency at 10k, 100k and 1M commitments, on SQLite and PostgreSQL: the commitment list, its total,
search and the dashboard, p50 and p99, with peak memory.

Extracts the English statements in ../shared/corpus/ once with `servanda.extract.extract`, then grows one store
per backend to each size by inserting copies of those statements and their commitments directly with SQLAlchemy
Core, a few thousand rows a transaction: each copy has its own SHA-256, a date drawn between 2000 and 2026, two
or three issuing parties drawn from nine, and actors among them; its due dates move with its date. One copy in
ten is marked SECRET releasable to Canada and Korea (the viewer may read it), one in fifty also carries a
compartment the viewer lacks (they may not). A few hundred assessments are added at each size. The inserts go
through the tables' triggers and indexes, so SQLite's FTS5 tables and PostgreSQL's GIN indexes keep up as they
would in use.

At each size a fresh process times every query after a warm-up, round robin so that noise hits them alike, in a
read-only session of its own as the web application opens one per request, and reports its peak memory. The
viewer is a Canadian admin cleared SECRET. A read that returns marked records writes an audit entry (public
records are not audited): that is part of the cost measured, and the entries written per call are reported.
Reproduce with:

    make bench-query      # or: .venv/bin/python bench/query_latency.py [--sizes 10000,100000,1000000]
                          #         [--backend sqlite,postgresql] [--runs N] [--explain]; --sizes 2000 to check
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from support import CORPUS, backends, machine, peak_rss_mib, percentile, scratch_database

SEED = 20261129
SIZES = "10000,100000,1000000"
PARTIES = ("CAN", "KOR", "JPN", "USA", "AUS", "GBR", "FRA", "DEU", "IND")
FIRST_DAY, LAST_DAY = date(2000, 1, 1), date(2026, 12, 31)
READABLE_MARKING = "CAN SECRET//REL TO CAN, KOR"
HIDDEN_MARKING = "CAN SECRET//REL TO CAN, KOR//SDCP"  # the viewer is not in the SDCP compartment
BATCH_ROWS = 4000  # commitments a transaction, roughly
ASSESSMENTS_PER_SIZE = 300
PAGE = 50
DEEP = 100  # the page number of the deep pages: offset 4,950, the same at every size
DEEP_FILTERED = 20  # with a filter matching about a quarter of the rows: offset 950
WARM_UP = 3
SEARCHES = ("critical minerals", "humanitarian assistance")


@dataclass(frozen=True, slots=True)
class Template:
    """A corpus statement as extracted: what each copy repeats."""

    title: str | None
    text: str
    year: int
    commitments: list[dict[str, Any]]


# --- growing the store ---


def templates(corpus: Path, limit: int | None = None) -> list[Template]:
    """The English corpus statements with their extracted commitments (the first `limit` of them, if given)."""
    from servanda.errors import InputError
    from servanda.extract import extract
    from servanda.ingest import read_path

    found: list[Template] = []
    for path in sorted(corpus.glob("*.md")):
        if limit is not None and len(found) >= limit:
            break
        try:
            document = read_path(path)
        except InputError:
            continue
        extraction = extract(document.text, date=document.metadata.date, issuers=document.metadata.issuers)
        commitments = [
            {
                "quote": c.quote,
                "start": c.start,
                "end": c.end,
                "strength": c.strength,
                "area": c.area,
                "due": c.due,
                "recurrence": c.recurrence,
                "section": c.section,
                "annex": c.annex,
            }
            for c in extraction.commitments
        ]
        year = int((document.metadata.date or "2020")[:4])
        if commitments:
            found.append(Template(document.metadata.title, document.text, year, commitments))
    return found


class Grower:
    """Adds copies of the templates to one store until it holds a given number of commitments."""

    def __init__(self, engine, sources: list[Template]) -> None:
        from servanda.access import PUBLIC, parse_marking
        from servanda.store import transaction
        from servanda.store.markings import intern_marking

        self.engine = engine
        self.sources = sources
        self.rng = random.Random(SEED)
        self.copies = 0
        self.commitments = 0
        self.documents = 0
        with transaction(engine) as session:
            self.public = intern_marking(session, PUBLIC)
            self.readable = intern_marking(session, parse_marking(READABLE_MARKING))
            self.hidden = intern_marking(session, parse_marking(HIDDEN_MARKING))

    def grow_to(self, size: int) -> float:
        """Insert copies until the store holds at least `size` commitments, then the assessments; the seconds
        it took."""
        start = time.perf_counter()
        added: list[int] = []
        while self.commitments < size:
            ids = self._insert_batch(size)
            added = [added[0] if added else ids[0], ids[-1]]
        if added:
            self._assess(range(added[0], added[1] + 1))
        return time.perf_counter() - start

    def _insert_batch(self, size: int) -> list[int]:
        from sqlalchemy import insert

        from servanda.store.models import Commitment, CommitmentActor, Document, DocumentIssuer

        documents, issuers, commitments, actors = [], [], [], []
        planned = 0
        while planned < BATCH_ROWS and self.commitments + planned < size:
            document, parties, rows = self._copy()
            documents.append(document)
            issuers.append(parties)
            commitments.append(rows)
            planned += len(rows)
        with self.engine.begin() as connection:
            table = Document.__table__
            result = connection.execute(insert(table).returning(table.c.id, sort_by_parameter_order=True), documents)
            ids = list(result.scalars())
            issuer_rows, commitment_rows, actor_parties = [], [], []
            for document_id, parties, rows in zip(ids, issuers, commitments, strict=True):
                issuer_rows += [{"document_id": document_id, "party": p, "position": i} for i, p in enumerate(parties)]
                for row in rows:
                    commitment_rows.append({**row["commitment"], "document_id": document_id})
                    actor_parties.append(row["actors"])
            connection.execute(insert(DocumentIssuer.__table__), issuer_rows)
            table = Commitment.__table__
            result = connection.execute(
                insert(table).returning(table.c.id, sort_by_parameter_order=True), commitment_rows
            )
            commitment_ids = list(result.scalars())
            for commitment_id, parties in zip(commitment_ids, actor_parties, strict=True):
                actors += [{"commitment_id": commitment_id, "party": p, "position": i} for i, p in enumerate(parties)]
            connection.execute(insert(CommitmentActor.__table__), actors)
        self.documents += len(ids)
        self.commitments += len(commitment_ids)
        return commitment_ids

    def _copy(self) -> tuple[dict[str, Any], list[str], list[dict[str, Any]]]:
        from servanda.store.due import due_by

        rng = self.rng
        source = rng.choice(self.sources)
        self.copies += 1
        day = FIRST_DAY + timedelta(days=rng.randrange((LAST_DAY - FIRST_DAY).days + 1))
        marking = self.public
        if self.copies % 50 == 0:
            marking = self.hidden
        elif self.copies % 10 == 5:
            marking = self.readable
        document = {
            "sha256": hashlib.sha256(f"servanda query benchmark {self.copies}".encode()).hexdigest(),
            "title": source.title,
            "date": day.isoformat(),
            "source": None,
            "origin": f"bench/statement-{self.copies}.md",
            "format": "md",
            "text": source.text,
            "extra": {},
            "ingested_at": datetime.now(UTC),
            "marking_id": marking,
        }
        parties = rng.sample(PARTIES, rng.choice((2, 2, 3)))
        rows = []
        for ordinal, template in enumerate(source.commitments):
            due = _moved(template["due"], day.year - source.year)
            commitment = {
                **template,
                "ordinal": ordinal,
                "due": due,
                "due_by": due_by(due),
                "marking_id": marking,
            }
            actors = parties if rng.random() < 0.8 else [rng.choice(parties)]
            rows.append({"commitment": commitment, "actors": actors})
        return document, parties, rows

    def _assess(self, ids: range) -> None:
        """Assess commitments drawn from those just added, one in ten twice; each assessment is dated between
        its statement's date and today, and marked as its commitment."""
        from sqlalchemy import insert, select

        from servanda.store.models import ASSESSMENT_STATUSES, Assessment, Commitment, Document

        rng = self.rng
        today = datetime.now(UTC).date()
        chosen = rng.sample(ids, min(ASSESSMENTS_PER_SIZE, len(ids)))  # ids are consecutive within a run
        with self.engine.begin() as connection:
            found = connection.execute(
                select(Commitment.id, Commitment.marking_id, Document.date)
                .join(Document, Document.id == Commitment.document_id)
                .where(Commitment.id.in_(chosen))
            ).all()
            rows = []
            for commitment_id, marking_id, stated in found:
                start = date.fromisoformat(stated)
                for _ in range(2 if rng.random() < 0.1 else 1):
                    as_of = start + timedelta(days=rng.randrange(max(1, (today - start).days)))
                    rows.append(
                        {
                            "commitment_id": commitment_id,
                            "assessor": "bench",
                            "at": datetime.now(UTC),
                            "as_of": as_of,
                            "status": rng.choice(ASSESSMENT_STATUSES),
                            "rationale": "Benchmark assessment.",
                            "corrects": None,
                            "marking_id": marking_id,
                        }
                    )
            connection.execute(insert(Assessment.__table__), rows)


def _moved(due: str | None, years: int) -> str | None:
    """`due` moved by `years`; a 29 February that lands in a common year keeps only its month."""
    if due is None:
        return None
    moved = f"{int(due[:4]) + years:04d}{due[4:]}"
    if len(moved) == 10:
        try:
            date.fromisoformat(moved)
        except ValueError:
            return moved[:7]
    return moved


# --- measuring ---


def queries(viewer) -> dict[str, Callable]:
    """What is timed, by name: each takes a session and reads as `viewer`."""
    from servanda.store import count_commitments, list_commitments
    from servanda.store.search import search_commitments
    from servanda.tracking.dashboard import dashboard

    return {
        "list, first page": lambda s: list_commitments(s, viewer=viewer, limit=PAGE),
        "list, first page, actor KOR": lambda s: list_commitments(s, viewer=viewer, limit=PAGE, actor="KOR"),
        f"list, page {DEEP}": lambda s: list_commitments(s, viewer=viewer, limit=PAGE, offset=(DEEP - 1) * PAGE),
        f"list, page {DEEP_FILTERED}, actor KOR": lambda s: list_commitments(
            s, viewer=viewer, limit=PAGE, offset=(DEEP_FILTERED - 1) * PAGE, actor="KOR"
        ),
        "list total (count)": lambda s: count_commitments(s, viewer=viewer),
        "list total, actor KOR": lambda s: count_commitments(s, viewer=viewer, actor="KOR"),
        **{
            f"search '{words}'": (lambda s, words=words: search_commitments(s, words, viewer=viewer, limit=20))
            for words in SEARCHES
        },
        "dashboard": lambda s: dashboard(s, viewer=viewer),
    }


def measure(url: str, runs: int, explain: bool) -> dict[str, Any]:
    """Time every query `runs` times after a warm-up; called in a process of its own."""
    from sqlalchemy import func, select

    from servanda.access import Person
    from servanda.audit import AuditEntry
    from servanda.store import open_database, session_factory

    engine = open_database(url)
    viewer = Person("bench", nationality="CAN", clearance="SECRET", role="admin")
    readers = session_factory(engine, readonly=True)
    timed = queries(viewer)

    def audit_head() -> int:
        with readers() as session:
            return session.scalar(select(func.max(AuditEntry.id))) or 0

    plans: dict[str, list[str]] = {}
    if explain:
        for name, query in timed.items():
            plans[name] = _plans(engine, readers, query)
    for _ in range(WARM_UP):
        for query in timed.values():
            with readers() as session:
                query(session)
    latencies: dict[str, list[float]] = {name: [] for name in timed}
    audited: dict[str, int] = dict.fromkeys(timed, 0)
    for _ in range(runs):
        for name, query in timed.items():
            before = audit_head()
            start = time.perf_counter()
            with readers() as session:
                query(session)
            latencies[name].append((time.perf_counter() - start) * 1000)
            audited[name] += audit_head() - before
    engine.dispose()
    return {
        "results": {
            name: {
                "p50": percentile(values, 0.50),
                "p99": percentile(values, 0.99),
                "runs": len(values),
                "audit_entries_per_call": audited[name] / len(values),
            }
            for name, values in latencies.items()
        },
        "rss_mib": peak_rss_mib(),
        "plans": plans,
    }


def _plans(engine, readers, query: Callable) -> list[str]:
    """The plan of every SELECT `query` sends (EXPLAIN QUERY PLAN on SQLite, EXPLAIN on PostgreSQL)."""
    from sqlalchemy import event

    sent: list[tuple[str, Any]] = []

    def record(connection, cursor, statement, parameters, context, executemany) -> None:
        if statement.lstrip().upper().startswith("SELECT") and not executemany:
            sent.append((statement, parameters))

    event.listen(engine, "before_cursor_execute", record)
    try:
        with readers() as session:
            query(session)
    finally:
        event.remove(engine, "before_cursor_execute", record)
    sqlite = engine.dialect.name == "sqlite"
    lines = []
    with engine.connect() as connection:
        for statement, parameters in sent:
            if "FROM marking" in statement or "audit_log" in statement:
                continue  # the viewer's markings and the audit chain's head: small tables
            prefix = "EXPLAIN QUERY PLAN " if sqlite else "EXPLAIN "
            rows = connection.exec_driver_sql(prefix + statement, parameters).all()
            lines.append(" ".join(statement.split())[:160] + " …")
            lines += ["    " + (row[-1] if sqlite else row[0]) for row in rows]
    return lines


# --- the run ---


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default=SIZES, help=f"numbers of commitments to measure at (default {SIZES})")
    parser.add_argument("--backend", default="sqlite,postgresql", help="sqlite, postgresql or both")
    parser.add_argument("--runs", type=int, help="timed calls of each query (default 50, 30 from 1M)")
    parser.add_argument("--corpus", type=Path, default=CORPUS, help="statements to copy")
    parser.add_argument("--templates", type=int, help="copy only the first N corpus statements (a quick check)")
    parser.add_argument("--explain", action="store_true", help="print the plan of every query at every size")
    parser.add_argument("--keep", action="store_true", help="keep the grown stores and print their URLs")
    parser.add_argument("--measure", nargs=2, help=argparse.SUPPRESS)  # URL RUNS, in a child process
    args = parser.parse_args(argv)

    if args.measure:
        url, runs = args.measure
        print(json.dumps(measure(url, int(runs), args.explain)))
        return 0

    sizes = sorted(int(s) for s in args.sizes.split(","))
    chosen = backends(args.backend)
    sources = templates(args.corpus, args.templates)
    per_copy = sum(len(t.commitments) for t in sources) / len(sources)
    print(f"templates: {len(sources)} statements, {per_copy:.1f} commitments a statement on average, seed {SEED}")
    scratch = Path(tempfile.mkdtemp(prefix="servanda-bench-query-"))
    results: list[dict[str, Any]] = []
    try:
        for backend in chosen:
            results += _one_backend(backend, sources, sizes, scratch, args)
        _report(results, sizes, args)
    finally:
        if not args.keep:
            shutil.rmtree(scratch, ignore_errors=True)
    return 0


def _one_backend(backend: str, sources: list[Template], sizes: list[int], scratch: Path, args) -> list[dict]:
    from servanda.store import add_person, open_database, transaction

    found = []
    with scratch_database(backend, scratch, "query", keep=args.keep) as url:
        engine = open_database(url)
        with transaction(engine) as session:
            add_person(
                session,
                username="bench",
                display_name="Benchmark",
                nationality="CAN",
                clearance="SECRET",
                role="admin",
                actor=None,
            )
        grower = Grower(engine, sources)
        for size in sizes:
            seconds = grower.grow_to(size)
            _settle(engine)
            runs = args.runs or (50 if size < 1_000_000 else 30)
            command = [sys.executable, __file__, "--measure", url, str(runs)] + (["--explain"] if args.explain else [])
            done = subprocess.run(command, capture_output=True, text=True)
            if done.returncode != 0:
                raise SystemExit(f"measuring {backend} at {size:,} failed:\n{done.stderr}")
            measured = json.loads(done.stdout.strip().splitlines()[-1])
            measured.update(
                backend=backend,
                size=size,
                commitments=grower.commitments,
                documents=grower.documents,
                load_seconds=seconds,
            )
            found.append(measured)
            print(
                f"  {backend} at {grower.commitments:,} commitments ({grower.documents:,} statements): "
                f"grown in {seconds:,.0f} s, measured",
                flush=True,
            )
            for name, plan in measured["plans"].items():
                print(f"    {name}:")
                for line in plan:
                    print(f"      {line}")
        engine.dispose()
        if args.keep:
            print(f"  kept: {url}")
    return found


def _settle(engine) -> None:
    """Bring the planner's statistics up to date after a bulk load, as autovacuum or ANALYZE would."""
    with engine.begin() as connection:
        if engine.dialect.name == "postgresql":
            connection.exec_driver_sql("ANALYZE")
        else:
            connection.exec_driver_sql("PRAGMA optimize")


def _report(results: list[dict[str, Any]], sizes: list[int], args) -> None:
    print()
    names = list(results[0]["results"])
    smallest = sizes[0]
    header = " | ".join(f"{size:,}: p50 / p99 ms" for size in sizes)
    print(f"| backend | query | {header} | p99 at {sizes[-1]:,} / at {smallest:,} | audit entries per call |")
    print("| --- | --- |" + " ---: |" * (len(sizes) + 2))
    for backend in dict.fromkeys(r["backend"] for r in results):
        by_size = {r["size"]: r for r in results if r["backend"] == backend}
        for name in names:
            cells = [
                f"{by_size[s]['results'][name]['p50']:,.1f} / {by_size[s]['results'][name]['p99']:,.1f}" for s in sizes
            ]
            first, last = by_size[sizes[0]]["results"][name], by_size[sizes[-1]]["results"][name]
            audit = " / ".join(f"{by_size[s]['results'][name]['audit_entries_per_call']:.2f}" for s in sizes)
            print(f"| {backend} | {name} | {' | '.join(cells)} | {last['p99'] / first['p99']:,.1f} | {audit} |")
    print()
    print("| backend | commitments | statements | load time | peak RSS while measuring |")
    print("| --- | ---: | ---: | ---: | ---: |")
    for r in results:
        print(
            f"| {r['backend']} | {r['commitments']:,} | {r['documents']:,} | {r['load_seconds']:,.0f} s | "
            f"{r['rss_mib']:,.0f} MiB |"
        )
    print()
    for line in machine():
        print(line)
    runs = f" --runs {args.runs}" if args.runs else ""
    print(f"reproduce: .venv/bin/python bench/query_latency.py --sizes {args.sizes} --backend {args.backend}{runs}")


if __name__ == "__main__":
    raise SystemExit(main())
