"""Fast JSON responses in the contract's envelope (orjson: about 10x the stdlib encoder)."""

from __future__ import annotations

from typing import Any

import orjson
from django.http import HttpResponse

from core.exceptions import ApiError

JSON = "application/json"


def json_response(
    payload: Any, status: int = 200, headers: dict[str, str] | None = None
) -> HttpResponse:
    response = HttpResponse(
        orjson.dumps(payload, option=orjson.OPT_NON_STR_KEYS), status=status, content_type=JSON
    )
    for name, value in (headers or {}).items():
        response[name] = value
    return response


def success(data: Any = None, message: str | None = None, status: int = 200) -> HttpResponse:
    body: dict[str, Any] = {"success": True}
    if message is not None:
        body["message"] = message
    if data is not None:
        body["data"] = data
    return json_response(body, status)


def graphql_error_body(error: ApiError) -> dict[str, Any]:
    """``error`` in the GraphQL response shape (``errors[].extensions.code``)."""
    extensions: dict[str, Any] = {"code": error.code}
    if error.details:
        extensions["details"] = error.details
    return {"data": None, "errors": [{"message": error.message, "extensions": extensions}]}


def error_response(error: ApiError, *, graphql: bool = False) -> HttpResponse:
    """The REST envelope, or the GraphQL error shape for ``/graphql`` (decisions.md section 8)."""
    body = graphql_error_body(error) if graphql else error.as_envelope()
    return json_response(body, error.status, error.headers)
