"""Exceptions that carry a message fit to show a user on one line."""


class ServandaError(Exception):
    """Base of every error Servanda reports to a user; `str()` is the one-line message."""


class InputError(ServandaError):
    """Input that cannot be read as a statement (empty, binary, encrypted, too large, wrong language...)."""


class StoreError(ServandaError):
    """A database that cannot be opened, migrated or written."""
