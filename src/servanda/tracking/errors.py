"""The refusals of tracking requests, each a one-line message fit to show a user."""

from __future__ import annotations

from servanda.errors import ServandaError


class TrackingError(ServandaError):
    """A tracking request that cannot be done as asked: a value outside its vocabulary, a date before the
    statement, a score for a party that is not an actor. Nothing was written."""


class NotFound(TrackingError):
    """No record of that id that the person may read: a forbidden record answers exactly like a missing one."""


class Conflict(TrackingError):
    """A request the record's present state refuses, such as deciding a proposal or link that is decided already."""
