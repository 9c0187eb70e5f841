"""Errors as a page shows them: the same status and one-line message as the API's error body, in the site's
layout. A record the person may not read answers with the same page as a missing one."""

from __future__ import annotations

from fastapi import Request
from fastapi.responses import Response

from servanda.web.templating import templates

TITLES = {
    400: "Bad request",
    403: "Not allowed",
    404: "Not found",
    405: "Method not allowed",
    409: "Already decided",
    412: "Changed meanwhile",
    413: "Too large",
    415: "Unsupported format",
    422: "Cannot do that",
    428: "Version needed",
    429: "Too many requests",
    500: "Something went wrong",
}


def is_page(request: Request) -> bool:
    """Whether the request is for a page (anything but the API and the static files), which answers in HTML."""
    return not request.url.path.startswith(("/api/", "/static/"))


def error_page(request: Request, status: int, message: str, *, headers: dict[str, str] | None = None) -> Response:
    context = {"status": status, "heading": TITLES.get(status, "Error"), "message": message}
    return templates.TemplateResponse(request, "error.html", context, status_code=status, headers=headers)
