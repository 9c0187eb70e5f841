"""Signing in and out in a browser: the sign-in form (`GET /login`), its submission (`POST /login`), and
`POST /logout`. A successful sign-in always starts a new session (and ends any the browser held), so a session
id set before sign-in can never become a signed-in one."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from servanda import audit
from servanda.store import get_person
from servanda.web.auth import Viewer, cookie_secure, safe_next
from servanda.web.csrf import PRESESSION_COOKIE, PRESESSION_LIFETIME, form_token, new_presession, same
from servanda.web.sessions import SESSION_COOKIE, end_session, session_key, start_session
from servanda.web.signin import HOLD, WRONG, sign_in
from servanda.web.templating import templates

router = APIRouter(include_in_schema=False)

EXPIRED = "the sign-in form expired or did not come from this site: please sign in again"


@router.get("/login", name="sign_in_form", response_class=HTMLResponse)
def sign_in_form(request: Request, next: str = "/") -> Response:
    return _form(request, target=safe_next(next))


@router.post("/login", name="sign_in", response_class=HTMLResponse)
def sign_in_submit(
    request: Request,
    username: Annotated[str, Form()] = "",
    password: Annotated[str, Form()] = "",
    csrf_token: Annotated[str, Form()] = "",
    next: Annotated[str, Form()] = "/",
) -> Response:
    target = safe_next(next)
    if not same(form_token(_key(request), request.cookies.get(PRESESSION_COOKIE)), csrf_token):
        return _form(request, target=target, error=EXPIRED, username=username, status=403, fresh=True)
    settings = request.app.state.settings
    address = request.client.host if request.client else "unknown"
    with request.app.state.database.writing() as session:
        outcome = sign_in(session, username, password, address)
        if outcome.person is not None:
            earlier = request.cookies.get(SESSION_COOKIE)
            if earlier:
                end_session(session, session_key(earlier))
            row = get_person(session, outcome.person.username)
            assert row is not None, "a person who just signed in is stored"
            secret = start_session(session, row.id, lifetime=settings.session_absolute_timeout)
    if outcome.throttled_until is not None:
        minutes = int(HOLD.total_seconds() // 60)
        error = f"too many failed sign-ins from your network address: try again in {minutes} minutes"
        response = _form(request, target=target, error=error, username=username, status=429)
        response.headers["Retry-After"] = str(int(HOLD.total_seconds()))
        return response
    if outcome.person is None:
        return _form(request, target=target, error=WRONG, username=username, status=400)
    response = RedirectResponse(target, status_code=303)
    response.set_cookie(
        SESSION_COOKIE, secret, path="/", secure=cookie_secure(request), httponly=True, samesite="strict"
    )
    response.delete_cookie(PRESESSION_COOKIE, path="/", secure=cookie_secure(request), httponly=True, samesite="strict")
    return response


@router.post("/logout", name="sign_out")
def sign_out(request: Request, person: Viewer) -> Response:
    identity = request.state.identity
    if identity.session_key is not None:
        with request.app.state.database.writing() as session:
            end_session(session, identity.session_key)
            audit.append(
                session,
                actor=person,
                action="sign-out",
                record_type="person",
                record_id=None,
                marking=None,
                decision="allow",
                reason=f"{person.username} signed out",
            )
    response = RedirectResponse("/login", status_code=303)
    response.delete_cookie(SESSION_COOKIE, path="/", secure=cookie_secure(request), httponly=True, samesite="strict")
    return response


def _key(request: Request) -> bytes:
    return request.app.state.settings.secret_key.get_secret_value().encode()


def _form(
    request: Request,
    *,
    target: str,
    error: str | None = None,
    username: str = "",
    status: int = 200,
    fresh: bool = False,
) -> Response:
    """The sign-in page, with a pre-session cookie and the form token derived from it (a new pair when the
    browser has none that is valid, or when `fresh`)."""
    key = _key(request)
    cookie = None if fresh else request.cookies.get(PRESESSION_COOKIE)
    token = form_token(key, cookie)
    issued = None
    if token is None:
        issued = new_presession(key)
        token = form_token(key, issued)
    context = {"csrf_token": token, "next": target, "error": error, "username": username[:64]}
    response = templates.TemplateResponse(request, "login.html", context, status_code=status)
    if issued is not None:
        response.set_cookie(
            PRESESSION_COOKIE,
            issued,
            max_age=PRESESSION_LIFETIME,
            path="/",
            secure=cookie_secure(request),
            httponly=True,
            samesite="strict",
        )
    return response
