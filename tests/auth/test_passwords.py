"""Password hashing runs off the event loop, in a bounded pool."""

from __future__ import annotations

import asyncio
import time

from django.contrib.auth.hashers import Argon2PasswordHasher
from django.contrib.auth.hashers import check_password as django_check

from accounts.passwords import check_password, hash_password
from core.exceptions import RateLimited

ARGON2 = ["django.contrib.auth.hashers.Argon2PasswordHasher"]
MEDIUM = "tests.auth.test_passwords.MediumArgon2PasswordHasher"


class MediumArgon2PasswordHasher(Argon2PasswordHasher):
    """Stronger than the suite's hasher, much cheaper than production's."""

    time_cost = 2
    memory_cost = 256
    parallelism = 1


async def test_hashing_does_not_stall_the_event_loop(settings) -> None:
    """Production-strength hashes in flight; the loop keeps ticking every few ms."""
    settings.PASSWORD_HASHERS = ARGON2
    lags: list[float] = []
    stop = asyncio.Event()

    async def ticker() -> None:
        while not stop.is_set():
            started = time.perf_counter()
            await asyncio.sleep(0.005)
            lags.append(time.perf_counter() - started - 0.005)

    tick = asyncio.create_task(ticker())
    started = time.perf_counter()
    hashes = await asyncio.gather(*(hash_password(f"secret-{i}") for i in range(4)))
    elapsed = time.perf_counter() - started
    stop.set()
    await tick
    assert all(h.startswith("argon2$") for h in hashes)
    assert django_check("secret-3", hashes[3])
    assert elapsed > 0.05  # real work was done...
    # ...but not on the loop: it kept ticking all along (on the loop, hashing would leave a
    # handful of ticks between hashes). Counted, not timed, to stay robust on a busy machine.
    assert len(lags) >= elapsed / 0.02, (len(lags), elapsed)
    assert sorted(lags)[len(lags) // 2] < 0.01


async def test_check_password_says_when_the_hash_should_be_upgraded(settings) -> None:
    settings.PASSWORD_HASHERS = [MEDIUM]
    strong = await hash_password("secret-1")
    assert await check_password("secret-1", strong) == (True, False)
    assert await check_password("secret-2", strong) == (False, False)
    settings.PASSWORD_HASHERS = ["tests.hashers.FastArgon2PasswordHasher"]
    weak = await hash_password("secret-1")
    settings.PASSWORD_HASHERS = [MEDIUM]
    assert await check_password("secret-1", weak) == (True, True)
    assert await check_password("secret-1", "!unusable") == (False, False)


async def test_a_full_queue_answers_429_instead_of_piling_up(settings) -> None:
    settings.PASSWORD_HASHERS = ARGON2  # slow enough that the second job must queue
    settings.AUTH_HASH_MAX_PENDING = 1
    settings.AUTH_HASH_QUEUE_TIMEOUT = 0.01
    results = await asyncio.gather(
        hash_password("a-1"), hash_password("b-2"), return_exceptions=True
    )
    assert isinstance(results[0], str)
    assert isinstance(results[1], RateLimited) and results[1].status == 429
