"""Extraction drafts in the library: an upload is read and extracted by a job into a draft, nothing stored; its owner
corrects the commitments and saves it, which stores the statement with exactly those commitments and queues its
tracking; both versions are kept. Only the owner, while cleared for its marking, ever finds a draft."""

from __future__ import annotations

import dataclasses

import pytest
from sqlalchemy import Engine, func, select

from conftest import WRITER
from draft_support import (
    CONVENE,
    EXCHANGE,
    FOUND,
    MISSED,
    REAFFIRM,
    RESEARCH,
    STATEMENT,
    SUPPORT,
    TITLE,
    draft_of,
    queue,
    statement,
)
from servanda.access import Person, parse_marking
from servanda.errors import InputError
from servanda.store import AccessDenied, add_person, transaction
from servanda.store.draft_models import ExtractionDraft
from servanda.store.job_models import Job
from servanda.store.jobs import get_job
from servanda.store.models import Commitment, Document
from servanda.tracking.background import run_next
from servanda.tracking.corrections import CommitmentCorrection, CorrectionError, locate
from servanda.tracking.drafts import DraftUpdate, count_drafts, get_draft, gold_files, list_drafts, save_draft
from servanda.tracking.errors import Conflict, NotFound

OTHER = Person("other", nationality="CAN", clearance="TOP SECRET", role="analyst")
SECRET = parse_marking("CAN SECRET//REL TO CAN, KOR")


@pytest.fixture
def store(engine: Engine) -> Engine:
    with transaction(engine) as session:
        add_person(
            session, username=WRITER.username, display_name="Writer", nationality="CAN", clearance="TOP SECRET",
            role="admin", compartments=WRITER.compartments, actor=None,
        )  # fmt: skip
        add_person(
            session, username="other", display_name="Other", nationality="CAN", clearance="TOP SECRET",
            role="analyst", actor=WRITER,
        )  # fmt: skip
    return engine


def _count(engine: Engine, model) -> int:
    with transaction(engine) as session:
        return session.scalar(select(func.count()).select_from(model)) or 0


def _correction(quote: str, source: int | None, **fields) -> CommitmentCorrection:
    values = {"strength": "firm", "actors": ("CAN", "KOR"), "area": "partnership", **fields}
    return CommitmentCorrection(quote, source=source, **values)


def test_a_preview_job_keeps_what_it_extracted_as_a_draft_and_stores_no_statement(store: Engine) -> None:
    draft_id = draft_of(store, WRITER)
    with transaction(store) as session:
        draft = get_draft(session, draft_id, viewer=WRITER)
        job = session.scalars(select(Job)).one()
    assert draft.state == "draft" and draft.corrected is None and draft.job_id == job.id
    assert [c.quote for c in draft.proposed.extraction.commitments] == list(FOUND)
    assert (draft.proposed.title, draft.proposed.date, draft.proposed.issuers) == (TITLE, "2026-04-02", ("CAN", "KOR"))
    assert draft.text.startswith(TITLE) and draft.origin == "upload:fisheries.txt"
    assert job.state == "done" and job.data is None and job.result == {"draft_id": draft_id, "commitments": 5}
    assert _count(store, Document) == 0


def test_saving_stores_the_corrected_commitments_and_keeps_both_versions(store: Engine) -> None:
    draft_id = draft_of(store, WRITER)
    shorter = "agree to exchange data on illegal, unreported and unregulated fishing"
    corrections = [
        _correction(CONVENE, 0, due="2027", recurrence="p1y"),
        # REAFFIRM (1) is dropped as a false commitment.
        _correction(SUPPORT, 2, strength="position", area="maritime"),
        _correction(RESEARCH, 3, strength="aspirational", area="technology", actors=("KOR",)),
        _correction(shorter, 4, area="maritime", due="2026"),
        # Pasted from a page, its line breaks and apostrophes may differ: the words are found all the same.
        _correction("Officials are to report on\n  progress to ministers   next year.", None, due="2027"),
    ]
    with transaction(store) as session:
        saved = save_draft(session, draft_id, DraftUpdate(corrections, title="Fisheries Dialogue"), actor=WRITER)
    with transaction(store) as session:
        stored = session.scalars(
            select(Commitment).where(Commitment.document_id == saved.document_id).order_by(Commitment.ordinal)
        ).all()
        rows = [(c.quote, c.strength, list(c.parties), c.area, c.due, c.recurrence) for c in stored]
        document = session.get(Document, saved.document_id)
        assert document is not None and document.title == "Fisheries Dialogue" and document.text == STATEMENT.strip()
        for c in stored:
            assert document.text[c.start : c.end] == c.quote
    assert rows == [
        (CONVENE, "firm", ["CAN", "KOR"], "partnership", "2027", "P1Y"),
        (SUPPORT, "position", ["CAN", "KOR"], "maritime", None, None),
        (RESEARCH, "aspirational", ["KOR"], "technology", None, None),
        (shorter, "firm", ["CAN", "KOR"], "maritime", "2026", None),
        (MISSED, "firm", ["CAN", "KOR"], "partnership", "2027", None),
    ]
    draft = saved.draft
    assert draft.state == "saved" and draft.document_id == saved.document_id and draft.saved_at is not None
    assert [c.quote for c in draft.proposed.extraction.commitments] == list(FOUND)  # what was proposed is kept
    assert draft.corrected is not None and [c.quote for c in draft.corrected.extraction.commitments] == [
        row[0] for row in rows
    ]
    ran = run_next(store)  # the track job queued with the save
    assert ran is not None and ran.kind == "track" and ran.ok and ran.id == saved.track_job


def test_saving_without_corrections_stores_what_was_proposed(store: Engine) -> None:
    draft_id = draft_of(store, WRITER)
    with transaction(store) as session:
        saved = save_draft(session, draft_id, DraftUpdate(), actor=WRITER)
    with transaction(store) as session:
        quotes = session.scalars(
            select(Commitment.quote).where(Commitment.document_id == saved.document_id).order_by(Commitment.ordinal)
        ).all()
    assert quotes == list(FOUND)


def test_every_problem_with_corrections_is_named_and_nothing_is_stored(store: Engine) -> None:
    draft_id = draft_of(store, WRITER)
    corrections = [
        _correction("We will build a bridge to the moon.", None),
        _correction(CONVENE, 0, strength="certain", due="next year"),
        _correction(REAFFIRM, 1, actors=()),
        _correction(REAFFIRM, None, recurrence="yearly"),
    ]
    with pytest.raises(CorrectionError) as refused, transaction(store) as session:
        save_draft(
            session, draft_id, DraftUpdate(corrections, date="April 2026", issuers="CAN, Atlantis"), actor=WRITER
        )
    found = {(p.row, p.field) for p in refused.value.problems}
    assert found == {
        (0, "quote"),
        (1, "strength"),
        (1, "due"),
        (2, "actors"),
        (3, "quote"),  # the same words as commitment 3
        (3, "recurrence"),
        (None, "date"),
        (None, "issuers"),
    }
    assert "cannot save the corrections" in str(refused.value)
    assert _count(store, Document) == 0
    with transaction(store) as session:
        assert get_draft(session, draft_id, viewer=WRITER).state == "draft"
        assert session.scalar(select(func.count()).select_from(Job).where(Job.kind == "track")) == 0


def test_a_draft_is_saved_once_and_a_statement_stored_already_is_refused(store: Engine) -> None:
    first, second = draft_of(store, WRITER), draft_of(store, WRITER)  # the same bytes, uploaded twice
    with transaction(store) as session:
        save_draft(session, first, DraftUpdate(), actor=WRITER)
    with pytest.raises(Conflict, match="saved already"), transaction(store) as session:
        save_draft(session, first, DraftUpdate(), actor=WRITER)
    with pytest.raises(Conflict, match="stored already"), transaction(store) as session:
        save_draft(session, second, DraftUpdate(), actor=WRITER)
    assert _count(store, Document) == 1
    with transaction(store) as session:
        assert get_draft(session, second, viewer=WRITER).state == "draft"


def test_only_its_owner_cleared_for_its_marking_finds_a_draft(store: Engine) -> None:
    draft_id = draft_of(store, WRITER, marking=SECRET)
    uncleared = dataclasses.replace(WRITER, clearance="UNCLASSIFIED")  # the owner, cleared no longer
    with transaction(store) as session:
        assert get_draft(session, draft_id, viewer=WRITER).marking == SECRET
        assert [d.id for d in list_drafts(session, viewer=WRITER)] == [draft_id]
        for viewer in (OTHER, uncleared):
            with pytest.raises(NotFound) as hidden:
                get_draft(session, draft_id, viewer=viewer)
            with pytest.raises(NotFound) as missing:
                get_draft(session, 9_999, viewer=viewer)
            assert str(hidden.value).replace(str(draft_id), "N") == str(missing.value).replace("9999", "N")
            assert list_drafts(session, viewer=viewer) == [] and count_drafts(session, viewer=viewer) == 0
            assert get_job(session, 1, viewer=viewer) is None
    with pytest.raises(NotFound), transaction(store) as session:
        save_draft(session, draft_id, DraftUpdate(), actor=OTHER)
    assert _count(store, Document) == 0


def test_an_upload_marked_beyond_what_its_uploader_may_create_is_refused(store: Engine) -> None:
    with pytest.raises(AccessDenied):
        queue(store, OTHER, marking=parse_marking("CAN SECRET//REL TO CAN//NUC"))
    assert _count(store, Job) == 0


def test_an_upload_that_cannot_be_a_statement_is_refused_before_anything_is_queued(store: Engine) -> None:
    for data, name in ((b"\x00\x01\x02 not a statement", "broken.pdf"), (b"  \n ", "empty.txt")):
        with pytest.raises(InputError, match=name):
            queue(store, WRITER, data=data, filename=name)
    with pytest.raises(InputError):
        queue(store, WRITER, date="someday")
    assert _count(store, Job) == 0


def test_an_unreadable_upload_fails_its_job_and_keeps_no_draft(store: Engine) -> None:
    job_id = queue(store, WRITER, data=b"%PDF-1.7\n\x00\x01\x02 truncated", filename="broken.pdf")
    ran = run_next(store)
    assert ran is not None and ran.id == job_id and not ran.ok
    with transaction(store) as session:
        job = get_job(session, job_id, viewer=WRITER)
    assert job is not None and job.state == "failed" and "broken.pdf" in (job.error or "")
    assert _count(store, ExtractionDraft) == 0 and _count(store, Document) == 0


def test_gold_files_hold_what_was_saved(store: Engine) -> None:
    draft_id = draft_of(store, WRITER, data=statement("Issued in Ottawa."))
    draft_of(store, WRITER)  # never saved: no gold file
    corrections = [_correction(EXCHANGE, 4, area="maritime", due="2026"), _correction(MISSED, None, due="2027")]
    with transaction(store) as session:
        save_draft(session, draft_id, DraftUpdate(corrections), actor=WRITER)
        (gold,) = gold_files(session, viewer=WRITER)
        assert list(gold_files(session, viewer=OTHER)) == []
    assert (
        gold.draft_id == draft_id
        and gold.name == f"2026-04-02_joint-statement-on-the-canada-korea-fisheries-dialogue-{draft_id}"
    )
    assert gold.record == {
        "text": f"{gold.name}.txt",
        "title": TITLE,
        "date": "2026-04-02",
        "issuers": ["CAN", "KOR"],
        "commitments": [
            {"quote": EXCHANGE, "strength": "firm", "actors": ["CAN", "KOR"], "area": "maritime", "due": "2026",
             "recurrence": None},
            {"quote": MISSED, "strength": "firm", "actors": ["CAN", "KOR"], "area": "partnership", "due": "2027",
             "recurrence": None},
        ],
    }  # fmt: skip
    assert gold.text.startswith(STATEMENT.strip())


@pytest.mark.parametrize(
    ("quote", "near", "expected"),
    [
        ("exchange data", None, "exchange data"),
        ("Korea  Fisheries\nDialogue", None, "Korea Fisheries Dialogue"),
        ("Canada-Korea", 400, "Canada-Korea"),
        ("Canada–Korea", None, "Canada-Korea"),  # an en dash typed for the statement's hyphen
        ("a bridge to the moon", None, None),
        ("   ", None, None),
    ],
)
def test_a_quote_is_located_in_the_text_whatever_its_spacing(quote: str, near: int | None, expected: str | None):
    span = locate(STATEMENT, quote, near=near)
    if expected is None:
        assert span is None
        return
    assert span is not None and STATEMENT[span[0] : span[1]] == expected
    if near is not None:
        occurrences = [i for i in range(len(STATEMENT)) if STATEMENT.startswith("Canada-Korea", i)]
        assert span[0] == min(occurrences, key=lambda i: abs(i - near)) and span[0] != occurrences[0]
