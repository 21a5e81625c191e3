"""System endpoints and the JSON error handlers Django uses outside DRF views."""

from __future__ import annotations

import logging

from django.http import HttpRequest, HttpResponse

from core.exceptions import Forbidden, InternalError, NotFound, ValidationFailed
from core.responses import error_response

logger = logging.getLogger("cinemate.errors")


def not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return error_response(NotFound(f"No route for {request.method} {request.path}"))


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    from core.middleware import client_error_for

    error = client_error_for(exception) if exception is not None else None
    return error_response(error or ValidationFailed())


def forbidden(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return error_response(Forbidden())


def server_error(request: HttpRequest) -> HttpResponse:
    return error_response(InternalError())
