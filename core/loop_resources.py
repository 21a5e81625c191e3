"""Per-event-loop async resources (the aiohttp session, the asyncio Redis client).

An aiohttp ``ClientSession`` and a redis-py asyncio pool are bound to the loop that created them.
A production worker has one long-lived loop, so it gets one of each for its whole life. The Django
test client and ``async_to_sync`` under WSGI run every call in a fresh loop (``asyncio.run``), so
resources are kept *per loop* and closed when that loop shuts down: each loop gets a tiny async
generator whose ``finally`` closes its resources; ``loop.shutdown_asyncgens()`` (run by
``asyncio.run`` and by the ASGI lifespan shutdown) finalises it. Nothing is created per request.
"""

from __future__ import annotations

import asyncio
import logging
import weakref
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any

logger = logging.getLogger(__name__)

Factory = Callable[[], Any]
Closer = Callable[[Any], Awaitable[None]]


class _LoopState:
    """What one event loop owns: named resources, and the guard that closes them."""

    def __init__(self) -> None:
        self.resources: dict[str, Any] = {}
        self.closers: dict[str, Closer] = {}
        self.guard: AsyncIterator[None] | None = None

    async def aclose(self) -> None:
        for name, resource in list(self.resources.items()):
            closer = self.closers.get(name)
            try:
                if closer is not None:
                    await closer(resource)
            except Exception:
                logger.warning("closing %s failed", name, exc_info=True)
        self.resources.clear()


_states: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, _LoopState] = (
    weakref.WeakKeyDictionary()
)


async def _guard(state: _LoopState) -> AsyncIterator[None]:
    try:
        yield
    finally:
        await state.aclose()


def _state_for(loop: asyncio.AbstractEventLoop) -> _LoopState:
    state = _states.get(loop)
    if state is None:
        state = _LoopState()
        _states[loop] = state
    return state


async def get_resource(name: str, factory: Factory, closer: Closer | None = None) -> Any:
    """Return this loop's resource ``name``, creating it with ``factory`` on first use."""
    loop = asyncio.get_running_loop()
    state = _state_for(loop)
    resource = state.resources.get(name)
    if resource is not None:
        return resource
    resource = factory()
    state.resources[name] = resource
    if closer is not None:
        state.closers[name] = closer
    if state.guard is None:
        # Registering the generator with the loop (first iteration) is what makes
        # shutdown_asyncgens() close our resources when the loop ends.
        state.guard = _guard(state)
        await state.guard.__anext__()
    return resource


async def close_loop_resources() -> None:
    """Close everything the running loop owns (ASGI lifespan shutdown calls this)."""
    state = _states.pop(asyncio.get_running_loop(), None)
    if state is not None:
        await state.aclose()
        state.guard = None
