"""Access and reset tokens (PyJWT, HS256 pinned on decode).

Two token types share one signing key, so every decode names the type it expects: an access token
is never accepted where a reset token is expected, nor the reverse. ``exp``, ``iat`` and ``type``
are required claims: a token without them is not ours.

Access tokens carry the contract's claims plus ``rti``, the session's current refresh secret
generation (see accounts.services.refresh_access_token): the server stores only its SHA-256, so
refreshing a session needs a token of its *latest* generation, and forging one needs both the
signing key and a secret that exists nowhere in plain form.
"""

from __future__ import annotations

import time
import uuid
from dataclasses import dataclass
from typing import Any

import jwt
from django.conf import settings
from django.http import HttpRequest

from core.exceptions import ApiError, OtpExpired, TokenExpired, Unauthorized

ALGORITHM = "HS256"
ACCESS = "access_token"
RESET = "forgot_password"


@dataclass(frozen=True, slots=True)
class AccessClaims:
    user_id: uuid.UUID
    session_id: uuid.UUID
    rti: str
    iat: int
    exp: int


@dataclass(frozen=True, slots=True)
class ResetClaims:
    user_id: uuid.UUID
    reset_id: uuid.UUID
    iat: int
    exp: int


def _issue(token_type: str, ttl: int, ids: dict[str, uuid.UUID], **extra: str) -> str:
    """A signed token of ``token_type``, valid ``ttl`` seconds from now; claims in this order:
    ``ids`` (as strings), ``type``, ``exp``, ``iat``, then ``extra``."""
    now = int(time.time())
    payload: dict[str, Any] = {name: str(value) for name, value in ids.items()}
    payload.update(type=token_type, exp=now + ttl, iat=now, **extra)
    return jwt.encode(payload, settings.JWT_SIGNING_KEY, algorithm=ALGORITHM)


def _decode(token: str, expected_type: str, required: list[str], verify_exp: bool) -> dict:
    """Verify the signature (HS256 only) and the type; map every failure to an API error."""
    try:
        payload = jwt.decode(
            token,
            settings.JWT_SIGNING_KEY,
            algorithms=[ALGORITHM],
            options={"require": ["exp", "iat", "type", *required], "verify_exp": verify_exp},
        )
    except jwt.ExpiredSignatureError as exc:
        raise TokenExpired() from exc
    except jwt.InvalidTokenError as exc:
        raise Unauthorized("The token is not valid") from exc
    if payload.get("type") != expected_type:
        raise Unauthorized("The token is not valid for this request")
    return payload


def _uuid_claim(payload: dict[str, Any], name: str) -> uuid.UUID:
    try:
        return uuid.UUID(str(payload[name]))
    except (KeyError, ValueError) as exc:
        raise Unauthorized("The token is not valid") from exc


def issue_access_token(user_id: uuid.UUID, session_id: uuid.UUID, rti: str) -> str:
    ids = {"user_id": user_id, "session_id": session_id}
    return _issue(ACCESS, settings.ACCESS_TOKEN_TTL, ids, rti=rti)


# Access tokens this process verified lately: token -> (signing key, claims). A client sends
# the same token on every request until it expires; checking its HMAC and parsing its claims
# again each time was a visible share of a signed-in request. Only verified tokens go in, keyed
# by their exact text, so a hit proves what the first decode proved; expiry is still checked on
# every use, and a change of signing key misses. Bounded: emptied when full.
_VERIFIED: dict[str, tuple[str, AccessClaims]] = {}
_VERIFIED_MAX = 4096


def decode_access_token(token: str, *, verify_exp: bool = True) -> AccessClaims:
    """Claims of a valid access token. ``verify_exp=False`` is for refresh and logout only."""
    known = _VERIFIED.get(token) if verify_exp else None
    if known is not None and known[0] == settings.JWT_SIGNING_KEY:
        if known[1].exp > int(time.time()):
            return known[1]
        raise TokenExpired()
    payload = _decode(token, ACCESS, ["user_id", "session_id"], verify_exp)
    claims = AccessClaims(
        user_id=_uuid_claim(payload, "user_id"),
        session_id=_uuid_claim(payload, "session_id"),
        rti=str(payload.get("rti", "")),
        iat=int(payload["iat"]),
        exp=int(payload["exp"]),
    )
    if verify_exp:
        if len(_VERIFIED) >= _VERIFIED_MAX:
            _VERIFIED.clear()
        _VERIFIED[token] = (settings.JWT_SIGNING_KEY, claims)
    return claims


def issue_reset_token(user_id: uuid.UUID, reset_id: uuid.UUID) -> str:
    ids = {"user_id": user_id, "reset_id": reset_id}
    return _issue(RESET, settings.RESET_TOKEN_TTL, ids)


def decode_reset_token(token: str) -> ResetClaims:
    """Claims of a valid reset token; an expired one means the reset request expired (OTP_EXPIRED)."""
    try:
        payload = _decode(token, RESET, ["user_id", "reset_id"], verify_exp=True)
    except TokenExpired as exc:
        raise OtpExpired("The reset request has expired; request a new code") from exc
    return ResetClaims(
        user_id=_uuid_claim(payload, "user_id"),
        reset_id=_uuid_claim(payload, "reset_id"),
        iat=int(payload["iat"]),
        exp=int(payload["exp"]),
    )


def required_bearer(request: HttpRequest, what: str) -> str:
    """The bearer token of a call that needs one (``what``: "access token", "reset token");
    UNAUTHORIZED without one. REST's /auth views and their GraphQL mutations alike."""
    token = bearer_token(request)
    if token is None:
        raise Unauthorized(f"Send the {what} as 'Authorization: Bearer <token>'")
    return token


def bearer_token(request: HttpRequest) -> str | None:
    """The bearer token of the request; None without an Authorization header.

    A header that is present but not ``Bearer <token>`` is an error, not an anonymous caller:
    a client that sends credentials should learn that they were not understood.
    """
    header = request.headers.get("Authorization")
    if header is None:
        return None
    scheme, _, token = header.strip().partition(" ")
    token = token.strip()
    if scheme.lower() != "bearer" or not token:
        raise Unauthorized("The Authorization header must be 'Bearer <token>'")
    return token


def request_access_claims(request: HttpRequest) -> AccessClaims | None:
    """The verified access claims of the request (memoised on it), None when anonymous.

    Raises the token's error; the rate limiter and resolve_viewer_prefetching share one decode per request.
    """
    memo = getattr(request, "_cinemate_access_claims", None)
    if memo is not None:
        if isinstance(memo, ApiError):
            raise memo
        return memo if isinstance(memo, AccessClaims) else None
    try:
        token = bearer_token(request)
        result: AccessClaims | None = decode_access_token(token) if token else None
    except ApiError as error:
        request._cinemate_access_claims = error  # type: ignore[attr-defined]
        raise
    request._cinemate_access_claims = result if result else False  # type: ignore[attr-defined]
    return result
