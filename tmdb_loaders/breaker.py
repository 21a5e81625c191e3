"""The circuit breaker on TMDb, shared by every worker process and instance through Redis.

States (``state()``): ``closed`` (calls go through), ``open`` (no call leaves: the cache answers
from a stale copy, else a fast 503 with ``Retry-After``), ``half-open`` (the open period is over:
one probe at a time goes through; its success closes the breaker everywhere, its failure opens
it again). It opens after TMDB_BREAKER_THRESHOLD consecutive failed attempts (timeouts,
connection errors, 5xx, 429) counted across all processes, for TMDB_BREAKER_OPEN_SECONDS.

Shared state lives in four small Redis keys (``tmdb:breaker:*``): ``open`` (exists while open,
PX = the open period), ``tripped`` (set when it opens, removed by a successful probe: ``open``
gone + ``tripped`` present = half-open), ``fails`` (the consecutive-failure counter) and
``probe`` (NX lock of the one probe in flight). A process reads the shared state at most every
SYNC_SECONDS (not once per call) and writes only on failures and on the first success after
failures, so a healthy TMDb costs the breaker one Redis read per process per SYNC_SECONDS.
When Redis is unavailable each process keeps the same state machine in memory.

Why not a library: purgatory (3.0) keeps its state in Redis too, but reads and writes it on
every call, raises when Redis is down (no per-process fallback), and lets every concurrent call
through half-open; aiobreaker (1.2, last release 2021) shares state only through a synchronous
redis client, which would block the event loop. Neither fits "shared, cheap, and still working
per process without Redis", which is the whole point here.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass

from django.conf import settings
from redis.exceptions import RedisError

from core.metrics import record_circuit_event, set_circuit_state
from core.redis_async import get_redis, make_key
from core.redis_breaker import redis_is_skipped
from tmdb_loaders.logs import ThrottledLog

logger = logging.getLogger("cinemate.tmdb.breaker")
_redis_log = ThrottledLog(logger, 30.0)

CLOSED, OPEN, HALF_OPEN = "closed", "open", "half-open"
SYNC_SECONDS = 0.25
FAILS_WINDOW_MS = 10_000  # consecutive failures further apart than this start over
TRIPPED_MS = 3_600_000  # a tripped breaker forgets after an hour without a probe
_ERRORS = (RedisError, OSError, TimeoutError)

# KEYS: fails, open, tripped, probe. ARGV: threshold, open ms, tripped ms, fails window ms,
# is_probe. Counts one failure; opens when the count reaches the threshold (or a probe failed).
# Returns the open period's remaining ms (0: still closed).
_FAILURE = """
local n = redis.call('INCR', KEYS[1])
redis.call('PEXPIRE', KEYS[1], ARGV[4])
if n >= tonumber(ARGV[1]) or ARGV[5] == '1' then
  redis.call('SET', KEYS[2], '1', 'PX', ARGV[2])
  redis.call('SET', KEYS[3], '1', 'PX', ARGV[3])
  redis.call('DEL', KEYS[4], KEYS[1])
  return tonumber(ARGV[2])
end
local ttl = redis.call('PTTL', KEYS[2])
if ttl > 0 then return ttl end
return 0
"""


@dataclass(slots=True)
class Stats:
    """Counters for operators (issue 14 wires them to metrics): plain ints, per process."""

    opened: int = 0
    rejected: int = 0
    probes: int = 0
    failures: int = 0


class CircuitOpen(Exception):
    """No TMDb call now; ``retry_after`` seconds until the breaker may let a probe through."""

    def __init__(self, retry_after: float) -> None:
        super().__init__(f"TMDb circuit open, retry in {retry_after:.1f}s")
        self.retry_after = retry_after


class Breaker:
    """One process' view of the shared breaker (module doc)."""

    def __init__(self) -> None:
        self.stats = Stats()
        self._state = CLOSED
        self._open_until = 0.0  # monotonic
        self._synced_at = -1e9
        self._fails = 0  # local consecutive failures (drives the in-memory fallback)
        self._probe_until = 0.0  # local probe in flight (in-memory fallback)

    # --- reading ------------------------------------------------------------------------------
    def state(self) -> str:
        """The last known state (for metrics and health): closed, open or half-open."""
        if self._state == OPEN and time.monotonic() >= self._open_until:
            return HALF_OPEN
        return self._state

    def retry_after(self) -> float:
        return max(0.0, self._open_until - time.monotonic())

    async def _client(self):
        if redis_is_skipped():  # core.redis_breaker: Redis failing, stay per process meanwhile
            return None
        return await get_redis()

    def _redis_failed(self, exc: BaseException) -> None:
        _redis_log(
            logging.WARNING,
            "breaker",
            "Redis is unreachable: the TMDb breaker is per process (%r)",
            exc,
        )

    @staticmethod
    def _keys() -> list[str]:
        return [make_key(f"tmdb:breaker:{name}") for name in ("fails", "open", "tripped", "probe")]

    async def _sync(self) -> None:
        """Refresh this process' view from Redis, at most every SYNC_SECONDS."""
        now = time.monotonic()
        if now - self._synced_at < SYNC_SECONDS:
            return
        client = await self._client()
        if client is None:
            return
        self._synced_at = now
        _fails, open_key, tripped, _probe = self._keys()
        try:
            async with client.pipeline(transaction=False) as pipe:
                pipe.pttl(open_key)
                pipe.exists(tripped)
                open_ms, is_tripped = await pipe.execute()
        except _ERRORS as exc:
            self._redis_failed(exc)
            return
        if open_ms and open_ms > 0:
            self._state, self._open_until = OPEN, now + open_ms / 1000
        elif is_tripped:
            self._state, self._open_until = OPEN, now  # half-open
        else:
            self._state = CLOSED
        set_circuit_state("tmdb", self.state())

    # --- the call protocol --------------------------------------------------------------------
    async def before_call(self) -> bool:
        """Admit one TMDb call: False for a normal call, True for the half-open probe; raises
        CircuitOpen when no call may leave now."""
        await self._sync()
        state = self.state()
        if state == CLOSED:
            return False
        if state == OPEN:
            self.stats.rejected += 1
            record_circuit_event("tmdb", "rejected")
            raise CircuitOpen(self.retry_after())
        if await self._take_probe():
            self.stats.probes += 1
            record_circuit_event("tmdb", "probe")
            return True
        self.stats.rejected += 1
        record_circuit_event("tmdb", "rejected")
        raise CircuitOpen(SYNC_SECONDS)

    async def _take_probe(self) -> bool:
        hold_ms = int(max(1.0, float(settings.TMDB_TOTAL_TIMEOUT)) * 1000)
        client = await self._client()
        if client is not None:
            try:
                return bool(await client.set(self._keys()[3], "1", nx=True, px=hold_ms))
            except _ERRORS as exc:
                self._redis_failed(exc)
        now = time.monotonic()
        if now < self._probe_until:
            return False
        self._probe_until = now + hold_ms / 1000
        return True

    async def on_success(self, probe: bool) -> None:
        """A call got an answer from TMDb (any non-transient status counts)."""
        if not probe and self._fails == 0 and self._state == CLOSED:
            return
        self._fails = 0
        self._probe_until = 0.0
        if self._state != CLOSED:
            logger.warning("TMDb answers again: circuit closed")
        self._state = CLOSED
        set_circuit_state("tmdb", CLOSED)
        client = await self._client()
        if client is None:
            return
        try:
            await client.delete(*self._keys())
        except _ERRORS as exc:
            self._redis_failed(exc)

    async def on_failure(self, probe: bool) -> None:
        """A call failed transiently (timeout, connection error, 5xx, 429)."""
        self.stats.failures += 1
        self._fails += 1
        open_seconds = float(settings.TMDB_BREAKER_OPEN_SECONDS)
        threshold = max(1, int(settings.TMDB_BREAKER_THRESHOLD))
        open_ms: float | None = None
        client = await self._client()
        if client is not None:
            try:
                open_ms = await client.eval(
                    _FAILURE,
                    4,
                    *self._keys(),
                    threshold,
                    int(open_seconds * 1000),
                    TRIPPED_MS,
                    FAILS_WINDOW_MS,
                    "1" if probe else "0",
                )
            except _ERRORS as exc:
                self._redis_failed(exc)
        if open_ms is None:  # in memory
            open_ms = open_seconds * 1000 if probe or self._fails >= threshold else 0
        if open_ms and open_ms > 0:
            self._trip(open_ms / 1000)

    def _trip(self, seconds: float) -> None:
        if self.state() == CLOSED:
            self.stats.opened += 1
            record_circuit_event("tmdb", "opened")
            logger.warning("TMDb keeps failing: circuit open for %.1fs", seconds)
        self._state = OPEN
        set_circuit_state("tmdb", OPEN)
        self._open_until = time.monotonic() + seconds
        self._synced_at = time.monotonic()
        self._fails = 0
        self._probe_until = 0.0

    def reset(self) -> None:
        """Forget everything this process knows (tests)."""
        self.__init__()  # type: ignore[misc]


breaker = Breaker()


def state() -> str:
    """The breaker's state as this process last saw it (for metrics and health checks)."""
    return breaker.state()
