"""`servanda widen`: release a stored document to further parties, with the originator's consent on record."""

from __future__ import annotations

from typing import Annotated

import typer

from servanda.cli import options
from servanda.cli.acting import acting_person
from servanda.cli.database import opened
from servanda.cli.errors import CommandError
from servanda.cli.markings import MarkingsShown
from servanda.cli.output import line


def widen(
    ref: Annotated[str, typer.Argument(metavar="ID|SHA", help="A document id or a SHA-256 prefix (4+ digits).")],
    to: Annotated[
        list[str],
        typer.Option("--to", metavar="PARTY", help="A party to release the document to (repeatable, or CAN,USA)."),
    ],
    consent: Annotated[
        str | None,
        typer.Option("--consent", metavar="REFERENCE", help="Where the originator's consent is recorded."),
    ] = None,
    acting: options.ActingAs = None,
    db: options.Database = None,
) -> None:
    """Widen a document's releasability; adding a party needs --consent naming the originator's consent."""
    from servanda.store import get_document, transaction, widen_releasability

    parties = sorted({party.strip().upper() for given in to for party in given.split(",") if party.strip()})
    if not parties:
        raise typer.BadParameter("name a party, e.g. --to USA", param_hint="'--to'")
    with opened(db) as engine:
        actor = acting_person(engine, acting)
        with transaction(engine) as session:
            document = get_document(session, ref, viewer=actor)
            if document is None:
                raise CommandError(f"no document {ref!r} is stored")
            before = MarkingsShown(actor).banners(document)[0]
            after = widen_releasability(session, document, parties, actor=actor, consent_reference=consent)
            shown = MarkingsShown(actor).label_of(after)
    if after.banner == before:
        line(f"document {document.id} is releasable to {', '.join(parties)} already: {shown}")
    else:
        line(f"document {document.id} is now {shown}")
