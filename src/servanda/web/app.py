"""The web application: `create_app()` builds it over a database, for `servanda serve` and for tests."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles
from sqlalchemy import Engine

from servanda import __version__
from servanda.settings import Settings, get_settings
from servanda.store import open_database
from servanda.tracking.background import start_worker_thread
from servanda.web import api, login, pages
from servanda.web.auth import SignInRequired, sign_in_required
from servanda.web.database import Database
from servanda.web.errors import install_error_handlers
from servanda.web.headers import SecurityHeaders
from servanda.web.limits import BodyLimit
from servanda.web.templating import STATIC

DESCRIPTION = """\
Commitments from joint statements, tracked to delivery under security markings.

Every route acts for the person an API token (`Authorization: Bearer ...`) or a session cookie names, and returns
only what the access rules let that person read: a record they may not read answers exactly like a missing one.
Every record carries its marking's banner and the viewer's national equivalent. Errors share one shape,
`{"error": {"code": ..., "message": ...}}`. See docs/web.md.
"""


def create_app(settings: Settings | None = None, *, engine: Engine | None = None, run_jobs: bool = False) -> FastAPI:
    """The application over `engine` (default: the settings' database, opened and migrated here and closed when
    the application stops), also running background jobs in a thread when `run_jobs`. Refuses (SettingsError) to
    start outside development with a default secret key."""
    settings = settings or get_settings()
    settings.check_secrets()
    owned = engine is None
    engine = engine if engine is not None else open_database(settings.database_url)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        worker = start_worker_thread(engine) if run_jobs else None
        yield
        if worker is not None:
            thread, stop = worker
            stop.set()
            thread.join(timeout=30)
        if owned:
            engine.dispose()

    app = FastAPI(
        title="Servanda",
        version=__version__,
        description=DESCRIPTION,
        openapi_url=f"{api.PREFIX}/openapi.json",
        docs_url=None,  # the interactive pages load scripts from a CDN; the OpenAPI document is enough
        redoc_url=None,
        lifespan=lifespan,
    )
    app.state.settings = settings
    app.state.database = Database(engine)
    install_error_handlers(app)
    app.add_exception_handler(SignInRequired, sign_in_required)
    app.add_middleware(BodyLimit)
    app.add_middleware(SecurityHeaders, hsts=settings.environment != "development")
    app.include_router(api.router)
    app.include_router(login.router)
    app.include_router(pages.router)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    return app


def served_app() -> FastAPI:
    """The application `servanda serve` runs in each of its processes: over the settings' database, running
    background jobs unless SERVANDA_RUN_JOBS is false."""
    return create_app(run_jobs=get_settings().run_jobs)
