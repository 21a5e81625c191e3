"""Account services: signup, login, refresh, logout and password change.

The REST views (rest_compat.auth) and the GraphQL mutations (schema.auth) are thin wrappers over
these functions, so both APIs validate, answer and fail alike.

Sessions: a login opens a ``login_sessions`` row holding the SHA-256 of a random refresh secret
(256 bits) that expires after REFRESH_TOKEN_TTL. The access token carries that secret as its
``rti`` claim. ``refresh_access_token`` accepts an expired access token (valid signature, type
``access_token``) whose session is active, whose refresh expiry has not passed and whose ``rti`` is
the session's *current* secret; it rotates the secret (and restarts its expiry) and returns a token
for the same session. A token of an older generation being presented for refresh means two parties
hold the session (a stolen token): the session is terminated, as refresh-token rotation does.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from asgiref.sync import sync_to_async
from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models.functions import Lower
from django.http import HttpRequest
from django.utils import timezone

from accounts import validation as v
from accounts.blacklist import record_failure
from accounts.models import (
    LoginSession,
    PasswordReset,
    ResetStatus,
    SessionStatus,
    User,
    UserGenre,
)
from accounts.passwords import check_dummy_password, check_password, hash_password
from accounts.sessions import mark_sessions_ended
from accounts.tokens import decode_access_token, issue_access_token
from core.client_ip import client_ip
from core.exceptions import (
    EmailTaken,
    InvalidCredentials,
    SessionTerminated,
    Unauthorized,
)

OPEN_RESET_STATUSES = (ResetStatus.PENDING, ResetStatus.VERIFIED)


@dataclass(frozen=True, slots=True)
class ClientInfo:
    """Where a login comes from: stored on its session."""

    ip: str
    platform: str = "web"
    device_name: str = ""


@dataclass(frozen=True, slots=True)
class AuthResult:
    token: str
    user: User


def client_info(request: HttpRequest, platform: Any = None, device_name: Any = None) -> ClientInfo:
    """ClientInfo of a login/signup: body fields first, then X-Platform / User-Agent headers."""
    errors = v.Errors()
    chosen = v.clean_platform(errors, platform, request.headers.get("X-Platform"))
    device = v.clean_device_name(errors, device_name, request.headers.get("User-Agent"))
    errors.raise_if_any()
    return ClientInfo(ip=client_ip(request), platform=chosen, device_name=device)


def user_payload(user: User) -> dict[str, Any]:
    """The contract's user object: ``{id, name, email}``."""
    return {"id": str(user.id), "name": user.name, "email": user.email}


def secret_digest(secret: str) -> str:
    """SHA-256 is enough for a random 256-bit secret (no dictionary to attack)."""
    return hashlib.sha256(secret.encode()).hexdigest()


def new_refresh_secret() -> tuple[str, str]:
    secret = secrets.token_urlsafe(32)
    return secret, secret_digest(secret)


def _refresh_expiry() -> datetime:
    return timezone.now() + timedelta(seconds=settings.REFRESH_TOKEN_TTL)


async def find_user_by_email(email: str) -> User | None:
    """Case-insensitive lookup that uses the lower(email) unique index."""
    return (
        await User.objects.alias(email_lower=Lower("email"))
        .filter(email_lower=email.strip().lower())
        .afirst()
    )


async def open_session(user: User, client: ClientInfo) -> str:
    """Create a login session and return its first access token."""
    secret, digest = new_refresh_secret()
    session = await LoginSession.objects.acreate(
        user=user,
        ip_address=client.ip,
        platform=client.platform,
        device_name=client.device_name[:255],
        refresh_token=digest,
        refresh_token_expires_at=_refresh_expiry(),
    )
    return issue_access_token(user.id, session.id, secret)


# --- signup ---------------------------------------------------------------------------------


def _create_user(name: str, email: str, encoded: str, genre_ids: list[str]) -> User:
    with transaction.atomic():
        user = User(name=name, email=email, password=encoded)
        user.save()
        UserGenre.objects.bulk_create(UserGenre(user=user, genre_id=gid) for gid in genre_ids)
    return user


async def signup(
    *, name: Any, email: Any, password: Any, genres: Any, client: ClientInfo
) -> AuthResult:
    errors = v.Errors()
    data = {"name": name, "email": email, "password": password}
    name = v.clean_name(errors, v.required_str(errors, data, "name"))
    email = v.clean_email(errors, v.required_str(errors, data, "email"))
    password = v.required_str(errors, data, "password")
    genre_ids = v.genre_id_list(errors, genres)
    v.check_new_password(errors, password, User(name=name, email=email))
    errors.raise_if_any()
    await v.require_known_genres(genre_ids)
    if await find_user_by_email(email) is not None:
        raise EmailTaken()
    encoded = await hash_password(password)
    try:
        user = await sync_to_async(_create_user)(name, email, encoded, genre_ids)
    except IntegrityError as exc:  # lost a race with a signup for the same email
        raise EmailTaken() from exc
    return AuthResult(await open_session(user, client), user)


# --- login ----------------------------------------------------------------------------------


async def login(*, email: Any, password: Any, client: ClientInfo) -> AuthResult:
    """Same answer, and about the same time, for an unknown email and a wrong password."""
    errors = v.Errors()
    data = {"email": email, "password": password}
    email = v.required_str(errors, data, "email")
    password = v.required_str(errors, data, "password")
    errors.raise_if_any()
    user = await find_user_by_email(email)
    if user is None:
        await check_dummy_password(password)
        ok, rehash = False, False
    else:
        ok, rehash = await check_password(password, user.password)
    if not ok or user is None or not user.is_active:
        await record_failure(client.ip, "login")
        raise InvalidCredentials()
    fields = ["last_login", "updated_at"]
    if rehash:
        user.password = await hash_password(password)
        fields.append("password")
    user.last_login = timezone.now()
    await user.asave(update_fields=fields)
    return AuthResult(await open_session(user, client), user)


# --- refresh and logout ---------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Rotation:
    secret: str | None = None
    ended: str | None = None  # why the session ended now (it stays ended)
    refused: str | None = None  # why the refresh was refused (nothing changed)


def _rotate(session_id: uuid.UUID, user_id: uuid.UUID, rti: str) -> _Rotation:
    now = timezone.now()
    with transaction.atomic():
        session = (
            LoginSession.objects.select_for_update()
            .select_related("user")
            .filter(id=session_id, user_id=user_id)
            .first()
        )
        if session is None:
            return _Rotation(refused="unknown")
        if session.status != SessionStatus.ACTIVE or not session.user.is_active:
            return _Rotation(refused="ended")
        if session.refresh_token_expires_at <= now:
            session.status, session.session_end = SessionStatus.EXPIRED, now
            session.save(update_fields=["status", "session_end", "updated_at"])
            return _Rotation(ended="expired")
        if not hmac.compare_digest(secret_digest(rti), session.refresh_token):
            session.status, session.session_end = SessionStatus.TERMINATED, now
            session.save(update_fields=["status", "session_end", "updated_at"])
            return _Rotation(ended="reused")
        secret, digest = new_refresh_secret()
        session.refresh_token, session.refresh_token_expires_at = digest, _refresh_expiry()
        session.save(update_fields=["refresh_token", "refresh_token_expires_at", "updated_at"])
        return _Rotation(secret=secret)


async def refresh_access_token(token: str) -> str:
    """A new access token for the token's session (the token itself may have expired)."""
    claims = decode_access_token(token, verify_exp=False)
    outcome = await sync_to_async(_rotate)(claims.session_id, claims.user_id, claims.rti)
    if outcome.ended:
        await mark_sessions_ended([claims.session_id])
        if outcome.ended == "expired":
            raise SessionTerminated("The session has expired; log in again")
        raise SessionTerminated(
            "This token was already refreshed; the session has been ended for safety"
        )
    if outcome.refused == "unknown":
        raise Unauthorized("The token is not valid")
    if outcome.refused:
        raise SessionTerminated()
    assert outcome.secret is not None
    return issue_access_token(claims.user_id, claims.session_id, outcome.secret)


async def logout(token: str) -> None:
    """End the token's session; an expired (but genuine) token may still log out."""
    claims = decode_access_token(token, verify_exp=False)
    ended = await LoginSession.objects.filter(
        id=claims.session_id, user_id=claims.user_id, status=SessionStatus.ACTIVE
    ).aupdate(
        status=SessionStatus.TERMINATED, session_end=timezone.now(), updated_at=timezone.now()
    )
    await mark_sessions_ended([claims.session_id])
    if not ended:
        raise SessionTerminated()


# --- password change (profile) --------------------------------------------------------------


def end_sessions(user_id: uuid.UUID, keep: uuid.UUID | None = None) -> list[uuid.UUID]:
    """Terminate the user's active sessions (but ``keep``); sync, call inside a transaction."""
    now = timezone.now()
    active = LoginSession.objects.filter(user_id=user_id, status=SessionStatus.ACTIVE)
    if keep is not None:
        active = active.exclude(id=keep)
    ids = list(active.values_list("id", flat=True))
    LoginSession.objects.filter(id__in=ids).update(
        status=SessionStatus.TERMINATED, session_end=now, updated_at=now
    )
    return ids


def _apply_password_change(
    user_id: uuid.UUID, encoded: str, keep: uuid.UUID
) -> tuple[list[uuid.UUID], str]:
    now = timezone.now()
    secret, digest = new_refresh_secret()
    with transaction.atomic():
        kept = LoginSession.objects.filter(
            id=keep, user_id=user_id, status=SessionStatus.ACTIVE
        ).update(refresh_token=digest, refresh_token_expires_at=_refresh_expiry(), updated_at=now)
        if not kept:
            raise SessionTerminated()
        User.objects.filter(id=user_id).update(password=encoded, updated_at=now)
        ended = end_sessions(user_id, keep=keep)
        PasswordReset.objects.filter(user_id=user_id, status__in=OPEN_RESET_STATUSES).update(
            status=ResetStatus.REVOKED, updated_at=now
        )
    return ended, secret


async def change_password(
    user: User | uuid.UUID,
    old_password: Any,
    new_password: Any,
    current_session_id: uuid.UUID,
    *,
    ip: str | None = None,
) -> str:
    """Check the current password, set the new one, end the user's *other* sessions.

    Returns a new access token for the current session (its refresh secret is rotated, so the
    caller must switch to it). Also revokes any password reset in progress. A wrong current
    password is 401 INVALID_CREDENTIALS (counted for the IP blacklist when ``ip`` is given).
    """
    if not isinstance(user, User):
        user = await User.objects.aget(id=user)
    errors = v.Errors()
    data = {"old_password": old_password, "new_password": new_password}
    old = v.required_str(errors, data, "old_password")
    new = v.required_str(errors, data, "new_password")
    errors.raise_if_any()
    ok, _ = await check_password(old, user.password)
    if not ok:
        if ip:
            await record_failure(ip, "password change")
        raise InvalidCredentials(
            "The current password is not correct",
            details={"old_password": ["The current password is not correct."]},
        )
    if new == old:
        errors.add("new_password", "The new password must differ from the current one.")
    v.check_new_password(errors, new, user, field="new_password")
    errors.raise_if_any()
    encoded = await hash_password(new)
    ended, secret = await sync_to_async(_apply_password_change)(
        user.id, encoded, current_session_id
    )
    await mark_sessions_ended(ended)
    user.password = encoded
    return issue_access_token(user.id, current_session_id, secret)
