"""Offline TMDb v3 HTTP server (aiohttp) with ``/__control__/`` knobs for tests and benchmarks.

Why: the product's aiohttp TMDb client must be exercised over real HTTP exactly as against
api.themoviedb.org (paths under ``/3``, query params, JSON shapes, error bodies), while tests
need to count calls, measure concurrency and inject latency/errors. Run it with::

    python -m tmdb_offline.server --host 127.0.0.1 --port 8765 [--seed 42]
        [--today YYYY-MM-DD]

``--port 0`` picks a free port; the first stdout line is always ``READY http://HOST:PORT``.

TMDb behaviour decisions (mirroring the real API where it is known):

* Auth: ``Authorization: Bearer <non-empty>`` (or TMDb's ``api_key`` query param) else 401
  ``status_code`` 7. Unknown paths / ids -> 404 ``status_code`` 34 (with ``success: false``).
* ``page`` must be an integer 1..500 (missing/empty = 1), else 400 ``status_code`` 22.
  ``trending/all/week`` reports TMDb's inflated ``total_pages: 1000`` /
  ``total_results: 20000`` although it holds fewer titles: pages past the real data are 200
  with ``results: []`` and pages 501+ are refused with 400 (the real TMDb quirk). Every other
  list reports its true totals. Empty lists/search/discover report ``total_pages: 1``;
  empty reviews/recommendations/similar report ``total_pages: 0``.
* Search with a missing/blank ``query`` -> 200 ``{"page":1,"results":[],"total_pages":1,
  "total_results":0}`` (today's TMDb; the 422 ``{"errors":[...]}`` in the samples is the old
  behaviour). Matching is case/accent-insensitive substring (or all words) on title/name,
  original title and the Spanish title; exact matches rank first, then popularity.
* ``include_adult`` defaults to false everywhere (search, discover); list endpoints
  (popular, top_rated, trending, ...) never include adult titles; details always work.
* ``append_to_response``: more than 20 items -> 400 ``status_code`` 27 ("Too many append to
  response objects: The maximum number of remote calls is 20."); unknown items are silently
  ignored, as is ``season/N`` for a missing season. Appended blocks carry no ``id`` except
  ``season/N`` (TMDb's season payload with ``_id`` and ``id``).
* ``/discover/movie`` supports with_genres/without_genres/with_cast/with_crew/with_people/
  with_companies/with_keywords (``,`` = AND, ``|`` = OR), with_original_language,
  certification_country + certification/certification.lte/certification.gte (ignored without
  certification_country, like TMDb; titles without a certification in that country are
  excluded), include_adult, vote_count/vote_average/with_runtime .gte/.lte,
  primary_release_date/release_date .gte/.lte, primary_release_year/year and sort_by
  (popularity|vote_average|vote_count|primary_release_date|release_date|revenue|title|
  original_title + .asc/.desc; unknown -> popularity.desc; empty dates always last).
  ``/discover/tv`` supports what TMDb's does (with_genres, without_genres,
  with_original_language, with_networks, with_status, with_type, with_origin_country,
  with_keywords, first_air_date .gte/.lte, first_air_date_year, vote_*, with_runtime and
  sort_by on popularity|vote_average|vote_count|first_air_date|name|original_name) and, like
  TMDb, ignores ``with_cast`` and ``certification*`` on TV.
* ``language``: ``es*`` gives Spanish titles/overviews/genre names; other non-English tags keep
  English titles (original title if it is in that language) and prefix overviews ``[xx] ``.

Control API (no auth, JSON, never counted in stats, never faulted):

* ``GET /__control__/stats`` -> total, ok, errors, faulted, by_status, by_path, requests (last
  1000: path, method, query, auth, t = time.monotonic(), status), in_flight, peak_in_flight,
  faults.
* ``POST /__control__/reset`` -> zero counters/peak/log, clear faults, release hung requests.
* ``POST /__control__/faults`` with keys latency_ms, status, error_rate (0..1, default 1; the
  k-th matching request errors iff ceil(k*rate) > ceil((k-1)*rate), so 0.5 fails requests 1, 3,
  5, ...), count (only the next N matching requests are affected, then the fault clears;
  absent = until reset), retry_after (``Retry-After`` header on 429s), malformed (200 with a
  truncated JSON body), hang (no answer until the client gives up, a reset, or hang_seconds,
  default 300), path_prefix (full path like ``/3/movie/popular``; a prefix without ``/3`` also
  matches). ``{}`` clears. ``GET`` shows, ``DELETE`` clears.
* ``GET /__control__/health``, ``GET /__control__/catalog`` (seed, today, counts, fixed ids).

Every request outside ``/__control__`` counts in total/by_path, including faulted, 401, 404 and
cancelled ones (status 499 in the log/by_status). Faulted requests count in ``faulted`` only,
never in ``ok``. ``in_flight``/``peak_in_flight`` count requests started since the last reset.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import signal
import sys
from collections.abc import Callable
from typing import Any

import orjson
from aiohttp import web

from tmdb_offline.api import OfflineTMDb
from tmdb_offline.catalog import (
    DEFAULT_SEED,
    Catalog,
    build_catalog,
)
from tmdb_offline.control import Faults, ServerState
from tmdb_offline.errors import JSON_CT, error_body, error_for_status


# --------------------------------------------------------------------------- aiohttp app
def _json(body: bytes, status: int = 200, headers: dict[str, str] | None = None) -> web.Response:
    return web.Response(
        body=body, status=status, headers={"Content-Type": JSON_CT, **(headers or {})}
    )


def _authorized(request: web.Request) -> bool:
    auth = request.headers.get("Authorization", "")
    scheme, _, token = auth.partition(" ")
    if scheme.lower() == "bearer" and token.strip():
        return True
    return bool((request.query.get("api_key") or "").strip())


class OfflineServer:
    """aiohttp glue: counting, faults, auth, then ``OfflineTMDb.handle``."""

    def __init__(self, catalog: Catalog) -> None:
        self.catalog = catalog
        self.api = OfflineTMDb(catalog)
        self.state = ServerState()

    def app(self) -> web.Application:
        app = web.Application()
        app.router.add_route("*", "/{tail:.*}", self.dispatch)
        return app

    async def dispatch(self, request: web.Request) -> web.StreamResponse:
        if request.path == "/__control__" or request.path.startswith("/__control__/"):
            return await self.control(request)
        state = self.state
        query = {k: request.query.getone(k) for k in request.query}
        entry = state.begin(request, query)
        epoch = state.epoch
        ctx = {"status": 499, "faulted": False}
        try:
            response = await self._respond(request, query, ctx)
            ctx["status"] = response.status
            return response
        finally:
            state.end(entry, epoch, int(ctx["status"]), bool(ctx["faulted"]))

    async def _respond(
        self, request: web.Request, query: dict[str, str], ctx: dict[str, Any]
    ) -> web.Response:
        path = request.path
        claim = self.state.claim(path)
        if claim is not None:
            faults = claim.faults
            if faults.latency_ms:
                await asyncio.sleep(float(faults.latency_ms) / 1000)
            if faults.hang:
                ctx["faulted"] = True
                release = self.state.release
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(release.wait(), timeout=float(faults.hang_seconds))
                return _json(error_body(24), 504)
            if claim.error:
                ctx["faulted"] = True
                status = int(faults.status or 500)
                headers = {}
                if status == 429 and faults.retry_after is not None:
                    ra = faults.retry_after
                    headers["Retry-After"] = str(int(ra)) if float(ra).is_integer() else str(ra)
                return _json(error_for_status(status), status, headers)
            if faults.malformed:
                ctx["faulted"] = True
                _, body = self._answer(request, path, query)
                return _json(body[: max(1, len(body) // 2)], 200)
        status, body = self._answer(request, path, query)
        return _json(body, status)

    def _answer(self, request: web.Request, path: str, query: dict[str, str]) -> tuple[int, bytes]:
        if not _authorized(request):
            return 401, error_body(7)
        if request.method not in ("GET", "HEAD") or not path.startswith("/3/"):
            return 404, error_body(34)
        return self.api.handle(path[2:], query)

    async def control(self, request: web.Request) -> web.Response:
        state = self.state
        action = request.path.removeprefix("/__control__").strip("/")
        method = request.method

        def reply(data: Any, status: int = 200) -> web.Response:
            return web.Response(
                body=orjson.dumps(data), status=status, content_type="application/json"
            )

        if action == "stats" and method == "GET":
            return reply(state.snapshot())
        if action == "reset" and method == "POST":
            state.reset()
            return reply({"ok": True})
        if action == "faults":
            if method == "GET":
                return reply({"faults": state.faults.as_json() if state.faults else None})
            if method == "DELETE":
                state.faults = None
                return reply({"faults": None})
            if method == "POST":
                raw = await request.read()
                try:
                    data = orjson.loads(raw) if raw.strip() else {}
                    if not isinstance(data, dict):
                        raise ValueError("body must be a JSON object")
                    state.faults = Faults.parse(data) if data else None
                except (ValueError, TypeError, orjson.JSONDecodeError) as exc:
                    return reply({"error": str(exc)}, 400)
                return reply({"faults": state.faults.as_json() if state.faults else None})
        if action == "health" and method == "GET":
            return reply(
                {"ok": True, "seed": self.catalog.seed, "today": self.catalog.today.isoformat()}
            )
        if action == "catalog" and method == "GET":
            return reply(self.catalog.summary())
        return reply({"error": f"unknown control endpoint {method} {request.path}"}, 404)


def create_app(catalog: Catalog | None = None) -> web.Application:
    """The aiohttp app (builds the default catalog when none is given)."""
    return OfflineServer(catalog or build_catalog()).app()


async def serve(
    host: str, port: int, catalog: Catalog, ready: Callable[[str], None] | None = None
) -> None:
    """Run until SIGINT/SIGTERM; ``ready`` gets the base URL once the socket listens."""
    server = OfflineServer(catalog)
    runner = web.AppRunner(
        server.app(), access_log=None, handler_cancellation=True, shutdown_timeout=0.25
    )
    await runner.setup()
    site = web.TCPSite(runner, host, port, backlog=2048, reuse_address=True)
    await site.start()
    bound = runner.addresses[0]
    url = f"http://{host}:{bound[1]}"
    if ready:
        ready(url)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        with contextlib.suppress(NotImplementedError, RuntimeError):
            loop.add_signal_handler(sig, stop.set)
    try:
        await stop.wait()
    finally:
        server.state.reset()  # releases hung requests so shutdown is quick
        await runner.cleanup()


def main(argv: list[str] | None = None) -> None:
    """CLI entry point: ``python -m tmdb_offline.server``."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8765, help="0 = pick a free port")
    parser.add_argument(
        "--seed", type=int, default=int(os.environ.get("TMDB_OFFLINE_SEED", DEFAULT_SEED))
    )
    parser.add_argument(
        "--today", default=None, help="YYYY-MM-DD (default $TMDB_OFFLINE_TODAY or UTC today)"
    )
    args = parser.parse_args(argv)
    catalog = build_catalog(args.seed, args.today)

    def ready(url: str) -> None:
        sys.stdout.write(f"READY {url}\n")
        sys.stdout.flush()

    with contextlib.suppress(KeyboardInterrupt):
        asyncio.run(serve(args.host, args.port, catalog, ready))


if __name__ == "__main__":
    main()
