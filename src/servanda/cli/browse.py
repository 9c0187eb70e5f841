"""`servanda list`, `show`, `documents` and `document`: reading back what the store holds."""

from __future__ import annotations

from typing import Annotated

import typer

from servanda.cli import options
from servanda.cli.database import acting_person, commitment_filters, document_id, reading
from servanda.cli.errors import CommandError
from servanda.cli.options import TableOrJson
from servanda.cli.output import document_record, line, summary_record, write_json

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
    db: options.Database = None,
) -> None:
    """List stored commitments, oldest statement first, optionally filtered."""
    from servanda.store import count_commitments, list_commitments
    from servanda.store.export import commitment_record

    with reading(db) as session:
        filters = commitment_filters(
            session,
            area=area.value if area else None,
            strength=strength.value if strength else None,
            actor=actor,
            due_before=due_before,
            document=document,
        )
        total = count_commitments(session, viewer=acting_person(), **filters)
        page = list_commitments(session, viewer=acting_person(), limit=limit, offset=offset, **filters)
        if format is TableOrJson.json:
            write_json(
                {
                    "total": total,
                    "offset": offset,
                    "limit": limit,
                    "commitments": [commitment_record(c) for c in page],
                }
            )
            return
        from servanda.cli.views import commitments_table, display

        if not page:
            line("no commitments match" if total or any(filters.values()) else "no commitments are stored")
            return
        display(commitments_table(page))
    shown = f"{offset + 1}–{offset + len(page)} of {total}"
    more = f"; next page: --offset {offset + len(page)}" if offset + len(page) < total else ""
    line(f"commitments {shown}{more}")


def show(
    commitment_id: Annotated[int, typer.Argument(metavar="ID", help="The commitment's id.")],
    db: options.Database = None,
) -> None:
    """Show one commitment: its quote in context, attributes, statement, mechanisms and agreements."""
    from servanda.cli.views import commitment_view, display
    from servanda.store import get_commitment, get_document

    with reading(db) as session:
        commitment = get_commitment(session, commitment_id, viewer=acting_person())
        if commitment is None:
            raise CommandError(f"no commitment {commitment_id} is stored")
        document = get_document(session, commitment.document_id, viewer=acting_person())
        assert document is not None, "a commitment's document is never missing (foreign key)"
        display(commitment_view(commitment, document))


def documents(
    issuer: options.IssuerFilter = None,
    limit: Limit = 100,
    offset: Offset = 0,
    format: Format = TableOrJson.table,
    db: options.Database = None,
) -> None:
    """List stored statements, oldest first, with their number of commitments."""
    from servanda.store import list_documents

    with reading(db) as session:
        listings = list_documents(session, viewer=acting_person(), issuer=issuer, limit=limit, offset=offset)
        if format is TableOrJson.json:
            write_json([{**document_record(item.document), "commitments": item.commitments} for item in listings])
            return
        if not listings:
            line("no documents are stored" if not (issuer or offset) else "no documents match")
            return
        from servanda.cli.views import display, documents_table

        display(documents_table(listings))


def document(
    ref: Annotated[str, typer.Argument(metavar="ID|SHA", help="A document id or a SHA-256 prefix (4+ digits).")],
    format: Format = TableOrJson.table,
    db: options.Database = None,
) -> None:
    """Summarise one stored statement: metadata, commitments by strength and area, mechanisms, agreements."""
    from servanda.store import document_summary

    with reading(db) as session:
        summary = document_summary(session, document_id(session, ref), viewer=acting_person())
        assert summary is not None, "the document was found a moment ago, in the same transaction"
        if format is TableOrJson.json:
            write_json(summary_record(summary))
            return
        from servanda.cli.views import display, document_view

        display(document_view(summary))
