"""Signing in and staying signed in: the login form and its CSRF protection, server-side sessions and their
cookie, idle and absolute expiry, sign-out, throttling and lockout, bearer tokens, and what an unauthenticated
request gets (401 for a program, the sign-in page for a browser)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, delete, func, insert, select, update

from servanda.access import Person
from servanda.audit.models import AuditEntry
from servanda.settings import SettingsError
from servanda.store import add_person, create_token, disable_person, open_database, revoke_token, transaction
from servanda.store.job_models import Job
from servanda.store.models import utc_now
from servanda.store.web_models import LoginAttempt, WebSession
from servanda.web import create_app
from servanda.web.signin import ADDRESS_FAILURES, FAILURES, WRONG
from web_support import API, app_client, form_token, password, settings, sign_in

ROOT = Person("root", "CAN", "TOP SECRET", "admin", frozenset({"SDCP"}))
KIM = Person("kim", "KOR", "군사Ⅱ급비밀", "analyst", frozenset({"SDCP"}))
LEE = Person("lee", "KOR", "군사Ⅲ급비밀", "reader")


def _people(engine: Engine) -> dict[str, str]:
    """`root`; `kim`, a Korean analyst, with a read-only and a write token; and `lee`, to be disabled. Each has a
    password."""
    with transaction(engine) as session:
        for person in (ROOT, KIM, LEE):
            add_person(
                session,
                username=person.username,
                display_name=person.username.title(),
                nationality=person.nationality,
                clearance=person.clearance,
                role=person.role,
                compartments=person.compartments,
                password=password(person.username),
                actor=None if person is ROOT else ROOT,
            )
        _, read = create_token(session, "kim", scopes=["read"], actor=ROOT)
        _, write = create_token(session, "kim", scopes=["write"], actor=ROOT)
    return {"read": read, "write": write}


# The people are added once per module and backend (a password hash takes a while); each test starts with no
# sessions and no sign-in attempts.
@pytest.fixture(scope="module")
def _local(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Engine, dict[str, str]]]:
    engine = open_database(f"sqlite:///{tmp_path_factory.mktemp('web-auth') / 'web.db'}")
    yield engine, _people(engine)
    engine.dispose()


@pytest.fixture(scope="module")
def _both(module_engine: Engine) -> tuple[Engine, dict[str, str]]:
    return module_engine, _people(module_engine)


def _fresh(engine: Engine) -> None:
    with transaction(engine) as session:
        session.execute(delete(WebSession))
        session.execute(delete(LoginAttempt))


@pytest.fixture
def sqlite_engine(_local: tuple[Engine, dict[str, str]]) -> Engine:
    """A SQLite database with the people, and no sessions or sign-in attempts yet."""
    _fresh(_local[0])
    return _local[0]


@pytest.fixture
def local_tokens(_local: tuple[Engine, dict[str, str]], sqlite_engine: Engine) -> dict[str, str]:
    return _local[1]


@pytest.fixture
def engine(_both: tuple[Engine, dict[str, str]]) -> Engine:
    """The same on each backend under test."""
    _fresh(_both[0])
    return _both[0]


@pytest.fixture
def tokens(_both: tuple[Engine, dict[str, str]], engine: Engine) -> dict[str, str]:
    return _both[1]


def _signed_in(engine: Engine, username: str = "kim") -> TestClient:
    client = app_client(engine)
    assert sign_in(client, username).status_code == 303
    return client


def _count(engine: Engine, condition) -> int:
    with transaction(engine) as session:
        return session.scalar(select(func.count()).select_from(AuditEntry).where(condition)) or 0


def _jobs(engine: Engine) -> int:
    with transaction(engine) as session:
        return session.scalar(select(func.count()).select_from(Job)) or 0


def _sessions(engine: Engine) -> list[WebSession]:
    with transaction(engine) as session:
        return list(session.scalars(select(WebSession).order_by(WebSession.created_at)))


# --- Who is asking ---


def test_an_unauthenticated_api_request_gets_401_with_a_bearer_challenge(sqlite_engine: Engine) -> None:
    answer = app_client(sqlite_engine).get(f"{API}/commitments")
    assert answer.status_code == 401
    assert answer.headers["www-authenticate"].startswith("Bearer")
    assert answer.json()["error"]["code"] == "unauthenticated"
    assert set(answer.json()["error"]) == {"code", "message"}


def test_an_unauthenticated_browser_is_sent_to_the_sign_in_page(sqlite_engine: Engine) -> None:
    client = app_client(sqlite_engine)
    answer = client.get(f"{API}/commitments?area=cyber", headers={"Accept": "text/html"}, follow_redirects=False)
    assert answer.status_code == 303
    assert answer.headers["location"] == "/login?next=/api/v1/commitments%3Farea%3Dcyber"
    page = client.get(answer.headers["location"])
    assert page.status_code == 200 and 'value="/api/v1/commitments?area=cyber"' in page.text
    assert "<title>Sign in · Servanda</title>" in page.text


def test_signing_in_leads_back_to_the_page_asked_for_and_never_off_the_site(sqlite_engine: Engine, local_tokens):
    client = app_client(sqlite_engine)
    assert sign_in(client, "kim", target=f"{API}/me").headers["location"] == f"{API}/me"
    for elsewhere in ("//evil.example/", "https://evil.example/", "/\\evil.example", "javascript:alert(1)"):
        assert sign_in(app_client(sqlite_engine), "kim", target=elsewhere).headers["location"] == "/"


def test_a_session_cookie_is_http_only_strict_and_secure_except_on_plain_http_in_development(
    sqlite_engine: Engine, local_tokens: dict[str, str]
) -> None:
    answer = sign_in(app_client(sqlite_engine), "kim")
    cookie = next(c for c in answer.headers.get_list("set-cookie") if c.startswith("servanda_session="))
    flags = {part.strip().split("=")[0].lower() for part in cookie.split(";")}
    assert {"httponly", "path"} <= flags and "samesite=strict" in cookie.lower() and "secure" not in flags
    assert "max-age" not in flags and "expires" not in flags  # ends with the browser; the server enforces expiry
    over_tls = TestClient(
        create_app(settings(str(sqlite_engine.url)), engine=sqlite_engine), base_url="https://testserver"
    )
    secure = next(c for c in sign_in(over_tls, "kim").headers.get_list("set-cookie") if "servanda_session" in c)
    assert "secure" in secure.lower()
    production = settings(str(sqlite_engine.url), environment="production", secret_key="k" * 48)
    in_production = TestClient(create_app(production, engine=sqlite_engine), base_url="https://testserver")
    answer = sign_in(in_production, "kim")
    assert all("secure" in c.lower() for c in answer.headers.get_list("set-cookie"))
    assert "strict-transport-security" in answer.headers


def test_the_server_keeps_only_a_hash_of_the_session_secret(sqlite_engine: Engine, local_tokens) -> None:
    client = _signed_in(sqlite_engine)
    secret = client.cookies["servanda_session"]
    (row,) = _sessions(sqlite_engine)
    assert row.id != secret and len(row.id) == 64 and secret not in row.id


def test_signing_in_again_rotates_the_session_and_ends_the_old_one(engine: Engine, tokens) -> None:
    client = _signed_in(engine)
    first = client.cookies["servanda_session"]
    assert sign_in(client, "kim").status_code == 303
    second = client.cookies["servanda_session"]
    assert second != first
    old, new = _sessions(engine)
    assert old.revoked_at is not None and new.revoked_at is None
    stale = app_client(engine)
    stale.cookies.set("servanda_session", first)
    assert stale.get(f"{API}/me").status_code == 401
    assert client.get(f"{API}/me").json()["username"] == "kim"


def test_a_session_ends_after_the_idle_timeout(engine: Engine, tokens) -> None:
    client = _signed_in(engine)
    assert client.get(f"{API}/me").status_code == 200
    with transaction(engine) as session:
        session.execute(update(WebSession).values(last_seen_at=utc_now() - timedelta(minutes=31)))
    answer = client.get(f"{API}/me")
    assert answer.status_code == 401
    assert 'servanda_session=""' in answer.headers["set-cookie"]  # the browser is told to forget it


def test_a_request_keeps_a_session_alive_by_moving_its_last_use(sqlite_engine: Engine, local_tokens) -> None:
    client = _signed_in(sqlite_engine)
    with transaction(sqlite_engine) as session:
        session.execute(update(WebSession).values(last_seen_at=utc_now() - timedelta(minutes=29)))
    assert client.get(f"{API}/me").status_code == 200
    (row,) = _sessions(sqlite_engine)
    assert utc_now() - row.last_seen_at < timedelta(minutes=1)


def test_a_session_ends_at_the_absolute_timeout_however_active(engine: Engine, tokens) -> None:
    client = _signed_in(engine)
    (row,) = _sessions(engine)
    assert row.expires_at - row.created_at == timedelta(hours=12)
    with transaction(engine) as session:
        session.execute(update(WebSession).values(expires_at=utc_now() - timedelta(seconds=1), last_seen_at=utc_now()))
    assert client.get(f"{API}/me").status_code == 401


def test_session_lifetimes_come_from_the_settings(sqlite_engine: Engine, local_tokens) -> None:
    client = app_client(sqlite_engine, session_absolute_timeout=timedelta(hours=2))
    assert sign_in(client, "kim").status_code == 303
    (row,) = _sessions(sqlite_engine)
    assert row.expires_at - row.created_at == timedelta(hours=2)
    short = app_client(sqlite_engine, session_idle_timeout=timedelta(minutes=5))
    short.cookies.set("servanda_session", client.cookies["servanda_session"])
    with transaction(sqlite_engine) as session:
        session.execute(update(WebSession).values(last_seen_at=utc_now() - timedelta(minutes=6)))
    assert short.get(f"{API}/me").status_code == 401


def test_signing_out_revokes_the_session(engine: Engine, tokens) -> None:
    client = _signed_in(engine)
    secret = client.cookies["servanda_session"]
    csrf = client.get(f"{API}/me").json()["csrf_token"]
    answer = client.post("/logout", data={"csrf_token": csrf}, follow_redirects=False)
    assert (answer.status_code, answer.headers["location"]) == (303, "/login")
    (row,) = _sessions(engine)
    assert row.revoked_at is not None
    again = app_client(engine)
    again.cookies.set("servanda_session", secret)
    assert again.get(f"{API}/me").status_code == 401
    with transaction(engine) as session:
        last = session.scalars(select(AuditEntry).order_by(AuditEntry.id.desc()).limit(1)).one()
        assert (last.action, last.actor, last.decision) == ("sign-out", "kim", "allow")


def test_a_disabled_persons_session_ends_at_once(sqlite_engine: Engine, local_tokens) -> None:
    client = _signed_in(sqlite_engine, "lee")
    assert client.get(f"{API}/me").status_code == 200
    with transaction(sqlite_engine) as session:
        disable_person(session, "lee", actor=ROOT)
    assert client.get(f"{API}/me").status_code == 401


# --- Cross-site request forgery ---


def test_the_sign_in_form_refuses_a_submission_without_its_token(sqlite_engine: Engine, local_tokens) -> None:
    client = app_client(sqlite_engine)
    client.get("/login")
    forged = {"username": "kim", "password": password("kim"), "csrf_token": "guessed", "next": "/"}
    answer = client.post("/login", data=forged, follow_redirects=False)
    assert answer.status_code == 403 and "servanda_session" not in client.cookies
    other = app_client(sqlite_engine)  # a token from another browser's form does not fit this browser's cookie
    stolen = form_token(other.get("/login").text)
    assert client.post("/login", data={**forged, "csrf_token": stolen}).status_code == 403
    assert not _sessions(sqlite_engine)


def test_a_state_changing_request_with_a_session_needs_its_csrf_token(sqlite_engine: Engine, local_tokens) -> None:
    client = _signed_in(sqlite_engine)
    csrf = client.get(f"{API}/me").json()["csrf_token"]
    body = {"text": "Canada and the Republic of Korea will hold talks on whaling in 2027.\n"}
    queued = _jobs(sqlite_engine)
    refused = client.post(f"{API}/ingest", json=body)
    assert refused.status_code == 403 and refused.json()["error"]["code"] == "forbidden"
    assert client.post(f"{API}/ingest", json=body, headers={"X-CSRF-Token": "not it"}).status_code == 403
    assert _jobs(sqlite_engine) == queued
    assert client.post(f"{API}/ingest", json=body, headers={"X-CSRF-Token": csrf}).status_code == 202
    assert _jobs(sqlite_engine) == queued + 1


def test_a_bearer_token_needs_no_csrf_token(sqlite_engine: Engine, local_tokens: dict[str, str]) -> None:
    client = app_client(sqlite_engine)
    body = {"text": "Canada and the Republic of Korea will hold talks on fisheries in 2027.\n"}
    answer = client.post(f"{API}/ingest", json=body, headers={"Authorization": f"Bearer {local_tokens['write']}"})
    assert answer.status_code == 202


# --- Throttling and lockout ---


def _attempt(client: TestClient, username: str, secret: str):
    return sign_in(client, username, secret)


def test_five_failures_lock_a_username_for_fifteen_minutes_with_the_wrong_password_message(
    engine: Engine, tokens
) -> None:
    client = app_client(engine)
    wrong = _attempt(client, "kim", "not the passphrase")
    assert wrong.status_code == 400 and WRONG in wrong.text
    for _ in range(FAILURES - 1):
        _attempt(client, "kim", "not the passphrase")
    locked = _attempt(client, "kim", password("kim"))  # the right password, refused all the same
    assert (locked.status_code, locked.text) == (wrong.status_code, wrong.text)
    assert "servanda_session" not in client.cookies
    with transaction(engine) as session:
        for attempt in session.scalars(select(LoginAttempt)):
            attempt.at -= timedelta(minutes=16)
    assert _attempt(client, "kim", password("kim")).status_code == 303


def test_a_lockout_does_not_tell_whether_the_account_exists(sqlite_engine: Engine, local_tokens) -> None:
    client = app_client(sqlite_engine)
    answers = {}
    for name in ("kim", "nobody"):
        for _ in range(FAILURES):
            _attempt(client, name, "not the passphrase")
        answers[name] = _attempt(client, name, "not the passphrase")
    assert answers["kim"].status_code == answers["nobody"].status_code == 400
    assert answers["kim"].text.replace("kim", "NAME") == answers["nobody"].text.replace("nobody", "NAME")
    with transaction(sqlite_engine) as session:
        outcomes = session.execute(select(LoginAttempt.username, LoginAttempt.outcome).order_by(LoginAttempt.id))
        assert [o for u, o in outcomes if u == "nobody"] == ["refused"] * FAILURES + ["locked"]


def test_a_success_clears_a_usernames_failures(sqlite_engine: Engine, local_tokens) -> None:
    client = app_client(sqlite_engine)
    for _ in range(FAILURES - 1):
        _attempt(client, "kim", "not the passphrase")
    assert _attempt(client, "kim", password("kim")).status_code == 303
    _attempt(client, "kim", "not the passphrase")
    assert _attempt(client, "kim", password("kim")).status_code == 303


def test_an_address_that_fails_too_often_is_held_off_whatever_name_it_tries(
    sqlite_engine: Engine, local_tokens
) -> None:
    client = app_client(sqlite_engine)
    # The earlier failures from the address, each under another name (checking each password takes a while).
    earlier = [
        {"username": f"guess{i}", "address": "testclient", "at": utc_now(), "success": False, "outcome": "refused"}
        for i in range(ADDRESS_FAILURES - 1)
    ]
    with transaction(sqlite_engine) as session:
        session.execute(insert(LoginAttempt), earlier)
    assert _attempt(client, "guess-last", "not the passphrase").status_code == 400
    held = _attempt(client, "kim", password("kim"))
    assert held.status_code == 429 and int(held.headers["retry-after"]) == 15 * 60
    assert "servanda_session" not in client.cookies


def test_every_sign_in_attempt_is_audited(sqlite_engine: Engine, local_tokens) -> None:
    start = _count(sqlite_engine, AuditEntry.id > 0)
    client = app_client(sqlite_engine)
    _attempt(client, "kim", password("kim"))
    for _ in range(FAILURES + 1):
        _attempt(client, "kim", "not the passphrase")
    with transaction(sqlite_engine) as session:
        entries = session.execute(
            select(AuditEntry.actor, AuditEntry.decision, AuditEntry.reason)
            .where(AuditEntry.action == "sign-in", AuditEntry.id > start)
            .order_by(AuditEntry.id)
        ).all()
        attempts = session.scalar(select(func.count()).select_from(LoginAttempt))
    assert attempts == len(entries) == FAILURES + 2
    assert [e.decision for e in entries] == ["allow"] + ["deny"] * (FAILURES + 1)
    assert entries[-1].reason == "refused unchecked: username locked"


# --- Bearer tokens ---


def test_a_bad_bearer_token_gets_401_saying_the_token_is_invalid(sqlite_engine: Engine, local_tokens) -> None:
    client = app_client(sqlite_engine)
    for token in ("not-a-token", local_tokens["read"] + "x"):
        answer = client.get(f"{API}/me", headers={"Authorization": f"Bearer {token}", "Accept": "text/html"})
        assert answer.status_code == 401
        assert 'error="invalid_token"' in answer.headers["www-authenticate"]
    with transaction(sqlite_engine) as session:
        token_id, token = create_token(session, "kim", scopes=["read"], actor=ROOT)
    assert client.get(f"{API}/me", headers={"Authorization": f"Bearer {token}"}).status_code == 200
    with transaction(sqlite_engine) as session:
        revoke_token(session, token_id, actor=ROOT)
    assert client.get(f"{API}/me", headers={"Authorization": f"Bearer {token}"}).status_code == 401


def test_a_tokens_scope_caps_what_it_may_do(sqlite_engine: Engine, local_tokens: dict[str, str]) -> None:
    client = app_client(sqlite_engine)
    reading = {"Authorization": f"Bearer {local_tokens['read']}"}
    assert client.get(f"{API}/me", headers=reading).json()["role"] == "reader"
    body = {"text": "Canada and the Republic of Korea will hold talks on fisheries in 2027.\n"}
    assert client.post(f"{API}/ingest", json=body, headers=reading).status_code == 403


# --- The application ---


def test_the_app_refuses_to_start_outside_development_with_the_default_secret(sqlite_engine: Engine) -> None:
    with pytest.raises(SettingsError, match="SERVANDA_SECRET_KEY"):
        create_app(settings(str(sqlite_engine.url), environment="production"), engine=sqlite_engine)


def test_every_answer_carries_the_security_headers(sqlite_engine: Engine, local_tokens) -> None:
    client = app_client(sqlite_engine)
    for answer in (client.get("/login"), client.get(f"{API}/me"), client.get(f"{API}/me", headers={"Accept": "x"})):
        headers = answer.headers
        assert headers["x-content-type-options"] == "nosniff"
        assert headers["x-frame-options"] == "DENY"
        assert "frame-ancestors 'none'" in headers["content-security-policy"]
        assert headers["cache-control"] == "no-store"
        assert headers["referrer-policy"] == "no-referrer"


def test_htmx_is_served_from_the_package_with_its_licence(sqlite_engine: Engine) -> None:
    client = app_client(sqlite_engine)
    script = client.get("/static/vendor/htmx-2.0.11.min.js")
    assert script.status_code == 200 and "javascript" in script.headers["content-type"]
    assert "htmx" in script.text[:2000]
    assert "Zero-Clause BSD" in client.get("/static/vendor/htmx-2.0.11.LICENSE").text
    assert "/static/vendor/htmx-2.0.11.min.js" in client.get("/login").text
