"""A second worker process for the cross-process single-flight test.

Run as ``python -m tests.tmdb.second_process <TMDB base url> <tmdb_id> <language> <loads>``
with the test run's environment (same settings module and PYTEST_XDIST_WORKER, hence the same
Redis key prefix). It warms its connections, prints READY, waits for a line on stdin, then loads
the movie ``loads`` times concurrently and prints the ids it got as JSON.
"""

from __future__ import annotations

import asyncio
import json
import os
import sys


async def main(base_url: str, tmdb_id: int, language: str, loads: int) -> None:
    from django.conf import settings

    from core.redis_async import get_redis
    from tmdb_loaders import fetch

    settings.TMDB_API_BASE_URL = base_url
    redis = await get_redis()
    assert redis is not None
    await redis.ping()
    print("READY", flush=True)
    await asyncio.to_thread(sys.stdin.readline)
    movies = await asyncio.gather(*(fetch.fetch_movie(tmdb_id, language) for _ in range(loads)))
    print(json.dumps([m["id"] for m in movies]), flush=True)


if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "backend.settings_test")
    import django

    django.setup()
    base, tmdb_id, lang, count = sys.argv[1:5]
    asyncio.run(main(base, int(tmdb_id), lang, int(count)))
