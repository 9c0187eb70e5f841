"""`servanda serve`: it refuses to start outside development with the default secret key, and otherwise serves the
sign-in page, the API and the bundled static files over real HTTP."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from typer.testing import CliRunner

from servanda.cli.app import app
from servanda.settings import get_settings


@pytest.fixture
def clean_settings(monkeypatch: pytest.MonkeyPatch):
    """`serve` hands the database to its workers through the environment: put it back afterwards."""
    monkeypatch.setenv("SERVANDA_DATABASE_URL", "sqlite:///./servanda.db")
    get_settings.cache_clear()
    yield monkeypatch
    get_settings.cache_clear()


def test_serve_refuses_the_default_secret_key_outside_development(clean_settings, tmp_path: Path) -> None:
    clean_settings.setenv("SERVANDA_ENVIRONMENT", "production")
    clean_settings.delenv("SERVANDA_SECRET_KEY", raising=False)
    result = CliRunner().invoke(app, ["serve", "--db", f"sqlite:///{tmp_path / 'x.db'}", "--port", "1"])
    assert result.exit_code == 1
    assert result.stderr.startswith("error: SERVANDA_SECRET_KEY is the development default")
    assert not (tmp_path / "x.db").exists(), "nothing is opened before the settings are accepted"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _get(url: str) -> tuple[int, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=5) as answer:
            return answer.status, answer.read()
    except urllib.error.HTTPError as err:
        return err.code, err.read()


def test_serve_answers_over_http_until_stopped(tmp_path: Path) -> None:
    port = _free_port()
    env = {
        "PATH": "/usr/bin:/bin",
        "HOME": str(tmp_path),
        "SERVANDA_ENVIRONMENT": "development",
    }
    command = [
        sys.executable,
        "-m",
        "servanda.cli",
        "serve",
        "--port",
        str(port),
        "--db",
        f"sqlite:///{tmp_path / 's.db'}",
    ]
    server = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                status, body = _get(f"{base}/login")
                break
            except (ConnectionError, urllib.error.URLError):
                assert server.poll() is None and time.monotonic() < deadline, "the server did not start"
                time.sleep(0.2)
        assert status == 200 and b"Sign in to Servanda" in body
        assert _get(f"{base}/api/v1/me")[0] == 401
        assert b"htmx" in _get(f"{base}/static/vendor/htmx-2.0.11.min.js")[1][:2000]
        assert _get(f"{base}/api/v1/openapi.json")[0] == 200
    finally:
        server.terminate()
        output, _ = server.communicate(timeout=15)
    assert f"at http://127.0.0.1:{port}/" in output
