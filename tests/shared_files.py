"""Where the shared statements, gold annotations and scorer live (beside the clone, or $SERVANDA_SHARED)."""

from __future__ import annotations

import importlib.util
import os
from pathlib import Path
from types import ModuleType

import pytest

REPO = Path(__file__).resolve().parents[1]


def _shared() -> Path | None:
    for candidate in (os.environ.get("SERVANDA_SHARED"), REPO.parent / "shared", Path("/work/shared")):
        if candidate and Path(candidate, "eval", "dev").is_dir():
            return Path(candidate)
    return None


SHARED = _shared()
DEV = SHARED / "eval" / "dev" if SHARED else None
SILVER = REPO / "eval" / "silver"
needs_shared = pytest.mark.skipif(SHARED is None, reason="the shared statements folder is not present")


def official_scorer() -> ModuleType:
    """The scorer every extraction figure is quoted by (../shared/tools/score.py), imported as a module."""
    assert SHARED is not None
    spec = importlib.util.spec_from_file_location("official_score", SHARED / "tools" / "score.py")
    module = importlib.util.module_from_spec(spec)
    assert spec.loader is not None
    spec.loader.exec_module(module)
    return module
