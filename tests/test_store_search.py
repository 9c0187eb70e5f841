"""Full-text search on both backends, through the one query filter."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine

from conftest import WRITER, build_statement
from servanda.access import Person, parse_marking
from servanda.store import save_document, transaction
from servanda.store.search import search_commitments, search_documents, search_terms

READER = Person("una", "CAN", "UNCLASSIFIED", "reader")


@pytest.fixture
def stored(engine: Engine) -> Engine:
    public = build_statement(
        {"quote": "We will hold the inaugural Cyber Policy Consultations in March 2026.", "area": "cyber"},
        {
            "quote": "We commit to deepening cooperation on critical minerals supply chains.",
            "area": "economic-security",
        },
        title="Public statement",
    )
    secret = build_statement(
        {"quote": "We will exchange cyber threat indicators through a classified channel.", "area": "cyber"},
        title="Classified note",
    )
    with transaction(engine) as session:
        save_document(session, *public, actor=WRITER)
        save_document(session, *secret, marking=parse_marking("CAN SECRET//REL TO CAN, KOR"), actor=WRITER)
    return engine


def test_commitments_are_found_by_their_words_best_first(stored: Engine) -> None:
    with transaction(stored) as session:
        page = search_commitments(session, "cyber consultations", viewer=WRITER)
        assert page.total == 1
        assert "[Cyber]" in page.hits[0].snippet or "[cyber]" in page.hits[0].snippet.lower()
        words = search_commitments(session, "cyber", viewer=WRITER)
        assert words.total == 2
        assert words.hits[0].rank >= words.hits[1].rank


def test_a_record_the_viewer_may_not_read_is_never_a_hit_nor_counted(stored: Engine) -> None:
    with transaction(stored) as session:
        page = search_commitments(session, "cyber", viewer=READER)
        assert page.total == 1 and len(page.hits) == 1
        assert search_commitments(session, "classified channel", viewer=READER).total == 0
        assert search_documents(session, "classified", viewer=READER).total == 0
        assert search_documents(session, "classified", viewer=WRITER).total == 1


def test_search_filters_narrow_like_the_commitment_list(stored: Engine) -> None:
    with transaction(stored) as session:
        assert search_commitments(session, "cooperation", viewer=WRITER, area="economic-security").total == 1
        assert search_commitments(session, "cooperation", viewer=WRITER, area="cyber").total == 0


def test_words_are_matched_as_prefixes(stored: Engine) -> None:
    with transaction(stored) as session:
        assert search_commitments(session, "miner", viewer=WRITER).total == 1


@pytest.mark.parametrize("query", ['"unbalanced', "cyber OR", "NEAR(cyber", "* -- ;", "cyber) AND (", "'; DROP TABLE"])
def test_query_syntax_typed_by_a_person_is_searched_as_words(stored: Engine, query: str) -> None:
    with transaction(stored) as session:
        search_commitments(session, query, viewer=WRITER)  # must not raise
        search_documents(session, query, viewer=WRITER)


def test_an_empty_query_finds_nothing(stored: Engine) -> None:
    with transaction(stored) as session:
        assert search_commitments(session, "  --  ", viewer=WRITER).total == 0
    assert search_terms('cyber "policy" (consultations)') == ["cyber", "policy", "consultations"]
