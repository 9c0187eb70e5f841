"""Ingest: statement files (txt, md, html, pdf, docx) to clean English text plus metadata.

`read_path` and `read_bytes` are the entry points; every problem with the input is an `InputError`.
"""

from servanda.ingest.clean import clean_text
from servanda.ingest.dates import FoundDate, find_dates
from servanda.ingest.model import IngestedDocument, Metadata
from servanda.ingest.read import DEFAULT_MAX_BYTES, read_bytes, read_path

__all__ = [
    "DEFAULT_MAX_BYTES",
    "FoundDate",
    "IngestedDocument",
    "Metadata",
    "clean_text",
    "find_dates",
    "read_bytes",
    "read_path",
]
