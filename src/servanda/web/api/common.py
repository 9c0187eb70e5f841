"""What the API's routes share: the conditional-request headers, and the responses each kind of route declares."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import Depends, Header

from servanda.web.errors import responses


def conditional_get(
    if_none_match: Annotated[
        str | None,
        Header(alias="If-None-Match", description="an ETag read before: 304 with no body when it is still current"),
    ] = None,
) -> None:
    """Declares If-None-Match, which `etags.represent` answers."""


IfMatch = Annotated[
    str | None,
    Header(alias="If-Match", description="the ETag of the record as last read: 412 and nothing written if it changed"),
]

NOT_MODIFIED: dict[int | str, dict[str, Any]] = {304: {"description": "Not modified: If-None-Match names the ETag"}}
ETAG = {"ETag": {"description": "strong ETag of the representation", "schema": {"type": "string"}}}
LINK = {"Link": {"description": 'RFC 8288 links to rel="next" and rel="prev" pages', "schema": {"type": "string"}}}


def read(*statuses: int, listing: bool = False, content: dict[str, Any] | None = None) -> dict[str, Any]:
    """Route options of a GET: conditional, with its ETag (and Link, for a list), the media types it sends besides
    JSON (`content`), and the errors it can answer."""
    success: dict[str, Any] = {"headers": {**ETAG, **LINK} if listing else ETAG}
    if content is not None:
        success["content"] = content
    return {
        "dependencies": [Depends(conditional_get)],
        "responses": {200: success, **NOT_MODIFIED, **responses(422, *statuses)},
    }


def write(*statuses: int, created: bool = True, also: dict[int | str, Any] | None = None) -> dict[str, Any]:
    """Route options of a POST or PATCH: its success status, any other success it can answer (`also`), and the
    errors it can answer."""
    success = 201 if created else 200
    return {
        "status_code": success,
        "responses": {success: {"headers": ETAG}, **(also or {}), **responses(400, 403, 404, 413, 422, *statuses)},
    }
