"""Demo data: the statement Servanda was founded on, bundled so `servanda demo` works anywhere.

It is the joint statement of the second Canada-Republic of Korea Foreign and Defence (2+2) Ministerial
Meeting, Ottawa, 25 February 2026, as republished in plain text.
"""

from importlib import resources

STATEMENT = "2026-02-25_canada-korea_2plus2.txt"


def statement_bytes() -> bytes:
    """The bundled statement's bytes, as a file of that name would hold them."""
    return resources.files(__name__).joinpath(STATEMENT).read_bytes()
