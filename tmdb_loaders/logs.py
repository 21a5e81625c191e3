"""Rate-limited logging for recurring conditions (Redis down, TMDb rejecting the token ...)."""

from __future__ import annotations

import logging
import time
from typing import Any


class ThrottledLog:
    """Log a recurring condition at most once per ``interval`` seconds per key (no log floods)."""

    def __init__(self, log: logging.Logger, interval: float) -> None:
        self._log = log
        self._interval = interval
        self._last: dict[str, float] = {}

    def __call__(self, level: int, key: str, msg: str, *args: Any) -> None:
        now = time.monotonic()
        last = self._last.get(key)
        if last is not None and now - last < self._interval:
            return
        self._last[key] = now
        self._log.log(level, msg, *args)
