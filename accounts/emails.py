"""Password-reset mail: rendered and sent through Django's email settings, off the request path.

SMTP when EMAIL_HOST is set, the console backend otherwise. Sending is handed to a small thread
pool and not awaited: an SMTP round trip (or a dead mail server's timeout) must neither slow the
response down nor tell a caller, by its timing or its status, whether the account exists.
Failures are logged (without the code) and otherwise swallowed. A plain thread pool, not an
asyncio task, because a task would die with the short-lived loop of a WSGI request.
"""

from __future__ import annotations

import logging
import threading
from concurrent.futures import Future, ThreadPoolExecutor
from datetime import datetime

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string

logger = logging.getLogger("cinemate.mail")

_executor: ThreadPoolExecutor | None = None
_lock = threading.Lock()


def _pool() -> ThreadPoolExecutor:
    global _executor
    if _executor is None:
        with _lock:
            if _executor is None:
                _executor = ThreadPoolExecutor(max_workers=2, thread_name_prefix="mail")
    return _executor


def _send_reset_otp(to: str, name: str, otp: str, expires_at: datetime) -> None:
    context = {
        "name": name or to,
        "otp": otp,
        "expires_at": expires_at,
        "expires_minutes": max(1, round(settings.OTP_TTL / 60)),
    }
    subject = render_to_string("accounts/email/password_reset_otp_subject.txt", context).strip()
    message = EmailMultiAlternatives(
        subject=subject,
        body=render_to_string("accounts/email/password_reset_otp.txt", context),
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[to],
    )
    message.attach_alternative(
        render_to_string("accounts/email/password_reset_otp.html", context), "text/html"
    )
    message.send(fail_silently=False)


def _log_failure(future: Future[None]) -> None:
    error = future.exception()
    if error is not None:
        logger.error("password reset mail not sent: %s: %s", type(error).__name__, error)


def send_reset_otp(to: str, name: str, otp: str, expires_at: datetime) -> Future[None]:
    """Queue the OTP mail and return at once (the Future is for tests and shutdown hooks)."""
    future = _pool().submit(_send_reset_otp, to, name, otp, expires_at)
    future.add_done_callback(_log_failure)
    return future
