"""The cyclic garbage collector, tuned for a request-serving process.

Requests leave no reference cycles (tests/library/test_request_garbage.py): their objects are
freed by reference counting. The cyclic collector then finds nothing, yet it still runs every
700 net allocations (CPython's default) and walks every young container object, and with
dozens of requests in flight (a GraphQL operation or a title's details: thousands of live
dicts each) those collections, and the full ones they trigger, became a large share of a
busy worker's time and its p99. So, once the application is imported:

- ``gc.freeze()`` moves everything alive at start-up (modules, the schema, settings) to a
  permanent generation that no collection walks again;
- the young-generation threshold is raised (GC_GEN0_THRESHOLD, default 50,000 allocations):
  collections are rarer, and there is almost nothing cyclic to find when they do run.

Called at ASGI lifespan start-up (backend/lifespan.py), i.e. in served worker processes only;
the test settings set GC_GEN0_THRESHOLD = 0 (off).
"""

from __future__ import annotations

import gc
import logging
import os

from django.conf import settings

logger = logging.getLogger("cinemate.startup")

DEFAULT_GEN0_THRESHOLD = 50_000


def tune_for_serving() -> None:
    """Freeze the start-up heap and make young collections rarer (GC_GEN0_THRESHOLD=0: off)."""
    # The environment (README's settings table), unless the settings module pins it (tests: 0).
    configured = getattr(settings, "GC_GEN0_THRESHOLD", None)
    if configured is None:
        configured = os.environ.get("GC_GEN0_THRESHOLD") or DEFAULT_GEN0_THRESHOLD
    threshold = int(configured)
    if threshold <= 0:
        return
    gc.collect()
    gc.freeze()
    _, gen1, gen2 = gc.get_threshold()
    gc.set_threshold(threshold, gen1, gen2)
    logger.info(
        "gc: %d start-up objects frozen, gen0 threshold %d", gc.get_freeze_count(), threshold
    )
