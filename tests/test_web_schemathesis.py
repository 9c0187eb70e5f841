"""schemathesis, in process, against the OpenAPI document the app serves: every operation, fed data generated from
its schema, answers with a documented status, content type and body, and never a server error; and, checked on
every answer for two personas of the golden matrix, no body carries the banner of a marking the persona may not
read (`access.decide`)."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis.strategies import one_of
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)
from sqlalchemy import select

from authorisation_matrix import matrix
from draft_support import draft_of, statement
from servanda.access import Person, decide, parse_marking
from servanda.store import open_database, transaction
from servanda.store.draft_models import ExtractionDraft
from servanda.store.markings import load_marking
from servanda.store.models import MarkingRecord
from servanda.web import create_app
from web_support import BANNERS, PERSONAS, ROOT, TOPICS, add_people, build_world, readable
from web_support import settings as app_settings

# A reader cleared for nothing classified, and a Korean analyst cleared Ⅲ급 (who may write public records).
UNDER_TEST = ("uncleared", "kor_analyst_iii")
EXAMPLES = 12  # per operation: enough to reach every status an operation documents, quick enough to run always

# Token secret -> (persona, patterns of the banners that persona may not read), filled when the app is built.
_UNREADABLE: dict[str, tuple[str, list[tuple[str, re.Pattern[str]]]]] = {}
_STORED_IDS: dict[str, list[int]] = {}


@schemathesis.check
def no_unreadable_marking(ctx: schemathesis.CheckContext, response: schemathesis.Response, case) -> bool | None:
    """No answer to a persona names a marking the persona may not read."""
    token = str(response.request.headers.get("Authorization", "")).removeprefix("Bearer ")
    if token not in _UNREADABLE:
        return None
    persona, patterns = _UNREADABLE[token]
    text = response.content.decode("utf-8", "replace")
    text = text.replace("\r\n ", "").replace("\\,", ",").replace("\\;", ";")  # RFC 5545 folding and escapes
    for what, pattern in patterns:
        if pattern.search(text):
            raise AssertionError(f"an answer to {persona} carries {what}, which {persona} may not read")
    return True


def _person(name: str) -> Person:
    p = PERSONAS[name]
    return Person(name, p["nationality"], str(p["clearance"]), p["role"], frozenset(p.get("compartments") or ()))


@pytest.fixture(scope="module")
def api_schema(tmp_path_factory: pytest.TempPathFactory) -> Iterator[schemathesis.BaseSchema]:
    engine = open_database(f"sqlite:///{tmp_path_factory.mktemp('schemathesis') / 'world.db'}")
    tokens = add_people(engine)
    world = build_world(engine)
    # Path parameters that name the world's records, under every marking, besides the ids schemathesis makes up.
    _STORED_IDS.update(
        document_id=[r.documents[0] for r in world.values()],
        commitment_id=[r.commitments[0] for r in world.values()],
        assessment_id=[r.assessment for r in world.values()],
        mechanism_id=[r.mechanism for r in world.values()],
        agreement_id=[r.agreement for r in world.values()],
        proposal_id=[r.proposals[0] for r in world.values()],
    )
    # Drafts and their jobs: root's under every marking (each speaking of its topic), and one of a persona's own.
    drafts = [
        draft_of(engine, ROOT, data=statement(f"On {TOPICS[name]}."), marking=parse_marking(banner))
        for name, banner in BANNERS.items()
    ]
    drafts.append(draft_of(engine, _person("kor_analyst_iii"), data=statement("A public note.")))
    with transaction(engine) as session:
        jobs = list(session.scalars(select(ExtractionDraft.job_id).where(ExtractionDraft.id.in_(drafts))))
    _STORED_IDS.update(draft_id=drafts, job_id=jobs)
    with transaction(engine) as session:
        stored = [load_marking(row) for row in session.scalars(select(MarkingRecord))]
    for name in UNDER_TEST:
        hidden = sorted({m.banner for m in stored if not decide(_person(name), "read", m)})
        assert hidden, f"{name} should be refused some of the world"
        # A banner followed by more of a banner is another marking ("...//REL TO CAN, KOR" and "...//SDCP").
        banners = [(b, re.compile(re.escape(b) + r"(?![/,\w])")) for b in hidden]
        # Each marking's records, and only they, speak of its topic: a topic shown is a record shown.
        topics = [
            (f"a record marked {BANNERS[marking]}", re.compile(rf"\b{TOPICS[marking]}\b", re.IGNORECASE))
            for marking in BANNERS
            if marking not in readable(name)
        ]
        _UNREADABLE[tokens[name]] = (name, banners + topics)
    app = create_app(app_settings(str(engine.url)), engine=engine)
    yield schemathesis.openapi.from_asgi("/api/v1/openapi.json", app)
    _UNREADABLE.clear()
    _STORED_IDS.clear()
    engine.dispose()


# Generated in process against the app's own OpenAPI document; one test per operation of the matrix's routes.
OPERATIONS = sorted(route for route in matrix()["routes"] if not route.endswith("/openapi.json"))
POSITIVE = (not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance)
NEGATIVE = (not_a_server_error, status_code_conformance, content_type_conformance)


@pytest.mark.parametrize("route", OPERATIONS)
def test_every_operation_answers_as_documented_and_shows_no_unreadable_marking(
    api_schema: schemathesis.BaseSchema, route: str
) -> None:
    method, path = route.split(" ", 1)
    operation = api_schema[path][method]
    strategy = operation.as_strategy(generation_mode=GenerationMode.POSITIVE) | operation.as_strategy(
        generation_mode=GenerationMode.NEGATIVE
    )
    named = re.findall(r"\{(\w+)\}", path)
    if named:
        (name,) = named
        strategy = strategy | one_of(
            operation.as_strategy(path_parameters={name: record_id}) for record_id in _STORED_IDS[name]
        )

    @given(case=strategy)
    @settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
    def answers(case: schemathesis.Case) -> None:
        checks = POSITIVE if case.meta is None or case.meta.generation.mode.is_positive else NEGATIVE
        for token in list(_UNREADABLE):
            case.call_and_validate(
                headers={"Authorization": f"Bearer {token}"}, checks=[*checks, no_unreadable_marking]
            )

    answers()
