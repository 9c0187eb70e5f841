"""Shared fixtures: an empty database on each backend, an open (migrated) engine, statements to store.

Store tests run on SQLite and PostgreSQL (ids `sqlite`, `postgresql`); `SERVANDA_TEST_BACKENDS=sqlite`
restricts them. PostgreSQL gets one throwaway database per test run and a fresh schema per test. A test that asks
for an `engine` gets a copy of a store migrated once per run (a SQLite file, or a PostgreSQL schema replayed from
`pg_dump`), so the migrations run once per backend here; `tests/test_store_migrations.py` runs them step by step.
"""

from __future__ import annotations

import hashlib
import itertools
import os
import shutil
import subprocess
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, create_engine
from sqlalchemy.engine import make_url
from sqlalchemy.exc import OperationalError

from servanda.access import Person
from servanda.extract.model import Achievement, Agreement, Commitment, Extraction, Mechanism
from servanda.ingest.model import IngestedDocument, Metadata
from servanda.store.migrate import open_database

BACKENDS = ("sqlite", "postgresql")
POSTGRES_ADMIN_URL = os.environ.get(
    "SERVANDA_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
)
_schemas = itertools.count(1)

# Who store tests write and read as when access is not what they test: an admin cleared for every marking they use.
WRITER = Person(
    "writer", nationality="CAN", clearance="TOP SECRET", role="admin", compartments=frozenset({"SDCP", "NUC"})
)


def _selected_backends() -> list[str]:
    chosen = os.environ.get("SERVANDA_TEST_BACKENDS", ",".join(BACKENDS))
    backends = [name.strip() for name in chosen.split(",") if name.strip()]
    unknown = set(backends) - set(BACKENDS)
    if unknown or not backends:
        raise pytest.UsageError(f"SERVANDA_TEST_BACKENDS must list some of {', '.join(BACKENDS)}")
    return backends


@pytest.fixture(params=_selected_backends())
def backend(request: pytest.FixtureRequest) -> str:
    """The name of the database backend this test runs on."""
    return request.param


@pytest.fixture(scope="session")
def postgres_database() -> Iterator[str]:
    """URL of a database created for this test run (named after the process, so runs never collide)."""
    name = f"servanda_test_{os.getpid()}"
    admin = create_engine(POSTGRES_ADMIN_URL, isolation_level="AUTOCOMMIT")
    unreachable = None
    try:
        with admin.connect() as connection:
            connection.exec_driver_sql(f"DROP DATABASE IF EXISTS {name}")
            connection.exec_driver_sql(f"CREATE DATABASE {name}")
    except OperationalError as err:
        unreachable = str(err.orig).strip().splitlines()[0]
    if unreachable is not None:
        admin.dispose()
        pytest.fail(
            f"PostgreSQL is not reachable at {POSTGRES_ADMIN_URL} ({unreachable}). Start it with "
            "`pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start`, "
            "point SERVANDA_TEST_POSTGRES_URL at another server, "
            "or test SQLite only: SERVANDA_TEST_BACKENDS=sqlite.",
            pytrace=False,
        )
    try:
        yield make_url(POSTGRES_ADMIN_URL).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.exec_driver_sql(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        admin.dispose()


@contextmanager
def _empty_database(backend: str, request: pytest.FixtureRequest, directory: Path) -> Iterator[str]:
    if backend == "sqlite":
        directory.mkdir(parents=True, exist_ok=True)
        yield f"sqlite:///{directory / 'servanda.db'}"
        return
    base = request.getfixturevalue("postgres_database")
    schema = f"test_{next(_schemas)}"
    admin = create_engine(base, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.exec_driver_sql(f"CREATE SCHEMA {schema}")
    try:
        yield (
            make_url(base)
            .update_query_dict({"options": f"-csearch_path={schema}"})
            .render_as_string(hide_password=False)
        )
    finally:
        with admin.connect() as connection:
            connection.exec_driver_sql(f"DROP SCHEMA {schema} CASCADE")
        admin.dispose()


@pytest.fixture
def database_url(backend: str, request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """URL of an empty database on the backend under test."""
    with _empty_database(backend, request, tmp_path) as url:
        yield url


@pytest.fixture(scope="module", params=_selected_backends())
def module_engine(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Engine]:
    """An engine on a migrated database shared by one module's tests, on each backend in turn (ids as
    `backend`): for tests that only read what a module fixture stores once."""
    with _empty_database(request.param, request, tmp_path_factory.mktemp(request.param)) as url:
        engine = open_database(url)
        try:
            yield engine
        finally:
            engine.dispose()


@pytest.fixture(scope="session")
def migrated_sqlite_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A SQLite database migrated to the newest schema once per run, copied for each test that needs one."""
    path = tmp_path_factory.mktemp("migrated") / "servanda.db"
    open_database(f"sqlite:///{path}").dispose()
    return path


_TEMPLATE_SCHEMA = "servanda_migrated_template"


@pytest.fixture(scope="session")
def migrated_postgres_script(postgres_database: str) -> str | None:
    """The tables and rows of a schema migrated once per run to the newest schema, as SQL that names the schema
    `servanda_migrated_template`; None when `pg_dump` is not at hand, and each test then migrates its own."""
    pg_dump = shutil.which("pg_dump")
    if pg_dump is None:
        return None
    admin = create_engine(postgres_database, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.exec_driver_sql(f"CREATE SCHEMA {_TEMPLATE_SCHEMA}")
    admin.dispose()
    url = make_url(postgres_database)
    open_database(
        url.update_query_dict({"options": f"-csearch_path={_TEMPLATE_SCHEMA}"}).render_as_string(hide_password=False)
    ).dispose()
    command = [pg_dump, "--schema", _TEMPLATE_SCHEMA, "--inserts", "--no-owner", "--no-privileges", "--no-comments"]
    command += ["-h", url.host or "127.0.0.1", "-p", str(url.port or 5432), "-U", url.username or "postgres"]
    dumped = subprocess.run(
        [*command, url.database or ""],
        capture_output=True,
        text=True,
        env={**os.environ, "PGPASSWORD": url.password or ""},
        check=False,
    )
    if dumped.returncode != 0:
        return None
    kept = [
        line
        for line in dumped.stdout.splitlines()
        if line.strip() and not line.startswith(("--", "\\", "SET ", "CREATE SCHEMA", "SELECT pg_catalog.set_config"))
    ]
    return "\n".join(kept)


def _copy_migrated_schema(request: pytest.FixtureRequest, database_url: str) -> None:
    """Fill the empty test database at `database_url` with a copy of the schema migrated once per run."""
    url = make_url(database_url)
    if url.get_backend_name() == "sqlite":
        if url.database and not Path(url.database).exists():
            shutil.copyfile(request.getfixturevalue("migrated_sqlite_file"), url.database)
        return
    script = request.getfixturevalue("migrated_postgres_script")
    schema = url.query.get("options", "").removeprefix("-csearch_path=")
    if script is None or not schema.startswith("test_"):
        return
    admin = create_engine(url.difference_update_query(["options"]))
    raw = admin.raw_connection()
    try:
        with raw.cursor() as cursor:
            cursor.execute(script.replace(f"{_TEMPLATE_SCHEMA}.", f"{schema}."))
        raw.commit()
    finally:
        raw.close()
        admin.dispose()


@pytest.fixture
def engine(database_url: str, request: pytest.FixtureRequest) -> Iterator[Engine]:
    """An engine on a database migrated to the newest schema: a copy of one migrated once per run (opening it
    checks the schema is current, as opening any store does)."""
    _copy_migrated_schema(request, database_url)
    engine = open_database(database_url)
    try:
        yield engine
    finally:
        engine.dispose()


# Store inputs, written by hand (the extractor is tested on its own): an abridged excerpt of the second
# Canada-ROK Foreign and Defence (2+2) joint statement of 25 February 2026.
TITLE = "Joint statement, second Canada-Republic of Korea Foreign and Defence (2+2) Ministerial Meeting"
MEETING = "Canada-ROK Foreign and Defence (2+2) Ministerial Meeting"
REAFFIRM = (
    "We reaffirm our shared commitment to strengthening cooperation at a time of heightened strategic "
    "competition, rapidly evolving technologies and increasing pressure on open, democratic societies."
)
UPDATE = "Canada and the ROK agree to pursue an update of the Comprehensive Strategic Partnership Action Plan"
EXPAND = "we commit to expanding and strengthening our security and defence cooperation"
AIR_FORCE = "sign the Terms of Reference on regular Air Force Staff Talks in 2026"
CYBER = "the inaugural Canada-Korea Cyber Policy Consultations will take place in March 2026"
SPACE = "Canada is keen to work with the ROK to establish a Space Security Dialogue"
BIENNIAL = (
    "We reaffirm our commitment to convening this 2+2 Ministerial Meeting on a biennial basis, "
    "with the next meeting to be held in the ROK in 2028."
)
DELIVERABLE = "Action Plan to implement the Security and Defence Cooperation Partnership."
SIGNED = (
    "the governments of Canada and the ROK have signed the Agreement on the Protection of Military "
    "and Defence Classified Information"
)
LAUNCHED = "Having launched the new Canada-ROK Security and Defence Cooperation Partnership (SDCP) in October 2025"
CLASSIFIED = "Agreement on the Protection of Military and Defence Classified Information"

TWO_PLUS_TWO_TEXT = f"""\
{TITLE}

We, the ministers of foreign affairs and ministers of national defence of Canada and the Republic of Korea \
(ROK), met in Ottawa on February 25, 2026, for the second {MEETING}. {REAFFIRM}

In this context, {UPDATE} to better align with current geopolitical realities and government priorities.

Security and defence

{LAUNCHED}, {EXPAND}. The implementation of this landmark agreement will be guided by a new SDCP Action Plan.

In this context, {SIGNED}.

We will enhance operational cooperation through expanded bilateral and multilateral exercises and {AIR_FORCE}.

Addressing cyber, technology, AI and space security challenges

We confirm that {CYBER}. {SPACE}.

Looking forward

{BIENNIAL}

Annex: Joint deliverables (2026)

{DELIVERABLE}
"""


def span(text: str, quote: str) -> tuple[int, int]:
    """Offsets of the first occurrence of `quote` in `text`."""
    start = text.index(quote)
    return start, start + len(quote)


def _commitment(text: str, quote: str, **fields: Any) -> Commitment:
    return Commitment(quote, *span(text, quote), **{"actors": ("CAN", "KOR"), **fields})


@pytest.fixture
def two_plus_two() -> tuple[IngestedDocument, Extraction]:
    """The 2+2 excerpt with every kind of record the store keeps, each optional field set at least once."""
    text = TWO_PLUS_TWO_TEXT
    cyber_section = "Addressing cyber, technology, AI and space security challenges"
    commitments = (
        _commitment(text, REAFFIRM, strength="reaffirmed", area="partnership"),
        _commitment(
            text,
            UPDATE,
            strength="firm",
            area="partnership",
            agreements=("Comprehensive Strategic Partnership Action Plan",),
        ),
        _commitment(
            text,
            EXPAND,
            strength="firm",
            area="defence",
            section="Security and defence",
            agreements=("Security and Defence Cooperation Partnership", "SDCP Action Plan"),
        ),
        _commitment(
            text,
            AIR_FORCE,
            strength="firm",
            area="defence",
            due="2026",
            section="Security and defence",
            mechanisms=("Air Force Staff Talks",),
        ),
        _commitment(
            text,
            CYBER,
            strength="firm",
            area="cyber",
            due="2026-03",
            section=cyber_section,
            mechanisms=("Canada-Korea Cyber Policy Consultations",),
        ),
        _commitment(
            text,
            SPACE,
            strength="aspirational",
            actors=("CAN",),
            area="space",
            section=cyber_section,
            mechanisms=("Space Security Dialogue",),
        ),
        _commitment(
            text,
            BIENNIAL,
            strength="reaffirmed",
            area="partnership",
            due="2028",
            recurrence="P2Y",
            section="Looking forward",
            mechanisms=(MEETING,),
        ),
        _commitment(
            text,
            DELIVERABLE,
            strength="firm",
            area="defence",
            due="2026-12-31",
            section="Annex: Joint deliverables (2026)",
            agreements=("SDCP Action Plan",),
            annex=True,
        ),
    )
    achievements = (
        Achievement(
            SIGNED,
            *span(text, SIGNED),
            actors=("CAN", "KOR"),
            area="defence",
            date="2026-02-25",
            section="Security and defence",
        ),
        Achievement(LAUNCHED, *span(text, LAUNCHED), actors=("KOR", "CAN"), area="defence", date="2025-10"),
    )
    mechanisms = (
        Mechanism(MEETING, recurrence="P2Y", next="2028", held="2026-02-25", **_at(text, MEETING)),
        Mechanism("Air Force Staff Talks", status="terms of reference to be signed"),
        Mechanism("Canada-Korea Cyber Policy Consultations", next="2026-03", status="inaugural meeting scheduled"),
        Mechanism("Space Security Dialogue", status="proposed by CAN"),
    )
    agreements = (
        Agreement(CLASSIFIED, kind="agreement", stage="signed", date="2026-02-25", **_at(text, CLASSIFIED)),
        Agreement("Comprehensive Strategic Partnership Action Plan", kind="plan"),
        Agreement("Security and Defence Cooperation Partnership", kind="partnership", stage="concluded"),
        Agreement("SDCP Action Plan", kind="plan", stage="proposed", date="2026-02-25"),
    )
    document = IngestedDocument(
        sha256=hashlib.sha256(f"---\ntitle: 2+2\n---\n{text}".encode()).hexdigest(),
        text=text,
        metadata=Metadata(
            title=TITLE,
            date="2026-02-25",
            issuers=("CAN", "KOR"),
            source="https://www.miragenews.com/canada-south-korea-2-2-ministerial-talks-1626870",
            extra={"completeness": "excerpt", "tags": ["2+2", "defence"]},
        ),
        format="md",
        origin="corpus/2026-02-25_canada-korea_2plus2-second.md",
    )
    extraction = Extraction(commitments, achievements, mechanisms, agreements, issuers=("CAN", "KOR"))
    return document, extraction


def _at(text: str, name: str) -> dict[str, int]:
    start, end = span(text, name)
    return {"start": start, "end": end}


StatementFactory = Callable[..., tuple[IngestedDocument, Extraction]]


def build_statement(
    *commitments: dict[str, Any],
    title: str = "Joint statement",
    date: str | None = "2026-02-25",
    issuers: tuple[str, ...] = ("CAN", "KOR"),
    mechanisms: tuple[Mechanism, ...] = (),
    agreements: tuple[Agreement, ...] = (),
) -> tuple[IngestedDocument, Extraction]:
    """A small statement whose text is its commitments' quotes, one a line.

    Each commitment is a dict of `extract.Commitment` fields (quote required; others defaulted).
    """
    text = f"{title}\n\n" + "\n".join(c["quote"] for c in commitments) + "\n"
    built = []
    for fields in commitments:
        given = {key: value for key, value in fields.items() if key != "quote"}
        defaults = {"strength": "firm", "actors": issuers, "area": "partnership"}
        built.append(_commitment(text, fields["quote"], **{**defaults, **given}))
    document = IngestedDocument(
        sha256=hashlib.sha256(f"{title}|{date}|{text}".encode()).hexdigest(),
        text=text,
        metadata=Metadata(title=title, date=date, issuers=issuers),
        format="txt",
        origin=f"{title}.txt",
    )
    return document, Extraction(tuple(built), (), mechanisms, agreements, issuers=issuers)


@pytest.fixture
def make_statement() -> StatementFactory:
    """`build_statement`, for tests that take it as a fixture."""
    return build_statement
