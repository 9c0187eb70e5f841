"""The forms of a mechanism's and an agreement's pages through the in-process client, on SQLite and PostgreSQL, over
the web tests' world: editing the record and recording a meeting or a stage succeed exactly where the golden
matrix's `create` row is ok (decide() treats update and attach alike for a record's own marking), answer 403 where
the record may be read but not changed (and the page offers no form), and the same 404 page as a missing record
where it may not be read; a stale form answers 412 and a bad cadence, date or stage 422, each writing nothing and
keeping what was entered; success shows on the page. Each page lists, a page at a time, the commitments that name
its record that the person may read."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from sqlalchemy import Engine

from authorisation_matrix import matrix
from servanda.access import parse_marking
from servanda.store import transaction
from servanda.tracking.evidence import EvidenceCreate, attach_evidence
from web_support import (
    API,
    BANNERS,
    ENABLED,
    ROOT,
    TOPICS,
    Client,
    Records,
    add_people,
    build_world,
    creatable,
    readable,
    session_client,
)

PAGES: dict[str, str] = matrix()["pages"]
MISSING = 99_999
NOWHERE = Records([MISSING] * 2, [MISSING] * 2, MISSING, MISSING, [MISSING] * 2, MISSING)


@pytest.fixture(scope="module")
def world(module_engine: Engine) -> dict[str, Records]:
    add_people(module_engine)
    return build_world(module_engine)


@pytest.fixture(scope="module")
def clients(module_engine: Engine, world: dict[str, Records]) -> dict[str, Client]:
    return {name: session_client(module_engine, name) for name in [*ENABLED, "root"]}


def _mechanism(name: str, r: Records) -> tuple[str, str, dict[str, str]]:
    return f"/mechanisms/{r.mechanism}", "edit", {"name": f"{TOPICS[name].title()} Survey Talks", "cadence": "P1Y"}


def _meeting(name: str, r: Records) -> tuple[str, str, dict[str, str]]:
    return f"/mechanisms/{r.mechanism}", "meetings", {"date": "2026-04-01"}


def _agreement(name: str, r: Records) -> tuple[str, str, dict[str, str]]:
    return f"/agreements/{r.agreement}", "edit", {"name": f"{TOPICS[name].title()} Data Accord", "kind": "plan"}


def _stage(name: str, r: Records) -> tuple[str, str, dict[str, str]]:
    return f"/agreements/{r.agreement}", "stages", {"stage": "in-force", "date": "2026-04-01"}


# Each write page: the record's page, the form's path under it, and fields that can be recorded.
WRITES: dict[str, Callable[[str, Records], tuple[str, str, dict[str, str]]]] = {
    "POST /mechanisms/{mechanism_id}/edit": _mechanism,
    "POST /mechanisms/{mechanism_id}/meetings": _meeting,
    "POST /agreements/{agreement_id}/edit": _agreement,
    "POST /agreements/{agreement_id}/stages": _stage,
}
DONE = {"edit": "Changes saved.", "meetings": "Meeting recorded.", "stages": "Stage recorded."}


def _post(client: Client, page: str, form: str, fields: dict[str, str], *, version: str | None = None):
    """Submit a form of `page` with the version the API gives (a reader's page has no form to copy it from)."""
    if version is None:
        version = client.get(API + page).headers.get("etag", "")
    data = {"csrf_token": client.csrf or "", "version": version, **fields}
    return client.http.post(f"{page}/{form}", data=data, follow_redirects=False)


def _state(client: Client, page: str) -> dict:
    return client.get(API + page).json()


def _without(text: str, number: int) -> str:
    main = text[text.index("<main") : text.index("</main>")]
    return re.sub(rf"\b{number}\b", "ID", main)


def test_every_mechanism_and_agreement_form_is_in_the_matrix_and_checked() -> None:
    forms = {route for route in PAGES if route.startswith(("POST /mechanisms", "POST /agreements"))}
    assert forms == set(WRITES)
    assert {PAGES[route] for route in WRITES if route.endswith("/edit")} == {"update"}
    assert {PAGES[route] for route in WRITES if not route.endswith("/edit")} == {"attach"}
    # The API's equivalents ask the same of decide().
    routes = matrix()["routes"]
    assert routes["PATCH /api/v1/mechanisms/{mechanism_id}"] == PAGES["POST /mechanisms/{mechanism_id}/edit"]
    assert routes["POST /api/v1/agreements/{agreement_id}/stages"] == PAGES["POST /agreements/{agreement_id}/stages"]


@pytest.mark.parametrize("persona", ENABLED)
def test_the_forms_write_exactly_where_the_matrix_allows(
    persona: str, clients: dict[str, Client], world: dict[str, Records]
) -> None:
    client = clients[persona]
    for route, build in WRITES.items():
        for name, records in world.items():
            page, form, fields = build(name, records)
            answer = _post(client, page, form, fields)
            where = f"{persona} {route} {name}"
            if name in creatable(persona):
                assert answer.status_code == 303, f"{where}: {answer.text[:300]}"
                assert answer.headers["location"].startswith(page)
                shown = client.get(answer.headers["location"])
                assert DONE[form] in shown.text, where
                assert f'action="{page}/{form}"' in shown.text, f"{where}: the form is offered"
            elif name in readable(persona):
                assert answer.status_code == 403, f"{where}: {answer.text[:300]}"
                shown = client.get(page)
                assert shown.status_code == 200 and f'action="{page}/{form}"' not in shown.text, where
                assert "You may read this" in shown.text, where
            else:
                assert answer.status_code == 404, f"{where}: {answer.text[:300]}"
                missing_page, _, _ = build(name, NOWHERE)
                missing = _post(client, missing_page, form, fields, version="")
                assert missing.status_code == 404
                number = int(page.rsplit("/", 1)[1])
                assert _without(answer.text, number) == _without(missing.text, MISSING), where


def test_an_edited_mechanism_shows_its_new_name_and_cadence(clients: dict[str, Client], world: dict[str, Records]):
    root, page = clients["root"], f"/mechanisms/{world['kor_ii_rel'].mechanism}"
    done = _post(root, page, "edit", {"name": "Tundra  Survey Talks (renamed)", "cadence": "p3y"})
    assert done.status_code == 303
    shown = root.get(done.headers["location"]).text
    assert "Changes saved." in shown and "<h1>Tundra Survey Talks (renamed)</h1>" in shown
    assert "<dd>P3Y</dd>" in shown
    assert _state(root, page)["recurrence"] == "P3Y"


def test_a_stale_form_answers_412_and_writes_nothing(clients: dict[str, Client], world: dict[str, Records]) -> None:
    root, records = clients["root"], world["can_confidential_rel"]
    mechanism, agreement = f"/mechanisms/{records.mechanism}", f"/agreements/{records.agreement}"
    opened = root.get(API + mechanism).headers["etag"]
    # Someone else records a meeting after the page was opened: the page's version is now stale.
    assert _post(root, mechanism, "meetings", {"date": "2026-03-20"}).status_code == 303
    before = _state(root, mechanism)
    stale = _post(root, mechanism, "edit", {"name": "Volcano talks, renamed", "cadence": "P5Y"}, version=opened)
    assert stale.status_code == 412 and "nothing was written" in stale.text
    assert 'value="Volcano talks, renamed"' in stale.text and 'value="P5Y"' in stale.text, "the entries are kept"
    current = root.get(API + mechanism).headers["etag"]
    escaped = current.replace('"', "&#34;")
    assert f'name="version" value="{escaped}"' in stale.text, "the page's forms carry the current version"
    again = _post(root, mechanism, "meetings", {"date": "2026-04-20", "marking": "UNCLASSIFIED"}, version=opened)
    assert again.status_code == 412 and 'value="2026-04-20"' in again.text
    assert _state(root, mechanism) == before

    before = _state(root, agreement)
    for form, fields in (("edit", {"name": "Volcano accord", "kind": "plan"}), ("stages", _stage("x", records)[2])):
        stale = _post(root, agreement, form, fields, version='"stale"')
        assert stale.status_code == 412 and "nothing was written" in stale.text, form
    assert _state(root, agreement) == before


def test_bad_values_are_refused_beside_their_fields_and_nothing_is_written(
    clients: dict[str, Client], world: dict[str, Records]
) -> None:
    root, records = clients["root"], world["kor_iii_rel"]
    mechanism, agreement = f"/mechanisms/{records.mechanism}", f"/agreements/{records.agreement}"
    before = _state(root, mechanism)
    bad = _post(root, mechanism, "edit", {"name": "Heron Survey Talks", "cadence": "biennial"})
    assert bad.status_code == 422
    assert re.search(r'id="edit-cadence" [^>]*value="biennial" aria-invalid="true"', bad.text), "kept, and marked"
    assert '<span class="error" id="edit-cadence-problem">&#39;BIENNIAL&#39; is not an ISO 8601 duration' in bad.text
    nameless = _post(root, mechanism, "edit", {"name": " ", "cadence": "P2Y"})
    assert nameless.status_code == 422 and 'id="edit-name-problem">a name needs words' in nameless.text
    for day in ("2026-13-01", "soon", ""):
        refused = _post(root, mechanism, "meetings", {"date": day, "document_id": str(records.documents[1])})
        assert refused.status_code == 422, day
        assert 'id="meeting-date-problem"' in refused.text, day
        assert f'value="{records.documents[1]}"' in refused.text, "the other entries are kept"
    # Well formed, but the library refuses it: a meeting after the statement that is to show it.
    late = _post(root, mechanism, "meetings", {"date": "2027-01-01", "document_id": str(records.documents[0])})
    assert late.status_code == 422 and "cannot show 2027-01-01" in late.text
    assert _state(root, mechanism) == before

    before = _state(root, agreement)
    unknown = _post(root, agreement, "stages", {"stage": "ratified", "date": "2026-04-01"})
    assert unknown.status_code == 422 and 'id="stage-stage-problem">choose one of proposed' in unknown.text
    undated = _post(root, agreement, "stages", {"stage": "signed", "date": "2026-02-31"})
    assert undated.status_code == 422 and 'id="stage-date-problem">not a calendar date' in undated.text
    kindless = _post(root, agreement, "edit", {"name": "Heron Data Accord", "kind": "treaty"})
    assert kindless.status_code == 422 and 'id="edit-kind-problem"' in kindless.text
    unmarked = _post(root, agreement, "stages", {"stage": "signed", "date": "2026-03-10", "marking": "NOT A MARKING"})
    assert unmarked.status_code == 422 and 'id="stage-marking-problem"' in unmarked.text
    assert _state(root, agreement) == before


def test_a_recorded_meeting_and_stage_show_on_their_pages(clients: dict[str, Client], world: dict[str, Records]):
    root, records = clients["root"], world["can_protected_b"]
    mechanism, agreement = f"/mechanisms/{records.mechanism}", f"/agreements/{records.agreement}"
    held = len(_state(root, mechanism)["meetings"])
    met = _post(root, mechanism, "meetings", {"date": "2026-02-20", "document_id": str(records.documents[1])})
    assert met.status_code == 303
    shown = root.get(met.headers["location"]).text
    assert "Meeting recorded." in shown and f'Meetings on record <span class="count">({held + 1})</span>' in shown
    assert '<tr><td><time datetime="2026-02-20">2026-02-20</time></td><td><a href="/documents/' in shown
    staged = _post(root, agreement, "stages", {"stage": "in-force", "date": "2026-04-15"})
    assert staged.status_code == 303
    shown = root.get(staged.headers["location"]).text
    assert "Stage recorded." in shown and 'in force since <time datetime="2026-04-15">' in shown
    assert [s["stage"] for s in _state(root, agreement)["stages"]][-1] == "in-force"


def test_the_pages_list_the_commitments_that_name_them_that_may_be_read(
    module_engine: Engine, clients: dict[str, Client], world: dict[str, Records]
) -> None:
    records = world["public"]
    earlier, later = records.commitments
    mechanism, agreement = f"/mechanisms/{records.mechanism}", f"/agreements/{records.agreement}"
    root = clients["root"]

    def listed(client: Client, path: str) -> list[int]:
        page = client.get(path).text
        section = page[page.index('id="commitments"') : page.index('id="record-')]
        return [int(n) for n in re.findall(r'<td class="num">(\d+)</td>', section)]

    assert listed(root, mechanism) == [earlier, later]  # both statements name the talks
    assert listed(root, agreement) == [earlier]
    first = root.get(f"{mechanism}?limit=1").text
    assert "1–1 of 2 commitments" in first
    assert f'href="{mechanism}?limit=1&amp;offset=1#commitments" rel="next"' in first
    assert listed(root, f"{mechanism}?limit=1&offset=1") == [later]

    # Evidence marked above the earlier commitment raises it alone: the talks stay public, the commitment does not.
    secret = parse_marking(BANNERS["can_secret_rel_sdcp"])
    with transaction(module_engine) as session:
        evidence = EvidenceCreate.reference("https://example.org/glacier", "Glacier notes", marking=secret)
        attach_evidence(session, earlier, evidence, actor=ROOT, raise_marking=True)
    for persona in ENABLED:
        expected_mechanism = [earlier, later] if "can_secret_rel_sdcp" in readable(persona) else [later]
        assert listed(clients[persona], mechanism) == expected_mechanism, persona
        assert listed(clients[persona], agreement) == expected_mechanism[:-1], persona
        total = len(expected_mechanism)
        assert f"1–{total} of {total} commitments" in clients[persona].get(mechanism).text, persona
