"""Typed API errors: every layer raises these, and the edges (REST, GraphQL) render them.

The codes and statuses are the ones of decisions.md section 8; keeping them in one module means
REST's envelope and GraphQL's ``extensions.code`` can never disagree.
"""

from __future__ import annotations

from typing import Any


class ApiError(Exception):
    """An error the client is meant to see: a code, an HTTP status, a message and details."""

    code: str = "INTERNAL_ERROR"
    status: int = 500
    default_message: str = "An unexpected error occurred"

    def __init__(
        self,
        message: str | None = None,
        details: dict[str, Any] | None = None,
        *,
        headers: dict[str, str] | None = None,
    ) -> None:
        self.message = message or self.default_message
        self.details = details or {}
        self.headers = headers or {}
        super().__init__(self.message)

    def as_envelope(self) -> dict[str, Any]:
        return {
            "success": False,
            "error": {"code": self.code, "message": self.message, "details": self.details},
        }


class ValidationFailed(ApiError):
    code, status, default_message = "VALIDATION_ERROR", 400, "The request is not valid"


class InvalidCredentials(ApiError):
    code, status, default_message = "INVALID_CREDENTIALS", 401, "Invalid email or password"


class Unauthorized(ApiError):
    code, status, default_message = "UNAUTHORIZED", 401, "Authentication is required"


class TokenExpired(ApiError):
    code, status, default_message = "TOKEN_EXPIRED", 401, "The token has expired"


class SessionTerminated(ApiError):
    code, status, default_message = "SESSION_TERMINATED", 401, "This session has ended"


class InvalidOtp(ApiError):
    code, status, default_message = "INVALID_OTP", 400, "The code is not valid"


class OtpExpired(ApiError):
    code, status, default_message = "OTP_EXPIRED", 400, "The code has expired"


class Forbidden(ApiError):
    code, status, default_message = "FORBIDDEN", 403, "You may not do this"


class IpBlocked(ApiError):
    code, status, default_message = "IP_BLOCKED", 403, "Requests from this address are blocked"


class NotFound(ApiError):
    code, status, default_message = "NOT_FOUND", 404, "Not found"


class MethodNotAllowed(ApiError):
    # Not a code of its own in the contract: a wrong method is a validation problem of the call.
    code, status, default_message = "METHOD_NOT_ALLOWED", 405, "Method not allowed"


class EmailTaken(ApiError):
    code, status, default_message = "EMAIL_TAKEN", 409, "An account with this email already exists"


class RateLimited(ApiError):
    code, status, default_message = "RATE_LIMITED", 429, "Too many requests"

    def __init__(self, retry_after: int, message: str | None = None) -> None:
        super().__init__(
            message, {"retry_after": retry_after}, headers={"Retry-After": str(retry_after)}
        )
        self.retry_after = retry_after


class QueryTooComplex(ApiError):
    code, status, default_message = (
        "QUERY_TOO_COMPLEX",
        400,
        "The query is too complex; ask for less in one request",
    )


class UpstreamUnavailable(ApiError):
    code, status, default_message = (
        "UPSTREAM_UNAVAILABLE",
        503,
        "The movie service is unavailable, please try again later",
    )


class ServiceUnavailable(ApiError):
    """Our own database (or another dependency we cannot do without) cannot serve the request."""

    code, status, default_message = (
        "SERVICE_UNAVAILABLE",
        503,
        "The service is temporarily unavailable, please try again shortly",
    )

    def __init__(self, retry_after: int, message: str | None = None) -> None:
        super().__init__(
            message, {"retry_after": retry_after}, headers={"Retry-After": str(retry_after)}
        )
        self.retry_after = retry_after


class PayloadTooLarge(ApiError):
    code, status, default_message = "PAYLOAD_TOO_LARGE", 413, "The request body is too large"


class InternalError(ApiError):
    code, status, default_message = "INTERNAL_ERROR", 500, "An unexpected error occurred"
