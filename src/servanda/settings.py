"""Servanda's one validated settings object, read from `SERVANDA_*` environment variables."""

from __future__ import annotations

from functools import lru_cache
from typing import Literal

from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    """Where the database lives and how the process runs; unknown `SERVANDA_*` variables are ignored."""

    model_config = SettingsConfigDict(env_prefix="SERVANDA_", extra="ignore")

    database_url: str = "sqlite:///./servanda.db"  # any SQLAlchemy URL
    environment: Literal["development", "production"] = "development"
    debug: bool = False


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """Return the process-wide settings, read once; `get_settings.cache_clear()` re-reads them."""
    return Settings()
