"""Input checks at the edge: body size per kind of endpoint, JSON shape and depth, storable text.

Every client mistake here is a 4xx with our codes, never a 500 from deeper down:
- a body over the limit of its endpoint kind is 413 PAYLOAD_TOO_LARGE, refused before it is read
  (by ``Content-Length`` in core.middleware, and while streaming in backend.asgi_handler);
- a body that is not a JSON object, or nests deeper than JSON_MAX_DEPTH, is 400 VALIDATION_ERROR;
- text PostgreSQL cannot store (the NUL character; orjson already refuses lone surrogates) is 400
  VALIDATION_ERROR naming the field, instead of a database error.
"""

from __future__ import annotations

import contextlib
import re
from typing import Any

import orjson
from django.conf import settings

from core.exceptions import PayloadTooLarge, ValidationFailed
from core.responses import graphql_error_body

NUL_MESSAGE = "must not contain the NUL character (\\u0000)"
# A GraphQL string escape that decodes to NUL (\u0000 or \u{0}), not preceded by an escaped "\".
_GRAPHQL_NUL_ESCAPE = re.compile(r"(?<!\\)(?:\\\\)*\\u(?:0000|\{0+\})")


def is_graphql_path(path: str) -> bool:
    return path == "/graphql" or path.startswith("/graphql/")


def body_limit_for(path: str) -> int | None:
    """The most bytes a request body may have on ``path`` (None: Django's own limits apply)."""
    if path.startswith(("/admin/", "/static/")):
        return None
    if is_graphql_path(path):
        return settings.REQUEST_BODY_LIMIT_GRAPHQL
    if path.startswith("/auth/"):
        return settings.REQUEST_BODY_LIMIT_AUTH
    return settings.REQUEST_BODY_LIMIT_DEFAULT


def too_large_message(limit: int) -> str:
    return f"The request body is larger than this endpoint accepts ({limit} bytes)"


def parse_json_object(raw: bytes | str, *, where: str = "") -> dict[str, Any]:
    """The JSON object in ``raw``; 400 VALIDATION_ERROR when malformed, not an object, too deep,
    or holding text the database cannot store."""
    try:
        data = orjson.loads(raw)
    except orjson.JSONDecodeError as exc:
        raise ValidationFailed(f"Malformed JSON: {exc}") from exc
    if not isinstance(data, dict):
        raise ValidationFailed("The request body must be a JSON object")
    check_json(data, where=where)
    return data


def _join(where: str, key: str | int) -> str:
    if isinstance(key, int):
        return f"{where}[{key}]"
    return f"{where}.{key}" if where else key


def check_json(data: Any, *, where: str = "") -> None:
    """Depth at most JSON_MAX_DEPTH and no NUL character in any string value (iterative, so a
    hostile document cannot exhaust the stack)."""
    max_depth = settings.JSON_MAX_DEPTH
    stack: list[tuple[Any, str, int]] = [(data, where, 1)]
    while stack:
        value, path, depth = stack.pop()
        if isinstance(value, str):
            if "\x00" in value:
                raise ValidationFailed(
                    f"{path or 'The body'} {NUL_MESSAGE}", details={path or "body": [NUL_MESSAGE]}
                )
            continue
        if not isinstance(value, dict | list):
            continue
        if depth > max_depth:
            raise ValidationFailed(
                f"The JSON nests deeper than {max_depth} levels",
                details={path or "body": [f"nested deeper than {max_depth} levels"]},
            )
        if isinstance(value, dict):
            for key, item in value.items():
                # Keys are never stored (unknown ones are ignored): only values are checked.
                stack.append((item, _join(path, str(key)), depth + 1))
        else:
            stack.extend((item, _join(path, index), depth + 1) for index, item in enumerate(value))


def check_graphql_document(query: str) -> None:
    """A GraphQL string literal escaping NUL (``"\\u0000"``) would reach the database as NUL."""
    if "\\u" in query and _GRAPHQL_NUL_ESCAPE.search(query):
        raise ValidationFailed(
            f"A string in the query {NUL_MESSAGE}", details={"query": [NUL_MESSAGE]}
        )


def check_text(field: str, value: str) -> None:
    """400 naming ``field`` when ``value`` holds text the database cannot store."""
    if "\x00" in value:
        raise ValidationFailed(f"{field} {NUL_MESSAGE}", details={field: [NUL_MESSAGE]})


# --- ASGI: bodies bounded while they stream in ---------------------------------------------------


class BodyGuard:
    """Counts the body of one ASGI request as it arrives and stops reading past the limit.

    ``Content-Length`` over the limit is refused before a byte is read; a chunked body that grows
    past it makes ``receive`` report a disconnect, which ends Django's body reading (nothing more
    is buffered), and the caller answers ``response()`` instead.
    """

    def __init__(self, scope: dict[str, Any], receive: Any) -> None:
        self.path = scope.get("path", "")
        self.limit = body_limit_for(self.path)
        self.exceeded = False
        self._receive = receive
        self._seen = 0
        self.declared_too_large = False
        if self.limit is not None:
            for name, value in scope.get("headers", ()):
                if name == b"content-length":
                    with contextlib.suppress(ValueError):  # Django answers a bad length
                        self.declared_too_large = int(value) > self.limit
                    break

    async def receive(self) -> dict[str, Any]:
        message = await self._receive()
        if self.limit is not None and message.get("type") == "http.request":
            self._seen += len(message.get("body", b""))
            if self._seen > self.limit:
                self.exceeded = True
                return {"type": "http.disconnect"}
        return message

    async def send_too_large(self, send: Any) -> None:
        assert self.limit is not None
        error = PayloadTooLarge(too_large_message(self.limit), details={"limit_bytes": self.limit})
        body = graphql_error_body(error) if is_graphql_path(self.path) else error.as_envelope()
        payload = orjson.dumps(body)
        await send(
            {
                "type": "http.response.start",
                "status": error.status,
                "headers": [
                    (b"content-type", b"application/json"),
                    (b"content-length", str(len(payload)).encode()),
                    (b"connection", b"close"),
                ],
            }
        )
        await send({"type": "http.response.body", "body": payload})
