"""Django's security headers without sync thread hops (SecurityMiddleware, XFrameOptionsMiddleware).

Both Django middlewares are ``MiddlewareMixin`` classes: under ASGI every request pays a
``sync_to_async`` hop for each ``process_request``/``process_response`` they define (three
hops in all). Their methods only read settings and set headers, so ``SecurityHeadersMiddleware``
calls the very same methods inline, sync or async: same headers, same redirect, same exemptions
(``@xframe_options_exempt``), no thread. ``core.checks`` re-states Django's deploy checks for it,
since those look for Django's dotted paths in ``MIDDLEWARE``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from asgiref.sync import iscoroutinefunction, markcoroutinefunction
from django.http import HttpRequest, HttpResponseBase
from django.middleware.clickjacking import XFrameOptionsMiddleware
from django.middleware.security import SecurityMiddleware


class SecurityHeadersMiddleware:
    """nosniff, X-Frame-Options, Referrer-Policy, COOP, HSTS (over HTTPS) and the SSL redirect."""

    sync_capable = True
    async_capable = True

    def __init__(self, get_response: Callable[..., Any]) -> None:
        self.get_response = get_response
        self.is_async = iscoroutinefunction(get_response)
        # Used only for their process_* methods; they never call get_response here.
        self.security = SecurityMiddleware(get_response)
        self.xframe = XFrameOptionsMiddleware(get_response)
        if self.is_async:
            markcoroutinefunction(self)

    def __call__(self, request: HttpRequest) -> Any:
        if self.is_async:
            return self.__acall__(request)
        response = self.security.process_request(request) or self.get_response(request)
        return self._add_headers(request, response)

    async def __acall__(self, request: HttpRequest) -> HttpResponseBase:
        response = self.security.process_request(request) or await self.get_response(request)
        return self._add_headers(request, response)

    def _add_headers(self, request: HttpRequest, response: Any) -> HttpResponseBase:
        response = self.security.process_response(request, response)
        return self.xframe.process_response(request, response)
