"""OpenAPI post-processing: what the edge (core.middleware, accounts.guards) answers on every
operation, and the plain-Django system endpoint, so the document covers every response.

- every operation may answer 403 IP_BLOCKED (the blacklist guard runs before any view);
- every rate-limited operation (accounts.guards.classify_path) may answer 429 RATE_LIMITED with a
  ``Retry-After`` header;
- ``GET /system/health`` (core.views.health, not a DRF view) is described here.
"""

from __future__ import annotations

import copy
from typing import Any

from accounts.guards import classify_path
from core.exceptions import IpBlocked, RateLimited

HEALTH_PATH = "/system/health"
_ERROR_REF = {"$ref": "#/components/schemas/ErrorEnvelope"}
_RETRY_AFTER = {
    "Retry-After": {
        "description": "Seconds to wait before the next call.",
        "schema": {"type": "integer", "minimum": 1},
    }
}


def _error(error: Any, description: str, headers: dict[str, Any] | None = None) -> dict:
    response: dict[str, Any] = {
        "description": description,
        "content": {
            "application/json": {
                "schema": _ERROR_REF,
                "examples": {error.code: {"value": error.as_envelope()}},
            }
        },
    }
    if headers:
        response["headers"] = headers
    return response


_CHECK = {
    "type": "object",
    "required": ["status"],
    "properties": {
        "status": {"type": "string", "enum": ["up", "down"]},
        "backend": {"type": "string"},
        "latency_ms": {"type": "number"},
        "error": {"type": "string", "description": "Why it is down (an exception name)."},
    },
}


def _health_body(status: str) -> dict[str, Any]:
    return {
        "type": "object",
        "required": ["status", "timestamp", "version", "checks"],
        "properties": {
            "status": {"type": "string", "enum": [status]},
            "timestamp": {"type": "string", "format": "date-time"},
            "version": {"type": "string"},
            "checks": {
                "type": "object",
                "required": ["database", "cache", "tmdb"],
                "properties": {"database": _CHECK, "cache": _CHECK, "tmdb": _CHECK},
            },
        },
    }


HEALTH_OPERATION: dict[str, Any] = {
    "operationId": "system_health",
    "summary": "Health",
    "description": (
        "The contract's `status`, `timestamp` and `version`, plus one check per dependency "
        "(database, cache, TMDb). Any check down: `degraded` with HTTP 503. Not rate limited."
    ),
    "tags": ["system"],
    "security": [{}],
    "responses": {
        "200": {
            "description": "healthy",
            "content": {"application/json": {"schema": _health_body("healthy")}},
        },
        "503": {
            "description": "degraded: a dependency is down",
            "content": {"application/json": {"schema": _health_body("degraded")}},
        },
    },
}


# Text PostgreSQL cannot store (core.edge_input): the NUL character is refused in request bodies.
_NO_NUL = "^[^\\u0000]*$"


def _refuse_nul(schema: Any) -> None:
    """Say in every request schema that strings (and keys) hold no NUL character."""
    if isinstance(schema, list):
        for item in schema:
            _refuse_nul(item)
        return
    if not isinstance(schema, dict):
        return
    if schema.get("type") == "string" and "enum" not in schema:
        if "pattern" not in schema:
            schema["pattern"] = _NO_NUL
        elif schema["pattern"] != _NO_NUL:  # both patterns hold
            schema.setdefault("allOf", []).append({"pattern": _NO_NUL})
    if schema.get("type") == "object" and schema.get("additionalProperties") is not False:
        schema.setdefault("propertyNames", {"pattern": _NO_NUL})
    for value in schema.values():
        if isinstance(value, dict | list):
            _refuse_nul(value)


def document_edge(result: dict[str, Any], generator: Any, request: Any, public: bool) -> dict:
    """drf-spectacular POSTPROCESSING_HOOKS entry (after its enum hook)."""
    blocked = _error(IpBlocked(), "IP_BLOCKED: this address is on the IP blacklist")
    limited = _error(RateLimited(60), "RATE_LIMITED", _RETRY_AFTER)
    for name, component in result.get("components", {}).get("schemas", {}).items():
        if name.endswith("Request"):
            _refuse_nul(component)
    paths = result.setdefault("paths", {})
    paths[HEALTH_PATH] = {"get": copy.deepcopy(HEALTH_OPERATION)}  # the loop adds to it
    for path, item in paths.items():
        for method, operation in item.items():
            if method not in ("get", "put", "post", "patch", "delete"):
                continue
            responses = operation.setdefault("responses", {})
            responses.setdefault("403", blocked)
            if classify_path(path) is not None:
                responses.setdefault("429", limited)
                responses["429"].setdefault("headers", _RETRY_AFTER)
    return result
