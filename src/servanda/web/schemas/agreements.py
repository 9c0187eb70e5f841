"""Agreements, action plans and partnerships, with the stages each has reached."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, Field

from servanda.tracking import agreements as library
from servanda.web.markings import Banners, MarkingPublic
from servanda.web.schemas.common import Page

Stage = Literal[library.STAGES]  # type: ignore[valid-type]
Kind = Literal[library.KINDS]  # type: ignore[valid-type]


class StagePublic(BaseModel):
    id: int
    agreement_id: int
    stage: str
    date: str = Field(description="ISO 8601 at its precision")
    document_id: int | None
    document_title: str | None
    document_date: str | None
    recorded_by: str
    at: datetime
    marking: MarkingPublic


class AgreementPublic(BaseModel):
    id: int
    name: str
    kind: str
    stages: list[StagePublic] = Field(description="in the order they were reached")
    current: StagePublic | None
    marking: MarkingPublic


class AgreementPage(Page[AgreementPublic]):
    pass


class AgreementUpdate(BaseModel):
    """A new name or kind; what is left out stays as it is."""

    name: str | None = Field(default=None, max_length=500)
    kind: Kind | None = None


class StageCreate(BaseModel):
    """A stage reached on `date`, evidenced by a stored document if given; `marking` is the stage's own."""

    stage: Stage
    date: str = Field(examples=["2026-02-25"], max_length=10)
    document_id: int | None = None
    marking: str | None = None
    raise_marking: bool = Field(default=False, description="raise the agreement's marking to cover the stage")


def stage_public(value: library.StagePublic, banners: Banners) -> StagePublic:
    fields = {name: getattr(value, name) for name in StagePublic.model_fields if name != "marking"}
    return StagePublic(**fields, marking=banners.of(value.marking))


def agreement_public(value: library.AgreementPublic, banners: Banners) -> AgreementPublic:
    stages = [stage_public(s, banners) for s in value.stages]
    return AgreementPublic(
        id=value.id,
        name=value.name,
        kind=value.kind,
        stages=stages,
        current=stages[-1] if stages else None,
        marking=banners.of(value.marking),
    )
