"""The store: documents and what they commit to, their markings, the people who read and write them, in SQLite
or PostgreSQL, migrated on open. Every read takes the viewer it reads for; every write, the actor."""

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
    count_documents,
    document_summary,
    get_document,
    list_documents,
)
from servanda.store.due import due_by
from servanda.store.engine import make_engine, session_factory, transaction
from servanda.store.errors import AccessDenied
from servanda.store.export import EXPORT_FORMATS, export_commitments
from servanda.store.keys import name_key
from servanda.store.markings import intern_marking, load_marking
from servanda.store.migrate import current_revision, downgrade, open_database, upgrade
from servanda.store.passwords import PasswordError
from servanda.store.people import (
    PersonError,
    add_organisation,
    add_person,
    disable_person,
    get_person,
    list_people,
    person_value,
    set_password,
    verify_password,
)
from servanda.store.releasability import widen_releasability
from servanda.store.save import SaveResult, save_document
from servanda.store.tokens import create_token, revoke_token, verify_token
from servanda.store.visibility import visible_marking_ids

__all__ = [
    "EXPORT_FORMATS",
    "AccessDenied",
    "CommitmentFilters",
    "DocumentListing",
    "DocumentSummary",
    "PasswordError",
    "PersonError",
    "SaveResult",
    "add_organisation",
    "add_person",
    "count_commitments",
    "count_documents",
    "create_token",
    "current_revision",
    "disable_person",
    "document_summary",
    "downgrade",
    "due_by",
    "export_commitments",
    "get_commitment",
    "get_document",
    "get_person",
    "intern_marking",
    "iter_commitments",
    "list_commitments",
    "list_documents",
    "list_people",
    "load_marking",
    "make_engine",
    "name_key",
    "open_database",
    "person_value",
    "revoke_token",
    "save_document",
    "session_factory",
    "set_password",
    "transaction",
    "upgrade",
    "verify_password",
    "verify_token",
    "visible_marking_ids",
    "widen_releasability",
]
