"""Local passwords: argon2id hashes (RFC 9106) made and checked by argon2-cffi.

argon2-cffi's default parameters are RFC 9106's second recommended option (64 MiB, 3 passes, 4 lanes).
"""

from __future__ import annotations

import secrets
from functools import cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from servanda.errors import StoreError

MIN_LENGTH = 8  # OWASP ASVS 5.0, V6.2.1
MAX_LENGTH = 1024  # long passphrases are welcome; only absurd input is refused

_HASHER = PasswordHasher()


class PasswordError(StoreError):
    """A password that may not be set: too short or too long."""


def hash_password(password: str) -> str:
    """An argon2id hash of `password` in the PHC string format (`$argon2id$...`)."""
    if not MIN_LENGTH <= len(password) <= MAX_LENGTH:
        raise PasswordError(f"a password has {MIN_LENGTH} to {MAX_LENGTH} characters")
    return _HASHER.hash(password)


def password_matches(hashed: str | None, password: str) -> bool:
    """Whether `password` is the one `hashed` was made from; with no hash, the same work is done and it is not."""
    try:
        return _HASHER.verify(hashed or _unmatchable_hash(), password) and hashed is not None
    except (VerificationError, InvalidHashError):
        return False


@cache
def _unmatchable_hash() -> str:
    # Checked instead of a missing hash, so an unknown name costs what a wrong password does.
    return _HASHER.hash(secrets.token_urlsafe(32))
