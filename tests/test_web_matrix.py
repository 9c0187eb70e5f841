"""The golden authorisation matrix through the REST API: every route is listed in the matrix, and for every
persona each route returns exactly the records, and accepts exactly the writes, that the matrix's `read` and
`create` rows imply. A forbidden record answers exactly like a missing one: the same status and the same body."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from fastapi.routing import APIRoute
from sqlalchemy import Engine, select

from authorisation_matrix import expectations, markings, matrix, personas
from draft_support import draft_of, run_jobs, statement
from servanda.access import Action, decide, parse_marking
from servanda.store import open_database, transaction
from servanda.store.draft_models import ExtractionDraft
from web_support import (
    API,
    AS_OF,
    BANNERS,
    DISABLED,
    ENABLED,
    PERSONAS,
    ROOT,
    WITHIN,
    Client,
    Records,
    add_people,
    app_client,
    build_world,
    creatable,
    readable,
    session_client,
    sign_in,
    token_client,
)

ROUTES: dict[str, str] = matrix()["routes"]
MISSING = 99_999
NOWHERE = Records([MISSING] * 2, [MISSING] * 2, MISSING, MISSING, [MISSING] * 2, MISSING)  # ids no record has


@dataclass(frozen=True)
class World:
    path: Path  # the SQLite file, copied for the tests that write
    tokens: dict[str, str]
    records: dict[str, Records]


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> World:
    path = tmp_path_factory.mktemp("web-matrix") / "world.db"
    engine = open_database(f"sqlite:///{path}")
    try:
        tokens = add_people(engine)
        records = build_world(engine)
    finally:
        engine.dispose()  # checkpoints the WAL, so the file alone holds everything
    return World(path, tokens, records)


@pytest.fixture(scope="module")
def shared(world: World) -> Iterator[Engine]:
    """The world, for the tests that only read it."""
    engine = open_database(f"sqlite:///{world.path}")
    yield engine
    engine.dispose()


@pytest.fixture
def own(world: World, tmp_path: Path) -> Iterator[Engine]:
    """A copy of the world of this test's own, for the tests that write."""
    copy = tmp_path / "world.db"
    shutil.copyfile(world.path, copy)
    engine = open_database(f"sqlite:///{copy}")
    yield engine
    engine.dispose()


def _registered() -> set[str]:
    """Every route under /api/v1: those of each resource's router, and those the OpenAPI document lists."""
    from servanda.web import api, create_app
    from web_support import settings

    found = {
        f"{method} {api.PREFIX}{route.path}"
        for module in api.MODULES
        for route in module.router.routes
        if isinstance(route, APIRoute)
        for method in route.methods
    }
    app = create_app(settings("sqlite://"))
    document = app.openapi()
    found |= {f"{method.upper()} {path}" for path, operations in document["paths"].items() for method in operations}
    return found | {f"GET {app.openapi_url}"}


def test_every_api_route_is_in_the_matrix_with_an_action() -> None:
    assert _registered() == set(ROUTES), "add each new route to `routes:` in tests/data/authorisation_matrix.yaml"
    assert set(ROUTES.values()) <= {"none", "read", "create", "update", "attach"}


@pytest.mark.parametrize(("persona", "marking", "code"), expectations("create"))
def test_updating_and_attaching_follow_the_create_rows(persona: str, marking: str, code: str) -> None:
    # The matrix has no rows for update and attach: for a record's own marking decide() treats them as create.
    for action in ("update", "attach", Action("attach", source=markings()["public"])):
        assert decide(personas()[persona], action, markings()[marking]).code == code


# --- Reads: a path for each marking's record, and what each list holds ---

BY_ID: dict[str, Callable[[Records], str]] = {
    "GET /api/v1/documents/{document_id}": lambda r: f"/documents/{r.documents[0]}",
    "GET /api/v1/documents/{document_id}/text": lambda r: f"/documents/{r.documents[1]}/text",
    "GET /api/v1/commitments/{commitment_id}": lambda r: f"/commitments/{r.commitments[0]}",
    "GET /api/v1/commitments/{commitment_id}/history": lambda r: f"/commitments/{r.commitments[0]}/history",
    "GET /api/v1/commitments/{commitment_id}/lineage": lambda r: f"/commitments/{r.commitments[1]}/lineage",
    "GET /api/v1/commitments/{commitment_id}/evidence": lambda r: f"/commitments/{r.commitments[0]}/evidence",
    "GET /api/v1/assessments/{assessment_id}": lambda r: f"/assessments/{r.assessment}",
    "GET /api/v1/mechanisms/{mechanism_id}": lambda r: f"/mechanisms/{r.mechanism}",
    "GET /api/v1/agreements/{agreement_id}": lambda r: f"/agreements/{r.agreement}",
}


def _items(body: bytes, key: str = "id") -> set:
    return {item[key] for item in json.loads(body)["items"]}


def _due(body: bytes) -> set:
    due = json.loads(body)
    return {item["key"] for item in due["overdue"] + due["upcoming"]}


def _deadlines(records: Records) -> set[str]:
    return {f"commitment-{c}" for c in records.commitments}


def _events(body: bytes) -> set:
    return {line.split(":", 1)[1].split("@")[0] for line in body.decode().splitlines() if line.startswith("UID:")}


# Each list: its path, what it holds (read from the answer), and what it should hold of a marking's records.
LISTS: dict[str, tuple[str, Callable[[bytes], set], Callable[[Records], set]]] = {
    "GET /api/v1/documents": ("/documents?limit=500", _items, lambda r: set(r.documents)),
    "GET /api/v1/commitments": ("/commitments?limit=500", _items, lambda r: set(r.commitments)),
    "GET /api/v1/proposals": ("/proposals?limit=500", _items, lambda r: set(r.proposals)),
    "GET /api/v1/mechanisms": ("/mechanisms?limit=500", _items, lambda r: {r.mechanism}),
    "GET /api/v1/agreements": ("/agreements?limit=500", _items, lambda r: {r.agreement}),
    "GET /api/v1/due": (f"/due?as_of={AS_OF}&within={WITHIN}", _due, lambda r: _deadlines(r)),
    "GET /api/v1/calendar.ics": (f"/calendar.ics?as_of={AS_OF}", _events, lambda r: _deadlines(r)),
    "GET /api/v1/report": (
        f"/report?as_of={AS_OF}",
        lambda body: {item["commitment_id"] for item in json.loads(body)["items"]},
        lambda r: set(r.commitments),
    ),
}
WHO = {"GET /api/v1/me", "GET /api/v1/openapi.json"}


def _without(text: str, number: int) -> str:
    return text.replace(str(number), "ID")


def _record_id(path: str) -> int:
    return int(next(part for part in path.split("/") if part.isdigit()))


@pytest.fixture(scope="module", params=ENABLED)
def reader(request: pytest.FixtureRequest, shared: Engine) -> tuple[str, Client]:
    """An enabled persona, signed in through the real sign-in form."""
    return request.param, session_client(shared, request.param)


def test_every_read_route_has_a_check() -> None:
    reads = {route for route, action in ROUTES.items() if action in ("read", "none")}
    assert reads == set(BY_ID) | set(LISTS) | WHO | (OWNED & reads)


def test_records_by_id_are_found_exactly_where_read_is_ok(reader: tuple[str, Client], world: World) -> None:
    persona, client = reader
    allowed = readable(persona)
    for route, path_of in BY_ID.items():
        missing_path = path_of(NOWHERE)
        missing = client.get(API + missing_path)
        assert missing.status_code == 404, route
        for name, records in world.records.items():
            path = path_of(records)
            answer = client.get(API + path)
            if name in allowed:
                assert answer.status_code == 200, f"{persona} {route} {name}: {answer.text}"
                body = answer.json()
                shown = body["marking"] if "items" not in body else body["items"][0]["marking"]
                # Evidence given as a public reference is UNCLASSIFIED; everything else carries its marking.
                assert shown["banner"] in (markings()[name].banner, "UNCLASSIFIED"), route
            else:
                # A forbidden record answers exactly like a missing one: the same status and the same body.
                assert answer.status_code == 404, f"{persona} {route} {name}"
                assert _without(answer.text, _record_id(path)) == _without(missing.text, MISSING), route


def test_lists_hold_exactly_the_records_read_allows(reader: tuple[str, Client], world: World) -> None:
    persona, client = reader
    allowed = readable(persona)
    for route, (path, held, expected) in LISTS.items():
        answer = client.get(API + path)
        assert answer.status_code == 200, f"{route}: {answer.text}"
        wanted = set().union(*(expected(world.records[name]) for name in allowed))
        assert held(answer.content) == wanted, f"{persona} {route}"
    for path, key in (("/documents", "documents"), ("/commitments", "commitments")):
        total = client.get(f"{API}{path}?limit=1").json()["total"]
        assert total == sum(len(getattr(world.records[name], key)) for name in allowed), path


def test_who_am_i_answers_every_enabled_persona(reader: tuple[str, Client]) -> None:
    persona, client = reader
    me = client.get(f"{API}/me").json()
    expected = PERSONAS[persona]
    assert (me["username"], me["nationality"], me["role"]) == (persona, expected["nationality"], expected["role"])
    assert client.get(f"{API}/openapi.json").status_code == 200


@pytest.mark.parametrize("persona", ENABLED)
def test_a_token_sees_what_a_session_sees(shared: Engine, world: World, persona: str) -> None:
    by_token = token_client(shared, world.tokens[persona]).get(f"{API}/commitments?limit=500")
    by_session = session_client(shared, persona).get(f"{API}/commitments?limit=500")
    assert by_token.json()["items"] == by_session.json()["items"]


@pytest.mark.parametrize("persona", DISABLED)
def test_a_disabled_persona_can_neither_sign_in_nor_use_a_token(shared: Engine, world: World, persona: str) -> None:
    refused = sign_in(app_client(shared), persona)
    assert refused.status_code == 400 and "username or password is wrong" in refused.text
    client = token_client(shared, world.tokens[persona])
    for route in ROUTES:
        method, path = route.split(" ", 1)
        if path.endswith("openapi.json"):
            continue
        answer = client.request(method, path.format_map(_Ids()), json={})
        assert answer.status_code == 401, route
        assert answer.json()["error"]["code"] == "unauthenticated"


class _Ids(dict):
    def __missing__(self, key: str) -> str:
        return "1"


# --- Writes: each succeeds exactly where `create` is ok, answers 404 where `read` is not, and 403 elsewhere ---


def _upload(path: str) -> Callable[[str, str, Records], tuple[str, str, dict]]:
    def build(persona: str, name: str, records: Records) -> tuple[str, str, dict]:
        text = (
            f"Joint statement of {persona.replace('_', ' ')} on {name.replace('_', ' ')} ({path})\n\n"
            "Canada and the Republic of Korea will hold consultations on maritime security in 2027.\n"
        )
        return "POST", path, {"json": {"text": text, "marking": BANNERS[name], "date": "2026-04-01"}}

    return build


WRITES: dict[str, Callable[[str, str, Records], tuple[str, str, dict]]] = {
    "POST /api/v1/commitments/{commitment_id}/assessments": lambda p, n, r: (
        "POST",
        f"/commitments/{r.commitments[0]}/assessments",
        {
            "headers": {"If-Match": "*"},
            "json": {
                "status": "in-progress",
                "rationale": f"checked by {p}",
                "evidence": [{"url": "https://example.org/check", "title": "A check"}],
            },
        },
    ),
    "POST /api/v1/commitments/{commitment_id}/evidence": lambda p, n, r: (
        "POST",
        f"/commitments/{r.commitments[0]}/evidence",
        {"json": {"url": "https://example.org/more", "title": "More"}},
    ),
    "POST /api/v1/proposals/{proposal_id}/accept": lambda p, n, r: (
        "POST",
        f"/proposals/{r.proposals[0]}/accept",
        {"json": {}},
    ),
    "POST /api/v1/proposals/{proposal_id}/reject": lambda p, n, r: (
        "POST",
        f"/proposals/{r.proposals[1]}/reject",
        {"json": {"reason": "not about this"}},
    ),
    "PATCH /api/v1/mechanisms/{mechanism_id}": lambda p, n, r: (
        "PATCH",
        f"/mechanisms/{r.mechanism}",
        {"headers": {"If-Match": "*"}, "json": {"recurrence": "P1Y"}},
    ),
    "POST /api/v1/mechanisms/{mechanism_id}/meetings": lambda p, n, r: (
        "POST",
        f"/mechanisms/{r.mechanism}/meetings",
        {"json": {"held_on": "2026-04-01"}},
    ),
    "PATCH /api/v1/agreements/{agreement_id}": lambda p, n, r: (
        "PATCH",
        f"/agreements/{r.agreement}",
        {"headers": {"If-Match": "*"}, "json": {"kind": "plan"}},
    ),
    "POST /api/v1/agreements/{agreement_id}/stages": lambda p, n, r: (
        "POST",
        f"/agreements/{r.agreement}/stages",
        {"json": {"stage": "in-force", "date": "2026-04-01"}},
    ),
    "POST /api/v1/ingest": _upload("/ingest"),
    "POST /api/v1/ingest/drafts": _upload("/ingest/drafts"),
}
NEW_RECORDS = ("/ingest", "/ingest/drafts")  # routes that write a new record: 403 where `create` is not ok


def test_every_write_route_has_a_check() -> None:
    writes = {route for route, action in ROUTES.items() if action not in ("read", "none")}
    assert writes == set(WRITES) | (OWNED & writes)


@pytest.mark.parametrize("persona", ENABLED)
def test_writes_succeed_exactly_where_create_is_ok(own: Engine, persona: str, world: World) -> None:
    client = session_client(own, persona)  # state-changing requests with a session carry its CSRF token
    for route, build in WRITES.items():
        for name, records in world.records.items():
            method, path, kwargs = build(persona, name, records)
            answer = client.request(method, API + path, **kwargs)
            if name in creatable(persona):
                assert answer.status_code in (200, 201, 202), f"{persona} {route} {name}: {answer.text}"
            elif name in readable(persona) or route.endswith(NEW_RECORDS):
                assert answer.status_code == 403, f"{persona} {route} {name}: {answer.text}"
                assert answer.json()["error"]["code"] == "forbidden"
            else:
                assert answer.status_code == 404, f"{persona} {route} {name}: {answer.text}"
                _, missing_path, _ = build(persona, name, NOWHERE)
                missing = client.request(method, API + missing_path, **kwargs)
                assert _without(answer.text, _record_id(path)) == _without(missing.text, MISSING), route


# --- Drafts and jobs: their owner's alone, under the marking given at upload ---

OWNED = {
    "GET /api/v1/ingest/drafts",
    "GET /api/v1/ingest/drafts/{draft_id}",
    "GET /api/v1/ingest/drafts/{draft_id}/gold",
    "POST /api/v1/ingest/drafts/{draft_id}/save",
    "GET /api/v1/jobs/{job_id}",
}


def _owned_paths(draft_id: int, job_id: int) -> list[tuple[str, str]]:
    drafts = f"{API}/ingest/drafts/{draft_id}"
    return [("GET", drafts), ("GET", f"{drafts}/gold"), ("POST", f"{drafts}/save"), ("GET", f"{API}/jobs/{job_id}")]


@pytest.mark.parametrize("persona", ENABLED)
def test_drafts_and_jobs_are_found_by_their_owner_alone(own: Engine, persona: str) -> None:
    client = session_client(own, persona)
    others = {}
    for name, banner in BANNERS.items():  # root's, under every marking: never another person's to see
        draft_id = draft_of(own, ROOT, data=statement(f"root {name}"), marking=parse_marking(banner))
        others[name] = (draft_id, _job_of(own, draft_id))
    mine = {}
    for name in sorted(creatable(persona)):
        body = {"text": statement(name).decode(), "marking": BANNERS[name]}
        queued = client.request("POST", f"{API}/ingest/drafts", json=body)
        assert queued.status_code == 202, queued.text
        mine[name] = queued.json()["job"]["id"]
    run_jobs(own)
    for name, job_id in mine.items():
        job = client.get(f"{API}/jobs/{job_id}")
        assert job.status_code == 200 and job.json()["marking"]["banner"] == markings()[name].banner
        draft = client.get(f"{API}/ingest/drafts/{job.json()['draft_id']}")
        assert draft.status_code == 200 and draft.json()["marking"]["banner"] == markings()[name].banner
    listed = client.get(f"{API}/ingest/drafts?limit=500").json()
    assert {d["id"] for d in listed["items"]} == {_draft_of_job(own, job_id) for job_id in mine.values()}
    assert listed["total"] == len(mine)
    for name, (draft_id, job_id) in others.items():
        for (method, path), (_, missing_path) in zip(
            _owned_paths(draft_id, job_id), _owned_paths(MISSING, MISSING), strict=True
        ):
            answer = client.request(method, path, json={})
            missing = client.request(method, missing_path, json={})
            assert answer.status_code == missing.status_code == 404, f"{persona} {method} {path} {name}"
            assert _without(answer.text, _record_id(path)) == _without(missing.text, MISSING), path


def _job_of(engine: Engine, draft_id: int) -> int:
    with transaction(engine) as session:
        return session.scalar(select(ExtractionDraft.job_id).where(ExtractionDraft.id == draft_id))


def _draft_of_job(engine: Engine, job_id: int) -> int:
    with transaction(engine) as session:
        return session.scalar(select(ExtractionDraft.id).where(ExtractionDraft.job_id == job_id))
