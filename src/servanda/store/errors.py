"""The store's refusals that are not failures of the database."""

from __future__ import annotations

from servanda.errors import StoreError


class AccessDenied(StoreError):
    """`access.decide` refused a write or an administrative action; nothing was written."""
