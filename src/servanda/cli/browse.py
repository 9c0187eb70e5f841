"""`servanda list`, `show`, `documents` and `document`: reading back what the store holds."""

from __future__ import annotations

from typing import Annotated

import typer

from servanda.cli import options
from servanda.cli.database import commitment_filters, document_id, reading
from servanda.cli.errors import CommandError
from servanda.cli.markings import MarkingsShown
from servanda.cli.options import TableOrJson
from servanda.cli.output import commitment_json, document_record, line, summary_record, write_json

Limit = Annotated[int, typer.Option("--limit", min=1, max=10_000, help="At most this many rows.")]
Offset = Annotated[int, typer.Option("--offset", min=0, help="Skip this many rows first.")]
Format = Annotated[TableOrJson, typer.Option("--format", help="Output format.")]


def list_(
    area: options.AreaFilter = None,
    strength: options.StrengthFilter = None,
    actor: options.ActorFilter = None,
    due_before: options.DueBeforeFilter = None,
    document: options.DocumentFilter = None,
    limit: Limit = 50,
    offset: Offset = 0,
    format: Format = TableOrJson.table,
    acting: options.ActingAs = None,
    db: options.Database = None,
) -> None:
    """List stored commitments you may read, oldest statement first, optionally filtered."""
    from servanda.store import count_commitments, list_commitments

    with reading(db, acting) as (session, viewer):
        shown = MarkingsShown(viewer)
        filters = commitment_filters(
            session,
            viewer=viewer,
            area=area.value if area else None,
            strength=strength.value if strength else None,
            actor=actor,
            due_before=due_before,
            document=document,
        )
        total = count_commitments(session, viewer=viewer, **filters)
        page = list_commitments(session, viewer=viewer, limit=limit, offset=offset, **filters)
        if format is TableOrJson.json:
            write_json(
                {
                    "total": total,
                    "offset": offset,
                    "limit": limit,
                    "commitments": [commitment_json(c, shown) for c in page],
                }
            )
            return
        from servanda.cli.views import commitments_table, display

        if not page:
            line("no commitments match" if total or any(filters.values()) else "no commitments are stored")
            return
        display(commitments_table(page, shown))
    shown = f"{offset + 1}–{offset + len(page)} of {total}"
    more = f"; next page: --offset {offset + len(page)}" if offset + len(page) < total else ""
    line(f"commitments {shown}{more}")


def show(
    commitment_id: Annotated[int, typer.Argument(metavar="ID", help="The commitment's id.")],
    acting: options.ActingAs = None,
    db: options.Database = None,
) -> None:
    """Show one commitment: its quote in context, marking, attributes, statement, mechanisms and agreements."""
    from servanda.cli.views import commitment_view, display
    from servanda.store import get_commitment, get_document

    with reading(db, acting) as (session, viewer):
        commitment = get_commitment(session, commitment_id, viewer=viewer)
        if commitment is None:
            # The same words whether it is missing or forbidden: a forbidden record must look like a missing one.
            raise CommandError(f"no commitment {commitment_id} is stored")
        document = get_document(session, commitment.document_id, viewer=viewer)
        assert document is not None, "a commitment's document is never missing (foreign key)"
        display(commitment_view(commitment, document, MarkingsShown(viewer)))


def documents(
    issuer: options.IssuerFilter = None,
    limit: Limit = 100,
    offset: Offset = 0,
    format: Format = TableOrJson.table,
    acting: options.ActingAs = None,
    db: options.Database = None,
) -> None:
    """List stored statements you may read, oldest first, with their marking and number of commitments."""
    from servanda.store import list_documents

    with reading(db, acting) as (session, viewer):
        shown = MarkingsShown(viewer)
        listings = list_documents(session, viewer=viewer, issuer=issuer, limit=limit, offset=offset)
        if format is TableOrJson.json:
            write_json(
                [{**document_record(item.document, shown), "commitments": item.commitments} for item in listings]
            )
            return
        if not listings:
            line("no documents are stored" if not (issuer or offset) else "no documents match")
            return
        from servanda.cli.views import display, documents_table

        display(documents_table(listings, shown))


def document(
    ref: Annotated[str, typer.Argument(metavar="ID|SHA", help="A document id or a SHA-256 prefix (4+ digits).")],
    format: Format = TableOrJson.table,
    acting: options.ActingAs = None,
    db: options.Database = None,
) -> None:
    """Summarise one stored statement: metadata, marking, commitments by strength and area, mechanisms, agreements."""
    from servanda.store import document_summary

    with reading(db, acting) as (session, viewer):
        shown = MarkingsShown(viewer)
        summary = document_summary(session, document_id(session, ref, viewer=viewer), viewer=viewer)
        assert summary is not None, "the document was found a moment ago, in the same transaction"
        if format is TableOrJson.json:
            write_json(summary_record(summary, shown))
            return
        from servanda.cli.views import display, document_view

        display(document_view(summary, shown))
