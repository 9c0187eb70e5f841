"""Who issued a statement: ISO 3166-1 alpha-3 codes or organisation short names, inferred from its text."""

from __future__ import annotations


def infer_issuers(text: str) -> tuple[str, ...]:
    """Return the issuing parties named in the opening of `text`, in order of first mention."""
    return ()


def resolve_party_list(value: str | list[str] | tuple[str, ...]) -> tuple[str, ...]:
    """Turn a front-matter or flag value ("CAN,KOR", "Canada; Republic of Korea") into party codes."""
    if isinstance(value, str):
        value = [v for v in value.replace(";", ",").split(",")]
    return tuple(v.strip().upper() for v in value if v.strip())
