"""Forgot password: request a code by email, verify it, set a new password.

1. ``request_reset(email, ip)``: a 6-digit code (``secrets``) is mailed; the row stores only
   HMAC-SHA256(SECRET_KEY-derived key, reset id + code) -- a leaked table cannot be brute-forced
   without the key, which a plain hash of a 6-digit code could be in a second -- and the SHA-256 of
   the reset token. Earlier open requests of the user are revoked. The answer is a reset token
   (type ``forgot_password``) whatever the email: for an unknown (or disabled) account it is a
   genuine-looking token bound to no row, and the work done is of the same shape (a lookup and an
   update; the mail is sent in the background; every answer is held to at least
   RESET_REQUEST_MIN_SECONDS), so neither the body nor the timing says whether the account exists.
2. ``verify_otp(token, code, ip)``: the code must match, within OTP_TTL, from the IP that asked.
   A wrong code or another IP is 400 INVALID_OTP and counts as one of OTP_MAX_ATTEMPTS tries
   (and for the IP blacklist); the last one revokes the request. A token bound to no row behaves
   exactly like a real one (wrong code, then "no longer valid" after the same number of tries).
3. ``complete_reset(token, new_password, ip)``: needs the verified request (same IP), validates
   the password, sets it, marks the request completed (the token is single-use: using it again
   is 401 UNAUTHORIZED), revokes the user's other open requests and ends *all* their sessions.
"""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import secrets
import time
import uuid
from datetime import datetime, timedelta
from enum import Enum

from asgiref.sync import sync_to_async
from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.crypto import salted_hmac

from accounts import kv
from accounts import validation as v
from accounts.blacklist import record_failure
from accounts.emails import send_reset_otp
from accounts.models import PasswordReset, ResetStatus, User
from accounts.passwords import hash_password
from accounts.services import OPEN_RESET_STATUSES, end_sessions, find_user_by_email
from accounts.sessions import mark_sessions_ended
from accounts.tokens import ResetClaims, decode_reset_token, issue_reset_token
from core.exceptions import Forbidden, InvalidOtp, OtpExpired, Unauthorized

_OTP_SALT = "cinemate.accounts.reset.otp"
WRONG_CODE = "The code is not valid"
NO_LONGER_VALID = "This code can no longer be used; request a new one"
ALREADY_USED = "This reset token has already been used"
VERIFY_FIRST = "Verify the code first"


def new_otp() -> str:
    return f"{secrets.randbelow(1_000_000):06d}"


def otp_digest(reset_id: uuid.UUID, otp: str) -> str:
    return salted_hmac(_OTP_SALT, f"{reset_id}:{otp}", algorithm="sha256").hexdigest()


def token_digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


# --- 1. request -----------------------------------------------------------------------------


def _create_request(
    user_id: uuid.UUID, reset_id: uuid.UUID, token: str, otp: str, ip: str, expires: datetime
) -> None:
    with transaction.atomic():
        PasswordReset.objects.filter(user_id=user_id, status__in=OPEN_RESET_STATUSES).update(
            status=ResetStatus.REVOKED, updated_at=timezone.now()
        )
        PasswordReset.objects.create(
            id=reset_id,
            user_id=user_id,
            reset_token=token_digest(token),
            otp_code_hash=otp_digest(reset_id, otp),
            expires_at=expires,
            ip_address=ip,
        )


async def request_reset(email: object, ip: str) -> str:
    """Start a reset; returns the reset token (the same shape for unknown emails).

    The answer is held back to at least RESET_REQUEST_MIN_SECONDS, so a known email (a
    transaction more) and an unknown one take the same time from the outside.
    """
    errors = v.Errors()
    email = v.clean_email(errors, v.required_str(errors, {"email": email}, "email"))
    errors.raise_if_any()
    started = time.monotonic()
    try:
        return await _request_reset(email, ip)
    finally:
        await asyncio.sleep(
            max(0.0, settings.RESET_REQUEST_MIN_SECONDS - (time.monotonic() - started))
        )


async def _request_reset(email: str, ip: str) -> str:
    user = await find_user_by_email(email)
    reset_id, otp = uuid.uuid4(), new_otp()
    if user is None or not user.is_active:
        ghost = uuid.uuid4()
        # Same shape of work as a real request; it matches no row.
        await PasswordReset.objects.filter(user_id=ghost, status__in=OPEN_RESET_STATUSES).aupdate(
            status=ResetStatus.REVOKED
        )
        otp_digest(reset_id, otp)
        return issue_reset_token(ghost, reset_id)
    token = issue_reset_token(user.id, reset_id)
    expires = timezone.now() + timedelta(seconds=settings.OTP_TTL)
    await sync_to_async(_create_request)(user.id, reset_id, token, otp, ip, expires)
    send_reset_otp(user.email, user.name, otp, expires)
    return token


# --- 2. verify ------------------------------------------------------------------------------


class _Verdict(Enum):
    OK = "ok"
    WRONG = "wrong"
    NO_ROW = "no_row"
    EXPIRED = "expired"
    REVOKED = "revoked"
    USED = "used"


def _verify(claims: ResetClaims, token: str, otp: str, ip: str) -> _Verdict:
    with transaction.atomic():
        # Locked: parallel guesses are counted one after another, never past the limit.
        row = (
            PasswordReset.objects.select_for_update()
            .filter(id=claims.reset_id, user_id=claims.user_id)
            .first()
        )
        if row is None or not hmac.compare_digest(row.reset_token or "", token_digest(token)):
            return _Verdict.NO_ROW
        if row.status == ResetStatus.COMPLETED:
            return _Verdict.USED
        if row.status == ResetStatus.REVOKED:
            return _Verdict.REVOKED
        if timezone.now() >= row.expires_at:
            return _Verdict.EXPIRED
        code_ok = hmac.compare_digest(row.otp_code_hash or "", otp_digest(row.id, otp))
        if code_ok and row.ip_address == ip:
            row.status = ResetStatus.VERIFIED
            row.save(update_fields=["status", "updated_at"])
            return _Verdict.OK
        row.attempts += 1
        if row.attempts >= settings.OTP_MAX_ATTEMPTS:
            row.status = ResetStatus.REVOKED
        row.save(update_fields=["attempts", "status", "updated_at"])
        return _Verdict.WRONG


async def _ghost_verdict(claims: ResetClaims) -> _Verdict:
    """What a real request would answer, for a token bound to no row."""
    if time.time() >= claims.iat + settings.OTP_TTL:
        return _Verdict.EXPIRED
    tries = await kv.incr_window(f"auth:reset-ghost:{claims.reset_id}", settings.RESET_TOKEN_TTL)
    tries = tries or 0  # Redis failing: counted as a first try (the row-less token cannot win)
    return _Verdict.REVOKED if tries > settings.OTP_MAX_ATTEMPTS else _Verdict.WRONG


async def verify_otp(token: str, otp_code: object, ip: str) -> None:
    claims = decode_reset_token(token)
    otp = v.clean_otp(otp_code)
    verdict = await sync_to_async(_verify)(claims, token, otp, ip)
    if verdict is _Verdict.NO_ROW:
        verdict = await _ghost_verdict(claims)
    if verdict is _Verdict.OK:
        return
    if verdict is _Verdict.WRONG:
        await record_failure(ip, "otp")
        raise InvalidOtp(WRONG_CODE)
    if verdict is _Verdict.EXPIRED:
        raise OtpExpired("The code has expired; request a new one")
    if verdict is _Verdict.USED:
        raise Unauthorized(ALREADY_USED)
    raise InvalidOtp(NO_LONGER_VALID)


# --- 3. complete ----------------------------------------------------------------------------


def _check_completable(row: PasswordReset | None, token: str, ip: str) -> None:
    if row is None or not hmac.compare_digest(row.reset_token or "", token_digest(token)):
        raise Forbidden(VERIFY_FIRST)
    if row.status == ResetStatus.COMPLETED:
        raise Unauthorized(ALREADY_USED)
    if row.status == ResetStatus.REVOKED:
        raise InvalidOtp(NO_LONGER_VALID)
    if row.status != ResetStatus.VERIFIED:
        raise Forbidden(VERIFY_FIRST)
    if row.ip_address != ip:
        raise Forbidden("This reset was requested from another network")


def _complete(reset_id: uuid.UUID, token: str, ip: str, encoded: str) -> list[uuid.UUID]:
    now = timezone.now()
    with transaction.atomic():
        row = PasswordReset.objects.select_for_update().filter(id=reset_id).first()
        _check_completable(row, token, ip)  # again, under the lock: single use even in a race
        assert row is not None
        User.objects.filter(id=row.user_id).update(password=encoded, updated_at=now)
        row.status = ResetStatus.COMPLETED
        row.save(update_fields=["status", "updated_at"])
        PasswordReset.objects.filter(user_id=row.user_id, status__in=OPEN_RESET_STATUSES).exclude(
            id=row.id
        ).update(status=ResetStatus.REVOKED, updated_at=now)
        return end_sessions(row.user_id)


async def complete_reset(token: str, new_password: object, ip: str) -> None:
    claims = decode_reset_token(token)
    errors = v.Errors()
    new = v.required_str(errors, {"new_password": new_password}, "new_password")
    errors.raise_if_any()
    row = (
        await PasswordReset.objects.select_related("user")
        .filter(id=claims.reset_id, user_id=claims.user_id)
        .afirst()
    )
    _check_completable(row, token, ip)
    assert row is not None
    v.check_new_password(errors, new, row.user, field="new_password")
    errors.raise_if_any()
    encoded = await hash_password(new)
    ended = await sync_to_async(_complete)(row.id, token, ip, encoded)
    await mark_sessions_ended(ended)
