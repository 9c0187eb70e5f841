"""Bulk ingest: worker processes, batched writes, a bad file reported while the rest land, resuming by hash."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import Engine, func, select

from conftest import WRITER
from servanda.store import add_person, transaction
from servanda.store.job_models import Job
from servanda.store.models import Commitment, Document
from servanda.tracking.background import run_all
from servanda.tracking.bulk import BulkProgress, Overrides, ingest_many

CITIES = ("Ottawa", "Seoul", "Busan", "Toronto", "Incheon", "Vancouver", "Daejeon", "Montreal")


def _statement(i: int) -> str:
    city = CITIES[i % len(CITIES)]
    return (
        f"Joint Statement on the {i + 1}th Canada-Korea Working Group on Clean Energy\n\n"
        f"{city}, March {i % 27 + 1}, 2025 - Officials of Canada and the Republic of Korea met in {city}.\n\n"
        f"The two sides will hold the next Working Group meeting in {2026 + i % 3}. "
        f"They committed to launch a joint study on hydrogen supply chains by the end of {2026 + i % 2}. "
        f"Canada and Korea reaffirmed their commitment to cooperation on critical minerals, item {i}.\n"
    )


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    folder = tmp_path / "statements"
    folder.mkdir()
    for i in range(30):
        (folder / f"statement-{i:02d}.txt").write_text(_statement(i))
    (folder / "empty.txt").write_text("  \n")
    (folder / "image.pdf").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(200))
    return folder


@pytest.fixture
def people(engine: Engine) -> Engine:
    with transaction(engine) as session:
        add_person(
            session, username=WRITER.username, display_name="Writer", nationality="CAN", clearance="TOP SECRET",
            role="admin", compartments=WRITER.compartments, actor=None,
        )  # fmt: skip
    return engine


def _count(engine: Engine, model) -> int:
    with transaction(engine) as session:
        return session.scalar(select(func.count()).select_from(model)) or 0


@pytest.mark.parametrize("workers", [1, 2])
def test_a_folder_is_stored_with_bad_files_reported_and_a_second_run_skips_everything(
    people: Engine, folder: Path, workers: int
) -> None:
    paths = sorted(folder.iterdir())
    seen: list[BulkProgress] = []
    outcome = ingest_many(
        people, paths, actor=WRITER, workers=workers, batch=7, overrides=Overrides(issuers="CAN,KOR"),
        on_progress=lambda p: seen.append(BulkProgress(p.total, p.done, p.stored, p.already, p.failed, p.words)),
    )  # fmt: skip
    progress = outcome.progress
    assert (progress.total, progress.done, progress.stored, progress.already, progress.failed) == (32, 32, 30, 0, 2)
    assert sorted(Path(label).name for label, _ in outcome.failures) == ["empty.txt", "image.pdf"]
    assert [p.done for p in seen] == list(range(1, 33))
    assert progress.words > 30 * 40
    assert _count(people, Document) == 30
    assert _count(people, Commitment) >= 60
    assert len(outcome.track_jobs) == 30 and _count(people, Job) == 30

    again = ingest_many(people, paths, actor=WRITER, workers=workers, overrides=Overrides(issuers="CAN,KOR"))
    assert (again.progress.stored, again.progress.already, again.progress.failed) == (0, 30, 2)
    assert _count(people, Document) == 30 and _count(people, Job) == 30

    ran = run_all(people)
    assert len(ran) == 30 and all(r.ok for r in ran)


def test_an_interrupted_run_keeps_whole_batches_and_resumes(people: Engine, folder: Path) -> None:
    paths = sorted(p for p in folder.iterdir() if p.name.startswith("statement"))

    def stop_after_the_first_batch(progress: BulkProgress) -> None:
        if progress.done == 10:
            raise KeyboardInterrupt

    first = ingest_many(people, paths, actor=WRITER, batch=10, on_progress=stop_after_the_first_batch)
    assert first.interrupted and first.progress.stored == 10
    assert _count(people, Document) == 10
    rest = ingest_many(people, paths, actor=WRITER, batch=10)
    assert (rest.progress.stored, rest.progress.already) == (20, 10)
    assert _count(people, Document) == 30
