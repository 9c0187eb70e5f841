"""The store: documents and what they commit to, in SQLite or PostgreSQL, migrated on open."""

from servanda.store.commitments import (
    CommitmentFilters,
    count_commitments,
    get_commitment,
    iter_commitments,
    list_commitments,
)
from servanda.store.documents import (
    DocumentListing,
    DocumentSummary,
    document_summary,
    get_document,
    list_documents,
)
from servanda.store.due import due_by
from servanda.store.engine import make_engine, session_factory, transaction
from servanda.store.export import EXPORT_FORMATS, export_commitments
from servanda.store.keys import name_key
from servanda.store.migrate import current_revision, downgrade, open_database, upgrade
from servanda.store.save import SaveResult, save_document

__all__ = [
    "EXPORT_FORMATS",
    "CommitmentFilters",
    "DocumentListing",
    "DocumentSummary",
    "SaveResult",
    "count_commitments",
    "current_revision",
    "document_summary",
    "downgrade",
    "due_by",
    "export_commitments",
    "get_commitment",
    "get_document",
    "iter_commitments",
    "list_commitments",
    "list_documents",
    "make_engine",
    "name_key",
    "open_database",
    "save_document",
    "session_factory",
    "transaction",
    "upgrade",
]
