"""A ceiling on request bodies, so that no request can make the server hold more than a statement's worth of
bytes: a body declared larger is refused before it is read, and one that grows past the ceiling while it is
read is refused then (413, RFC 9110 section 15.5.14)."""

from __future__ import annotations

from starlette.exceptions import HTTPException

from servanda.ingest import DEFAULT_MAX_BYTES
from servanda.web.errors import error_response
from servanda.web.headers import ASGIApp, Message, Receive, Scope, Send

MAX_BODY = DEFAULT_MAX_BYTES + 1024 * 1024  # a statement at its limit, with room for a multipart envelope
TOO_LARGE = f"the request body is over the {MAX_BODY // 2**20} MiB limit"


class BodyLimit:
    """ASGI middleware refusing bodies over `limit` bytes."""

    def __init__(self, app: ASGIApp, *, limit: int = MAX_BODY) -> None:
        self.app = app
        self.limit = limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = dict(scope.get("headers", [])).get(b"content-length", b"")
        if declared.isdigit() and int(declared) > self.limit:
            await error_response(413, "too-large", TOO_LARGE)(scope, receive, send)
            return
        received = 0

        async def counted() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.limit:
                    # FastAPI passes an HTTPException raised while it reads a body through unchanged.
                    raise HTTPException(413, TOO_LARGE)
            return message

        await self.app(scope, counted, send)
