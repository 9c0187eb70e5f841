"""Servanda's one validated settings object, read from `SERVANDA_*` environment variables."""

from __future__ import annotations

from datetime import timedelta
from functools import lru_cache
from typing import Literal

from pydantic import Field, SecretStr, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from servanda.errors import ServandaError

# Fit only for development: anyone can read it here. Outside development a key of one's own is required.
DEVELOPMENT_SECRET_KEY = "servanda-development-key-not-secret"
MIN_SECRET_KEY_LENGTH = 32


class SettingsError(ServandaError):
    """Settings that Servanda refuses to run with."""


class Settings(BaseSettings):
    """Where the database lives and how the process runs; unknown `SERVANDA_*` variables are ignored."""

    model_config = SettingsConfigDict(env_prefix="SERVANDA_", extra="ignore")

    database_url: str = "sqlite:///./servanda.db"  # any SQLAlchemy URL
    environment: Literal["development", "production"] = "development"
    debug: bool = False
    secret_key: SecretStr = SecretStr(DEVELOPMENT_SECRET_KEY)  # signs audit checkpoints and sign-in forms
    # A web session ends after this long without a request, and this long after sign-in whatever happens (ISO 8601
    # durations such as PT30M, or seconds). OWASP ASVS 5.0 V7.3.1 and V7.3.2.
    session_idle_timeout: timedelta = timedelta(minutes=30)
    session_absolute_timeout: timedelta = timedelta(hours=12)
    run_jobs: bool = True  # `servanda serve` runs background jobs in each of its processes
    # The most connections one process opens to the database: 2 for each request served at once (a read that
    # returns marked records audits them on a second connection), and the web app serves up to 40.
    database_connections: int = Field(default=80, ge=2)

    @model_validator(mode="after")
    def _sessions_end(self) -> Settings:
        if not timedelta(0) < self.session_idle_timeout <= self.session_absolute_timeout:
            raise ValueError("session timeouts must be positive, the idle one no longer than the absolute one")
        return self

    def check_secrets(self) -> None:
        """Refuse the development secret key, or a short one, outside development."""
        if self.environment == "development":
            return
        key = self.secret_key.get_secret_value()
        if key == DEVELOPMENT_SECRET_KEY:
            raise SettingsError(
                f"SERVANDA_SECRET_KEY is the development default, which is public; set it to a random value of "
                f"at least {MIN_SECRET_KEY_LENGTH} characters before running in {self.environment}"
            )
        if len(key) < MIN_SECRET_KEY_LENGTH:
            raise SettingsError(
                f"SERVANDA_SECRET_KEY is too short for {self.environment}: use at least "
                f"{MIN_SECRET_KEY_LENGTH} random characters"
            )


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """Return the process-wide settings, read once; `get_settings.cache_clear()` re-reads them.

    Outside development, refuses (SettingsError) to run with the default or a short secret key.
    """
    settings = Settings()
    settings.check_secrets()
    return settings
