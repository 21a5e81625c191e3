"""Operations tests reuse the personal side's signed-in members."""

from collections.abc import Iterator

import pytest

from backend import probes
from tests.library.conftest import make_member, member  # noqa: F401  (fixtures)


@pytest.fixture(autouse=True)
def serving() -> Iterator[None]:
    """Other tests run the ASGI app's lifespan shutdown in this process (it marks the worker
    as stopping); the probe tests start from a serving worker, as lifespan start-up leaves it."""
    probes.mark_serving()
    yield
