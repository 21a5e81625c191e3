"""A second worker process for the rate-limit test: same settings, same Redis, same limiter.

Prints "ready" once Django is set up, waits for "go" on stdin (so both processes fire at the
same moment), calls core.ratelimit.hit N times and prints how many calls were allowed.
"""

from __future__ import annotations

import asyncio
import os
import sys

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "backend.settings_test")

import django

django.setup()

from core.ratelimit import hit  # noqa: E402


async def main(bucket: str, identity: str, limit: int, calls: int) -> int:
    allowed = 0
    for _ in range(calls):
        decision = await hit(bucket, identity, limit=limit)
        allowed += decision.allowed
    return allowed


if __name__ == "__main__":
    bucket, identity, limit, calls = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
    print("ready", flush=True)
    sys.stdin.readline()
    print(asyncio.run(main(bucket, identity, limit, calls)), flush=True)
