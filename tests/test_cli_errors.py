"""How the command fails: one line and exit code 1, usage errors exit 2, tracebacks only with --debug."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from servanda import __version__
from servanda.cli.app import app


def servanda(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """Run the real command in a fresh process, as a user would."""
    return subprocess.run(
        [sys.executable, "-m", "servanda.cli", *args],
        capture_output=True,
        text=True,
        timeout=60,
        env=env,
    )


@pytest.fixture(autouse=True)
def _no_acting_person_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SERVANDA_USER", raising=False)
    monkeypatch.delenv("SERVANDA_TOKEN", raising=False)


def one_person(tmp_path: Path) -> str:
    """A database whose only person, an admin, every command acts as."""
    url = f"sqlite:///{tmp_path / 'servanda.db'}"
    operator = ["user", "add", "operator", "--nationality", "CAN", "--clearance", "SECRET", "--role", "admin"]
    added = CliRunner().invoke(app, [*operator, "--db", url])
    assert added.exit_code == 0, added.output
    return url


def test_an_error_is_one_line_on_stderr_without_a_traceback(tmp_path: Path):
    done = servanda("show", "7", "--db", one_person(tmp_path))
    assert done.returncode == 1
    assert done.stdout == ""
    assert done.stderr == "error: no commitment 7 is stored\n"


def test_debug_shows_the_traceback(tmp_path: Path):
    done = servanda("--debug", "show", "7", "--db", one_person(tmp_path))
    assert done.returncode == 1
    assert done.stderr.startswith("Traceback (most recent call last):")
    assert done.stderr.rstrip().endswith("CommandError: no commitment 7 is stored")


def test_servanda_debug_in_the_environment_shows_the_traceback(tmp_path: Path):
    import os

    env = {**os.environ, "SERVANDA_DEBUG": "true"}
    done = servanda("show", "7", "--db", one_person(tmp_path), env=env)
    assert "Traceback (most recent call last):" in done.stderr


def test_a_bad_database_url_is_one_line():
    result = CliRunner().invoke(app, ["list", "--db", "nonsense://"])
    assert result.exit_code == 1
    assert result.stderr.startswith("error: cannot use database URL nonsense://")
    assert len(result.stderr.splitlines()) == 1


def test_invalid_settings_are_named(monkeypatch):
    from servanda.settings import get_settings

    monkeypatch.setenv("SERVANDA_ENVIRONMENT", "staging")
    get_settings.cache_clear()
    try:
        result = CliRunner().invoke(app, ["list"])
    finally:
        get_settings.cache_clear()
    assert result.exit_code == 1
    assert result.stderr.startswith("error: invalid settings: SERVANDA_ENVIRONMENT:")


def test_usage_errors_exit_2():
    assert CliRunner().invoke(app, ["list", "--no-such-option"]).exit_code == 2
    assert CliRunner().invoke(app, ["no-such-command"]).exit_code == 2
    assert CliRunner().invoke(app, ["show", "not-a-number"]).exit_code == 2


def test_version():
    result = CliRunner().invoke(app, ["--version"])
    assert (result.exit_code, result.stdout) == (0, f"servanda {__version__}\n")


def test_help_lists_every_command():
    result = CliRunner().invoke(app, ["--help"], env={"COLUMNS": "120"})
    assert result.exit_code == 0
    commands = ("ingest", "extract", "demo", "list", "show", "documents", "document", "export", "eval")
    for command in (*commands, "user", "token", "org", "widen", "audit"):
        assert f" {command} " in result.stdout
