"""Who is asking: `current_person`, the one dependency every API route and page uses to learn the person a
request acts for, from an API token (`Authorization: Bearer ...`) or a session cookie.

A request with neither, or with one that is no longer valid, answers 401 with `WWW-Authenticate: Bearer` when it
comes from a program, and a redirect to the sign-in page when a browser asks for HTML. A state-changing request
made with a session cookie must carry the session's CSRF token. Nothing here decides what the person may read or
write: handlers pass the person to the library, whose `access.decide()` and query filter do.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated
from urllib.parse import quote

from fastapi import Depends, Request, Security
from fastapi.responses import RedirectResponse, Response
from fastapi.security import APIKeyCookie, HTTPAuthorizationCredentials, HTTPBearer

from servanda.access import Person
from servanda.store import verify_token
from servanda.web.csrf import SAFE_METHODS, same, submitted_token
from servanda.web.errors import Forbidden, error_response
from servanda.web.sessions import SESSION_COOKIE, find_session, needs_touch, touch

bearer = HTTPBearer(
    auto_error=False, scheme_name="token", description="An API token, as `servanda token create` makes one."
)
session_cookie = APIKeyCookie(
    name=SESSION_COOKIE,
    auto_error=False,
    scheme_name="session",
    description="The cookie signing in at /login sets; state-changing requests also need the X-CSRF-Token header.",
)


class SignInRequired(Exception):
    """No valid credentials: 401 for a program, the sign-in page for a browser."""

    def __init__(self, message: str, *, invalid_token: bool = False, clear_cookie: bool = False) -> None:
        super().__init__(message)
        self.message = message
        self.invalid_token = invalid_token
        self.clear_cookie = clear_cookie


@dataclass(frozen=True, slots=True)
class Identity:
    """The person a request acts for, and how it proved it: by `token`, or by `session` (with its key and CSRF
    token)."""

    person: Person
    via: str
    session_key: str | None = None
    csrf_token: str | None = None


def identify(
    request: Request,
    token: Annotated[HTTPAuthorizationCredentials | None, Security(bearer)],
    cookie: Annotated[str | None, Security(session_cookie)],
) -> Identity:
    """The person the request's credentials name; SignInRequired when there are none or they are not valid."""
    db = request.app.state.database
    if token is not None:
        # A writing session, so that the token's last use is recorded; a refusal is audited by verify_token.
        with db.writing(serialised=False) as session:
            person = verify_token(session, token.credentials)
        if person is None:
            raise SignInRequired(
                "the bearer token is unknown, expired or revoked, or its person is disabled", invalid_token=True
            )
        return Identity(person, "token")
    if cookie:
        with db.reading() as session:
            signed = find_session(session, cookie, idle=request.app.state.settings.session_idle_timeout)
        if signed is None:
            raise SignInRequired("the session has ended: sign in again", clear_cookie=True)
        if needs_touch(signed):
            with db.writing(serialised=False) as session:
                touch(session, signed.key)
        return Identity(signed.person, "session", signed.key, signed.csrf_token)
    raise SignInRequired("sign in first, or send an API token as Authorization: Bearer TOKEN")


async def current_person(request: Request, identity: Annotated[Identity, Depends(identify)]) -> Person:
    """The person the request acts for. Pages find `request.state.csrf_token` for their forms."""
    request.state.identity = identity
    request.state.csrf_token = identity.csrf_token
    unsafe = request.method not in SAFE_METHODS and identity.via == "session"
    if unsafe and not same(identity.csrf_token, await submitted_token(request)):
        raise Forbidden("the request's CSRF token is missing or wrong: reload the page and try again")
    return identity.person


Viewer = Annotated[Person, Depends(current_person)]


def wants_html(request: Request) -> bool:
    """Whether the request comes from a browser asking for a page."""
    return "text/html" in request.headers.get("accept", "")


def cookie_secure(request: Request) -> bool:
    """Cookies are Secure everywhere but a development server reached over plain HTTP."""
    return request.app.state.settings.environment != "development" or request.url.scheme == "https"


def safe_next(target: str | None) -> str:
    """Where to go after signing in: a path on this site, never another site (no open redirect)."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return "/"
    return target


async def sign_in_required(request: Request, exc: SignInRequired) -> Response:
    if wants_html(request) and not exc.invalid_token:
        here = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        target = here if request.method in SAFE_METHODS else "/"
        response: Response = RedirectResponse(f"/login?next={quote(target, safe='/')}", status_code=303)
    else:
        challenge = 'Bearer realm="servanda"' + (', error="invalid_token"' if exc.invalid_token else "")
        response = error_response(401, "unauthenticated", exc.message, headers={"WWW-Authenticate": challenge})
    if exc.clear_cookie:
        secure = cookie_secure(request)
        response.delete_cookie(SESSION_COOKIE, path="/", secure=secure, httponly=True, samesite="strict")
    return response
