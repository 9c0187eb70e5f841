"""`servanda serve`: the web application and the REST API over a database, served by uvicorn."""

from __future__ import annotations

import os
from typing import Annotated

import typer

from servanda.cli import options
from servanda.cli.database import database_url, opened, shown_url
from servanda.cli.output import line


def serve(
    host: Annotated[
        str, typer.Option("--host", help="The address to listen on; 0.0.0.0 listens on every interface.")
    ] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", min=1, max=65535, help="The TCP port to listen on.")] = 8000,
    workers: Annotated[
        int, typer.Option("--workers", min=1, max=64, help="Worker processes; each has its own connections.")
    ] = 1,
    jobs: Annotated[
        bool | None,
        typer.Option(
            "--jobs/--no-jobs",
            help="Also run background jobs (uploads to extract, statements to track) in each process. "
            "Default: SERVANDA_RUN_JOBS, true unless set.",
            show_default=False,
        ),
    ] = None,
    db: options.Database = None,
) -> None:
    """Serve the web application and the REST API until interrupted (Ctrl+C)."""
    import uvicorn

    from servanda.settings import get_settings

    url = database_url(db)
    # The workers read the database from the settings, as every Servanda process does.
    os.environ["SERVANDA_DATABASE_URL"] = url
    if jobs is not None:
        os.environ["SERVANDA_RUN_JOBS"] = "true" if jobs else "false"
    get_settings.cache_clear()
    get_settings()  # refuses the default secret key outside development, before anything listens
    with opened(url) as engine:  # migrated once, before the workers start
        shown = shown_url(engine)
    line(f"serving {shown} at http://{host}:{port}/ (API at /api/v1, sign in at /login); Ctrl+C stops")
    uvicorn.run(
        "servanda.web.app:served_app",
        factory=True,
        host=host,
        port=port,
        workers=workers,
        server_header=False,
        log_level="info",
    )
