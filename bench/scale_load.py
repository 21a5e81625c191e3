"""The scale-out test's load (signed-in and anonymous clients) and its lost-write check."""

from __future__ import annotations

import asyncio
import random
import time
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

import aiohttp

from bench.scale_cluster import Instance, rolling_restart

GRAPHQL = '{"query": "{ popular(limit: 10) { movies { id title rating } } }"}'


# --- the load -------------------------------------------------------------------------------


@dataclass
class Stats:
    latencies: list[float] = field(default_factory=list)
    by_kind: Counter[str] = field(default_factory=Counter)
    failures: Counter[str] = field(default_factory=Counter)
    failure_samples: list[str] = field(default_factory=list)

    def record(self, kind: str, seconds: float, error: str | None) -> None:
        self.latencies.append(seconds)
        self.by_kind[kind] += 1
        if error is not None:
            self.failures[f"{kind}: {error}"] += 1
            if len(self.failure_samples) < 10:
                self.failure_samples.append(f"{kind}: {error}")


@dataclass
class Member:
    user_id: str
    token: str
    favourites: set[str] = field(default_factory=set)  # acknowledged state
    unknown: set[str] = field(default_factory=set)  # a write whose answer never came
    name: str | None = None
    name_unknown: bool = False
    writes: int = 0


async def call(
    session: aiohttp.ClientSession,
    stats: Stats,
    kind: str,
    method: str,
    url: str,
    *,
    token: str | None = None,
    body: str | None = None,
    ok: tuple[int, ...] = (200,),
) -> tuple[bool, Any]:
    headers = {"Content-Type": "application/json"} if body else {}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    started = time.perf_counter()
    try:
        async with session.request(method, url, data=body, headers=headers) as response:
            payload = await response.read()
            error = None if response.status in ok else f"HTTP {response.status} {payload[:120]!r}"
    except (aiohttp.ClientError, TimeoutError) as exc:
        error, payload = f"{type(exc).__name__}: {exc}", b""
    stats.record(kind, time.perf_counter() - started, error)
    return error is None, payload


async def member_loop(base: str, member: Member, ids: list[str], stats: Stats, stop: float) -> None:
    rng = random.Random(member.user_id)
    async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=60)) as session:
        while time.monotonic() < stop:
            roll = rng.random()
            movie = rng.choice(ids)
            if roll < 0.25:
                done, _ = await call(
                    session,
                    stats,
                    "member GET /movies/{id}",
                    "GET",
                    f"{base}/movies/{movie}",
                    token=member.token,
                )
            elif roll < 0.40:
                await call(
                    session,
                    stats,
                    "member GET /movies/favourites",
                    "GET",
                    f"{base}/movies/favourites",
                    token=member.token,
                )
            elif roll < 0.50:
                await call(
                    session,
                    stats,
                    "member GET /profile",
                    "GET",
                    f"{base}/profile",
                    token=member.token,
                )
            elif roll < 0.80:
                member.writes += 1
                done, _ = await call(
                    session,
                    stats,
                    "member POST /movies/favourites",
                    "POST",
                    f"{base}/movies/favourites",
                    token=member.token,
                    body=f'{{"movie_id": "{movie}"}}',
                    ok=(200, 201, 409),
                )
                (member.favourites.add if done else member.unknown.add)(movie)
            elif roll < 0.90 and member.favourites:
                member.writes += 1
                gone = rng.choice(sorted(member.favourites))
                done, _ = await call(
                    session,
                    stats,
                    "member DELETE /movies/favourites",
                    "DELETE",
                    f"{base}/movies/favourites?movie_id={gone}",
                    token=member.token,
                    ok=(200, 204),
                )
                member.favourites.discard(gone)
                if not done:
                    member.unknown.add(gone)
            else:
                member.writes += 1
                name = f"Renamed {member.writes}"
                done, _ = await call(
                    session,
                    stats,
                    "member POST /profile",
                    "POST",
                    f"{base}/profile",
                    token=member.token,
                    body=f'{{"name": "{name}"}}',
                )
                if done:
                    member.name, member.name_unknown = name, False
                else:
                    member.name_unknown = True
            await asyncio.sleep(rng.uniform(0.01, 0.05))


async def anonymous_loop(base: str, seed: int, ids: list[str], stats: Stats, stop: float) -> None:
    rng = random.Random(seed)
    async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=60)) as session:
        while time.monotonic() < stop:
            roll = rng.random()
            if roll < 0.35:
                page = rng.randint(1, 5)
                await call(
                    session,
                    stats,
                    "anon GET /movies/popular",
                    "GET",
                    f"{base}/movies/popular?page={page}",
                )
            elif roll < 0.65:
                await call(
                    session,
                    stats,
                    "anon GET /movies/{id}",
                    "GET",
                    f"{base}/movies/{rng.choice(ids)}",
                )
            elif roll < 0.80:
                await call(
                    session, stats, "anon GET /movies/genres", "GET", f"{base}/movies/genres"
                )
            else:
                await call(
                    session, stats, "anon POST /graphql", "POST", f"{base}/graphql", body=GRAPHQL
                )
            await asyncio.sleep(rng.uniform(0.01, 0.05))


async def movie_ids(base: str) -> list[str]:
    ids: list[str] = []
    async with aiohttp.ClientSession() as session:
        for page in (1, 2):
            async with session.get(f"{base}/movies/popular?page={page}") as response:
                body = await response.json()
                ids += [str(movie["id"]) for movie in body["data"]["movies"]]
    return ids


async def run_load(
    base: str, members: list[Member], anonymous: int, seconds: float, instances: list[Instance]
) -> tuple[Stats, list[str]]:
    stats = Stats()
    ids = await movie_ids(base)
    stop = time.monotonic() + seconds
    restart_gap = max(2.0, (seconds - 20) / len(instances) - 8)
    restarts = asyncio.create_task(
        asyncio.to_thread(rolling_restart, instances, time.monotonic() + 8, restart_gap)
    )
    await asyncio.gather(
        *(member_loop(base, m, ids, stats, stop) for m in members),
        *(anonymous_loop(base, seed, ids, stats, stop) for seed in range(anonymous)),
    )
    return stats, await restarts


# --- the check ------------------------------------------------------------------------------


def lost_writes(members: list[Member]) -> list[str]:
    from accounts.models import User
    from library.models import UserFavourite

    lost = []
    for member in members:
        stored = set(
            UserFavourite.objects.filter(user_id=member.user_id).values_list("movie_id", flat=True)
        )
        for movie in member.favourites - member.unknown:
            if movie not in stored:
                lost.append(f"user {member.user_id}: favourite {movie} acknowledged, not stored")
        for movie in stored - member.favourites - member.unknown:
            lost.append(f"user {member.user_id}: favourite {movie} removal acknowledged, stored")
        name = User.objects.get(id=member.user_id).name
        if member.name and not member.name_unknown and name != member.name:
            lost.append(
                f"user {member.user_id}: name {member.name!r} acknowledged, {name!r} stored"
            )
    return lost


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))] if ordered else 0.0
