"""Text → commitments with their attributes and exact source spans (see ../shared/spec/commitments.md)."""

from servanda.extract.model import (
    AREAS,
    STRENGTHS,
    Achievement,
    Agreement,
    Commitment,
    Extraction,
    Mechanism,
)
from servanda.extract.pipeline import extract

__all__ = [
    "AREAS",
    "STRENGTHS",
    "Achievement",
    "Agreement",
    "Commitment",
    "Extraction",
    "Mechanism",
    "extract",
]
