"""`servanda demo`: store the bundled founding statement and summarise what it commits to."""

from __future__ import annotations

from servanda.cli import options
from servanda.cli.database import acting_person, opened, read_session, shown_url
from servanda.cli.ingest import store_statement
from servanda.cli.output import line


def demo(db: options.Database = None) -> None:
    """Store the bundled Canada-ROK 2+2 statement (once) and summarise its commitments."""
    from servanda.cli.views import demo_view, display
    from servanda.demo import STATEMENT, statement_bytes
    from servanda.ingest import read_bytes
    from servanda.store import document_summary, list_commitments

    document = read_bytes(statement_bytes(), name=STATEMENT, origin=f"servanda/demo/{STATEMENT}")
    with opened(db) as engine:
        result, _ = store_statement(engine, document)
        where = shown_url(engine)
        with read_session(engine) as session:
            summary = document_summary(session, result.document_id, viewer=acting_person())
            assert summary is not None, "the statement was stored a moment ago"
            commitments = list_commitments(
                session, viewer=acting_person(), document_id=result.document_id, limit=summary.commitments
            )
            if result.created:
                line(f"stored the demo statement → document {result.document_id} in {where}")
            else:
                line(f"already stored the demo statement (document {result.document_id} in {where})")
            display(demo_view(summary, commitments))
    line("next: servanda list --area defence · servanda show ID · servanda export --format csv -o out.csv")
