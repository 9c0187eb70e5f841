"""The one place the access rules live: `decide(user, action, marking)`.

Rules, in the order they are checked (docs/security.md gives their sources):
1. a disabled account may do nothing;
2. the role must allow the action (readers read; analysts also write; admins also administer);
3. no read up: the user's clearance must be at least the record's classification, compared in the user's own
   scheme through the instrument that governs the record; a level the instrument does not exchange is for the
   originator's nationals only;
4. releasability must include the user's nationality;
5. the user must hold every compartment on the record;
6. no write down: content may not be attached to, or derived into, a record marked lower than the content;
7. releasability may be widened to a further party only with the originator's recorded consent.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from servanda.access.markings import Marking, highest
from servanda.access.schemes import has_scheme, instrument_between, scheme

ROLES = ("reader", "analyst", "admin")
READ = "read"
WRITE_ACTIONS = frozenset({"create", "update", "derive", "attach", "widen"})
ADMIN_ACTIONS = frozenset({"administer"})
ACTIONS = frozenset({READ}) | WRITE_ACTIONS | ADMIN_ACTIONS
_MIN_ROLE = {READ: "reader", **dict.fromkeys(WRITE_ACTIONS, "analyst"), **dict.fromkeys(ADMIN_ACTIONS, "admin")}


@dataclass(frozen=True, slots=True)
class Person:
    """What the rules need to know of a user."""

    username: str
    nationality: str
    clearance: str  # a level of the user's own national scheme
    role: str = "reader"
    compartments: frozenset[str] = field(default_factory=frozenset)
    disabled: bool = False


@dataclass(frozen=True, slots=True)
class Action:
    """What a user wants to do to a record: `kind` is one of ACTIONS. `source` is the marking of the content
    attached or derived (for `attach`, `derive`); `widen_to` the parties added to releasability and `consent`
    whether the originator's consent to that is recorded (for `widen`)."""

    kind: str
    source: Marking | None = None
    widen_to: frozenset[str] = frozenset()
    consent: bool = False


@dataclass(frozen=True, slots=True)
class Decision:
    allow: bool
    reason: str
    code: str  # stable short form of the reason, used by the authorisation matrix

    def __bool__(self) -> bool:
        return self.allow


def _deny(code: str, reason: str) -> Decision:
    return Decision(False, reason, code)


def decide(user: Person, action: str | Action, marking: Marking) -> Decision:
    """Whether `user` may do `action` to a record marked `marking`, and why."""
    act = action if isinstance(action, Action) else Action(action)
    if act.kind not in ACTIONS:
        return _deny("unknown-action", f"unknown action {act.kind!r}")
    if user.disabled:
        return _deny("disabled", f"{user.username}'s account is disabled")
    if user.role not in ROLES or ROLES.index(user.role) < ROLES.index(_MIN_ROLE[act.kind]):
        article = "an" if user.role[:1] in "aeiou" else "a"
        return _deny("role", f"{article} {user.role} may not {act.kind}; it needs the {_MIN_ROLE[act.kind]} role")
    denial = _read_denial(user, marking)
    if denial is not None:
        return denial
    if act.kind in ("attach", "derive") and act.source is not None:
        covering = highest(marking, act.source)
        if covering != highest(marking):
            return _deny(
                "write-down",
                f"the content is marked {act.source.banner}, above {marking.banner}: raise "
                f"the record to {covering.banner} first",
            )
        source_denial = _read_denial(user, act.source)
        if source_denial is not None:
            return source_denial
    if act.kind == "widen":
        current = marking.releasable_to
        added = act.widen_to - (current or frozenset())
        if current is not None and added and not act.consent:
            return _deny(
                "consent",
                f"releasing to {', '.join(sorted(added))} needs the recorded consent of "
                f"{marking.originator}, the originator",
            )
    return Decision(True, f"{user.username} may {act.kind} {marking.banner}", "ok")


def may_read(user: Person, marking: Marking) -> bool:
    """Shorthand for `decide(user, "read", marking).allow`."""
    return decide(user, READ, marking).allow


def _read_denial(user: Person, marking: Marking) -> Decision | None:
    """The first read rule (clearance, releasability, compartments) that `user` fails for `marking`."""
    if marking.originator is not None and marking.rank > 0:
        denial = _clearance_denial(user, marking)
        if denial is not None:
            return denial
    if marking.releasable_to is not None and user.nationality not in marking.releasable_to:
        return _deny("releasability", f"{marking.banner} is not releasable to {user.nationality}")
    missing = marking.compartments - user.compartments
    if missing:
        return _deny("compartment", f"{marking.banner} needs the {', '.join(sorted(missing))} compartment")
    return None


def _clearance_denial(user: Person, marking: Marking) -> Decision | None:
    if not has_scheme(user.nationality):
        return _deny("no-scheme", f"no marking scheme is defined for {user.nationality}")
    held = scheme(user.nationality).level(user.clearance)
    if held is None:
        return _deny("clearance", f"{user.clearance!r} is not a {user.nationality} clearance")
    level = marking.level
    if marking.originator == user.nationality:
        needed = level
    else:
        governing = instrument_between(marking.originator, user.nationality, marking.instrument)
        if governing is None:
            return _deny(
                "no-instrument", f"no instrument governs {marking.originator} material for {user.nationality} readers"
            )
        needed = governing.equivalent(level, user.nationality)
        if needed is None:
            return _deny(
                "not-exchangeable",
                f"{marking.originator} {marking.classification} is not exchanged under {governing.id}",
            )
    if held.rank < needed.rank:
        return _deny("clearance", f"{marking.banner} needs {needed.name}; {user.username} holds {held.name}")
    return None
