"""Settings come from SERVANDA_* variables, and the store opens the database they name."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from pydantic import ValidationError

from servanda.errors import ServandaError
from servanda.settings import DEVELOPMENT_SECRET_KEY, Settings, get_settings
from servanda.store.engine import make_engine


@pytest.fixture(autouse=True)
def _fresh_settings(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    for name in ("SERVANDA_DATABASE_URL", "SERVANDA_ENVIRONMENT", "SERVANDA_DEBUG", "SERVANDA_SECRET_KEY"):
        monkeypatch.delenv(name, raising=False)
    get_settings.cache_clear()
    yield
    get_settings.cache_clear()


def test_defaults_are_a_local_sqlite_file_in_development() -> None:
    settings = Settings()
    assert (settings.database_url, settings.environment, settings.debug) == (
        "sqlite:///./servanda.db",
        "development",
        False,
    )


def test_environment_variables_override_the_defaults(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SERVANDA_DATABASE_URL", "postgresql+psycopg://servanda@db/servanda")
    monkeypatch.setenv("SERVANDA_ENVIRONMENT", "production")
    monkeypatch.setenv("SERVANDA_DEBUG", "true")
    monkeypatch.setenv("SERVANDA_SECRET_KEY", "k" * 40)
    settings = get_settings()
    assert settings.database_url == "postgresql+psycopg://servanda@db/servanda"
    assert (settings.environment, settings.debug) == ("production", True)
    assert settings.secret_key.get_secret_value() == "k" * 40


def test_development_runs_with_the_default_secret_key() -> None:
    assert get_settings().secret_key.get_secret_value() == DEVELOPMENT_SECRET_KEY


def test_production_refuses_the_default_secret_key(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SERVANDA_ENVIRONMENT", "production")
    with pytest.raises(ServandaError, match=r"^SERVANDA_SECRET_KEY is the development default"):
        get_settings()


def test_production_refuses_a_short_secret_key(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SERVANDA_ENVIRONMENT", "production")
    monkeypatch.setenv("SERVANDA_SECRET_KEY", "short")
    with pytest.raises(ServandaError, match=r"^SERVANDA_SECRET_KEY is too short"):
        get_settings()


def test_the_secret_key_is_not_shown_when_settings_are_printed(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SERVANDA_SECRET_KEY", "a-very-secret-value-nobody-may-see")
    assert "a-very-secret-value" not in repr(get_settings())


def test_an_unknown_environment_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SERVANDA_ENVIRONMENT", "staging")
    with pytest.raises(ValidationError, match="environment"):
        Settings()


def test_make_engine_defaults_to_the_configured_database(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("SERVANDA_DATABASE_URL", f"sqlite:///{tmp_path / 'configured.db'}")
    engine = make_engine()
    try:
        assert engine.url.database == str(tmp_path / "configured.db")
    finally:
        engine.dispose()


@pytest.mark.parametrize("scheme", ["postgres", "postgresql"])
def test_plain_postgresql_urls_use_the_installed_psycopg_driver(scheme: str) -> None:
    engine = make_engine(f"{scheme}://servanda@db.example/servanda")
    try:
        assert engine.url.drivername == "postgresql+psycopg"
    finally:
        engine.dispose()


def test_the_connections_a_process_may_open_come_from_the_settings(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("SERVANDA_DATABASE_CONNECTIONS", "12")
    get_settings.cache_clear()
    engine = make_engine(f"sqlite:///{tmp_path / 'pool.db'}")
    try:
        assert (engine.pool.size(), engine.pool._max_overflow) == (5, 7)
    finally:
        engine.dispose()
        get_settings.cache_clear()
    monkeypatch.setenv("SERVANDA_DATABASE_CONNECTIONS", "1")
    with pytest.raises(ValueError, match="greater than or equal to 2"):
        Settings()
