"""Errors as the API answers them: one JSON shape, `{"error": {"code": ..., "message": ...}}`, for every status;
a page answers the same status and message as an HTML page (`error_pages`).

Library refusals map to statuses here and nowhere else: a record the person may not read raises the library's
NotFound with the same words as a missing one, so both answer 404 with the same body.
"""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel, Field
from starlette.exceptions import HTTPException as StarletteHTTPException

from servanda.access import MarkingError
from servanda.errors import InputError, ServandaError
from servanda.store.errors import AccessDenied
from servanda.tracking.errors import Conflict, NotFound, TrackingError
from servanda.web.error_pages import error_page, is_page

log = logging.getLogger("servanda.web")


class Problem(BaseModel):
    """One thing wrong with a request: where it is (`query.limit`, `body.status`) and what is wrong with it."""

    location: str
    message: str


class ErrorDetail(BaseModel):
    code: str = Field(description="stable, machine-readable: not-found, precondition-failed, ...")
    message: str = Field(description="one line fit to show a person")
    problems: list[Problem] | None = Field(default=None, description="for invalid-request: each problem found")


class ErrorBody(BaseModel):
    """Every error the API returns has this shape."""

    error: ErrorDetail


class ApiError(Exception):
    """An answer other than success, with its status, stable code and one-line message."""

    status = 400
    code = "bad-request"

    def __init__(self, message: str, *, headers: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.headers = headers or {}


class BadRequest(ApiError):
    status, code = 400, "bad-request"


class Unauthenticated(ApiError):
    status, code = 401, "unauthenticated"


class Forbidden(ApiError):
    status, code = 403, "forbidden"


class Missing(ApiError):
    status, code = 404, "not-found"


class Conflicting(ApiError):
    status, code = 409, "conflict"


class UnsupportedMediaType(ApiError):
    status, code = 415, "unsupported-media-type"


class PreconditionFailed(ApiError):
    status, code = 412, "precondition-failed"


class Unprocessable(ApiError):
    status, code = 422, "unprocessable"


class PreconditionRequired(ApiError):
    status, code = 428, "precondition-required"


class TooManyRequests(ApiError):
    status, code = 429, "too-many-requests"


# What each status means in OpenAPI, for the routes that can answer it.
DESCRIPTIONS = {
    400: "The request cannot be read",
    401: "No valid session or bearer token",
    403: "The record may be read, but the access rules refuse this change to it",
    404: "No such record, or one the person may not read: the two answer alike",
    409: "The record's present state refuses the change (decided already)",
    413: "The request body is over the limit (a statement's 10 MiB, and room for its envelope)",
    415: "The body is in a format this route does not take",
    412: "If-Match names a representation that is no longer current; nothing was written",
    422: "The request is well formed but its values are refused",
    428: "This write needs an If-Match header with the record's ETag",
    429: "Too many requests",
    500: "Something failed on the server; the message says nothing of its internals",
}


def responses(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """OpenAPI `responses` entries for error statuses, each with the one error shape."""
    return {status: {"model": ErrorBody, "description": DESCRIPTIONS[status]} for status in statuses}


def error_response(status: int, code: str, message: str, *, headers: dict[str, str] | None = None, **extra: Any):
    body = ErrorBody(error=ErrorDetail(code=code, message=message, **extra))
    return JSONResponse(body.model_dump(mode="json", exclude_none=True), status_code=status, headers=headers)


def _answer(request: Request, status: int, code: str, message: str, *, headers=None, **extra: Any) -> Response:
    """The error as the API's JSON body, or as a page for a page."""
    if is_page(request):
        return error_page(request, status, message, headers=headers)
    return error_response(status, code, message, headers=headers, **extra)


def _library(status: int, code: str):
    async def handle(request: Request, exc: Exception) -> Response:
        return _answer(request, status, code, str(exc))

    return handle


async def _api_error(request: Request, exc: ApiError) -> Response:
    return _answer(request, exc.status, exc.code, exc.message, headers=exc.headers)


async def _invalid(request: Request, exc: RequestValidationError) -> Response:
    problems = [
        Problem(location=".".join(str(part) for part in e.get("loc", ())), message=str(e.get("msg", "invalid")))
        for e in exc.errors()
    ]
    first = problems[0] if problems else Problem(location="request", message="invalid")
    message = f"{first.location}: {first.message}" + (f" (and {len(problems) - 1} more)" if len(problems) > 1 else "")
    return _answer(request, 422, "invalid-request", message, problems=problems)


_HTTP_CODES = {
    400: "bad-request",
    401: "unauthenticated",
    403: "forbidden",
    404: "not-found",
    405: "method-not-allowed",
    413: "too-large",
}


async def _http(request: Request, exc: StarletteHTTPException) -> Response:
    code = _HTTP_CODES.get(exc.status_code, "error")
    message = "no such resource" if exc.status_code == 404 else str(exc.detail)
    return _answer(request, exc.status_code, code, message, headers=getattr(exc, "headers", None))


async def _internal(request: Request, exc: Exception) -> Response:
    log.exception("unhandled error on %s %s", request.method, request.url.path)
    return _answer(request, 500, "internal", "something went wrong on the server; it has been logged")


def install_error_handlers(app: FastAPI) -> None:
    """Answer every error in the one JSON shape."""
    app.add_exception_handler(ApiError, _api_error)
    app.add_exception_handler(RequestValidationError, _invalid)
    app.add_exception_handler(StarletteHTTPException, _http)
    # Starlette picks the handler of the nearest class in the exception's MRO, so NotFound wins over TrackingError.
    app.add_exception_handler(NotFound, _library(404, "not-found"))
    app.add_exception_handler(Conflict, _library(409, "conflict"))
    app.add_exception_handler(TrackingError, _library(422, "unprocessable"))
    app.add_exception_handler(AccessDenied, _library(403, "forbidden"))
    app.add_exception_handler(InputError, _library(422, "unprocessable"))
    app.add_exception_handler(MarkingError, _library(422, "unprocessable"))
    app.add_exception_handler(Exception, _internal)
    # Any other ServandaError (a database that fails, say) is the server's problem, not the request's.
    app.add_exception_handler(ServandaError, _internal)
