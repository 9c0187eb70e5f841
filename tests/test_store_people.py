"""People, organisations, passwords and API tokens: who may add them, what is kept, and who is let in."""

from __future__ import annotations

import hashlib
from datetime import timedelta

import pytest
from sqlalchemy import Engine, func, select, text

from servanda.access import PUBLIC, Person, decide
from servanda.audit import AuditEntry
from servanda.store import (
    AccessDenied,
    PasswordError,
    PersonError,
    add_organisation,
    add_person,
    create_token,
    disable_person,
    get_person,
    list_commitments,
    list_people,
    person_value,
    revoke_token,
    save_document,
    set_password,
    verify_password,
    verify_token,
)
from servanda.store.accounts import ApiToken, PersonRecord
from servanda.store.engine import session_factory, transaction
from servanda.store.models import utc_now

PASSWORD = "correct horse battery staple"


@pytest.fixture
def admin(engine: Engine) -> Person:
    """The first person of the database, added without an actor."""
    with transaction(engine) as session:
        row = add_person(
            session,
            username="Root",
            display_name="Root Admin",
            nationality="KOR",
            clearance="Ⅱ급",
            role="admin",
            compartments=["sdcp"],
            actor=None,
        )
        return person_value(row)


def _add(engine: Engine, actor: Person, username: str, **fields) -> Person:
    values = {"display_name": username, "nationality": "CAN", "clearance": "SECRET", "role": "analyst", **fields}
    with transaction(engine) as session:
        return person_value(add_person(session, username=username, actor=actor, **values))


def _count(engine: Engine, table: str) -> int:
    with engine.connect() as connection:
        return connection.scalar(text(f"SELECT count(*) FROM {table}"))


def test_the_first_person_is_added_without_an_actor_and_stored_canonically(engine: Engine, admin: Person) -> None:
    assert admin == Person("root", "KOR", "군사Ⅱ급비밀", "admin", frozenset({"SDCP"}))
    with session_factory(engine)() as session:
        entry = session.scalars(select(AuditEntry)).one()
    assert (entry.actor, entry.action, entry.decision, entry.detail["username"]) == (
        "system",
        "add-person",
        "allow",
        "root",
    )


def test_only_the_first_person_may_be_added_without_an_actor(engine: Engine, admin: Person) -> None:
    with pytest.raises(AccessDenied, match="only the first person"), transaction(engine) as session:
        add_person(session, username="eve", display_name="Eve", nationality="CAN", clearance="SECRET", actor=None)
    assert _count(engine, "person") == 1
    with session_factory(engine)() as session:
        denial = session.scalars(select(AuditEntry).where(AuditEntry.decision == "deny")).one()
    assert (denial.actor, denial.action) == ("system", "add-person")


def test_the_first_person_must_be_an_admin(engine: Engine) -> None:
    with pytest.raises(PersonError, match="must be an admin"), transaction(engine) as session:
        add_person(session, username="ann", display_name="Ann", nationality="CAN", clearance="SECRET", actor=None)
    assert _count(engine, "person") == 0


INVALID = [
    ({"nationality": "JPN"}, "no marking scheme is defined for nationality 'JPN'"),
    ({"clearance": "군사Ⅱ급비밀"}, "is not a level of the CAN scheme"),
    ({"role": "superuser"}, "a role is one of reader, analyst, admin"),
    ({"compartments": ["no such"]}, "is not a compartment name"),
    ({"username": "a b"}, "is not a username"),
    ({"username": "system"}, "is not a username"),
    ({"organisation": "Nowhere"}, "no organisation called 'Nowhere'"),
    ({"password": "short"}, "a password has 8 to 1024 characters"),
]


def test_people_are_checked_against_the_schemes_and_roles(engine: Engine, admin: Person) -> None:
    for fields, message in INVALID:
        given = dict(fields)
        with pytest.raises((PersonError, PasswordError), match=message):
            _add(engine, admin, given.pop("username", "ben"), **given)
    assert _count(engine, "person") == 1


def test_a_username_is_taken_once(engine: Engine, admin: Person) -> None:
    _add(engine, admin, "ben")
    with pytest.raises(PersonError, match="a person of that name exists"):
        _add(engine, admin, "Ben")


def test_only_admins_add_people_and_a_refusal_is_audited(engine: Engine, admin: Person) -> None:
    analyst = _add(engine, admin, "ben")
    with pytest.raises(AccessDenied, match=r"^cannot add person: an analyst may not administer"):
        _add(engine, analyst, "carl")
    with pytest.raises(AccessDenied), transaction(engine) as session:
        list_people(session, actor=analyst)
    assert _count(engine, "person") == 2
    with session_factory(engine)() as session:
        denials = session.scalars(select(AuditEntry).where(AuditEntry.decision == "deny")).all()
        assert [(e.actor, e.action) for e in denials] == [("ben", "add-person"), ("ben", "list-people")]
        assert [p.username for p in list_people(session, actor=admin)] == ["ben", "root"]


def test_organisations_attribute_people(engine: Engine, admin: Person) -> None:
    with transaction(engine) as session:
        add_organisation(session, name="Department of National Defence", kind="department", party="CAN", actor=admin)
    _add(engine, admin, "ben", organisation="Department of National Defence")
    with session_factory(engine)() as session:
        assert get_person(session, "ben").organisation.party == "CAN"
    with pytest.raises(PersonError, match="an organisation is one of"), transaction(engine) as session:
        add_organisation(session, name="Club", kind="club", party="CAN", actor=admin)


def test_passwords_are_argon2id_hashes_and_are_checked(engine: Engine, admin: Person) -> None:
    with transaction(engine) as session:
        assert verify_password(session, "root", "") is None  # no password yet
        set_password(session, "root", PASSWORD, actor=admin)
    with session_factory(engine)() as session:
        stored = get_person(session, "root").password_hash
    assert stored.startswith("$argon2id$") and PASSWORD not in stored
    with transaction(engine) as session:
        assert verify_password(session, "root", PASSWORD) == admin
        assert verify_password(session, "ROOT ", PASSWORD) == admin
        assert verify_password(session, "root", PASSWORD + "!") is None
        assert verify_password(session, "nobody", PASSWORD) is None
    with transaction(engine) as session:
        set_password(session, "root", "a new passphrase", actor=admin)
    with transaction(engine) as session:
        assert verify_password(session, "root", PASSWORD) is None
        assert verify_password(session, "root", "a new passphrase") == admin
    with session_factory(engine)() as session:
        sign_ins = session.scalars(select(AuditEntry).where(AuditEntry.action == "sign-in")).all()
    assert [(e.actor, e.decision) for e in sign_ins] == [
        ("root", "deny"),
        ("root", "allow"),
        ("root", "allow"),
        ("root", "deny"),
        ("nobody", "deny"),
        ("root", "deny"),
        ("root", "allow"),
    ]
    assert all(PASSWORD not in str(e.detail) and PASSWORD not in e.reason for e in sign_ins)


def test_a_disabled_person_can_do_nothing(engine: Engine, admin: Person, make_statement) -> None:
    _add(engine, admin, "ben", role="admin", password=PASSWORD)
    with transaction(engine) as session:
        save_document(session, *make_statement({"quote": "We will."}), actor=admin)
        disable_person(session, "ben", actor=admin)
    with transaction(engine) as session:
        ben = person_value(get_person(session, "ben"))
        assert verify_password(session, "ben", PASSWORD) is None
    assert ben.disabled
    assert not any(decide(ben, action, PUBLIC) for action in ("read", "create", "administer"))
    with session_factory(engine, readonly=True)() as session:
        assert list_commitments(session, viewer=ben) == []
    with pytest.raises(AccessDenied, match="disabled"):
        _add(engine, ben, "carl")


def test_the_last_admin_cannot_be_disabled(engine: Engine, admin: Person) -> None:
    with pytest.raises(PersonError, match="no other admin would be left"), transaction(engine) as session:
        disable_person(session, "root", actor=admin)


def test_tokens_are_shown_once_and_kept_only_as_hashes(engine: Engine, admin: Person) -> None:
    _add(engine, admin, "ben")
    with transaction(engine) as session:
        token_id, secret = create_token(session, "ben", scopes=["read", "write"], actor=admin)
    assert len(secret) >= 43  # 32 random bytes, URL-safe base64
    with engine.connect() as connection:
        rows = connection.execute(text("SELECT * FROM api_token")).mappings().all()
    assert len(rows) == 1
    assert all(secret not in str(value) for value in rows[0].values())
    assert rows[0]["token_hash"] == hashlib.sha256(secret.encode()).hexdigest()
    assert rows[0]["prefix"] == secret[:8]
    with transaction(engine) as session:
        assert verify_token(session, secret) == Person("ben", "CAN", "SECRET", "analyst")
        assert session.get(ApiToken, token_id).last_used_at is not None


def test_a_token_acts_with_the_lesser_of_its_scopes_and_its_persons_role(engine: Engine, admin: Person) -> None:
    cases = [("admin", ["read"], "reader"), ("admin", ["write"], "analyst"), ("reader", ["admin", "read"], "reader")]
    for n, (role, scopes, acts_as) in enumerate(cases):
        _add(engine, admin, f"user{n}", role=role)
        with transaction(engine) as session:
            _, secret = create_token(session, f"user{n}", scopes=scopes, actor=admin)
        with transaction(engine) as session:
            assert verify_token(session, secret).role == acts_as, (role, scopes)


def test_expired_revoked_unknown_and_disabled_tokens_let_no_one_in(engine: Engine, admin: Person) -> None:
    _add(engine, admin, "ben", role="admin")
    with transaction(engine) as session:
        expired_id, expired = create_token(session, "ben", lifetime=timedelta(days=1), actor=admin)
        revoked_id, revoked = create_token(session, "ben", actor=admin)
        _, disabled = create_token(session, "ben", actor=admin)
        revoke_token(session, revoked_id, actor=admin)
    with transaction(engine) as session:
        session.get(ApiToken, expired_id).expires_at = utc_now() - timedelta(seconds=1)
    with transaction(engine) as session:
        assert verify_token(session, disabled) is not None
        disable_person(session, "ben", actor=admin)
    with transaction(engine) as session:
        for secret in (expired, revoked, disabled, disabled[:8] + "x" * 35, "nonsense"):
            assert verify_token(session, secret) is None
    with session_factory(engine)() as session:
        reasons = session.scalars(select(AuditEntry.reason).where(AuditEntry.action == "authenticate")).all()
    assert reasons == ["expired token", "revoked token", "account disabled", "unknown token", "unknown token"]


def test_token_scopes_and_lifetimes_are_checked(engine: Engine, admin: Person) -> None:
    for fields, message in (
        ({"scopes": ["delete"]}, "scopes are some of read, write, admin"),
        ({"scopes": []}, "scopes are some of"),
        ({"lifetime": timedelta(days=400)}, "at most 366 days"),
    ):
        with pytest.raises(PersonError, match=message), transaction(engine) as session:
            create_token(session, "root", actor=admin, **fields)
    with session_factory(engine)() as session:
        assert session.scalar(select(func.count()).select_from(ApiToken)) == 0
        assert session.scalar(select(func.count()).select_from(PersonRecord)) == 1
