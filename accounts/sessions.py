"""Session status and the viewer's preferences, cached per session id.

Every authenticated request must know that its session is still active (logout takes effect at
once) and the user's language and maturity filter. Reading them from PostgreSQL on every request
would cost a query each; here a warm request costs one Redis round trip (one script).

Consistency (docs/auth.md, "Session status under Redis failures"):
- Ending a session *overwrites* its entry with an "ended" marker, after the database says so;
  readers fill with a script that never replaces a marker, so a reader that loaded "active" just
  before a logout committed cannot put that stale answer back.
- An "active" entry is only believed together with the *fence* it was loaded under: a Redis key
  with a short lease (SESSION_CACHE_LEASE) that every authenticated read renews. If Redis stops
  answering for longer than the lease, the fence lapses, and the first read after Redis comes
  back draws a new one: every "active" entry written before is then ignored (reloaded from the
  database).
- So a revocation whose marker cannot be written is acknowledged only when it is safe: the
  writer retries the marker (bypassing the fail-fast skip window) until it lands or until Redis
  has been unreachable for a whole lease since the first failure, by which time the fence that
  could vouch for a stale "active" entry has lapsed.
Preference changes delete the entries (the next request reloads them); the TTL
(SESSION_STATUS_CACHE_TTL) bounds any other staleness. Without Redis (local mode), Django's
local-memory cache holds plain entries (writes there cannot fail).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import secrets
import time
import uuid
from collections.abc import Awaitable, Callable, Iterable, Sequence
from dataclasses import dataclass

import redis.asyncio as aioredis
from django.conf import settings
from redis.exceptions import RedisError

from accounts import kv
from accounts.models import LoginSession, SessionStatus
from core import push
from core.redis_async import get_direct_redis, get_redis, make_key

logger = logging.getLogger("cinemate.auth")
FENCE_KEY = "auth:session-fence"

# KEYS: entry, fence, then any prefetched keys (accounts.authentication.PREFETCH). ARGV: lease
# (ms), a fresh fence token. Renews the fence (or draws a new one when it lapsed) and returns
# {fence, entry, prefetched values...} in one round trip.
_READ = """
local fence = redis.call('GET', KEYS[2])
if fence then
  redis.call('PEXPIRE', KEYS[2], ARGV[1])
else
  fence = ARGV[2]
  redis.call('SET', KEYS[2], fence, 'PX', ARGV[1])
end
local out = {fence, redis.call('GET', KEYS[1])}
for i = 3, #KEYS do
  out[#out + 1] = redis.call('GET', KEYS[i])
end
return out
"""

# KEYS: entry. ARGV: value, its fence, ttl (s). Never replaces an "ended" marker nor an entry
# of the same fence (first loader wins, like SET NX); replaces entries of a lapsed fence.
_FILL = """
local current = redis.call('GET', KEYS[1])
if current then
  if string.sub(current, 1, 2) == '0|' then return 0 end
  if string.match(current, '^1|([^|]*)|') == ARGV[2] then return 0 end
end
redis.call('SET', KEYS[1], ARGV[1], 'EX', ARGV[3])
return 1
"""


@dataclass(frozen=True, slots=True)
class SessionState:
    active: bool
    user_id: uuid.UUID | None
    language: str
    maturity: str


_ENDED = SessionState(active=False, user_id=None, language="", maturity="")


def _key(session_id: uuid.UUID | str) -> str:
    return f"auth:session:{session_id}"


def _encode(state: SessionState, fence: str = "") -> str:
    """``active|fence|user|language|maturity``; an ended session is ``0||...``."""
    if not state.active:
        fence = ""
    return "|".join(
        [
            "1" if state.active else "0",
            fence,
            str(state.user_id or ""),
            state.language,
            state.maturity,
        ]
    )


def _decode(raw: str, fence: str | None = None) -> SessionState | None:
    """The cached state, or None when absent, unreadable, or "active" under another fence
    (``fence`` None: no fence in use, i.e. local memory without Redis)."""
    parts = raw.split("|")
    if len(parts) != 5:
        return None
    active, entry_fence, user_id, language, maturity = parts
    if active == "1" and fence is not None and entry_fence != fence:
        return None
    try:
        user = uuid.UUID(user_id) if user_id else None
    except ValueError:
        return None
    return SessionState(active=active == "1", user_id=user, language=language, maturity=maturity)


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
    state, _ = await session_state_and(session_id, ())
    return state


async def session_state_and(
    session_id: uuid.UUID, extra_keys: Sequence[str]
) -> tuple[SessionState, list[str | None]]:
    """``session_state``, plus the values of ``extra_keys`` read in the same round trip (e.g.
    the caller's cached favourite ids: accounts.authentication.PREFETCH)."""
    client = await get_redis()
    if client is None:
        raws = await kv.get_many([_key(session_id), *extra_keys])
        raw_text, extras = raws[0], raws[1:]
        state = _decode(raw_text) if raw_text else None
        if state is None:
            state = await _load(session_id)
            await kv.set(
                _key(session_id),
                _encode(state),
                settings.SESSION_STATUS_CACHE_TTL,
                only_if_absent=True,
            )
        return state, extras
    key = make_key(_key(session_id))
    try:
        fence_raw, raw, *extra_raws = await client.eval(
            _READ,
            2 + len(extra_keys),
            key,
            make_key(FENCE_KEY),
            *(make_key(extra) for extra in extra_keys),
            int(settings.SESSION_CACHE_LEASE * 1000),
            secrets.token_hex(8),
        )
    except RedisError:
        # Redis failing: the database answers, nothing cached, no prefetched values.
        return await _load(session_id), [None] * len(extra_keys)
    fence = fence_raw.decode()
    extras = [None if value is None else value.decode() for value in extra_raws]
    state = _decode(raw.decode(), fence) if raw else None
    if state is not None:
        return state, extras
    state = await _load(session_id)
    with contextlib.suppress(RedisError):  # not cached: the next request loads it again
        await client.eval(
            _FILL, 1, key, _encode(state, fence), fence, settings.SESSION_STATUS_CACHE_TTL
        )
    return state, extras


async def _until_it_lands(what: str, write: Callable[[aioredis.Redis], Awaitable[object]]) -> None:
    """Run ``write`` on Redis until it succeeds, or until Redis has been unreachable for a whole
    SESSION_CACHE_LEASE since the first failure (then every fence that could vouch for a stale
    "active" entry has lapsed, see the module docstring)."""
    client = await get_direct_redis()
    if client is None:
        return
    deadline: float | None = None
    while True:
        try:
            await write(client)
            return
        except RedisError as exc:
            now = time.monotonic()
            if deadline is None:
                deadline = now + settings.SESSION_CACHE_LEASE
                logger.warning("%s: Redis unreachable (%s); retrying", what, exc)
            if now >= deadline:
                logger.warning("%s: Redis still unreachable; the session fence has lapsed", what)
                return
            await asyncio.sleep(min(0.05, deadline - now))


async def mark_sessions_ended(session_ids: Iterable[uuid.UUID]) -> None:
    """Refuse these sessions at once (call after the database says they ended)."""
    session_ids = list(session_ids)
    items = {_key(sid): _encode(_ENDED) for sid in session_ids}
    if not items:
        return
    if await get_redis() is None:
        await kv.set_many(items, settings.SESSION_STATUS_CACHE_TTL)
    else:

        async def write(client: aioredis.Redis) -> None:
            async with client.pipeline(transaction=False) as pipe:
                for key, value in items.items():
                    pipe.set(make_key(key), value, ex=settings.SESSION_STATUS_CACHE_TTL)
                await pipe.execute()

        await _until_it_lands("ending sessions", write)
    # Close the sockets these sessions authenticated (schema.websocket), in every worker.
    await push.publish(push.session_ended_messages(session_ids))


async def _forget(keys: list[str]) -> None:
    if not keys:
        return
    if await get_redis() is None:
        await kv.delete(*keys)
        return

    async def write(client: aioredis.Redis) -> None:
        await client.delete(*[make_key(key) for key in keys])

    await _until_it_lands("dropping cached sessions", write)


async def invalidate_viewer_cache(session_id: uuid.UUID | str) -> None:
    """Forget one session's cached status and preferences (the next request reloads them)."""
    await _forget([_key(session_id)])


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
    await _forget([_key(sid) for sid in ids])
