"""A second worker process for the cross-process TMDb rate-cap test.

``python -m tests.tmdb.rate_process <TMDB base url> <rps> <first page> <count>`` with the test
run's environment (same settings module and run id, hence the same Redis key prefix). Prints
READY, waits for a line on stdin, then fetches ``count`` discover pages concurrently.
"""

from __future__ import annotations

import asyncio
import os
import sys


async def main(base_url: str, rps: float, first: int, count: int) -> None:
    from django.conf import settings

    from core.redis_async import get_redis
    from tmdb_loaders import fetch
    from tmdb_loaders.loaders import ListKey

    settings.TMDB_API_BASE_URL = base_url
    settings.TMDB_MAX_RPS = rps
    redis = await get_redis()
    assert redis is not None
    await redis.ping()
    print("READY", flush=True)
    await asyncio.to_thread(sys.stdin.readline)
    keys = [ListKey("discover/movie", page, "en") for page in range(first, first + count)]
    pages = await fetch.fetch_many_lists(keys)
    print(sum(isinstance(page, dict) for page in pages), flush=True)


if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "backend.settings_test")
    import django

    django.setup()
    base, rps, first, count = sys.argv[1:5]
    asyncio.run(main(base, float(rps), int(first), int(count)))
