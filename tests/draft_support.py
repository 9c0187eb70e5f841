"""What the tests of ingest and its drafts share: a short statement whose extraction is known, and ways to turn an
upload into a draft or a stored statement by running its job as a worker would."""

from __future__ import annotations

from sqlalchemy import Engine

from servanda.access import PUBLIC, Marking, Person
from servanda.store import transaction
from servanda.store.jobs import get_job
from servanda.tracking.background import run_all, run_next
from servanda.tracking.drafts import Upload, queue_draft

# Five lines the extractor finds (in this order), and one it misses: MISSED.
CONVENE = "We will convene the Canada-Korea Fisheries Dialogue annually, with the next meeting in Busan in 2027."
REAFFIRM = "We reaffirm our commitment to sustainable fisheries management in the North Pacific."
SUPPORT = "Canada and the ROK support the conservation of migratory fish stocks."
RESEARCH = "We look forward to exploring joint research on ocean observation."
EXCHANGE = "Both countries agree to exchange data on illegal, unreported and unregulated fishing by the end of 2026."
MISSED = "Officials are to report on progress to ministers next year."
FOUND = (CONVENE, REAFFIRM, SUPPORT, RESEARCH, EXCHANGE)
TITLE = "Joint Statement on the Canada-Korea Fisheries Dialogue"
STATEMENT = f"""\
{TITLE}

Ottawa, April 2, 2026

The ministers of fisheries of Canada and the Republic of Korea met in Ottawa on April 2, 2026.

{CONVENE}
{REAFFIRM}
{SUPPORT}
{RESEARCH}
{EXCHANGE}
{MISSED}
"""


def statement(variant: str = "") -> bytes:
    """The statement's bytes; a `variant` makes other bytes (another document) with the same commitments."""
    return (STATEMENT + (f"\n{variant}\n" if variant else "")).encode()


def queue(
    engine: Engine,
    actor: Person,
    *,
    data: bytes | None = None,
    filename: str = "fisheries.txt",
    marking: Marking = PUBLIC,
    **fields: str,
) -> int:
    """Queue an upload's preview job as `actor`; its id."""
    upload = Upload(statement() if data is None else data, filename, **fields)
    with transaction(engine) as session:
        return queue_draft(session, upload, marking=marking, actor=actor)


def draft_of(engine: Engine, actor: Person, **kwargs) -> int:
    """Upload, run the job, and return the draft it made."""
    job_id = queue(engine, actor, **kwargs)
    ran = run_next(engine)
    assert ran is not None and ran.id == job_id and ran.ok, ran
    with transaction(engine) as session:
        job = get_job(session, job_id, viewer=actor)
    assert job is not None and job.result is not None
    return int(job.result["draft_id"])


def run_jobs(engine: Engine) -> None:
    """Run every queued job, as a worker would, and check each went through."""
    for ran in run_all(engine):
        assert ran.ok, ran


def ingested(client, engine: Engine, **request) -> dict:
    """POST /ingest (`request`: the client's json=, files=, data=...), run the job it queues, and return the job
    as `GET /jobs/{id}` answers once done: its `document_id` is the stored statement."""
    answer = client.request("POST", "/api/v1/ingest", **request)
    assert answer.status_code == 202, answer.text
    run_jobs(engine)
    job = client.get(answer.headers["location"])
    assert job.status_code == 200 and job.json()["state"] == "done", job.text
    return job.json()
