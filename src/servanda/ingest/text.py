"""Plain-text statements: bytes to `str`, every line break kept (some put one paragraph on each line)."""

from __future__ import annotations

import codecs

from servanda.errors import InputError
from servanda.ingest.detect import binary_kind

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32"),  # before UTF-16 LE, whose BOM is its prefix
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def bom_encoding(data: bytes) -> str | None:
    """Return the codec a byte-order mark at the start of `data` announces, if there is one."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return encoding
    return None


def decode_text(data: bytes, *, origin: str, encoding: str | None = None) -> str:
    """Decode a text file: a BOM wins, then `encoding` if given, else strict UTF-8; binary data is refused."""
    announced = bom_encoding(data)
    if announced is None:
        kind = binary_kind(data)
        if kind is not None:
            raise InputError(f"{origin} is a binary file ({kind}), not a text statement")
    chosen = announced or encoding or "utf-8"
    try:
        # A declared legacy charset is trusted even where it leaves a byte undefined.
        errors = "strict" if announced or chosen.replace("_", "-").lower() in {"utf-8", "utf8"} else "replace"
        return data.decode(chosen, errors=errors)
    except UnicodeDecodeError as error:
        if announced:
            name = announced.removesuffix("-sig").upper()
            raise InputError(f"{origin} is not valid {name} (byte {error.start})") from None
        line = data.count(b"\n", 0, error.start) + 1
        raise InputError(
            f"{origin} is not valid UTF-8: byte {error.start} (line {line}) is 0x{data[error.start]:02x}; "
            "save it as UTF-8"
        ) from None
    except LookupError:
        return decode_text(data, origin=origin)
