"""Background tasks that outlive the request that started them.

A task made with ``asyncio.ensure_future`` inside a request copies the request's contextvars,
among them asgiref's ThreadSensitiveContext: once the response is sent that context exits, and
any later ``sync_to_async`` call in the task (every ORM call) fails with "ThreadSensitiveContext
has exited". Seen under granian with the facts filler: its writes never landed, so list pages
never became final and every request rebuilt them. ``spawn`` runs the task in a fresh, empty
context instead: no request deadline, request id or thread binding leaks in, and its ORM calls
go to asgiref's process-wide sync thread.
"""

from __future__ import annotations

import asyncio
import contextvars
from collections.abc import Coroutine
from typing import Any, TypeVar

T = TypeVar("T")


def spawn(coro: Coroutine[Any, Any, T]) -> asyncio.Task[T]:
    """Start ``coro`` as a task detached from the current request's context."""
    return asyncio.get_running_loop().create_task(coro, context=contextvars.Context())
