"""What the web tests share: an app over a database, the golden matrix's personas with passwords and API tokens
signing in through the real routes, and a world of records under every marking of the matrix.

The world holds, for each marking of the matrix, two statements issued by a party of its own (so that proposals
and continuity links never cross from one marking to another), stored and tracked by `root` through the library:
an earlier statement with a commitment (naming a mechanism and an agreement) and an achievement, and a later one
that restates the commitment, reports the achievement and records a meeting and a stage. Tracking the later one
proposes both as evidence and links the two commitments; `root` then assesses the earlier commitment.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from datetime import date

from fastapi.testclient import TestClient
from sqlalchemy import Engine, select

from authorisation_matrix import expectations, matrix
from conftest import span
from servanda.access import Person, parse_marking
from servanda.extract.model import Achievement, Agreement, Commitment, Extraction, Mechanism
from servanda.ingest.model import IngestedDocument, Metadata
from servanda.settings import Settings
from servanda.store import add_person, create_token, disable_person, transaction
from servanda.store.models import Agreement as StoredAgreement
from servanda.store.models import Assessment, Document, EvidenceProposal
from servanda.store.models import Commitment as StoredCommitment
from servanda.store.models import Mechanism as StoredMechanism
from servanda.tracking.assess import AssessmentCreate, assess
from servanda.tracking.evidence import EvidenceCreate
from servanda.tracking.intake import save_and_track
from servanda.web import create_app

BANNERS: dict[str, str] = matrix()["markings"]
PERSONAS: dict[str, dict] = matrix()["personas"]
ENABLED = sorted(name for name, p in PERSONAS.items() if not p.get("disabled"))
DISABLED = sorted(name for name, p in PERSONAS.items() if p.get("disabled"))
ROOT = Person("root", "CAN", "TOP SECRET", "admin", frozenset({"SDCP"}))
SCOPES = {"reader": ["read"], "analyst": ["read", "write"], "admin": ["admin"]}
API = "/api/v1"
# A day from which every deadline of the world lies ahead, and the window that reaches all of them.
AS_OF = "2026-05-01"
WITHIN = "1y"


def password(username: str) -> str:
    return f"passphrase of {username}"


def settings(url: str, **overrides: object) -> Settings:
    return Settings(**{"database_url": url, "environment": "development", **overrides})


def app_client(engine: Engine, **overrides: object) -> TestClient:
    """A client of a new app over `engine` (not closed when the app stops: the test owns it)."""
    return TestClient(create_app(settings(str(engine.url), **overrides), engine=engine))


def readable(persona: str) -> set[str]:
    """The markings of the matrix whose `read` row says ok for `persona`."""
    return {marking for p, marking, code in expectations("read") if p == persona and code == "ok"}


def creatable(persona: str) -> set[str]:
    return {marking for p, marking, code in expectations("create") if p == persona and code == "ok"}


def add_people(engine: Engine) -> dict[str, str]:
    """`root` (the first person, an admin cleared for everything in the matrix) and every persona, each with a
    password and an API token whose scope matches their role; the matrix's disabled personas disabled last.
    Returns each persona's token secret."""
    tokens = {}
    with transaction(engine) as session:
        add_person(
            session,
            username="root",
            display_name="Root",
            nationality="CAN",
            clearance="TOP SECRET",
            role="admin",
            compartments=["SDCP"],
            password=password("root"),
            actor=None,
        )
        for name, p in PERSONAS.items():
            add_person(
                session,
                username=name,
                display_name=name.replace("_", " ").title(),
                nationality=p["nationality"],
                clearance=str(p["clearance"]),
                role=p["role"],
                compartments=p.get("compartments") or (),
                password=password(name),
                actor=ROOT,
            )
            tokens[name] = create_token(session, name, scopes=SCOPES[p["role"]], actor=ROOT)[1]
        for name in DISABLED:
            disable_person(session, name, actor=ROOT)
    return tokens


@dataclass
class Client:
    """A persona talking to the app: by its API token, or by a session it signed in to at /login."""

    http: TestClient
    token: str | None = None
    csrf: str | None = None

    def request(self, method: str, path: str, **kwargs: object):
        headers = dict(kwargs.pop("headers", None) or {})  # type: ignore[arg-type]
        if self.token is not None:
            headers["Authorization"] = f"Bearer {self.token}"
        elif self.csrf is not None and method not in ("GET", "HEAD"):
            headers.setdefault("X-CSRF-Token", self.csrf)
        return self.http.request(method, path, headers=headers, **kwargs)  # type: ignore[arg-type]

    def get(self, path: str, **kwargs: object):
        return self.request("GET", path, **kwargs)


def form_token(page_html: str) -> str:
    found = re.search(r'name="csrf_token" value="([^"]+)"', page_html)
    assert found, "the sign-in page carries a form token"
    return found.group(1)


def sign_in(http: TestClient, username: str, secret: str | None = None, *, target: str = "/"):
    """Submit the real sign-in form, as a browser does: fetch it (and its pre-session cookie), then post it."""
    page = http.get("/login")
    data = {"username": username, "password": secret or password(username), "csrf_token": form_token(page.text)}
    return http.post("/login", data={**data, "next": target}, follow_redirects=False)


def session_client(engine: Engine, username: str) -> Client:
    http = app_client(engine)
    answer = sign_in(http, username)
    assert answer.status_code == 303, answer.text
    csrf = http.get(f"{API}/me").json()["csrf_token"]
    return Client(http, csrf=csrf)


def token_client(engine: Engine, token: str) -> Client:
    return Client(app_client(engine), token=token)


# --- The world: one pair of statements per marking, each pair issued by a party of its own ---

PARTIES = {
    "public": ("NOR", "Norway"),
    "can_secret_rel_sdcp": ("FIN", "Finland"),
    "kor_ii_rel": ("DNK", "Denmark"),
    "can_confidential_rel": ("ISL", "Iceland"),
    "kor_iii_rel": ("EST", "Estonia"),
    "can_top_secret_rel": ("LVA", "Latvia"),
    "can_secret_eyes": ("LTU", "Lithuania"),
    "kor_daeoebi_rel": ("IRL", "Ireland"),
    "can_protected_b": ("PRT", "Portugal"),
    "can_secret_rel_usa": ("NZL", "New Zealand"),
}
TOPICS = {
    "public": "glacier",
    "can_secret_rel_sdcp": "kelp",
    "kor_ii_rel": "tundra",
    "can_confidential_rel": "volcano",
    "kor_iii_rel": "heron",
    "can_top_secret_rel": "basalt",
    "can_secret_eyes": "lichen",
    "kor_daeoebi_rel": "peatland",
    "can_protected_b": "sardine",
    "can_secret_rel_usa": "geyser",
}


def _statement(
    title: str, day: str, party: str, text: str, extraction: Extraction
) -> tuple[IngestedDocument, Extraction]:
    document = IngestedDocument(
        sha256=hashlib.sha256(f"{title}|{text}".encode()).hexdigest(),
        text=text,
        metadata=Metadata(title=title, date=day, issuers=(party,)),
        format="txt",
        origin=f"{title}.txt",
    )
    return document, extraction


def earlier_statement(name: str) -> tuple[IngestedDocument, Extraction]:
    party, country = PARTIES[name]
    topic = TOPICS[name]
    talks, accord = f"{topic.title()} Survey Talks", f"{topic.title()} Data Accord"
    pledge = f"{country} will convene the {talks} on {topic} monitoring stations in June 2026."
    done = f"{country} completed the mapping of {topic} monitoring stations in 2025."
    text = f"Statement on {topic} monitoring\n\n{pledge}\n{done}\n"
    extraction = Extraction(
        (
            Commitment(
                pledge,
                *span(text, pledge),
                strength="firm",
                actors=(party,),
                area="science",
                due="2026-06",
                mechanisms=(talks,),
                agreements=(accord,),
            ),
        ),
        (Achievement(done, *span(text, done), actors=(party,), area="science", date="2025"),),
        (Mechanism(talks, status="planned"),),
        (Agreement(accord, kind="agreement", stage="negotiating", date="2026-01-15"),),
        issuers=(party,),
    )
    return _statement(f"Statement on {topic} monitoring", "2026-01-15", party, text, extraction)


def later_statement(name: str) -> tuple[IngestedDocument, Extraction]:
    party, country = PARTIES[name]
    topic = TOPICS[name]
    talks, accord = f"{topic.title()} Survey Talks", f"{topic.title()} Data Accord"
    restated = f"{country} reaffirms that it will convene the {talks} on {topic} monitoring stations in December 2026."
    reported = f"{country} has completed the mapping of {topic} monitoring stations."
    text = f"Readout on {topic} monitoring\n\n{restated}\n{reported}\n"
    extraction = Extraction(
        (
            Commitment(
                restated,
                *span(text, restated),
                strength="reaffirmed",
                actors=(party,),
                area="science",
                due="2026-12",
                mechanisms=(talks,),
            ),
        ),
        (),
        (Mechanism(talks, held="2026-03-10", **_at(text, talks)),),
        (Agreement(accord, kind="agreement", stage="signed", date="2026-03-10"),),
        issuers=(party,),
    )
    return _statement(f"Readout on {topic} monitoring", "2026-03-10", party, text, extraction)


def _at(text: str, name: str) -> dict[str, int]:
    start, end = span(text, name)
    return {"start": start, "end": end}


@dataclass
class Records:
    """The ids of one marking's records."""

    documents: list[int] = field(default_factory=list)  # earlier, later
    commitments: list[int] = field(default_factory=list)  # earlier, later
    mechanism: int = 0
    agreement: int = 0
    proposals: list[int] = field(default_factory=list)
    assessment: int = 0


def build_world(engine: Engine) -> dict[str, Records]:
    """Store the world as `root`; return each marking's records."""
    world: dict[str, Records] = {}
    for name, banner in BANNERS.items():
        marking = parse_marking(banner)
        with transaction(engine) as session:
            first = save_and_track(session, *earlier_statement(name), marking=marking, actor=ROOT)
        with transaction(engine) as session:
            second = save_and_track(session, *later_statement(name), marking=marking, actor=ROOT)
        records = Records(documents=[first.document_id, second.document_id])
        with transaction(engine) as session:
            for document_id in records.documents:
                records.commitments += session.scalars(
                    select(StoredCommitment.id).where(StoredCommitment.document_id == document_id)
                ).all()
            records.mechanism = session.scalar(
                select(StoredMechanism.id).where(StoredMechanism.name.like(f"{TOPICS[name].title()} %"))
            )
            records.agreement = session.scalar(
                select(StoredAgreement.id).where(StoredAgreement.name.like(f"{TOPICS[name].title()} %"))
            )
            records.proposals = list(
                session.scalars(
                    select(EvidenceProposal.id)
                    .where(EvidenceProposal.document_id == second.document_id)
                    .order_by(EvidenceProposal.id)
                )
            )
            assessed = assess(
                session,
                AssessmentCreate(
                    records.commitments[0],
                    "in-progress",
                    f"The {TOPICS[name]} talks are being prepared.",
                    [EvidenceCreate.reference(f"https://example.org/{TOPICS[name]}", f"Notice on {TOPICS[name]}")],
                    as_of=date(2026, 3, 1),
                ),
                actor=ROOT,
            )
            records.assessment = assessed.id
        assert len(records.commitments) == 2 and records.mechanism and records.agreement, name
        assert len(records.proposals) == 2, f"{name}: {records.proposals}"
        world[name] = records
    with transaction(engine) as session:
        assert session.scalar(select(Assessment.id).order_by(Assessment.id.desc()).limit(1))
        assert len(session.scalars(select(Document.id)).all()) == 2 * len(BANNERS)
    return world
