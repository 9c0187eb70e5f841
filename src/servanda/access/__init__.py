"""Markings, national schemes, people and the one decision function every read and write goes through."""

from servanda.access.decide import ACTIONS, ROLES, Action, Decision, Person, decide, may_read
from servanda.access.markings import (
    PUBLIC,
    Marking,
    MarkingError,
    equivalent_banner,
    format_marking,
    highest,
    parse_marking,
)

__all__ = [
    "ACTIONS",
    "PUBLIC",
    "ROLES",
    "Action",
    "Decision",
    "Marking",
    "MarkingError",
    "Person",
    "decide",
    "equivalent_banner",
    "format_marking",
    "highest",
    "may_read",
    "parse_marking",
]
