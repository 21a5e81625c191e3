"""catalog.page_cache's per-process copy (L1) in front of Redis: short-lived, bounded, per
caller decoded, and cleared before every test (tests/conftest.py)."""

from __future__ import annotations

import time

import pytest

from catalog import page_cache
from core.redis_async import get_redis, make_key

PAGE = {"cards": [{"id": "550", "is_favorite": False}], "pagination": {"page": 1}}


async def test_a_page_read_twice_costs_one_redis_get_then_expires(monkeypatch) -> None:
    monkeypatch.setattr(page_cache, "L1_TTL", 0.2)
    redis = await get_redis()
    assert redis is not None
    await redis.set(make_key("cards:test:l1"), b'{"cards": [], "pagination": {"page": 1}}')
    gets = 0
    original = redis.get

    async def counting_get(*args, **kwargs):
        nonlocal gets
        gets += 1
        return await original(*args, **kwargs)

    monkeypatch.setattr(redis, "get", counting_get)
    assert await page_cache.read("cards:test:l1") == {"cards": [], "pagination": {"page": 1}}
    assert await page_cache.read("cards:test:l1") is not None
    assert gets == 1
    # The shared entry goes: this process may still serve its copy, for at most L1_TTL.
    await redis.delete(make_key("cards:test:l1"))
    assert await page_cache.read("cards:test:l1") is not None
    page_cache._L1[make_key("cards:test:l1")] = (0.0, page_cache._L1[make_key("cards:test:l1")][1])
    assert await page_cache.read("cards:test:l1") is None
    assert gets == 2


async def test_written_pages_are_served_in_process_and_callers_get_their_own_copy() -> None:
    await page_cache.write("cards:test:own", PAGE, 60)
    first = await page_cache.read("cards:test:own")
    assert first == PAGE
    first["cards"][0]["is_favorite"] = True  # one caller's favourites ...
    assert (await page_cache.read("cards:test:own")) == PAGE  # ... never reach the next


async def test_the_l1_never_outlives_a_shorter_entry() -> None:
    await page_cache.write("cards:test:short", PAGE, 0.05)
    expiry = page_cache._L1[make_key("cards:test:short")][0]
    assert expiry - time.monotonic() <= 0.05


async def test_the_l1_is_bounded(monkeypatch) -> None:
    monkeypatch.setattr(page_cache, "L1_SIZE", 8)
    for n in range(20):
        await page_cache.write(f"cards:test:bound:{n}", PAGE, 60)
    assert len(page_cache._L1) <= 8
    assert make_key("cards:test:bound:19") in page_cache._L1  # the newest stays


@pytest.mark.parametrize("step", [1, 2])
async def test_clean_cache_clears_it_between_tests(step: int) -> None:
    # Step 1 leaves a page in the L1; step 2 (after the autouse clean_cache) must not see it.
    if step == 1:
        await page_cache.write("cards:test:between", PAGE, 60)
        assert page_cache._L1
    else:
        assert await page_cache.read("cards:test:between") is None
