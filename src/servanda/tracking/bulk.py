"""Storing many statements at once: read and extract in worker processes, write in batches, resume by hash.

Workers read a file, skip it when its bytes are stored already (by SHA-256, so an interrupted run resumes where
it stopped), and extract its commitments. The calling process alone writes: a batch of statements per
transaction, each inside its own savepoint, so one statement that cannot be stored is reported and the rest of
its batch still lands. Only a bounded number of files is in flight at once, so memory stays flat however many
there are. A new statement's meetings and agreement stages are recorded as it is stored; linking it to earlier
commitments and proposing evidence, whose cost grows with the store, are queued as `track` jobs.
"""

from __future__ import annotations

import multiprocessing
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from servanda.access import PUBLIC, Marking, Person
from servanda.errors import ServandaError
from servanda.extract import extract
from servanda.extract.model import Extraction
from servanda.ingest import read_path
from servanda.ingest.model import IngestedDocument
from servanda.store.engine import make_engine, transaction
from servanda.store.jobs import enqueue
from servanda.store.models import Document
from servanda.store.save import save_document
from servanda.tracking.agreements import record_stages
from servanda.tracking.mechanisms import record_meetings

BATCH = 25  # statements per write transaction
IN_FLIGHT_PER_WORKER = 4  # files handed to each worker ahead of the writer


@dataclass(frozen=True, slots=True)
class Overrides:
    """Metadata given for every statement of the run instead of what is inferred."""

    date: str | None = None
    issuers: str | None = None


@dataclass(frozen=True, slots=True)
class Prepared:
    """A file after a worker has read it: its statement and extraction, or why it could not be read. `extraction`
    is None when the statement's bytes were already stored when the worker looked."""

    label: str
    document: IngestedDocument | None = None
    extraction: Extraction | None = None
    error: str | None = None

    @property
    def words(self) -> int:
        return len(self.document.text.split()) if self.document is not None else 0


@dataclass(slots=True)
class BulkProgress:
    """Where a run has got to, reported after every file."""

    total: int
    done: int = 0
    stored: int = 0
    already: int = 0
    failed: int = 0
    words: int = 0
    label: str = ""
    started: float = field(default_factory=time.perf_counter)

    @property
    def elapsed(self) -> float:
        return time.perf_counter() - self.started


@dataclass(slots=True)
class BulkOutcome:
    """What a run did: counts, the files that failed and why, the track jobs it queued, and how long it took."""

    progress: BulkProgress
    failures: list[tuple[str, str]] = field(default_factory=list)
    document_ids: list[int] = field(default_factory=list)
    track_jobs: list[int] = field(default_factory=list)
    interrupted: bool = False


def ingest_many(
    engine: Engine,
    paths: Sequence[Path],
    *,
    actor: Person,
    marking: Marking = PUBLIC,
    workers: int = 1,
    overrides: Overrides = Overrides(),
    queue_tracking: bool = True,
    batch: int = BATCH,
    on_progress: Callable[[BulkProgress], None] | None = None,
) -> BulkOutcome:
    """Store the statements in `paths` as `actor`, marked `marking`, extracting with `workers` processes (1: in
    this process). Returns what happened; a KeyboardInterrupt stops the run after the last whole batch, and the
    outcome says so (run again to resume)."""
    outcome = BulkOutcome(BulkProgress(total=len(paths)))
    prepared = _prepare_all(engine, paths, workers=workers, overrides=overrides)
    pending: list[Prepared] = []
    try:
        for item in prepared:
            pending.append(item)
            if len(pending) >= batch:
                _write(engine, pending, actor, marking, queue_tracking, outcome, on_progress)
                pending = []
        _write(engine, pending, actor, marking, queue_tracking, outcome, on_progress)
    except KeyboardInterrupt:
        outcome.interrupted = True
    finally:
        close = getattr(prepared, "close", None)
        if close is not None:
            close()
    return outcome


def _prepare_all(engine: Engine, paths: Sequence[Path], *, workers: int, overrides: Overrides) -> Iterator[Prepared]:
    if workers <= 1:
        return (_prepare_with(engine, path, overrides) for path in paths)
    return _in_pool(str(engine.url.render_as_string(hide_password=False)), paths, workers, overrides)


def _in_pool(url: str, paths: Sequence[Path], workers: int, overrides: Overrides) -> Iterator[Prepared]:
    """Prepared files in the order workers finish them, never more than a few per worker in flight. A fresh
    interpreter per worker ("spawn") shares no database connection with this process."""
    context = multiprocessing.get_context("spawn")
    limit = workers * IN_FLIGHT_PER_WORKER
    remaining = iter(paths)
    running: set[Future[Prepared]] = set()
    with ProcessPoolExecutor(workers, mp_context=context, initializer=_start_worker, initargs=(url,)) as pool:
        try:
            while True:
                for path in remaining:
                    running.add(pool.submit(_prepare_in_worker, str(path), overrides))
                    if len(running) >= limit:
                        break
                if not running:
                    return
                finished, running = wait(running, return_when=FIRST_COMPLETED)
                for future in finished:
                    yield future.result()
        finally:
            for future in running:
                future.cancel()
            pool.shutdown(wait=True, cancel_futures=True)


_worker_engine: Engine | None = None


def _start_worker(url: str) -> None:
    global _worker_engine
    _worker_engine = make_engine(url)


def _prepare_in_worker(path: str, overrides: Overrides) -> Prepared:
    assert _worker_engine is not None, "the pool's initializer opens the store"
    return _prepare_with(_worker_engine, Path(path), overrides)


def _prepare_with(engine: Engine, path: Path, overrides: Overrides) -> Prepared:
    """Read and extract one file; any failure is described, never raised, so the run goes on."""
    label = str(path)
    try:
        document = read_path(path, date=overrides.date, issuers=overrides.issuers)
        if _is_stored(engine, document.sha256):
            return Prepared(label, document)
        extraction = extract(document.text, date=document.metadata.date, issuers=document.metadata.issuers)
        return Prepared(label, document, extraction)
    except ServandaError as err:
        return Prepared(label, error=str(err))
    except Exception as err:  # one bad file must not stop the others
        return Prepared(label, error=f"unexpected {type(err).__name__}: {err}")


def _is_stored(engine: Engine, sha256: str) -> bool:
    with engine.connect() as connection:
        return connection.scalar(select(Document.id).where(Document.sha256 == sha256)) is not None


def _write(
    engine: Engine,
    items: Iterable[Prepared],
    actor: Person,
    marking: Marking,
    queue_tracking: bool,
    outcome: BulkOutcome,
    on_progress: Callable[[BulkProgress], None] | None,
) -> None:
    """One transaction for the batch, a savepoint per statement."""
    items = list(items)
    if not items:
        return
    results: list[tuple[Prepared, str, int | None]] = []
    with transaction(engine) as session:
        for item in items:
            results.append(_write_one(session, item, actor, marking, queue_tracking))
    progress = outcome.progress
    for item, result, detail in results:  # counted once the batch has committed
        progress.done += 1
        progress.label = item.label
        if result == "stored":
            progress.stored += 1
            progress.words += item.words
            outcome.document_ids.append(detail[0])
            if detail[1] is not None:
                outcome.track_jobs.append(detail[1])
        elif result == "already stored":
            progress.already += 1
        else:
            progress.failed += 1
            outcome.failures.append((item.label, result))
        if on_progress is not None:
            on_progress(progress)


def _write_one(
    session: Session, item: Prepared, actor: Person, marking: Marking, queue_tracking: bool
) -> tuple[Prepared, str, tuple[int, int | None] | None]:
    if item.document is None:
        return item, item.error or "unreadable", None
    try:
        with session.begin_nested():
            extraction = item.extraction
            if extraction is None and not _stored_in(session, item.document.sha256):
                extraction = extract(  # stored when the worker looked, gone since: extract it here
                    item.document.text, date=item.document.metadata.date, issuers=item.document.metadata.issuers
                )
            saved = save_document(session, item.document, extraction or Extraction(), marking=marking, actor=actor)
            if not saved.created:
                return item, "already stored", None
            record_meetings(session, saved.document_id, actor=actor)
            record_stages(session, saved.document_id, actor=actor)
            job = None
            if queue_tracking:
                job = enqueue(
                    session,
                    "track",
                    actor=actor,
                    marking=marking,
                    payload={"document_id": saved.document_id, "label": item.label},
                )
            return item, "stored", (saved.document_id, job)
    except ServandaError as err:
        return item, str(err), None


def _stored_in(session: Session, sha256: str) -> bool:
    return session.scalar(select(Document.id).where(Document.sha256 == sha256)) is not None
