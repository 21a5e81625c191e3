"""Session status and the viewer's preferences, cached per session id.

Every authenticated request must know that its session is still active (logout takes effect at
once) and the user's language and maturity filter. Reading them from PostgreSQL on every request
would cost a query each; here a warm request costs one Redis GET.

Consistency: readers fill the cache with SET NX; ending a session *overwrites* its entry with an
"ended" marker. So a reader that loaded "active" just before a logout committed can never put that
stale answer back over the marker. Preference changes delete the entries (the next request
reloads them); the TTL (SESSION_STATUS_CACHE_TTL) bounds any other staleness.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings

from accounts import kv
from accounts.models import LoginSession, SessionStatus
from core import push


@dataclass(frozen=True, slots=True)
class SessionState:
    active: bool
    user_id: uuid.UUID | None
    language: str
    maturity: str


_ENDED = SessionState(active=False, user_id=None, language="", maturity="")


def _key(session_id: uuid.UUID | str) -> str:
    return f"auth:session:{session_id}"


def _encode(state: SessionState) -> str:
    return "|".join(
        ["1" if state.active else "0", str(state.user_id or ""), state.language, state.maturity]
    )


def _decode(raw: str) -> SessionState | None:
    parts = raw.split("|")
    if len(parts) != 4:
        return None
    active, user_id, language, maturity = parts
    return SessionState(
        active=active == "1",
        user_id=uuid.UUID(user_id) if user_id else None,
        language=language,
        maturity=maturity,
    )


async def _load(session_id: uuid.UUID) -> SessionState:
    row = (
        await LoginSession.objects.filter(id=session_id)
        .values(
            "status",
            "user_id",
            "user__is_active",
            "user__preferred_language",
            "user__maturity_filter",
        )
        .afirst()
    )
    if row is None:
        return _ENDED
    return SessionState(
        active=row["status"] == SessionStatus.ACTIVE and row["user__is_active"],
        user_id=row["user_id"],
        language=row["user__preferred_language"],
        maturity=row["user__maturity_filter"],
    )


async def session_state(session_id: uuid.UUID) -> SessionState:
    """The session's status and its user's preferences: Redis first, the database on a miss."""
    raw = await kv.get(_key(session_id))
    state = _decode(raw) if raw else None
    if state is not None:
        return state
    state = await _load(session_id)
    await kv.set(
        _key(session_id), _encode(state), settings.SESSION_STATUS_CACHE_TTL, only_if_absent=True
    )
    return state


async def mark_sessions_ended(session_ids: Iterable[uuid.UUID]) -> None:
    """Refuse these sessions at once (call after the database says they ended)."""
    session_ids = list(session_ids)
    await kv.set_many(
        {_key(sid): _encode(_ENDED) for sid in session_ids}, settings.SESSION_STATUS_CACHE_TTL
    )
    # Close the sockets these sessions authenticated (schema.websocket), in every worker.
    await push.publish(push.session_ended_messages(session_ids))


async def invalidate_viewer_cache(session_id: uuid.UUID | str) -> None:
    """Forget one session's cached status and preferences (the next request reloads them)."""
    await kv.delete(_key(session_id))


async def invalidate_user_sessions_cache(user_id: uuid.UUID | str) -> None:
    """Forget the cached state of all the user's active sessions.

    For profile changes (language, maturity filter, deactivation): call it after the change is
    saved, so every session of the user sees the new preferences on its next request.
    """
    ids = [
        sid
        async for sid in LoginSession.objects.filter(
            user_id=user_id, status=SessionStatus.ACTIVE
        ).values_list("id", flat=True)
    ]
    await kv.delete(*[_key(sid) for sid in ids])
