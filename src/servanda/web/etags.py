"""Representations with strong ETags (RFC 9110, section 8.8.3): `If-None-Match` answers 304 for a GET whose
representation has not changed, and `If-Match` lets a write go ahead only against the representation it names.

An ETag is the SHA-256 of the exact bytes sent, so two viewers who see a record differently (another marking
equivalent, assessments one of them may not read) get different ETags for it.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from fastapi import Request
from fastapi.responses import Response
from pydantic import BaseModel

from servanda.web.errors import PreconditionFailed, PreconditionRequired


def json_bytes(value: BaseModel | Any) -> bytes:
    """The JSON the API sends for `value`: compact, UTF-8, the same bytes for the same value."""
    data = value.model_dump(mode="json") if isinstance(value, BaseModel) else value
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def etag_of(body: bytes) -> str:
    return '"' + hashlib.sha256(body).hexdigest() + '"'


def _tags(header: str) -> list[str]:
    return [tag.strip() for tag in header.split(",") if tag.strip()]


def none_match(header: str | None, etag: str) -> bool:
    """Whether `If-None-Match` names `etag` (weak comparison, as RFC 9110 asks of If-None-Match)."""
    if header is None:
        return False
    return any(tag == "*" or tag.removeprefix("W/") == etag for tag in _tags(header))


def check_if_match(header: str | None, current: bytes, *, required: bool) -> None:
    """Let a write proceed only when `If-Match` names the current representation (strong comparison): 412
    otherwise, and 428 when the header is `required` but missing."""
    if header is None:
        if required:
            raise PreconditionRequired(
                "this write needs an If-Match header: GET the record and send its ETag, so that a change made "
                "meanwhile is not overwritten"
            )
        return
    etag = etag_of(current)
    if not any(tag == "*" or tag == etag for tag in _tags(header)):
        raise PreconditionFailed(
            "the record has changed since the ETag given was read: GET it again; nothing was written"
        )


def represent(
    request: Request,
    value: BaseModel | bytes,
    *,
    status: int = 200,
    media_type: str = "application/json",
    headers: dict[str, str] | None = None,
) -> Response:
    """A response carrying `value` and its ETag; 304 with no body when a GET's If-None-Match names it."""
    body = value if isinstance(value, bytes) else json_bytes(value)
    etag = etag_of(body)
    sent = {"ETag": etag, **(headers or {})}
    if request.method in ("GET", "HEAD") and status == 200 and none_match(request.headers.get("if-none-match"), etag):
        return Response(status_code=304, headers=sent)
    return Response(body, status_code=status, media_type=media_type, headers=sent)
