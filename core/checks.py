"""Deploy checks for core.security.SecurityHeadersMiddleware.

Django's own deploy checks (security.W001..W022) look for Django's dotted middleware paths in
``MIDDLEWARE``; with our hop-free middleware installed instead they would pass silently. These
give the same warnings, with Django's ids, for our middleware; Django's W001/W002 ("middleware
not installed") are silenced in settings and re-stated here as core.W001.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.checks import Tags, Warning, register
from django.core.checks.security import base

MIDDLEWARE_PATH = "core.security.SecurityHeadersMiddleware"

W001 = Warning(
    f"{MIDDLEWARE_PATH} is not in MIDDLEWARE: responses carry no security headers "
    "(nosniff, X-Frame-Options, Referrer-Policy, HSTS).",
    id="core.W001",
)


@register(Tags.security, deploy=True)
def check_security_headers(app_configs: Any = None, **kwargs: Any) -> list[Warning]:
    if MIDDLEWARE_PATH not in settings.MIDDLEWARE:
        return [W001]
    warnings: list[Warning] = []
    if not settings.SECURE_HSTS_SECONDS:
        warnings.append(base.W004)
    else:
        if settings.SECURE_HSTS_INCLUDE_SUBDOMAINS is not True:
            warnings.append(base.W005)
        if settings.SECURE_HSTS_PRELOAD is not True:
            warnings.append(base.W021)
    if settings.SECURE_CONTENT_TYPE_NOSNIFF is not True:
        warnings.append(base.W006)
    if settings.SECURE_SSL_REDIRECT is not True:
        warnings.append(base.W008)
    if settings.X_FRAME_OPTIONS != "DENY":
        warnings.append(base.W019)
    if settings.SECURE_REFERRER_POLICY is None:
        warnings.append(base.W022)
    return warnings
