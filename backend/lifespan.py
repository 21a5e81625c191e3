"""Worker start-up and shutdown: say which mode we run in, import the routes (not on the first
request), tune the garbage collector (core/gc_tuning.py) and start the idle heap trimming
(core/memory.py); on exit close this loop's clients and the sync threads' database connections.

``backend.asgi`` calls ``connect`` with the application it built, so this module needs no
import of the entry point (no import circle)."""

from __future__ import annotations

from typing import Any

from django_asgi_lifespan.signals import asgi_shutdown, asgi_startup

from backend.asgi_handler import PooledThreadsASGIHandler
from backend.probes import mark_serving, mark_shutting_down
from backend.startup import load_routes, log_mode
from core.gc_tuning import tune_for_serving
from core.loop_resources import close_loop_resources
from core.memory import start_idle_trimming, stop_idle_trimming
from core.metrics import forget_this_process


async def _on_startup(**kwargs: Any) -> None:
    mark_serving()
    log_mode()
    load_routes()  # not on the first request: a burst on a fresh worker would queue behind it
    tune_for_serving()  # the application is imported: freeze its heap
    start_idle_trimming()  # a burst's freed heap goes back to the system (core/memory.py)


def connect(application: PooledThreadsASGIHandler) -> None:
    """Connect the start-up and shutdown receivers for ``application`` (once per process)."""

    async def _on_shutdown(**kwargs: Any) -> None:
        mark_shutting_down()
        stop_idle_trimming()
        forget_this_process()
        await close_loop_resources()
        await application.close_database_connections()

    asgi_startup.connect(_on_startup, weak=False, dispatch_uid="cinemate.startup")
    asgi_shutdown.connect(_on_shutdown, weak=False, dispatch_uid="cinemate.shutdown")
