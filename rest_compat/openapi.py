"""Reusable OpenAPI pieces for the REST views: the bearer scheme, the envelopes, error examples.

- ``BearerAuthentication``: put it in a view's ``authentication_classes`` and the operation is
  documented with ``security: [{bearerAuth: []}]`` and the ``bearerAuth`` HTTP bearer (JWT)
  scheme appears in ``components.securitySchemes``. It authenticates nothing itself (it returns
  None): the views resolve the caller with ``RequestContext.viewer()``, shared with GraphQL.
- ``success_envelope(name, data=..., message=...)``: the ``{success, message, data}`` shape
  (rest_compat.movies_schema.page_envelope builds the paginated ones on it).
- ``error_responses(ErrorClass, ...)``: one documented response per HTTP status, with an
  example per error code in the contract's error envelope.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from typing import Any

from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.utils import OpenApiExample, OpenApiResponse, inline_serializer
from rest_framework import serializers
from rest_framework.authentication import BaseAuthentication

from core.exceptions import ApiError, RateLimited

BEARER_SCHEME = "bearerAuth"


class BearerAuthentication(BaseAuthentication):
    """Documentation marker for ``Authorization: Bearer <JWT>`` (see the module docstring)."""

    def authenticate(self, request: Any) -> None:
        return None

    def authenticate_header(self, request: Any) -> str:
        return "Bearer"


class BearerScheme(OpenApiAuthenticationExtension):
    target_class = "rest_compat.openapi.BearerAuthentication"
    name = BEARER_SCHEME
    match_subclasses = True

    def get_security_definition(self, auto_schema: Any) -> dict[str, Any]:
        return {
            "type": "http",
            "scheme": "bearer",
            "bearerFormat": "JWT",
            "description": (
                "An access token from /auth/login, /auth/signup or /auth/refresh-token "
                "(valid ACCESS_TOKEN_TTL, 15 min by default). The two /auth/forgot-password "
                "steps after the first take the reset token from /auth/forgot-password instead."
            ),
        }


class ErrorBodySerializer(serializers.Serializer):
    code = serializers.CharField()
    message = serializers.CharField()
    details = serializers.DictField()


class ErrorEnvelopeSerializer(serializers.Serializer):
    success = serializers.BooleanField(default=False)
    error = ErrorBodySerializer()


ErrorEnvelopeSerializer.__name__ = "ErrorEnvelope"


def success_envelope(
    name: str,
    data: serializers.Serializer | type[serializers.Serializer] | None = None,
    *,
    message: bool = True,
) -> serializers.Serializer:
    """The ``{success, message, data}`` component ``name``. Properties come in the order their
    fields were made: a ``data`` instance (made by the caller) comes first, a ``data`` class is
    made here, after ``success`` and ``message``, so it comes last (as in a declared class)."""
    fields: dict[str, Any] = {"success": serializers.BooleanField(default=True)}
    if message:
        fields["message"] = serializers.CharField()
    if isinstance(data, type):
        data = data()
    if data is not None:
        fields["data"] = data
    return inline_serializer(name=name, fields=fields)


def raised(check: Callable[..., object], *args: Any) -> ApiError:
    """The error ``check(*args)`` raises: documented error examples are the validators' own
    answers, so a limit (and its message) is written once, where it is enforced."""
    try:
        check(*args)
    except ApiError as error:
        return error
    raise AssertionError(f"{check.__name__}{args!r} raised nothing")


def _instance(item: ApiError | type[ApiError]) -> ApiError:
    if not isinstance(item, type):
        return item
    if issubclass(item, RateLimited):
        return item(60)
    return item()


def _example(error: ApiError, index: int) -> OpenApiExample:
    return OpenApiExample(
        error.code if index == 0 else f"{error.code} ({index + 1})",
        summary=error.message,
        value=error.as_envelope(),
        response_only=True,
        status_codes=[str(error.status)],
    )


def error_responses(*errors: ApiError | type[ApiError]) -> dict[int, OpenApiResponse]:
    """Documented error responses: give error classes, or instances for a specific message."""
    by_status: dict[int, list[ApiError]] = defaultdict(list)
    for item in errors:
        error = _instance(item)
        by_status[error.status].append(error)
    return {
        status: OpenApiResponse(
            response=ErrorEnvelopeSerializer,
            description=", ".join(e.code for e in items),
            examples=[
                _example(e, sum(1 for other in items[:i] if other.code == e.code))
                for i, e in enumerate(items)
            ],
        )
        for status, items in by_status.items()
    }
