"""Django's ASGI handler, with lifespan support and pooled thread-sensitive executors.

Stock Django wraps every request in a fresh ``ThreadSensitiveContext``; with asgiref 3.13 that
starts a new thread for the request's first sync call (Django always makes one: closing the
response) and another thread to join it afterwards. Measured in-process here, that was a large
share of a bare async request. We give each request a context bound to one of a few long-lived
single-thread executors instead: sync work of one request still runs on one thread (so the ORM
keeps one connection per request, as Django expects), but no thread is created per request, and
each executor thread keeps its own persistent database connection.

Django also closes stale database connections on ``request_started``: under ASGI that receiver is
sync, so every request paid one more thread hop for it, DB user or not. The same receiver still
runs on ``request_finished``, inside the hop Django already makes to close the response, on the
thread that did the request's database work, so connection hygiene is unchanged.
"""

from __future__ import annotations

import asyncio
import itertools
import os
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from asgiref.sync import ThreadSensitiveContext
from django.conf import settings
from django.core import signals
from django.db import close_old_connections, connections, reset_queries
from django_asgi_lifespan.handler import LifespanASGIHandler

from core import memory
from core.edge_input import BodyGuard

SYNC_THREADS = max(1, int(os.environ.get("ASGI_SYNC_THREADS", "4")))


class PooledThreadsASGIHandler(LifespanASGIHandler):
    def __init__(self) -> None:
        super().__init__()
        self._executors = [
            ThreadPoolExecutor(max_workers=1, thread_name_prefix=f"django-sync-{index}")
            for index in range(SYNC_THREADS)
        ]
        self._next_executor = itertools.cycle(self._executors)
        signals.request_started.disconnect(close_old_connections)
        if not settings.DEBUG:
            signals.request_started.disconnect(reset_queries)  # only DEBUG records queries

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            if scope["type"] == "websocket":  # GraphQL subscriptions (schema.websocket)
                from schema.websocket import websocket_application

                await websocket_application(scope, receive, send)
                return
            await super().__call__(scope, receive, send)
            return
        memory.note_request()  # an idle worker trims its heap (core.memory)
        guard = BodyGuard(scope, receive)  # bodies bounded before they are read (core.edge_input)
        if guard.declared_too_large:
            await guard.send_too_large(send)
            return
        async with ThreadSensitiveContext(executor=next(self._next_executor)):
            await self.handle(scope, guard.receive, send)
        if guard.exceeded:
            await guard.send_too_large(send)

    async def close_database_connections(self) -> None:
        """Close the pooled threads' persistent database connections (at lifespan shutdown)."""
        loop = asyncio.get_running_loop()
        await asyncio.gather(
            *(loop.run_in_executor(executor, connections.close_all) for executor in self._executors)
        )
