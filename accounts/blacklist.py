"""The IP blacklist: addresses that keep failing logins or OTPs are blocked for a while.

Failures are counted in Redis per IP in a window (BLACKLIST_THRESHOLD within BLACKLIST_WINDOW
seconds); crossing the threshold adds an ``ip_blacklist`` row blocked for BLACKLIST_DURATION.
The request guard answers every request from a blocked IP with 403 IP_BLOCKED at the cost of one
Redis GET (on rate-limited paths not even that: the rate limiter's script reads it, see
``blacklist_guard``): the blocked state ("until" timestamp, or 0 for "not blocked") is cached per
IP, a positive answer until the block ends, a negative one for BLACKLIST_CACHE_TTL seconds. Staff
edits in the admin take effect at once (accounts.signals drops the cached answer on save/delete);
entries stop blocking by themselves when ``blocked_until`` passes.
"""

from __future__ import annotations

import logging
import time
from datetime import UTC, datetime, timedelta
from typing import NoReturn

from asgiref.sync import sync_to_async
from django.conf import settings
from django.db import connection
from django.http import HttpRequest
from django.utils import timezone

from accounts import kv
from accounts.guards import is_probe, pending_bucket, request_identity
from accounts.models import FailedAttemptCount, IpBlacklist
from core import ratelimit
from core.client_ip import client_ip
from core.exceptions import IpBlocked
from core.metrics import record_blacklist_block, record_database_error

logger = logging.getLogger("cinemate.auth")


def blocked_key(ip: str) -> str:
    return f"auth:blocked:{ip}"


def _failures_key(ip: str) -> str:
    return f"auth:failures:{ip}"


async def blocked_until(ip: str) -> float | None:
    """The UNIX time the block on ``ip`` ends, or None when it is not blocked."""
    now = time.time()
    raw = await kv.get(blocked_key(ip))
    if raw is None:
        try:
            until_dt = await (
                IpBlacklist.objects.filter(ip_address=ip, blocked_until__gt=timezone.now())
                .order_by("-blocked_until")
                .values_list("blocked_until", flat=True)
                .afirst()
            )
        except Exception as exc:  # noqa: BLE001 - a dead database must not make every request 500
            record_database_error("blacklist")
            # Fail open, uncached: the blocks already cached in Redis still hold, and the
            # request itself will meet the database outage if it needs the database.
            logger.warning("blacklist lookup failed for %s (%s); not blocking", ip, exc)
            return None
        until = until_dt.timestamp() if until_dt else 0.0
        ttl = until - now if until else settings.BLACKLIST_CACHE_TTL
        await kv.set(blocked_key(ip), repr(until), int(ttl) + 1)
    else:
        try:
            until = float(raw)
        except ValueError:
            until = 0.0
    return until if until > now else None


async def block_ip(ip: str, reason: str, duration: int | None = None) -> IpBlacklist:
    """Block ``ip`` for ``duration`` seconds (BLACKLIST_DURATION by default)."""
    duration = duration or settings.BLACKLIST_DURATION
    until = timezone.now() + timedelta(seconds=duration)
    entry = await IpBlacklist.objects.acreate(ip_address=ip, reason=reason, blocked_until=until)
    await kv.set(blocked_key(ip), repr(until.timestamp()), duration + 1)
    logger.warning("blocked %s until %s: %s", ip, until.isoformat(), reason)
    return entry


_COUNT_IN_DATABASE = """
INSERT INTO ip_failure_counts (ip_address, window_index, count) VALUES (%s, %s, 1)
ON CONFLICT (ip_address, window_index) DO UPDATE SET count = ip_failure_counts.count + 1
RETURNING count
"""


def _count_in_database(ip: str) -> int:
    """One failure of ``ip`` in the current fixed window, in PostgreSQL (Redis unavailable)."""
    window = int(time.time() // settings.BLACKLIST_WINDOW)
    with connection.cursor() as cursor:
        cursor.execute(_COUNT_IN_DATABASE, [ip, window])
        count = int(cursor.fetchone()[0])
    if count == 1:  # first failure of this IP in the window: drop its finished windows
        FailedAttemptCount.objects.filter(ip_address=ip, window_index__lt=window).delete()
    return count


async def record_failure(ip: str, reason: str) -> None:
    """Count a failed login/OTP from ``ip``; block it when it reaches the threshold.

    Counted in Redis; while Redis cannot count, in PostgreSQL (fixed windows of
    BLACKLIST_WINDOW), so an outage of Redis is no holiday for password guessing.
    """
    count = await kv.incr_window(_failures_key(ip), settings.BLACKLIST_WINDOW)
    if count is None:
        count = await sync_to_async(_count_in_database)(ip)
    # "==" not ">=": INCR is atomic, so exactly one request crosses the line and blocks.
    if count == settings.BLACKLIST_THRESHOLD:
        await block_ip(
            ip,
            f"{count} failed attempts within {settings.BLACKLIST_WINDOW}s (last: {reason})",
        )
        await kv.delete(_failures_key(ip))


async def blacklist_guard(request: HttpRequest) -> None:
    """Request guard (settings.API_REQUEST_GUARDS): 403 IP_BLOCKED for a blocked address.

    When the rate-limit guard (accounts.guards, next in line) will count this request, the cached
    blacklist answer and that count are one Redis script (core.ratelimit.hit_unless_blocked): a
    blocked address is refused uncounted, as before, and an over-limit caller gets its 429 here.
    """
    if is_probe(request.path):
        return  # probes and scrapes answer whatever the caller's address
    ip = client_ip(request)
    bucket = pending_bucket(request)
    if bucket is not None:
        identity = request_identity(request, bucket)
        outcome = await ratelimit.hit_unless_blocked(bucket, identity, blocked_key(ip), time.time())
        if isinstance(outcome, ratelimit.Blocked):
            _refuse(outcome.until)
        if isinstance(outcome, ratelimit.Decision):
            ratelimit.mark_counted(request, bucket)
            ratelimit.raise_if_limited(outcome, bucket)
            return
    until = await blocked_until(ip)
    if until is not None:
        _refuse(until)


def _refuse(until: float) -> NoReturn:
    record_blacklist_block()
    raise IpBlocked(details={"blocked_until": datetime.fromtimestamp(until, UTC).isoformat()})
