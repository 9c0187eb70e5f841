"""The query filter where records meet: shared mechanisms and agreements, SHA-256 prefixes, and sessions that
already hold records loaded for someone else."""

from __future__ import annotations

import dataclasses

import pytest
from sqlalchemy import Engine

from conftest import WRITER
from servanda.access import Person, parse_marking
from servanda.errors import StoreError
from servanda.extract.model import Mechanism
from servanda.store import (
    document_summary,
    get_commitment,
    get_document,
    list_commitments,
    save_document,
)
from servanda.store.engine import session_factory, transaction

SECRET = parse_marking("CAN SECRET//REL TO CAN, KOR")
UNCLEARED = Person("uncleared", "CAN", "UNCLASSIFIED", "reader")
CLEARED = Person("cleared", "CAN", "SECRET", "reader")
TALKS = (Mechanism("Strategic Policy Talks", status="planned"),)


@pytest.fixture
def shared(engine: Engine, make_statement) -> dict[str, int]:
    """A public and a SECRET statement that name the same mechanism and agreement."""
    named = {"mechanisms": ("Strategic Policy Talks",), "agreements": ("Action Plan",)}
    ids = {}
    with transaction(engine) as session:
        for title, marking in (("Public", None), ("Secret", SECRET)):
            statement = make_statement({"quote": f"{title}: we will talk.", **named}, title=title, mechanisms=TALKS)
            extra = {"marking": marking} if marking else {}
            ids[title] = save_document(session, *statement, actor=WRITER, **extra).document_id
    return ids


def _names(commitments) -> list[tuple[str, tuple[str, ...], tuple[str, ...]]]:
    return [(c.quote, c.mechanism_names, c.agreement_names) for c in commitments]


def test_a_shared_record_raised_by_marked_content_is_hidden_from_those_who_may_not_read_it(
    engine: Engine, shared
) -> None:
    with session_factory(engine, readonly=True)() as session:
        assert _names(list_commitments(session, viewer=UNCLEARED)) == [("Public: we will talk.", (), ())]
        summary = document_summary(session, shared["Public"], viewer=UNCLEARED)
        assert (summary.mechanisms, summary.agreements) == ([], [])
        document = get_document(session, shared["Public"], viewer=UNCLEARED)
        assert (document.mechanism_mentions, document.commitments[0].mechanism_links) == ([], [])
    with session_factory(engine, readonly=True)() as session:
        summary = document_summary(session, shared["Public"], viewer=CLEARED)
        assert [m.mechanism.name for m in summary.mechanisms] == ["Strategic Policy Talks"]
        seen = _names(list_commitments(session, viewer=CLEARED))
        assert seen == [
            ("Public: we will talk.", ("Strategic Policy Talks",), ("Action Plan",)),
            ("Secret: we will talk.", ("Strategic Policy Talks",), ("Action Plan",)),
        ]


@pytest.mark.parametrize("readonly", [True, False], ids=["read-session", "write-session"])
def test_records_loaded_for_one_viewer_are_not_shown_to_the_next(engine: Engine, shared, readonly: bool) -> None:
    with session_factory(engine, readonly=readonly)() as session:
        for viewer in (CLEARED, UNCLEARED, CLEARED, UNCLEARED):
            listed = list_commitments(session, viewer=viewer)
            public = get_document(session, shared["Public"], viewer=viewer)
            names = [m.mechanism.name for m in public.mechanism_mentions]
            if viewer is CLEARED:
                assert (len(listed), names) == (2, ["Strategic Policy Talks"])
            else:
                assert _names(listed) == [("Public: we will talk.", (), ())]
                assert names == []
                assert get_commitment(session, listed[0].id, viewer=viewer).mechanism_names == ()
                assert get_document(session, shared["Secret"], viewer=viewer) is None


def test_what_a_writer_just_stored_is_filtered_for_a_reader_in_the_same_session(engine: Engine, make_statement) -> None:
    named = {"mechanisms": ("Strategic Policy Talks",)}
    with transaction(engine) as session:
        public_statement = make_statement({"quote": "Public.", **named}, title="P", mechanisms=TALKS)
        public = save_document(session, *public_statement, actor=WRITER)
        secret_statement = make_statement({"quote": "Secret.", **named}, title="S", mechanisms=TALKS)
        save_document(session, *secret_statement, marking=SECRET, actor=WRITER)
        document = get_document(session, public.document_id, viewer=UNCLEARED)
        assert document.mechanism_mentions == []
        assert _names(list_commitments(session, viewer=UNCLEARED)) == [("Public.", (), ())]


def test_a_sha256_prefix_shared_with_a_forbidden_document_is_not_ambiguous(engine: Engine, make_statement) -> None:
    with transaction(engine) as session:
        for n, marking in ((1, None), (2, SECRET)):
            document, extraction = make_statement({"quote": f"We will act, {n}."}, title=f"Statement {n}")
            document = dataclasses.replace(document, sha256=f"abcd{n}" + "0" * 59)
            save_document(session, document, extraction, actor=WRITER, **({"marking": marking} if marking else {}))
    with session_factory(engine, readonly=True)() as session:
        assert get_document(session, "abcd", viewer=UNCLEARED).title == "Statement 1"
        assert get_document(session, "abcd2", viewer=UNCLEARED) is None
        with pytest.raises(StoreError, match="matches several documents"):
            get_document(session, "abcd", viewer=CLEARED)


def test_ids_beyond_any_key_are_simply_not_found(engine: Engine, shared) -> None:
    with session_factory(engine, readonly=True)() as session:
        assert get_document(session, 2**40, viewer=CLEARED) is None
        assert get_document(session, str(2**40), viewer=CLEARED) is None
        assert get_commitment(session, 2**40, viewer=CLEARED) is None
        assert document_summary(session, -1, viewer=CLEARED) is None
