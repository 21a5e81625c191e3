"""The one error handler of the REST edge: any exception raised while answering a request, ours
or DRF's, becomes one of our typed API errors and so the contract's envelope (decisions.md
section 8). rest_compat.base's ``ApiView`` (every REST view) and DRF's EXCEPTION_HANDLER (the
documentation views) both go through ``to_api_error``."""

from __future__ import annotations

import logging
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404
from rest_framework import exceptions as drf
from rest_framework.response import Response

from core import exceptions as api
from core.dependencies import api_error_for

logger = logging.getLogger("cinemate.errors")


def _validation_details(detail: Any) -> dict[str, Any]:
    if isinstance(detail, dict):
        return {str(key): value for key, value in detail.items()}
    if isinstance(detail, list):
        return {"non_field_errors": detail}
    return {}


def to_api_error(exc: Exception) -> api.ApiError:
    """Translate any exception raised in a REST view into one of our typed API errors."""
    if isinstance(exc, api.ApiError):
        return exc
    if isinstance(exc, drf.ParseError):
        return api.ValidationFailed(str(exc.detail))
    if isinstance(exc, drf.ValidationError):
        return api.ValidationFailed(details=_validation_details(exc.detail))
    if isinstance(exc, drf.MethodNotAllowed):
        return api.MethodNotAllowed(str(exc.detail))
    if isinstance(exc, drf.UnsupportedMediaType):
        return api.ValidationFailed(str(exc.detail))
    if isinstance(exc, (drf.NotAuthenticated, drf.AuthenticationFailed)):
        return api.Unauthorized(str(exc.detail))
    if isinstance(exc, (drf.PermissionDenied, PermissionDenied)):
        return api.Forbidden()
    if isinstance(exc, (drf.NotFound, Http404)):
        return api.NotFound()
    if isinstance(exc, drf.Throttled):
        return api.RateLimited(int(exc.wait or 60))
    if isinstance(exc, drf.APIException):
        return (
            api.ValidationFailed(str(exc.detail)) if exc.status_code == 400 else api.InternalError()
        )
    outage = api_error_for(exc)
    if outage is not None:
        return outage
    return api.InternalError()


def is_unexpected(exc: Exception) -> bool:
    """True when ``exc`` is a bug rather than an answer: worth an ERROR log with its trace."""
    if isinstance(exc, api.ApiError):
        return False
    return isinstance(to_api_error(exc), api.InternalError)


def envelope_exception_handler(exc: Exception, context: dict[str, Any]) -> Response:
    """DRF's EXCEPTION_HANDLER (the views still on DRF's dispatch: the OpenAPI documents)."""
    error = to_api_error(exc)
    if is_unexpected(exc):
        logger.error("unhandled error in a REST view", exc_info=exc)
    return Response(error.as_envelope(), status=error.status, headers=error.headers)
