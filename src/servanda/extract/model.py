"""Values the extractor returns: commitments, achievements, mechanisms and agreements of one text."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Literal

Strength = Literal["firm", "reaffirmed", "position", "aspirational"]
STRENGTHS: tuple[str, ...] = ("firm", "reaffirmed", "position", "aspirational")

# The policy fields of ../shared/spec/commitments.md, in the order the spec lists them.
AREAS: tuple[str, ...] = (
    "partnership",
    "regional-security",
    "nonproliferation",
    "regional-architecture",
    "defence",
    "maritime",
    "cyber",
    "technology",
    "space",
    "economic-security",
    "human-rights",
    "climate-energy",
    "global-issues",
)

# Agreement lifecycle, after the UN Treaty Collection's vocabulary (proposed and negotiating precede it).
AGREEMENT_STAGES: tuple[str, ...] = (
    "proposed",
    "negotiating",
    "concluded",
    "signed",
    "in-force",
    "terminated",
)


@dataclass(frozen=True, slots=True)
class Commitment:
    """One trackable undertaking, tied to the exact span of clean text that states it."""

    quote: str
    start: int
    end: int
    strength: str
    actors: tuple[str, ...]
    area: str
    due: str | None = None
    recurrence: str | None = None
    section: str | None = None
    mechanisms: tuple[str, ...] = ()
    agreements: tuple[str, ...] = ()
    annex: bool = False

    def to_json(self) -> dict:
        out = asdict(self)
        out["actors"] = list(self.actors)
        out["mechanisms"] = list(self.mechanisms)
        out["agreements"] = list(self.agreements)
        del out["annex"]
        return out


@dataclass(frozen=True, slots=True)
class Achievement:
    """Something the statement reports as done on or before its date."""

    quote: str
    start: int
    end: int
    actors: tuple[str, ...]
    area: str
    date: str | None = None
    section: str | None = None

    def to_json(self) -> dict:
        return {
            "quote": self.quote,
            "start": self.start,
            "end": self.end,
            "actors": list(self.actors),
            "area": self.area,
            "date": self.date,
        }


@dataclass(frozen=True, slots=True)
class Mechanism:
    """A standing meeting, talks or dialogue named in the text, with cadence where stated."""

    name: str
    recurrence: str | None = None
    next: str | None = None
    held: str | None = None
    status: str | None = None
    start: int = 0
    end: int = 0

    def to_json(self) -> dict:
        return {
            "name": self.name,
            "recurrence": self.recurrence,
            "next": self.next,
            "held": self.held,
            "status": self.status,
        }


@dataclass(frozen=True, slots=True)
class Agreement:
    """An agreement, action plan or partnership named in the text, at a lifecycle stage."""

    name: str
    kind: str = "agreement"  # agreement | plan | partnership
    stage: str | None = None
    date: str | None = None
    start: int = 0
    end: int = 0

    def to_json(self) -> dict:
        return {"name": self.name, "kind": self.kind, "stage": self.stage, "date": self.date}


@dataclass(frozen=True, slots=True)
class Extraction:
    """Everything extracted from one clean text."""

    commitments: tuple[Commitment, ...] = ()
    achievements: tuple[Achievement, ...] = ()
    mechanisms: tuple[Mechanism, ...] = ()
    agreements: tuple[Agreement, ...] = ()
    issuers: tuple[str, ...] = field(default=())

    def to_json(self) -> dict:
        return {
            "commitments": [c.to_json() for c in self.commitments],
            "achievements": [a.to_json() for a in self.achievements],
            "mechanisms": [m.to_json() for m in self.mechanisms],
            "agreements": [a.to_json() for a in self.agreements],
        }
