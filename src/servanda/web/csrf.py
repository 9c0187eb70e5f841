"""Cross-site request forgery: every state-changing request made with a session cookie must carry the session's
CSRF token, in the `csrf_token` form field or the `X-CSRF-Token` header; requests with a bearer token carry no
cookie and are exempt. Before a session exists, the sign-in form is protected by a signed pre-session cookie and
a token derived from it (HMAC-SHA256 with `SERVANDA_SECRET_KEY`) that only a page of this site can show.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import time

from fastapi import Request

PRESESSION_COOKIE = "servanda_presession"
CSRF_FIELD = "csrf_token"
CSRF_HEADER = "X-CSRF-Token"
PRESESSION_LIFETIME = 2 * 3600  # seconds a sign-in form stays usable
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def _mac(key: bytes, purpose: str, value: str) -> str:
    return hmac.new(key, f"{purpose}:{value}".encode(), hashlib.sha256).hexdigest()


def new_presession(key: bytes, now: float | None = None) -> str:
    """A pre-session cookie's value: a random nonce, when it was issued, and their signature."""
    nonce = f"{secrets.token_urlsafe(24)}.{int(now or time.time())}"
    return f"{nonce}.{_mac(key, 'presession', nonce)}"


def form_token(key: bytes, cookie: str | None, now: float | None = None) -> str | None:
    """The token a sign-in form must carry for this pre-session cookie; None when the cookie is not ours or is
    too old."""
    if not cookie or cookie.count(".") != 2:
        return None
    nonce, signature = cookie.rsplit(".", 1)
    if not hmac.compare_digest(signature, _mac(key, "presession", nonce)):
        return None
    issued = nonce.rsplit(".", 1)[1]
    if not issued.isdigit() or int(issued) + PRESESSION_LIFETIME < (now or time.time()):
        return None
    return _mac(key, "sign-in-form", nonce)


def same(expected: str | None, given: str | None) -> bool:
    """Whether a token given matches the one expected, compared in constant time."""
    return bool(expected) and bool(given) and hmac.compare_digest(expected.encode(), given.encode())


async def submitted_token(request: Request) -> str | None:
    """The CSRF token a request carries: its header, else its form field."""
    header = request.headers.get(CSRF_HEADER)
    if header:
        return header
    kind = request.headers.get("content-type", "")
    if kind.startswith(("application/x-www-form-urlencoded", "multipart/form-data")):
        value = (await request.form()).get(CSRF_FIELD)
        return value if isinstance(value, str) else None
    return None
