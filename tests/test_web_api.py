"""The REST API through the in-process client: representations with their markings, ETags and conditional
requests, If-Match on writes (412 and 428, nothing written), pagination with Link headers, filters, ingest, the
report and calendar formats, and one error shape for every status. The first tests run on both backends."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

import pytest
from fastapi import APIRouter
from fastapi.testclient import TestClient
from sqlalchemy import Engine, func, select

from draft_support import ingested
from servanda.audit.models import AuditEntry
from servanda.store import create_token, open_database, transaction
from servanda.store.models import Assessment, Evidence
from servanda.web import create_app
from servanda.web.limits import MAX_BODY
from tracking_scenario import READOUT_TEXT
from web_support import API, ROOT, Client, add_people, app_client, settings, token_client

DEMO = Path(__file__).resolve().parents[1] / "src" / "servanda" / "demo"
STATEMENT = (DEMO / "2026-02-25_canada-korea_2plus2.txt").read_text(encoding="utf-8")
NOTE = (DEMO / "note-1-sdcp-exercise.txt").read_text(encoding="utf-8")
SECRET_SDCP = "CAN SECRET//REL TO CAN, KOR//SDCP"
REFERENCE = {"url": "https://www.international.gc.ca/news", "title": "News release"}


@dataclass(frozen=True)
class Api:
    engine: Engine
    root: Client  # an admin cleared for everything here, by API token
    kim: Client  # kor_admin_ii of the matrix: a Korean admin cleared Ⅱ급 with SDCP
    uncleared: Client  # uncleared of the matrix: a Canadian reader cleared for nothing classified
    statement: int  # the 2+2 statement's document id
    note: int  # a note marked CAN SECRET//REL TO CAN, KOR//SDCP


def _stored(engine: Engine) -> Api:
    tokens = add_people(engine)
    with transaction(engine) as session:
        _, secret = create_token(session, "root", scopes=["admin"], actor=ROOT)
    root = token_client(engine, secret)
    ids = []
    for text, marking in ((STATEMENT, None), (NOTE, SECRET_SDCP), (READOUT_TEXT, None)):
        body = {"text": text, "marking": marking, "issuers": "CAN,KOR"}
        ids.append(ingested(root, engine, json=body)["document_id"])
    kim, uncleared = (token_client(engine, tokens[name]) for name in ("kor_admin_ii", "uncleared"))
    return Api(engine, root, kim, uncleared, ids[0], ids[1])


@pytest.fixture(scope="module")
def api(module_engine: Engine) -> Api:
    """The statements, stored through the API on each backend in turn."""
    return _stored(module_engine)


@pytest.fixture(scope="module")
def local(tmp_path_factory: pytest.TempPathFactory):
    """The same on SQLite alone, for what does not depend on the backend."""
    engine = open_database(f"sqlite:///{tmp_path_factory.mktemp('web-api') / 'api.db'}")
    yield _stored(engine)
    engine.dispose()


def _count(engine: Engine, model) -> int:
    with transaction(engine) as session:
        return session.scalar(select(func.count()).select_from(model)) or 0


def _first_commitment(api: Api, **filters: str) -> dict:
    query = "&".join(f"{k}={v}" for k, v in {"document_id": api.statement, **filters}.items())
    return api.root.get(f"{API}/commitments?{query}&limit=1").json()["items"][0]


# --- On both backends ---


def test_a_get_answers_304_while_its_etag_holds_and_200_once_the_record_changes(api: Api) -> None:
    commitment = _first_commitment(api, strength="firm")
    path = f"{API}/commitments/{commitment['id']}"
    first = api.root.get(path)
    etag = first.headers["etag"]
    assert re.fullmatch(r'"[0-9a-f]{64}"', etag)
    unchanged = api.root.get(path, headers={"If-None-Match": etag})
    assert (unchanged.status_code, unchanged.content, unchanged.headers["etag"]) == (304, b"", etag)
    assert api.root.get(path, headers={"If-None-Match": f'"other", W/{etag}'}).status_code == 304
    assert api.root.get(path, headers={"If-None-Match": '"other"'}).status_code == 200
    body = {"status": "in-progress", "rationale": "Talks under way.", "evidence": [REFERENCE]}
    assert api.root.request("POST", f"{path}/assessments", json=body, headers={"If-Match": etag}).status_code == 201
    changed = api.root.get(path, headers={"If-None-Match": etag})
    assert changed.status_code == 200 and changed.headers["etag"] != etag
    assert changed.json()["status"] == "in-progress" and changed.json()["assessments"] == 1


def test_an_assessment_without_if_match_or_with_a_stale_one_writes_nothing(api: Api) -> None:
    commitment = _first_commitment(api, strength="reaffirmed")
    path = f"{API}/commitments/{commitment['id']}"
    stale = api.root.get(path).headers["etag"]
    body = {"status": "not-started", "rationale": "Nothing yet.", "evidence": [REFERENCE], "scores": {"CAN": -1}}
    assert api.root.request("POST", f"{path}/evidence", json=REFERENCE, headers={"If-Match": stale}).status_code == 201
    before = (_count(api.engine, Assessment), _count(api.engine, Evidence), _count(api.engine, AuditEntry))
    missing = api.root.request("POST", f"{path}/assessments", json=body)
    assert missing.status_code == 428 and missing.json()["error"]["code"] == "precondition-required"
    refused = api.root.request("POST", f"{path}/assessments", json=body, headers={"If-Match": stale})
    assert refused.status_code == 412
    assert refused.json() == {"error": {"code": "precondition-failed", "message": refused.json()["error"]["message"]}}
    after = (_count(api.engine, Assessment), _count(api.engine, Evidence))
    assert after == before[:2], "a refused precondition writes nothing"
    current = api.root.get(path).headers["etag"]
    created = api.root.request("POST", f"{path}/assessments", json=body, headers={"If-Match": current})
    assert created.status_code == 201
    assert created.headers["location"] == f"{API}/assessments/{created.json()['id']}"
    assert created.json()["scores"] == {actor: (-1 if actor == "CAN" else None) for actor in commitment["actors"]}
    assert api.root.get(created.headers["location"]).json()["rationale"] == "Nothing yet."


def test_of_two_edits_made_from_the_same_etag_the_second_gets_412(api: Api) -> None:
    mechanism = api.root.get(f"{API}/mechanisms?limit=1").json()["items"][0]
    path = f"{API}/mechanisms/{mechanism['id']}"
    etag = api.root.get(path).headers["etag"]
    first = api.root.request("PATCH", path, json={"recurrence": "P1Y"}, headers={"If-Match": etag})
    assert first.status_code == 200 and first.json()["recurrence"] == "P1Y"
    assert first.headers["etag"] == api.root.get(path).headers["etag"]
    second = api.root.request("PATCH", path, json={"recurrence": "P3Y"}, headers={"If-Match": etag})
    assert second.status_code == 412
    assert api.root.get(path).json()["recurrence"] == "P1Y", "the first edit is not lost"
    assert api.root.request("PATCH", path, json={"recurrence": "P2Y"}).status_code == 428


def test_lists_come_in_pages_with_links_and_a_total_counted_through_the_filter(api: Api) -> None:
    everything = api.root.get(f"{API}/commitments?limit=500").json()
    total = everything["total"]
    assert total == len(everything["items"]) > 6
    seen, offset, pages = [], 0, 0
    while True:
        page = api.root.get(f"{API}/commitments?limit=5&offset={offset}")
        links = page.headers.get("link", "")
        assert ('rel="prev"' in links) == (offset > 0)
        assert ('rel="next"' in links) == (offset + 5 < total)
        seen += [item["id"] for item in page.json()["items"]]
        pages += 1
        if 'rel="next"' not in links:
            break
        following = re.search(r'<([^>]+)>; rel="next"', links).group(1)
        assert "limit=5" in following and f"offset={offset + 5}" in following
        offset += 5
    assert seen == [item["id"] for item in everything["items"]] and pages == -(-total // 5)
    uncleared = api.uncleared.get(f"{API}/commitments?limit=1").json()["total"]
    assert uncleared == total - everything_marked(everything)


def everything_marked(page: dict) -> int:
    return sum(1 for item in page["items"] if item["marking"]["banner"] != "UNCLASSIFIED")


def test_commitments_filter_by_area_strength_actor_status_due_range_and_document(api: Api) -> None:
    def ids(query: str) -> list[int]:
        return [item["id"] for item in api.root.get(f"{API}/commitments?limit=500&{query}").json()["items"]]

    everything = api.root.get(f"{API}/commitments?limit=500").json()["items"]
    by_id = {item["id"]: item for item in everything}
    assert ids("area=cyber") == [i for i, c in by_id.items() if c["area"] == "cyber"] != []
    assert ids("strength=firm") == [i for i, c in by_id.items() if c["strength"] == "firm"] != []
    assert ids("actor=KOR") == [i for i, c in by_id.items() if "KOR" in c["actors"]] != []
    assert ids(f"document_id={api.note}") == [i for i, c in by_id.items() if c["document_id"] == api.note] != []
    dated = [i for i, c in by_id.items() if c["due_by"] and "2026-06-01" < c["due_by"] < "2027-01-01"]
    assert ids("due_after=2026-06-01&due_before=2027-01-01") == dated != []
    target = ids("strength=aspirational")[0]
    etag = api.root.get(f"{API}/commitments/{target}").headers["etag"]
    body = {"status": "stalled", "rationale": "No progress.", "evidence": [REFERENCE]}
    api.root.request("POST", f"{API}/commitments/{target}/assessments", json=body, headers={"If-Match": etag})
    assert target in ids("status=stalled") and target not in ids("status=not-assessed")
    assert all(by_id[i]["status"] == "not-assessed" for i in ids("status=not-assessed"))
    assert api.root.get(f"{API}/commitments?status=maybe").status_code == 422


# --- On SQLite ---


def test_every_record_carries_its_banner_and_the_viewers_equivalent(local: Api) -> None:
    document = local.kim.get(f"{API}/documents/{local.note}").json()
    korean = {"banner": "CAN SECRET//REL TO CAN, KOR//SDCP", "for_viewer": "군사Ⅱ급비밀//REL TO KOR, CAN//SDCP"}
    assert document["marking"] == korean
    commitments = local.kim.get(f"{API}/commitments?document_id={local.note}").json()
    assert commitments["marking"] == korean and all(c["marking"] == korean for c in commitments["items"])
    assert local.root.get(f"{API}/documents/{local.note}").json()["marking"]["for_viewer"] == korean["banner"]
    text = local.kim.get(f"{API}/documents/{local.note}/text").json()
    assert text["marking"] == korean and "tabletop exercise" in text["text"]


def test_a_forbidden_record_answers_exactly_like_a_missing_one(local: Api) -> None:
    forbidden = local.uncleared.get(f"{API}/documents/{local.note}")
    missing = local.uncleared.get(f"{API}/documents/{local.note + 1000}")
    assert forbidden.status_code == missing.status_code == 404
    assert forbidden.text.replace(str(local.note), "ID") == missing.text.replace(str(local.note + 1000), "ID")
    assert set(forbidden.headers) == set(missing.headers)


def test_who_am_i_names_the_clearance_and_its_equivalents(local: Api) -> None:
    me = local.kim.get(f"{API}/me").json()
    assert (me["username"], me["clearance"], me["authenticated_by"], me["csrf_token"]) == (
        "kor_admin_ii",
        "군사Ⅱ급비밀",
        "token",
        None,
    )
    assert {"party": "CAN", "level": "SECRET", "instrument": "CAN-KOR-2026"} in me["clearance_equivalents"]
    assert me["compartments"] == ["SDCP"] and me["role"] == "admin"


def test_ingest_queues_a_multipart_upload_or_json_text_and_stores_the_same_bytes_once(local: Api) -> None:
    upload = (
        "Joint statement on fisheries\n\nOttawa, April 2, 2026\n\n"
        "Canada and Norway will hold talks on fisheries in 2027.\n"
    )
    files = {"file": ("fisheries.txt", upload.encode(), "text/plain")}
    job = ingested(local.root, local.engine, files=files, data={"marking": "CAN CONFIDENTIAL//REL TO CAN, KOR"})
    assert job["kind"] == "extract" and job["result"]["created"] and job["result"]["commitments"] >= 1
    stored = local.root.get(f"{API}/documents/{job['document_id']}").json()
    assert stored["marking"]["banner"] == "CAN CONFIDENTIAL//REL TO CAN, KOR"
    assert stored["date"] == "2026-04-02" and stored["origin"] == "upload:fisheries.txt"
    again = local.root.request("POST", f"{API}/ingest", files=files)
    assert again.status_code == 200 and not again.json()["created"]
    assert again.json()["document"]["id"] == job["document_id"] and "location" not in again.headers
    refused = local.root.request("POST", f"{API}/ingest", json={"text": "  \n\n  "})
    assert refused.status_code == 422 and refused.json()["error"]["code"] == "unprocessable"
    unreadable = local.root.request("POST", f"{API}/ingest", json={"text": upload, "marking": "SECRET//REL TO MARS"})
    assert unreadable.status_code == 422
    assert local.root.request("POST", f"{API}/ingest", json={"text": upload, "date": "soon"}).status_code == 422
    assert local.root.request("POST", f"{API}/ingest", files={"other": ("x.txt", b"x")}).status_code == 422
    invalid = local.root.request("POST", f"{API}/ingest", json={"text": ""})
    assert invalid.status_code == 422 and invalid.json()["error"]["problems"][0]["location"] == "body.text"
    wrong_type = local.root.request("POST", f"{API}/ingest", content=b"text", headers={"Content-Type": "text/plain"})
    assert wrong_type.status_code == 415 and wrong_type.json()["error"]["code"] == "unsupported-media-type"


def test_accepting_a_proposal_with_a_status_records_an_assessment_once(local: Api) -> None:
    (proposal,) = local.root.get(f"{API}/proposals?state=pending").json()["items"]
    accepted = local.root.request(
        "POST", f"{API}/proposals/{proposal['id']}/accept", json={"status": "delivered", "scores": {"CAN": 1}}
    )
    assert accepted.status_code == 200, accepted.text
    result = accepted.json()
    assert result["proposal"]["state"] == "accepted" and result["assessment"]["status"] == "delivered"
    assert result["evidence"]["passage"] == proposal["passage"]
    again = local.root.request("POST", f"{API}/proposals/{proposal['id']}/reject", json={})
    assert again.status_code == 409 and again.json()["error"]["code"] == "conflict"
    assert local.root.get(f"{API}/commitments/{proposal['commitment_id']}").json()["status"] == "delivered"


def test_agreements_take_stages_and_edits(local: Api) -> None:
    agreement = local.root.get(f"{API}/agreements").json()["items"][0]
    path = f"{API}/agreements/{agreement['id']}"
    stage = local.root.request("POST", f"{path}/stages", json={"stage": "in-force", "date": "2026-04-01"})
    assert stage.status_code == 201 and stage.json()["stage"] == "in-force"
    assert local.root.get(path).json()["current"]["stage"] == "in-force"
    etag = local.root.get(path).headers["etag"]
    edited = local.root.request("PATCH", path, json={"name": "Renamed agreement"}, headers={"If-Match": etag})
    assert edited.json()["name"] == "Renamed agreement"
    bad = local.root.request("POST", f"{path}/stages", json={"stage": "in-force", "date": "someday"})
    assert bad.status_code == 422


def test_the_report_comes_as_json_markdown_html_and_pdf_each_carrying_its_marking(local: Api) -> None:
    report = local.kim.get(f"{API}/report")
    assert report.headers["content-type"] == "application/json"
    data = report.json()
    assert data["marking"]["banner"] == "CAN SECRET//REL TO CAN, KOR//SDCP" and data["viewer"] == "kor_admin_ii"
    assert data["summary"]["by_status"] and all(item["marking"]["banner"] for item in data["items"])
    markdown = local.kim.get(f"{API}/report?format=md")
    assert markdown.headers["content-type"].startswith("text/markdown")
    assert markdown.text.startswith("**CAN SECRET//REL TO CAN, KOR//SDCP**")
    html = local.kim.get(f"{API}/report?format=html")
    assert html.headers["content-type"].startswith("text/html") and "CAN SECRET//REL TO CAN, KOR//SDCP" in html.text
    pdf = local.kim.get(f"{API}/report?format=pdf")
    assert pdf.headers["content-type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    public = local.uncleared.get(f"{API}/report").json()
    assert public["marking"]["banner"] == "UNCLASSIFIED"
    assert {i["commitment_id"] for i in public["items"]} < {i["commitment_id"] for i in data["items"]}


def test_the_calendar_is_rfc_5545_with_a_stable_etag(local: Api) -> None:
    calendar = local.root.get(f"{API}/calendar.ics?as_of=2026-03-01")
    assert calendar.headers["content-type"] == "text/calendar; charset=utf-8"
    assert calendar.text.startswith("BEGIN:VCALENDAR\r\n") and "BEGIN:VEVENT" in calendar.text
    again = local.root.get(f"{API}/calendar.ics?as_of=2026-03-01", headers={"If-None-Match": calendar.headers["etag"]})
    assert again.status_code == 304
    due = local.root.get(f"{API}/due?as_of=2026-03-01&within=1y").json()
    assert due["within_days"] == 365 and due["upcoming"]
    assert local.root.get(f"{API}/due?within=soon").status_code == 422


def test_every_error_has_one_shape(local: Api) -> None:
    def shape(answer) -> tuple[int, str]:
        body = answer.json()
        assert set(body) == {"error"} and {"code", "message"} <= set(body["error"]), body
        assert "Traceback" not in answer.text and "sqlalchemy" not in answer.text.lower()
        return answer.status_code, body["error"]["code"]

    assert shape(local.root.get(f"{API}/nowhere")) == (404, "not-found")
    assert shape(local.root.request("DELETE", f"{API}/documents/1")) == (405, "method-not-allowed")
    assert shape(local.root.get(f"{API}/commitments?limit=nine")) == (422, "invalid-request")
    assert shape(
        local.root.request(
            "POST",
            f"{API}/commitments/1/assessments",
            content=b"{",
            headers={"Content-Type": "application/json", "If-Match": "*"},
        )
    ) == (422, "invalid-request")
    assert shape(local.uncleared.request("PATCH", f"{API}/mechanisms/1", json={}, headers={"If-Match": "*"})) == (
        403,
        "forbidden",
    )
    assert shape(app_client(local.engine).get(f"{API}/me")) == (401, "unauthenticated")
    oversized = b"x" * (MAX_BODY + 1)
    answer = local.root.request("POST", f"{API}/ingest", content=oversized, headers={"Content-Type": "text/plain"})
    assert shape(answer) == (413, "too-large")


def test_an_unexpected_failure_is_a_500_that_reveals_nothing(local: Api) -> None:
    app = create_app(settings(str(local.engine.url)), engine=local.engine)
    failing = APIRouter()

    @failing.get("/api/v1/failing")
    def fail() -> None:
        raise RuntimeError("secret internals: password=hunter2")

    app.include_router(failing)
    answer = TestClient(app, raise_server_exceptions=False).get(f"{API}/failing")
    assert answer.status_code == 500
    assert answer.json()["error"]["code"] == "internal" and "hunter2" not in answer.text


def test_the_openapi_document_describes_every_operation_with_its_errors(local: Api) -> None:
    document = local.root.get(f"{API}/openapi.json").json()
    schemas = document["components"]["schemas"]
    assert {"CommitmentPublic", "AssessmentCreate", "AssessmentPublic", "ErrorBody", "MarkingPublic"} <= set(schemas)
    for path, operations in document["paths"].items():
        for method, operation in operations.items():
            responses = operation["responses"]
            assert "401" in responses and "500" in responses, f"{method} {path}"
            for status, response in responses.items():
                if status.startswith(("4", "5")):
                    schema = response["content"]["application/json"]["schema"]
                    assert schema == {"$ref": "#/components/schemas/ErrorBody"}, f"{method} {path} {status}"
            if method == "get":
                assert "304" in responses and any(p["name"] == "If-None-Match" for p in operation["parameters"])
    assigned = document["paths"]["/api/v1/commitments/{commitment_id}/assessments"]["post"]["responses"]
    assert {"412", "428"} <= set(assigned)
    assert json.dumps(document).count("HTTPValidationError") == 0
