"""What the browser tests share: the demo database served over real HTTP by uvicorn in a thread, headless
Chromium driven by Playwright's Python API, signing in through the real form, and screenshots on request.

A test module wires them into fixtures of the scope it wants, for example:

    @pytest.fixture(scope="module")
    def server(tmp_path_factory):
        with demo_server(tmp_path_factory.mktemp("browser")) as running:
            yield running

    @pytest.fixture(scope="module")
    def browser():
        with chromium() as running:
            yield running

    def test_something(server, browser):
        page = signed_in_page(browser, server, "operator")
        page.goto(server.url("/documents"))

The browser is Debian's `chromium` at /usr/bin/chromium (or SERVANDA_CHROMIUM); `make test` installs it when it
is missing. Without it the tests are skipped, saying why. Screenshots are written to docs/screenshots/ only when
SERVANDA_SCREENSHOTS=1.
"""

from __future__ import annotations

import os
import shutil
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest
import uvicorn
from sqlalchemy import Engine
from typer.testing import CliRunner

from servanda.cli.app import app as cli
from servanda.demo import operator, personas
from servanda.settings import Settings
from servanda.store import open_database
from servanda.web import create_app

LAUNCH_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]
SCREENSHOTS = Path(__file__).resolve().parent.parent / "docs" / "screenshots"
# Wide enough for the dashboard's two columns, short enough for a legible screenshot.
VIEWPORT = {"width": 1280, "height": 900}
PASSWORDS = {person.username: person.password for person in (operator(), *personas())}


@dataclass
class LiveServer:
    """The demo database served at `base` (http://127.0.0.1:PORT) over `engine`."""

    base: str
    engine: Engine
    database_url: str

    def url(self, path: str) -> str:
        return f"{self.base}{path}"


def chromium_path() -> str | None:
    """The Chromium executable the tests drive, or None when there is none on this machine."""
    wanted = os.environ.get("SERVANDA_CHROMIUM", "/usr/bin/chromium")
    if Path(wanted).is_file() and os.access(wanted, os.X_OK):
        return wanted
    return shutil.which("chromium")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def store_demo(database_url: str) -> None:
    """Run `servanda demo` on `database_url`: the operator, the personas (with their demo passwords) and the
    Canada-Korea statements, tracked, with the example assessments."""
    result = CliRunner().invoke(cli, ["demo", "--db", database_url])
    assert result.exit_code == 0, result.output


@contextmanager
def serving(engine: Engine, database_url: str) -> Iterator[LiveServer]:
    """The web application over `engine`, served by uvicorn on a free port in a thread until the block ends."""
    settings = Settings(database_url=database_url, environment="development")
    port = free_port()
    config = uvicorn.Config(
        create_app(settings, engine=engine), host="127.0.0.1", port=port, log_level="warning", lifespan="on"
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, name=f"uvicorn-{port}", daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            raise RuntimeError(f"the test server on port {port} did not start")
        time.sleep(0.05)
    try:
        yield LiveServer(f"http://127.0.0.1:{port}", engine, database_url)
    finally:
        server.should_exit = True
        thread.join(timeout=30)


@contextmanager
def demo_server(directory: Path) -> Iterator[LiveServer]:
    """The demo database, in a new SQLite file under `directory`, served until the block ends."""
    database_url = f"sqlite:///{directory / 'demo.db'}"
    store_demo(database_url)
    engine = open_database(database_url)
    try:
        with serving(engine, database_url) as server:
            yield server
    finally:
        engine.dispose()


@contextmanager
def chromium() -> Iterator[object]:
    """A headless Chromium (a Playwright `Browser`); skips the calling test when no Chromium can be found."""
    executable = chromium_path()
    if executable is None:
        pytest.skip("no Chromium at /usr/bin/chromium or on PATH: install Debian's chromium (make test does)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, headless=True, args=LAUNCH_ARGS)
        try:
            yield browser
        finally:
            browser.close()


def signed_in_page(browser, server: LiveServer, username: str, *, accept_downloads: bool = False):
    """A new page, in a browser context of its own (its own cookies), signed in as the demo person `username`
    through the sign-in form; it ends on the dashboard."""
    context = browser.new_context(viewport=VIEWPORT, accept_downloads=accept_downloads)
    page = context.new_page()
    page.goto(server.url("/login"))
    page.fill("#username", username)
    page.fill("#password", PASSWORDS[username])
    page.click("button[type=submit]")
    page.wait_for_url(server.url("/"))
    return page


def screenshot(page, name: str) -> Path | None:
    """Save the page as docs/screenshots/NAME.png when SERVANDA_SCREENSHOTS=1; return where, or None."""
    if os.environ.get("SERVANDA_SCREENSHOTS") != "1":
        return None
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    target = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(target), full_page=False)
    return target
