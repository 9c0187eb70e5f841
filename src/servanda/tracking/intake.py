"""Storing a statement and following it up in one step: once it is saved, the meetings and agreement stages it
reports are recorded, its commitments are linked to the earlier ones they continue, and the earlier commitments
it bears on are proposed as evidence; all as the person who saved it, with what they may read, in the same
transaction."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session

from servanda.access import PUBLIC, Marking, Person
from servanda.extract.model import Extraction
from servanda.ingest.model import IngestedDocument
from servanda.store.save import save_document
from servanda.tracking.agreements import record_stages
from servanda.tracking.links import link_document
from servanda.tracking.mechanisms import record_meetings
from servanda.tracking.suggest import suggest


@dataclass(frozen=True, slots=True)
class Tracked:
    """What saving and tracking a statement did."""

    document_id: int
    created: bool  # False when the same bytes were stored already (and nothing was tracked again)
    meetings: int
    stages: int
    links: int
    proposals: int


def save_and_track(
    session: Session, doc: IngestedDocument, extraction: Extraction, *, marking: Marking = PUBLIC, actor: Person
) -> Tracked:
    """`store.save_document`, then `track_document` when the statement is new; in the caller's transaction."""
    saved = save_document(session, doc, extraction, marking=marking, actor=actor)
    if not saved.created:
        return Tracked(saved.document_id, False, 0, 0, 0, 0)
    return track_document(session, saved.document_id, actor=actor)


def track_document(session: Session, document_id: int, *, actor: Person) -> Tracked:
    """Record meetings and stages, link commitments and propose evidence for a stored statement. Safe to run
    again (for a statement stored before tracking existed, or after earlier statements were added): what was
    recorded or decided already is kept, and only pending proposals and proposed links are refreshed."""
    meetings = record_meetings(session, document_id, actor=actor)
    stages = record_stages(session, document_id, actor=actor)
    links = link_document(session, document_id, actor=actor)
    proposals = suggest(session, document_id, actor=actor)
    return Tracked(document_id, True, len(meetings), len(stages), len(links), len(proposals))
