"""Each documented operation is one use case, which its REST view and its GraphQL twin each call
exactly once (docs/usecases.md): the edges translate, they do not assemble the operation.

Every public function of the use-case modules (and the auth services, which are the auth
operations' use cases) is wrapped with a counter; each operation of the parity table then runs
once per edge, from the same starting point, and the counts are compared."""

from __future__ import annotations

import inspect
from collections import Counter
from types import ModuleType
from typing import Any

import pytest
from django.db import transaction

from accounts import reset, services
from tests.parity.harness import Operation, World, call_graphql, call_rest
from tests.parity.operations import OPERATIONS
from usecases import catalog, library

MODULES: dict[str, ModuleType] = {
    "catalog": catalog,
    "library": library,
    "services": services,
    "reset": reset,
}
# The operation's use case, as "<module>.<function>" of MODULES.
USE_CASE = {
    "popular": "catalog.popular",
    "coming-soon": "catalog.coming_soon",
    "trending": "catalog.trending",
    "search": "catalog.search",
    "genres": "catalog.genres",
    "movie-details": "catalog.open_title",
    "series-details": "catalog.open_title",
    "favourites-add": "library.add_favourite",
    "favourites-list": "library.favourites_page",
    "favourites-delete": "library.remove_favourite",
    "recommendations": "library.recommendations_page",
    "profile": "library.get_profile",
    "profile-update": "library.update_profile",
    "change-password": "library.change_password",
    "history": "library.history_page",
    "notifications": "library.notification_page",
    "notifications-read": "library.mark_notifications_read",
    "signup": "services.signup",
    "login": "services.login",
    "refresh-token": "services.refresh_access_token",
    "logout": "services.logout",
    "forgot-password": "reset.request_reset",
    "verify-otp": "reset.verify_otp",
    "reset-password": "reset.complete_reset",
}


def count_calls(monkeypatch: pytest.MonkeyPatch) -> Counter[str]:
    """Wrap every public coroutine function of MODULES; the counter of their calls."""
    calls: Counter[str] = Counter()
    for prefix, module in MODULES.items():
        for name, function in inspect.getmembers(module, inspect.iscoroutinefunction):
            if name.startswith("_") or function.__module__ != module.__name__:
                continue

            async def counted(
                *args: Any, _f: Any = function, _key: str = f"{prefix}.{name}", **kw: Any
            ) -> Any:
                calls[_key] += 1
                return await _f(*args, **kw)

            monkeypatch.setattr(module, name, counted)
    return calls


def test_every_operation_has_its_use_case() -> None:
    assert {op.name for op in OPERATIONS} == set(USE_CASE)


@pytest.mark.parametrize("op", OPERATIONS, ids=str)
def test_both_edges_call_the_one_use_case_once(
    op: Operation, world: World, fake_tmdb: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls = count_calls(monkeypatch)
    if op.prepare:
        op.prepare(world)
    seen: dict[str, dict[str, int]] = {}
    for edge in ("rest", "graphql"):
        with transaction.atomic():  # both edges from the same starting point
            calls.clear()
            if edge == "rest":
                call_rest(op, world, warm=False)
            else:
                call_graphql(op, world)
            seen[edge] = dict(calls)
            transaction.set_rollback(True)
    use_case = USE_CASE[op.name]
    assert seen["rest"].get(use_case) == 1, f"{op.name} over REST called {seen['rest']}"
    assert seen["graphql"].get(use_case) == 1, f"{op.name} over GraphQL called {seen['graphql']}"
    # And nothing else differs: the same use cases (and auth services), as often.
    assert seen["rest"] == seen["graphql"]
