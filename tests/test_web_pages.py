"""The HTML pages through the in-process client, on SQLite and PostgreSQL, over the web tests' world (one pair of
statements per marking of the golden matrix, each about a topic word of its own, such as "glacier"): every page
is in the matrix; each shows a record exactly where the persona may read it and answers a forbidden record with
the same 404 page as a missing one; lists hold exactly what may be read; the commitment list pages and filters;
forms carry the CSRF token and write exactly where `create` is ok; every page carries its marking banner, names
parties by name and dates in ISO 8601."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from fastapi.routing import APIRoute
from sqlalchemy import Engine

from authorisation_matrix import matrix
from servanda.access import equivalent_banner, parse_marking
from servanda.web import pages
from web_support import (
    BANNERS,
    ENABLED,
    PARTIES,
    TOPICS,
    Client,
    Records,
    add_people,
    app_client,
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
    """Each enabled persona and `root`, signed in through the sign-in form once for the module."""
    return {name: session_client(module_engine, name) for name in [*ENABLED, "root"]}


def _topics(html: str) -> set[str]:
    """The markings whose topic word the page shows."""
    return {name for name, topic in TOPICS.items() if re.search(rf"\b{topic}\b", html, re.IGNORECASE)}


def _without(text: str, number: int) -> str:
    """The page's main content, with the record's number blanked (the rest holds the session's CSRF token)."""
    main = text[text.index("<main") : text.index("</main>")]
    return re.sub(rf"\b{number}\b", "ID", main)


def _routes(routes: list) -> set[str]:
    """`METHOD PATH` of every route, looking into included routers."""
    found = set()
    for route in routes:
        if isinstance(route, APIRoute):
            found |= {f"{method} {route.path}" for method in route.methods}
        elif hasattr(route, "original_router"):
            found |= _routes(route.original_router.routes)
    return found


def test_every_page_is_in_the_matrix_with_an_action() -> None:
    assert _routes(pages.router.routes) == set(PAGES), (
        "add each page to `pages:` in tests/data/authorisation_matrix.yaml"
    )
    assert set(PAGES.values()) <= {"none", "read", "create", "update", "attach"}


def test_a_browser_that_is_not_signed_in_is_sent_to_the_sign_in_page(module_engine: Engine) -> None:
    http = app_client(module_engine)
    for route in PAGES:
        method, path = route.split(" ", 1)
        if method != "GET":
            continue
        answer = http.get(
            path.replace("{", "").replace("}", "").replace("_id", "1"),
            follow_redirects=False,
            headers={"Accept": "text/html"},
        )
        assert answer.status_code == 303, route
        assert answer.headers["location"].startswith("/login?next="), route


BY_ID: dict[str, Callable[[Records], str]] = {
    "GET /documents/{document_id}": lambda r: f"/documents/{r.documents[0]}",
    "GET /commitments/{commitment_id}": lambda r: f"/commitments/{r.commitments[0]}",
    "GET /mechanisms/{mechanism_id}": lambda r: f"/mechanisms/{r.mechanism}",
    "GET /agreements/{agreement_id}": lambda r: f"/agreements/{r.agreement}",
}
# Each list, at a path that reaches every marking's records, shows the topic words of exactly what may be read.
LISTS = {
    "GET /": "/",
    "GET /documents": "/documents?limit=500",
    "GET /commitments": "/commitments?limit=500",
    "GET /search": "/search?q=monitoring&limit=500",
    "GET /calendar": "/calendar?month=2026-06",
    "GET /mechanisms": "/mechanisms?limit=500",
    "GET /agreements": "/agreements?limit=500",
    "GET /report": "/report?as_of=2026-05-01",
}


def test_every_read_page_has_a_check() -> None:
    # The ingest pages (uploads and drafts, which their uploader owns) are checked by the ingest tests.
    reads = {route for route, action in PAGES.items() if action == "read" and " /ingest" not in route}
    assert reads == set(BY_ID) | set(LISTS)


@pytest.mark.parametrize("persona", ENABLED)
def test_a_record_page_shows_it_exactly_where_read_is_ok(
    persona: str, clients: dict[str, Client], world: dict[str, Records]
) -> None:
    client, allowed = clients[persona], readable(persona)
    for route, path_of in BY_ID.items():
        missing = client.get(path_of(NOWHERE))
        assert missing.status_code == 404 and "Not found" in missing.text, route
        for name, records in world.items():
            path = path_of(records)
            answer = client.get(path)
            if name in allowed:
                assert answer.status_code == 200, f"{persona} {path} {name}"
                assert TOPICS[name] in answer.text.lower(), f"{persona} {path}"
                banner = parse_marking(BANNERS[name]).banner
                assert banner in answer.text, f"{persona} {path}: its marking's banner"
            else:
                # A forbidden record answers exactly like a missing one: the same status and the same page.
                assert answer.status_code == 404, f"{persona} {path} {name}"
                number = int(path.rsplit("/", 1)[1])
                assert _without(answer.text, number) == _without(missing.text, MISSING), f"{persona} {path}"


@pytest.mark.parametrize("persona", ENABLED)
def test_lists_show_exactly_what_read_allows(persona: str, clients: dict[str, Client]) -> None:
    client, allowed = clients[persona], readable(persona)
    for route, path in LISTS.items():
        answer = client.get(path)
        assert answer.status_code == 200, f"{persona} {path}: {answer.text[:300]}"
        if route == "GET /":  # the dashboard lists only the latest statements: none it may not read
            assert _topics(answer.text) <= allowed and _topics(answer.text), persona
        else:
            assert _topics(answer.text) == allowed, f"{persona} {path}"


def test_the_commitment_list_pages_through_every_commitment(clients: dict[str, Client]) -> None:
    root = clients["root"]
    total = 2 * len(BANNERS)
    seen: list[str] = []
    path: str | None = "/commitments?limit=7"
    while path is not None:
        page = root.get(path).text
        seen += re.findall(r'<td class="num">(\d+)</td>\s*<td><a href="/commitments/\1"', page)
        following = re.search(r'<a href="([^"]+)" rel="next">', page)
        path = following.group(1).replace("&amp;", "&") if following else None
    assert len(seen) == len(set(seen)) == total
    last = root.get(f"/commitments?limit=7&offset={total - 6}").text
    assert f"{total - 5}–{total} of {total} commitments" in last and 'rel="next"' not in last
    assert 'rel="prev"' in last


def test_the_commitment_list_filters_by_area_strength_party_status_and_due_range(clients: dict[str, Client]) -> None:
    root = clients["root"]
    count = re.compile(r"of (\d+) commitments")

    def shown(query: str) -> int:
        page = root.get(f"/commitments?{query}").text
        found = count.search(page)
        return int(found.group(1)) if found else 0

    n = len(BANNERS)
    assert shown("strength=reaffirmed") == n
    assert shown("area=science&status=in-progress") == n  # each earlier commitment was assessed
    assert shown("status=not-assessed") == n
    assert shown("due_before=2026-07-01") == n and shown("due_after=2026-07-01") == n
    assert shown("actor=NOR") == 2 and shown("actor=NOR&strength=firm") == 1
    assert shown("area=cyber") == 0
    mistaken = root.get("/commitments?area=nonsense&due_after=soon")
    assert mistaken.status_code == 200 and f"of {2 * n} commitments" in mistaken.text
    assert "area: &#39;nonsense&#39; is not one of the choices" in mistaken.text
    assert "due after: &#39;soon&#39; is not a date" in mistaken.text


def test_search_finds_words_and_applies_the_filters(clients: dict[str, Client]) -> None:
    root = clients["root"]
    found = root.get("/search?q=kelp").text
    assert _topics(found) == {"can_secret_rel_sdcp"} and "<mark>" in found
    filtered = root.get("/search?q=monitoring&strength=firm&limit=500").text
    assert len(re.findall(r'href="/commitments/\d+">Commitment', filtered)) == len(BANNERS)
    assert "Type the words" in root.get("/search").text


def test_pages_name_parties_carry_the_viewers_equivalent_and_iso_dates(
    clients: dict[str, Client], world: dict[str, Records]
) -> None:
    korean = clients["kor_admin_ii"]
    page = korean.get(f"/documents/{world['can_secret_rel_sdcp'].documents[0]}").text
    equivalent = equivalent_banner(parse_marking(BANNERS["can_secret_rel_sdcp"]), "KOR")
    assert equivalent and equivalent != BANNERS["can_secret_rel_sdcp"]
    assert f"· for you: {equivalent}" in page, "the page banner gives the viewer's national equivalent"
    assert PARTIES["can_secret_rel_sdcp"][1] in page, "parties are named by name"
    assert '<time datetime="2026-01-15">2026-01-15</time>' in page
    assert "<title>Statement on kelp monitoring · Servanda</title>" in page
    assert '<a class="skip-link" href="#main">' in page


def test_every_form_carries_the_sessions_csrf_token(clients: dict[str, Client], world: dict[str, Records]) -> None:
    root = clients["root"]
    records = world["public"]
    for path in (f"/commitments/{records.commitments[0]}", "/", "/commitments", "/report", "/calendar"):
        page = root.get(path).text
        for form in re.findall(r'<form method="post".*?</form>', page, re.DOTALL):
            assert f'name="csrf_token" value="{root.csrf}"' in form, f"{path}: {form[:120]}"
    assert len(re.findall(r'<form method="post"', root.get(f"/commitments/{records.commitments[0]}").text)) >= 2


def _assessment(client: Client, commitment_id: int, **fields: str):
    """Submit the assessment form, with the version the API gives (a reader's page shows no form to copy it from)."""
    version = client.get(f"/api/v1/commitments/{commitment_id}").headers.get("etag", "")
    data = {
        "csrf_token": client.csrf or "",
        "version": version,
        "status": "in-progress",
        "as_of": "2026-03-02",
        "rationale": "Preparations continue, as the notice says.",
        "url": "https://example.org/notice",
        "title": "A notice",
        **fields,
    }
    return client.http.post(f"/commitments/{commitment_id}/assessments", data=data, follow_redirects=False)


@pytest.mark.parametrize("persona", ENABLED)
def test_an_assessment_form_records_exactly_where_create_is_ok(
    persona: str, clients: dict[str, Client], world: dict[str, Records]
) -> None:
    client = clients[persona]
    for name, records in world.items():
        commitment_id = records.commitments[0]
        answer = _assessment(client, commitment_id)
        if name in creatable(persona):
            assert answer.status_code == 303, f"{persona} {name}: {answer.text[:300]}"
            shown = client.get(answer.headers["location"]).text
            assert "recorded" in shown and "A notice" in shown
        elif name in readable(persona):
            assert answer.status_code == 403, f"{persona} {name}"
        else:
            assert answer.status_code == 404, f"{persona} {name}"


def test_an_assessment_changes_the_status_and_a_stale_form_writes_nothing(
    clients: dict[str, Client], world: dict[str, Records]
) -> None:
    root = clients["root"]
    commitment_id = world["public"].commitments[1]
    assert "not assessed" in root.get(f"/commitments/{commitment_id}").text
    stale = _assessment(root, commitment_id, version='"stale"', status="delivered", as_of="2026-04-01")
    assert stale.status_code == 412 and "nothing was written" in stale.text
    assert "A notice" in stale.text, "what was entered is kept"
    done = _assessment(root, commitment_id, status="delivered", as_of="2026-04-01")
    assert done.status_code == 303
    page = root.get(done.headers["location"]).text
    assert "Its status is now <strong>delivered</strong>" in page
    without_token = root.http.post(f"/commitments/{commitment_id}/assessments", data={"status": "delivered"})
    assert without_token.status_code == 403


def test_proposed_evidence_is_rejected_from_the_page_only_by_those_who_may(
    clients: dict[str, Client], world: dict[str, Records]
) -> None:
    proposal = world["can_secret_rel_sdcp"].proposals[0]

    def reject(persona: str):
        client = clients[persona]
        data = {"csrf_token": client.csrf or "", "reason": "not the same talks"}
        return client.http.post(f"/proposals/{proposal}/reject", data=data, follow_redirects=False)

    assert reject("uncleared").status_code == 404  # may not read it: as if there were none
    assert reject("can_reader_secret").status_code == 403  # may read it, not decide on it
    decided = reject("root")
    assert decided.status_code == 303
    assert "<strong>rejected</strong> by root" in clients["root"].get(decided.headers["location"]).text
