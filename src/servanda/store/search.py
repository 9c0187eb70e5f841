"""Full-text search over statements and commitments, behind one interface: SQLite's FTS5 on SQLite, PostgreSQL's
own text search (a GIN-indexed tsvector) on PostgreSQL. Results pass through the one query filter like every
other read, so a record the viewer may not read is never a hit and never counted."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Unpack

from sqlalchemy import Float, and_, column, func, literal_column, select, table
from sqlalchemy.orm import Session

from servanda.access import Person
from servanda.store.commitments import CommitmentFilters, commitment_conditions
from servanda.store.models import Commitment, Document
from servanda.store.visibility import audit_read, visibility

# Written as a literal, not a bound parameter, so the expressions match the GIN indexes of migration 0005.
_ENGLISH = literal_column("'english'::regconfig")
_TERM = re.compile(r"[\w][\w'’-]*", re.UNICODE)
MAX_TERMS = 12


@dataclass(frozen=True, slots=True)
class Hit:
    """One match: the record's id, its relevance (higher is better) and the matching words in context."""

    id: int
    rank: float
    snippet: str


@dataclass(frozen=True, slots=True)
class SearchPage:
    hits: list[Hit]
    total: int


def search_terms(query: str) -> list[str]:
    """The words of a user's query, stripped of any search-engine syntax (quotes, operators, parentheses):
    what a person types is searched for as words, never interpreted as a query language."""
    return [t.strip("'’-") for t in _TERM.findall(query)][:MAX_TERMS]


def _fts5_query(terms: list[str]) -> str:
    # Each word quoted (so FTS5 reads it literally) and matched as a prefix; words are ANDed.
    return " ".join('"' + t.replace('"', "") + '"*' for t in terms if t)


def search_commitments(
    session: Session,
    query: str,
    *,
    viewer: Person,
    limit: int = 20,
    offset: int = 0,
    **filters: Unpack[CommitmentFilters],
) -> SearchPage:
    """Commitments whose quote matches every word of `query`, best first, among those `viewer` may read."""
    terms = search_terms(query)
    if not terms:
        return SearchPage([], 0)
    seen = visibility(session, viewer)
    base = (
        select(Commitment.id)
        .join(Commitment.document)
        .where(seen.allows(Commitment), seen.allows(Document), *commitment_conditions(filters, seen=seen))
        .subquery()
    )
    if session.get_bind().dialect.name == "sqlite":
        fts = table("commitment_fts", column("rowid"), column("quote"))
        rank = literal_column("bm25(commitment_fts)", Float)
        snippet = literal_column("snippet(commitment_fts, 0, '[', ']', '…', 16)")
        match = literal_column("commitment_fts").op("MATCH")(_fts5_query(terms))
        hits = (
            select(fts.c.rowid.label("id"), rank.label("rank"), snippet.label("snippet"))
            .join(base, base.c.id == fts.c.rowid)
            .where(match)
        )
        ordered = hits.order_by(rank, fts.c.rowid)  # bm25: lower is better
        flip = -1.0
    else:
        tsq = func.plainto_tsquery(_ENGLISH, " ".join(terms))
        vector = func.to_tsvector(_ENGLISH, Commitment.quote)
        rank = func.ts_rank(vector, tsq)
        snippet = func.ts_headline(_ENGLISH, Commitment.quote, tsq, "StartSel=[, StopSel=], MaxWords=24, MinWords=8")
        hits = (
            select(Commitment.id.label("id"), rank.label("rank"), snippet.label("snippet"))
            .join(base, base.c.id == Commitment.id)
            .where(vector.op("@@")(tsq))
        )
        ordered = hits.order_by(rank.desc(), Commitment.id)
        flip = 1.0
    total = session.scalar(select(func.count()).select_from(hits.subquery())) or 0
    rows = session.execute(ordered.limit(limit).offset(offset)).all()
    found = session.scalars(select(Commitment).where(Commitment.id.in_([r.id for r in rows]))).all()
    audit_read(session, seen, "commitment", found, related={"document": [c.document for c in found]})
    return SearchPage([Hit(r.id, flip * float(r.rank), r.snippet) for r in rows], total)


def search_documents(session: Session, query: str, *, viewer: Person, limit: int = 20, offset: int = 0) -> SearchPage:
    """Statements whose title or text matches every word of `query`, best first, among those `viewer` may read."""
    terms = search_terms(query)
    if not terms:
        return SearchPage([], 0)
    seen = visibility(session, viewer)
    allowed = select(Document.id).where(seen.allows(Document)).subquery()
    if session.get_bind().dialect.name == "sqlite":
        fts = table("document_fts", column("rowid"))
        rank = literal_column("bm25(document_fts, 4.0, 1.0)", Float)
        snippet = literal_column("snippet(document_fts, 1, '[', ']', '…', 24)")
        match = literal_column("document_fts").op("MATCH")(_fts5_query(terms))
        hits = (
            select(fts.c.rowid.label("id"), rank.label("rank"), snippet.label("snippet"))
            .join(allowed, allowed.c.id == fts.c.rowid)
            .where(match)
        )
        ordered = hits.order_by(rank, fts.c.rowid)
        flip = -1.0
    else:
        tsq = func.plainto_tsquery(_ENGLISH, " ".join(terms))
        words = (
            func.coalesce(Document.title, literal_column("''")).op("||")(literal_column("' '")).op("||")(Document.text)
        )
        vector = func.to_tsvector(_ENGLISH, words)
        rank = func.ts_rank(vector, tsq)
        snippet = func.ts_headline(_ENGLISH, Document.text, tsq, "StartSel=[, StopSel=], MaxWords=30, MinWords=10")
        hits = (
            select(Document.id.label("id"), rank.label("rank"), snippet.label("snippet"))
            .join(allowed, allowed.c.id == Document.id)
            .where(and_(vector.op("@@")(tsq)))
        )
        ordered = hits.order_by(rank.desc(), Document.id)
        flip = 1.0
    total = session.scalar(select(func.count()).select_from(hits.subquery())) or 0
    rows = session.execute(ordered.limit(limit).offset(offset)).all()
    found = session.scalars(select(Document).where(Document.id.in_([r.id for r in rows]))).all()
    audit_read(session, seen, "document", found)
    return SearchPage([Hit(r.id, flip * float(r.rank), r.snippet) for r in rows], total)
