"""`servanda demo`: on a fresh database, a local operator and the personas of the golden matrix; the founding
statement and three fictional marked notes, stored once; then a summary, and who sees what."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from servanda.cli import options
from servanda.cli.database import opened, read_session, shown_url
from servanda.cli.errors import CommandError
from servanda.cli.ingest import store_statement
from servanda.cli.output import line, plural

if TYPE_CHECKING:
    from sqlalchemy import Engine

    from servanda.access import Person
    from servanda.demo import DemoPerson
    from servanda.store import SaveResult


def demo(db: options.Database = None) -> None:
    """Store the Canada-ROK 2+2 statement and marked notes, with an operator and personas; summarise them."""
    from servanda.access import PUBLIC, parse_marking
    from servanda.cli.markings import MarkingsShown
    from servanda.cli.people_views import cast_table
    from servanda.cli.views import demo_view, display
    from servanda.demo import STATEMENT, bundled_bytes, notes, statement_bytes
    from servanda.ingest import read_bytes
    from servanda.store import count_commitments, count_documents, document_summary, list_commitments

    statement = read_bytes(statement_bytes(), name=STATEMENT, origin=f"servanda/demo/{STATEMENT}")
    with opened(db) as engine:
        operator, cast, created = _cast(engine)
        if created:
            line(f"created {' and '.join(created)}")
        result, _ = store_statement(engine, statement, marking=PUBLIC, actor=operator)
        marked: list[SaveResult] = []
        for note in notes():
            document = read_bytes(
                bundled_bytes(note.file), name=note.file, origin=f"servanda/demo/{note.file}", issuers=note.issuers
            )
            marked.append(store_statement(engine, document, marking=parse_marking(note.marking), actor=operator)[0])
        where = shown_url(engine)
        if result.created:
            line(f"stored the demo statement → document {result.document_id} in {where}")
        else:
            line(f"already stored the demo statement (document {result.document_id} in {where})")
        ids = ", ".join(str(r.document_id) for r in marked)
        if any(r.created for r in marked):
            line(f"stored {plural(len(marked), 'fictional marked note')} → documents {ids}")
        else:
            line(f"already stored the {plural(len(marked), 'fictional marked note')} (documents {ids})")
        with read_session(engine) as session:
            summary = document_summary(session, result.document_id, viewer=operator)
            assert summary is not None, "the statement was stored a moment ago"
            commitments = list_commitments(
                session, viewer=operator, document_id=result.document_id, limit=summary.commitments
            )
            display(demo_view(summary, commitments, MarkingsShown(operator)))
            seen = [(p, count_documents(session, viewer=p), count_commitments(session, viewer=p)) for p in cast]
            display(cast_table(seen))
            sdcp = list_commitments(session, viewer=operator, document_id=marked[0].document_id, limit=1)
    line(f"next: export SERVANDA_USER={operator.username}, then servanda list · servanda show ID · servanda export")
    if sdcp:
        shown = sdcp[0].id
        line(
            f"try: servanda documents --as kor_analyst_iii · servanda show {shown} --as kor_admin_ii, then --as no_sdcp"
        )


def _cast(engine: Engine) -> tuple[Person, list[Person], list[str]]:
    """The operator, everyone the demo acts as or shows, and what was created now: the operator, on a fresh
    database, and any persona that is missing."""
    from servanda.cli.acting import people_count
    from servanda.cli.people_views import describe
    from servanda.demo import operator, personas
    from servanda.store import add_person, get_person, person_value, transaction

    wanted = operator()
    created: list[str] = []
    with transaction(engine) as session:
        row = get_person(session, wanted.username)
        if row is None and people_count(session):
            raise CommandError(
                f"servanda demo acts as its local operator {wanted.username!r}, whom this database does not have: "
                "run it on a fresh database"
            )
        if row is None:
            row = add_person(session, **_fields(wanted), actor=None)
            created.append(f"the local operator {row.username!r} ({describe(person_value(row))})")
        if row.disabled:
            raise CommandError(f"{row.username}'s account is disabled")
        acting = person_value(row)
        cast = [acting]
        added = 0
        for persona in personas():
            found = get_person(session, persona.username)
            if found is None:
                found = add_person(session, **_fields(persona), actor=acting)
                added += 1
            cast.append(person_value(found))
    if added:
        created.append(plural(added, "demo persona"))
    return acting, cast, created


def _fields(person: DemoPerson) -> dict[str, Any]:
    return {
        "username": person.username,
        "display_name": person.name,
        "nationality": person.nationality,
        "clearance": person.clearance,
        "role": person.role,
        "compartments": person.compartments,
    }
