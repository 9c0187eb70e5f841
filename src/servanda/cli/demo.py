"""`servanda demo`: on a fresh database, a local operator and the personas of the golden matrix; the Canada-Korea
history, the founding statement and three fictional marked notes, stored and tracked once; a few clearly labelled
example assessments; then a summary, who sees what, and commands to try."""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING, Any

from servanda.cli import options
from servanda.cli.database import opened, read_session, shown_url
from servanda.cli.errors import CommandError
from servanda.cli.ingest import store_statement
from servanda.cli.output import line, plural

if TYPE_CHECKING:
    from sqlalchemy import Engine

    from servanda.access import Marking, Person
    from servanda.demo import DemoPerson
    from servanda.tracking.intake import Tracked


def demo(db: options.Database = None) -> None:
    """Store the Canada-Korea history, the 2+2 statement and marked notes, with an operator, personas and example
    assessments; summarise them."""
    from servanda.access import PUBLIC, parse_marking
    from servanda.cli.people_views import cast_table
    from servanda.cli.record_views import tracked_table
    from servanda.cli.views import display
    from servanda.demo import STATEMENT, history, notes
    from servanda.demo.examples import LABEL, apply_examples
    from servanda.store import count_commitments, count_documents, list_commitments, list_documents, transaction
    from servanda.tracking.suggest import list_proposals

    with opened(db) as engine:
        operator, cast, created = _cast(engine)
        if created:
            line(f"created {' and '.join(created)}")
        where = shown_url(engine)
        earlier = [_store(engine, name, PUBLIC, operator) for name in history()]
        statement = _store(engine, STATEMENT, PUBLIC, operator)
        marked = [
            _store(engine, note.file, parse_marking(note.marking), operator, issuers=note.issuers) for note in notes()
        ]
        line(_stored(earlier, "the Canada-Korea history", "statement") + f" in {where}")
        line(_stored([statement], "the demo statement", "statement"))
        line(_stored(marked, "the fictional marked notes", "note"))
        with transaction(engine) as session:
            examples, applied = apply_examples(session, actor=operator)
        line(
            f"applied {plural(applied, 'example')}"
            if applied
            else f"the {plural(len(examples), 'example')} applied already",
        )
        with read_session(engine) as session:
            wanted = {r.document_id for r in (*earlier, statement)}
            listings = [
                item for item in list_documents(session, viewer=operator, limit=1000) if item.document.id in wanted
            ]
            made = Counter(p.document_id for p in list_proposals(session, viewer=operator))
            display(tracked_table(listings, made))
            seen = [(p, count_documents(session, viewer=p), count_commitments(session, viewer=p)) for p in cast]
            display(cast_table(seen))
            sdcp = list_commitments(session, viewer=operator, document_id=marked[0].document_id, limit=1)
    line(f'Examples, each labelled "{LABEL}":')
    for example in examples:
        line(f"  {example}")
    line(f"next: export SERVANDA_USER={operator.username}, then")
    for command, what in _NEXT:
        line(f"  {command:<52} {what}")
    if sdcp:
        line(
            f"try: servanda documents --as kor_analyst_iii · servanda show {sdcp[0].id} --as kor_admin_ii, "
            "then --as no_sdcp"
        )
    _sign_ins()


def _sign_ins() -> None:
    """How to sign in to the web pages as each demo person (passwords for this local demo only)."""
    from servanda.demo import operator, personas

    line("web: servanda serve --db ... (make demo does), then sign in at /login as one of")
    for person in (operator(), *personas()):
        line(f"  {person.username:<19} password {person.password:<24} {person.name}")


_NEXT = (
    ("servanda evidence suggest", "the evidence proposals waiting for a decision"),
    ("servanda review", "commitments a later 2+2 statement dropped"),
    ("servanda due --as-of 2026-12-31 --within 90d", "what is overdue and what falls due"),
    ("servanda mechanisms · servanda agreements", "meetings expected, agreements' stages"),
    ("servanda report --format html -o report.html", "the compliance report (also md, pdf)"),
)


def _store(engine: Engine, name: str, marking: Marking, actor: Person, *, issuers: str | None = None) -> Tracked:
    from servanda.demo import bundled_bytes
    from servanda.ingest import read_bytes

    file = name.rsplit("/", 1)[-1]
    document = read_bytes(bundled_bytes(name), name=file, origin=f"servanda/demo/{name}", issuers=issuers)
    return store_statement(engine, document, marking=marking, actor=actor)[0]


def _stored(results: list[Tracked], what: str, noun: str) -> str:
    ids = [r.document_id for r in results]
    shown = (
        f"{ids[0]}–{ids[-1]}" if len(ids) > 2 and ids == list(range(ids[0], ids[-1] + 1)) else ", ".join(map(str, ids))
    )
    documents = "document" if len(ids) == 1 else "documents"
    if not any(r.created for r in results):
        return f"already stored {what} ({documents} {shown})"
    proposals = sum(r.proposals for r in results)
    made = f", {plural(proposals, 'evidence proposal')}" if proposals else ""
    return f"stored {what}: {plural(len(results), noun)} → {documents} {shown}{made}"


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
        "password": person.password,
    }
