"""Security markings: who originated a record, how it is classified, to whom it may be released, which
need-to-know compartments it needs, and which instrument governs it. Read and written as conventional banners:
`SECRET//REL TO CAN, KOR//SDCP`, `KOR 군사Ⅱ급비밀//REL TO CAN, KOR`, `CAN SECRET//CAN EYES ONLY`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field, replace

from servanda.access.schemes import Level, SchemeError, has_scheme, instrument_between, levels_named, scheme
from servanda.errors import ServandaError
from servanda.reference.parties import get_party

UNCLASSIFIED_NAMES = frozenset({"UNCLASSIFIED", "UNCLAS", "U", "PUBLIC"})
_COMPARTMENT = re.compile(r"^[A-Z][A-Z0-9-]{1,19}$")


class MarkingError(ServandaError):
    """A marking that cannot be read: unknown level, ambiguous originator, unknown party or compartment."""


@dataclass(frozen=True, slots=True)
class Marking:
    """A record's marking. `releasable_to=None` means releasable to all, which only unclassified records are."""

    classification: str = "UNCLASSIFIED"
    originator: str | None = None  # party code; None for public, unclassified material
    releasable_to: frozenset[str] | None = None
    compartments: frozenset[str] = field(default_factory=frozenset)
    instrument: str | None = None  # the agreement that governs exchange of this record; None = the default

    @property
    def level(self) -> Level | None:
        """The level in the originator's scheme; None for public material."""
        if self.originator is None:
            return None
        return scheme(self.originator).level(self.classification)

    @property
    def rank(self) -> int:
        level = self.level
        return level.rank if level else 0

    @property
    def is_public(self) -> bool:
        return self.rank == 0 and self.releasable_to is None and not self.compartments

    @property
    def banner(self) -> str:
        return format_marking(self)

    def __str__(self) -> str:
        return self.banner


PUBLIC = Marking()


def parse_marking(text: str, *, originator: str | None = None, instrument: str | None = None) -> Marking:
    """Read a banner. `originator` says whose scheme a level shared by several schemes ("SECRET") belongs to."""
    if text is None or not str(text).strip():
        raise MarkingError("empty marking")
    segments = [s.strip() for s in str(text).strip().split("//")]
    if any(not s for s in segments):
        raise MarkingError(f"cannot read marking {text!r}: empty part between '//'")
    head, controls = segments[0], segments[1:]
    owner, level_name = _split_head(head, originator)
    releasable: frozenset[str] | None = None
    compartments: set[str] = set()
    for control in controls:
        upper = " ".join(control.upper().replace("，", ",").split())
        if upper.startswith("REL TO ") or upper.startswith("REL "):
            if releasable is not None:
                raise MarkingError(f"cannot read marking {text!r}: two releasability controls")
            releasable = frozenset(
                _parties(upper.split(" ", 2)[-1] if upper.startswith("REL TO ") else upper[4:], text)
            )
        elif upper.endswith(" EYES ONLY"):
            if releasable is not None:
                raise MarkingError(f"cannot read marking {text!r}: two releasability controls")
            releasable = frozenset(_parties(upper[: -len(" EYES ONLY")], text))
        elif upper == "NOFORN":
            if releasable is not None:
                raise MarkingError(f"cannot read marking {text!r}: two releasability controls")
            releasable = frozenset()  # filled with the originator below
        else:
            for name in re.split(r"[/,\s]+", upper):
                if not _COMPARTMENT.match(name):
                    raise MarkingError(
                        f"cannot read marking {text!r}: {control!r} is not a releasability "
                        "control or a compartment name"
                    )
                compartments.add(name)
    return build_marking(level_name, owner, releasable, compartments, instrument=instrument, source=text)


def build_marking(
    level_name: str,
    originator: str | None,
    releasable: Iterable[str] | None = None,
    compartments: Iterable[str] = (),
    *,
    instrument: str | None = None,
    source: str | None = None,
) -> Marking:
    """A checked, normalised marking from its parts."""
    shown = source or level_name
    if originator is None and level_name.upper() in UNCLASSIFIED_NAMES:
        classification, owner = "UNCLASSIFIED", None
    else:
        if originator is None:
            raise MarkingError(f"cannot read marking {shown!r}: say whose {level_name} it is")
        if not has_scheme(originator):
            raise MarkingError(f"cannot read marking {shown!r}: no marking scheme is defined for {originator}")
        level = scheme(originator).level(level_name)
        if level is None:
            raise MarkingError(f"cannot read marking {shown!r}: {originator} has no level {level_name}")
        if level.clearance_only:
            raise MarkingError(f"cannot read marking {shown!r}: {level.name} is a clearance, not a marking")
        classification, owner = level.name, originator
    rel = None if releasable is None else frozenset(releasable)
    if owner is not None and rel is not None:
        rel = rel | {owner}  # the originator's own nationals may always read what it marks
    if owner is not None and rel is None and scheme(owner).level(classification).rank > 0:
        rel = frozenset({owner})  # fail closed: classified material names who may see it, or stays at home
    if instrument is not None:
        try:
            from servanda.access.schemes import instrument as find_instrument

            find_instrument(instrument)
        except SchemeError as err:
            raise MarkingError(f"cannot read marking {shown!r}: {err}") from err
    return Marking(classification, owner, rel, frozenset(compartments), instrument)


def _split_head(head: str, originator: str | None) -> tuple[str | None, str]:
    words = head.split(maxsplit=1)
    if len(words) == 2 and len(words[0]) == 3 and words[0].isupper() and has_scheme(words[0]):
        return words[0], words[1]
    if head.upper() in UNCLASSIFIED_NAMES and originator is None:
        return None, head
    owners = sorted({lv.scheme for lv in levels_named(head)})
    if originator is not None:
        return originator, head
    if len(owners) == 1:
        return owners[0], head
    if not owners:
        raise MarkingError(f"cannot read marking: unknown classification {head!r}")
    raise MarkingError(f"cannot read marking: {head} is used by {', '.join(owners)}; write e.g. '{owners[0]} {head}'")


def _parties(listing: str, source: str) -> list[str]:
    parties = [p.strip() for p in re.split(r"[,/]|\s+AND\s+", listing) if p.strip()]
    if not parties:
        raise MarkingError(f"cannot read marking {source!r}: releasability names no party")
    for party in parties:
        if get_party(party) is None:
            raise MarkingError(f"cannot read marking {source!r}: {party} is not a party code")
    return parties


def format_marking(marking: Marking) -> str:
    """The conventional banner: classification, releasability, then compartments."""
    if marking.originator is None:
        head = "UNCLASSIFIED"
    else:
        shared = len({lv.scheme for lv in levels_named(marking.classification)}) > 1
        head = f"{marking.originator} {marking.classification}" if shared else marking.classification
    parts = [head]
    rel = marking.releasable_to
    if rel is not None:
        owner = marking.originator
        if owner is not None and rel == frozenset({owner}):
            parts.append(f"{owner} EYES ONLY")
        else:
            ordered = ([owner] if owner in rel else []) + sorted(p for p in rel if p != owner)
            parts.append("REL TO " + ", ".join(ordered))
    if marking.compartments:
        parts.append("/".join(sorted(marking.compartments)))
    return "//".join(parts)


def equivalent_banner(marking: Marking, nationality: str) -> str | None:
    """The marking as `nationality` would write it under the governing instrument ("군사Ⅱ급비밀" for a Korean
    viewer of a Canadian SECRET), or None when it has no equivalent there."""
    if marking.originator is None or marking.originator == nationality:
        return marking.banner
    if not has_scheme(nationality):
        return None
    governing = instrument_between(marking.originator, nationality, marking.instrument)
    level = marking.level
    match = governing.equivalent(level, nationality) if governing and level else None
    if match is None:
        return None
    return format_marking(replace(marking, classification=match.name, originator=nationality))


def highest(*markings: Marking) -> Marking:
    """The least marking that covers all of `markings`: what a record derived from them must carry. The
    highest classification (compared through the governing instrument), the parties every source may be
    released to, and every compartment of every source."""
    result = PUBLIC
    for marking in markings:
        result = _cover(result, marking)
    return result


def _cover(a: Marking, b: Marking) -> Marking:
    top = a if _outranks(a, b) else b
    if a.releasable_to is None:
        rel = b.releasable_to
    elif b.releasable_to is None:
        rel = a.releasable_to
    else:
        rel = a.releasable_to & b.releasable_to
    if top.originator is not None and rel is not None and top.originator not in rel:
        rel = rel | {top.originator}  # never unreadable by its own originator; see docs/security.md
    return Marking(
        top.classification,
        top.originator,
        rel,
        a.compartments | b.compartments,
        top.instrument or a.instrument or b.instrument,
    )


def _outranks(a: Marking, b: Marking) -> bool:
    """Whether `a`'s classification is at least `b`'s, comparing in `a`'s scheme where an instrument allows.
    Equal levels of two originators go to the originator whose code sorts first, so the result does not depend
    on the order the sources are given in."""
    if b.originator is None:
        return True
    if a.originator is None:
        return False
    if a.originator == b.originator:
        return a.rank >= b.rank
    governing = instrument_between(a.originator, b.originator, b.instrument or a.instrument)
    level_b = b.level
    converted = governing.equivalent(level_b, a.originator) if governing and level_b else None
    other_rank = converted.rank if converted is not None else b.rank  # not exchangeable: raw ranks decide
    if a.rank != other_rank:
        return a.rank > other_rank
    return a.originator < b.originator
