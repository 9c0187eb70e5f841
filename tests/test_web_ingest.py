"""Ingest through the web app, on both backends: an upload is queued (202) and read outside the request into a
draft, followed at /jobs/{id}; its owner corrects the commitments and saves them (the statement is stored with
them in one transaction, or nothing is); the saved corrections come back as gold files, through the API and
`servanda corrections export`, in the format the reference scorer reads. The pages do the same through forms."""

from __future__ import annotations

import html
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import Engine, func, select
from typer.testing import CliRunner

from draft_support import CONVENE, EXCHANGE, MISSED, REAFFIRM, RESEARCH, SUPPORT, TITLE, run_jobs, statement
from servanda.cli.app import app
from servanda.store import transaction
from servanda.store.job_models import Job
from servanda.store.models import Document
from web_support import API, BANNERS, Client, add_people, session_client

SCORER = Path("/work/shared/tools/score.py")
UNNAMED = {"SERVANDA_USER": None, "SERVANDA_TOKEN": None, "COLUMNS": "160"}
OWNER = "kor_admin_ii"  # a Korean admin of the matrix, who may store public statements


@pytest.fixture
def people(engine: Engine) -> Engine:
    add_people(engine)
    return engine


def _documents(engine: Engine) -> int:
    with transaction(engine) as session:
        return session.scalar(select(func.count()).select_from(Document)) or 0


def _draft(client: Client, engine: Engine, data: bytes | None = None) -> dict:
    files = {"file": ("fisheries.txt", statement() if data is None else data, "text/plain")}
    queued = client.request("POST", f"{API}/ingest/drafts", files=files, data={"issuers": "CAN,KOR"})
    assert queued.status_code == 202, queued.text
    location = queued.headers["location"]
    assert location == f"{API}/jobs/{queued.json()['job']['id']}"
    assert client.get(location).json()["state"] == "queued"
    run_jobs(engine)
    job = client.get(location).json()
    assert job["state"] == "done" and job["draft_id"], job
    return client.get(f"{API}/ingest/drafts/{job['draft_id']}").json()


def _corrections(draft: dict) -> list[dict]:
    """Keep every proposed commitment but RESEARCH, make CONVENE firm and due in 2027, and add MISSED."""
    kept = []
    for index, c in enumerate(draft["proposed_reading"]["commitments"]):
        if c["quote"] in RESEARCH:
            continue
        row = {key: c[key] for key in ("quote", "strength", "actors", "area", "due", "recurrence")}
        if c["quote"] in CONVENE:
            row.update(strength="firm", due="2027")
        kept.append({**row, "source": index})
    kept.append({"quote": MISSED, "strength": "firm", "actors": ["CAN", "KOR"], "area": "maritime"})
    return kept


def test_an_upload_becomes_a_draft_its_owner_corrects_and_saves_once(people: Engine) -> None:
    client = session_client(people, OWNER)
    draft = _draft(client, people)
    assert draft["state"] == "draft" and draft["title"] == TITLE and _documents(people) == 0
    proposed = [c["quote"] for c in draft["proposed_reading"]["commitments"]]
    assert len(proposed) == 5 and all(any(q in line for line in proposed) for q in (CONVENE[:20], SUPPORT[:20]))
    path = f"{API}/ingest/drafts/{draft['id']}"
    read = client.get(path)
    assert client.get(path, headers={"If-None-Match": read.headers["etag"]}).status_code == 304
    assert client.get(f"{path}/gold").status_code == 409  # not saved yet

    saved = client.request("POST", f"{path}/save", json={"commitments": _corrections(draft), "date": "2026-04-02"})
    assert saved.status_code == 201, saved.text
    body = saved.json()
    assert body["draft"]["state"] == "saved" and body["draft"]["saved"] == 5 and body["track_job"]
    document = client.get(f"{API}/documents/{body['document_id']}").json()
    assert document["title"] == TITLE and document["date"] == "2026-04-02"
    stored = client.get(f"{API}/commitments?document_id={body['document_id']}").json()["items"]
    assert {c["quote"] for c in stored} >= {MISSED} and not any(RESEARCH in c["quote"] for c in stored)
    assert client.request("POST", f"{path}/save", json={}).status_code == 409
    listed = client.get(f"{API}/ingest/drafts?state=saved").json()
    assert [d["id"] for d in listed["items"]] == [draft["id"]] and listed["total"] == 1

    gold = client.get(f"{path}/gold")
    assert gold.status_code == 200 and "attachment" in gold.headers["content-disposition"]
    record = gold.json()
    assert record["text"].endswith(".txt") and record["date"] == "2026-04-02" and record["issuers"] == ["CAN", "KOR"]
    convene = next(c for c in record["commitments"] if c["quote"].startswith("We will convene"))
    assert (convene["strength"], convene["due"]) == ("firm", "2027")
    assert set(record["commitments"][0]) == {"quote", "strength", "actors", "area", "due", "recurrence"}


def test_corrections_the_text_does_not_support_are_refused_each_named_and_nothing_stored(people: Engine) -> None:
    client = session_client(people, OWNER)
    draft = _draft(client, people)
    wrong = [
        {"quote": "We will build a bridge to Busan.", "strength": "firm", "actors": ["CAN"], "area": "maritime"},
        {"quote": REAFFIRM, "strength": "binding", "actors": ["Atlantis"], "area": "fisheries", "due": "soon"},
    ]
    answer = client.request("POST", f"{API}/ingest/drafts/{draft['id']}/save", json={"commitments": wrong})
    assert answer.status_code == 422 and answer.json()["error"]["code"] == "unprocessable"
    where = {p["location"] for p in answer.json()["error"]["problems"]}
    assert {
        "body.commitments.0.quote",
        "body.commitments.1.strength",
        "body.commitments.1.actors",
        "body.commitments.1.due",
    } <= where
    assert _documents(people) == 0
    assert client.get(f"{API}/ingest/drafts/{draft['id']}").json()["state"] == "draft"


def test_the_same_bytes_stored_already_answer_200_and_queue_nothing(people: Engine) -> None:
    client = session_client(people, OWNER)
    first = client.request("POST", f"{API}/ingest", json={"text": statement().decode(), "issuers": "CAN,KOR"})
    assert first.status_code == 202 and first.json()["job"]["kind"] == "extract"
    run_jobs(people)
    job = client.get(first.headers["location"]).json()
    assert job["state"] == "done" and job["document_id"] and job["result"]["created"]
    again = client.request("POST", f"{API}/ingest", json={"text": statement().decode()})
    assert again.status_code == 200 and "location" not in again.headers
    assert again.json()["created"] is False and again.json()["document"]["id"] == job["document_id"]
    with transaction(people) as session:
        assert session.scalar(select(func.count()).select_from(Job).where(Job.kind == "extract")) == 1


def test_a_job_is_its_owners_alone(people: Engine) -> None:
    owner = session_client(people, OWNER)
    queued = owner.request("POST", f"{API}/ingest/drafts", json={"text": statement().decode()})
    other = session_client(people, "kor_analyst_iii")
    hidden = other.get(queued.headers["location"])
    missing = other.get(f"{API}/jobs/99999")
    assert hidden.status_code == missing.status_code == 404
    assert hidden.json()["error"]["message"].replace(str(queued.json()["job"]["id"]), "N") == "no job N"


def test_corrections_export_writes_gold_files_the_scorer_reads(people: Engine, tmp_path: Path) -> None:
    client = session_client(people, OWNER)
    draft = _draft(client, people)
    client.request("POST", f"{API}/ingest/drafts/{draft['id']}/save", json={"commitments": _corrections(draft)})
    _draft(client, people, statement("Never saved."))  # a draft not saved: no gold file
    gold = tmp_path / "gold"
    result = CliRunner().invoke(
        app, ["corrections", "export", str(gold), "--as", OWNER, "--db", str(people.url)], env=UNNAMED
    )
    assert result.exit_code == 0, result.output
    assert "wrote 1 gold file to" in result.output
    (written,) = sorted(gold.glob("*.json"))
    record = json.loads(written.read_text(encoding="utf-8"))
    text = (gold / record["text"]).read_text(encoding="utf-8")
    assert record == client.get(f"{API}/ingest/drafts/{draft['id']}/gold").json()
    assert all(c["quote"] in text for c in record["commitments"]) and len(record["commitments"]) == 5
    nobody = CliRunner().invoke(
        app,
        ["corrections", "export", str(tmp_path / "none"), "--as", "kor_analyst_iii", "--db", str(people.url)],
        env=UNNAMED,
    )
    assert nobody.exit_code == 0 and "wrote 0 gold files" in nobody.output
    if not SCORER.is_file():
        pytest.skip(f"no reference scorer at {SCORER}")
    predictions = tmp_path / "predictions"
    predictions.mkdir()
    (predictions / written.name).write_text(json.dumps({"commitments": record["commitments"]}), encoding="utf-8")
    scored = subprocess.run(
        [sys.executable, str(SCORER), str(gold), str(predictions), "--json"], capture_output=True, text=True, check=True
    )
    assert json.loads(scored.stdout)["exact_f1"] == pytest.approx(1.0), scored.stdout


# --- The pages ---


def _csrf(page: str) -> str:
    found = re.search(r'name="csrf_token" value="([^"]+)"', page)
    assert found, "every form carries the CSRF token"
    return found.group(1)


def test_the_pages_upload_follow_correct_and_save(people: Engine) -> None:
    client = session_client(people, OWNER)
    page = client.get("/ingest")
    assert page.status_code == 200 and 'enctype="multipart/form-data"' in page.text
    token = _csrf(page.text)
    empty = client.request("POST", "/ingest", data={"csrf_token": token, "text": "  "})
    assert empty.status_code == 422 and "paste the statement" in empty.text
    secret = {"csrf_token": token, "text": statement().decode(), "marking": BANNERS["can_top_secret_rel"]}
    assert client.request("POST", "/ingest", data=secret).status_code == 403
    files = {"file": ("fisheries.txt", statement(), "text/plain")}
    uploaded = client.request(
        "POST", "/ingest", data={"csrf_token": token, "issuers": "CAN, KOR"}, files=files, follow_redirects=False
    )
    assert uploaded.status_code == 303, uploaded.text
    job_page = client.get(uploaded.headers["location"])
    assert job_page.status_code == 200 and 'hx-trigger="every 1s"' in job_page.text
    progress = f"{uploaded.headers['location']}/progress"
    assert "<progress" in client.get(progress).text
    run_jobs(people)
    ready = client.get(progress)
    draft_path = ready.headers["hx-redirect"]
    assert client.get(uploaded.headers["location"], follow_redirects=False).headers["location"] == draft_path

    editor = client.get(draft_path)
    assert editor.status_code == 200 and editor.text.count('class="draft-row"') == 5
    fields = _form_fields(editor.text)
    added = client.request("POST", draft_path, data={**fields, "action": "add"})
    assert added.text.count('class="draft-row"') == 6 and _documents(people) == 0

    wrong = {**fields, "action": "save", "quote_0": "Words nobody wrote."}
    refused = client.request("POST", draft_path, data=wrong)
    assert refused.status_code == 422 and "the statement does not say this" in refused.text
    assert "Words nobody wrote." in refused.text and _documents(people) == 0

    corrected = {**fields, "action": "save", "strength_0": "firm", "due_0": "2027", "delete_3": "1"}
    corrected.update(rows="6", quote_5=MISSED, strength_5="firm", actors_5="CAN, KOR", area_5="maritime")
    saved = client.request("POST", draft_path, data=corrected, follow_redirects=False)
    assert saved.status_code == 303, saved.text
    shown = client.get(saved.headers["location"])
    assert "Saved: the statement is stored as document" in shown.text and "gold.json" in shown.text
    assert _documents(people) == 1
    gold = client.get(f"{draft_path}/gold.json").json()
    assert len(gold["commitments"]) == 5 and any(c["quote"] == MISSED for c in gold["commitments"])
    assert not any(c["quote"].startswith("We look forward") for c in gold["commitments"])
    assert any(c["quote"].startswith(EXCHANGE[:20]) for c in gold["commitments"])


def _form_fields(page: str) -> dict[str, str]:
    """The draft form's fields as the page fills them (inputs, selected options, textareas)."""
    fields = dict(re.findall(r'<input[^>]*type="hidden" name="([^"]+)" value="([^"]*)"', page))
    fields |= dict(re.findall(r'<input id="[^"]+" name="([^"]+)" size="\d+" value="([^"]*)"', page))
    fields |= {
        name: value for name, value in re.findall(r'<textarea id="[^"]+" name="([^"]+)"[^>]*>([^<]*)</textarea>', page)
    }
    for name, options in re.findall(r'<select id="[^"]+" name="([^"]+)"[^>]*>(.*?)</select>', page, re.S):
        fields[name] = re.search(r'<option value="([^"]+)" selected', options).group(1)
    return {name: html.unescape(value) for name, value in fields.items()}
