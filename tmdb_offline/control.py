"""The offline TMDb's control state: counters, the request log and injected faults."""

from __future__ import annotations

import asyncio
import math
import time
from collections import deque
from collections.abc import Callable
from dataclasses import asdict, dataclass, fields
from typing import Any

from aiohttp import web

from tmdb_offline.errors import REQUEST_LOG_SIZE


# --------------------------------------------------------------------------- control state
@dataclass
class Faults:
    """The active fault injection (one at a time; POST replaces it)."""

    latency_ms: float = 0.0
    status: int | None = None
    error_rate: float = 1.0
    count: int | None = None
    retry_after: float | None = None
    malformed: bool = False
    hang: bool = False
    hang_seconds: float = 300.0
    path_prefix: str | None = None
    matched: int = 0

    @classmethod
    def parse(cls, data: dict[str, Any]) -> Faults:
        known = {f.name for f in fields(cls)} - {"matched"}
        unknown = set(data) - known
        if unknown:
            raise ValueError(f"unknown fault keys: {sorted(unknown)}")
        casts: dict[str, Callable[[Any], Any]] = {
            "latency_ms": float,
            "status": int,
            "error_rate": float,
            "count": int,
            "retry_after": float,
            "malformed": bool,
            "hang": bool,
            "hang_seconds": float,
            "path_prefix": str,
        }
        faults = cls(**{k: casts[k](v) for k, v in data.items() if v is not None})
        if faults.status is not None and not 100 <= int(faults.status) <= 599:
            raise ValueError("status must be an HTTP status code")
        if not 0.0 <= float(faults.error_rate) <= 1.0:
            raise ValueError("error_rate must be within 0..1")
        if faults.count is not None and int(faults.count) < 1:
            raise ValueError("count must be >= 1")
        return faults

    def matches(self, path: str) -> bool:
        prefix = self.path_prefix
        if not prefix:
            return True
        return path.startswith(prefix) or (
            not prefix.startswith("/3/") and path.startswith("/3" + prefix)
        )

    def as_json(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class _Claim:
    faults: Faults
    error: bool


class ServerState:
    """Counters, request log and faults; mutated only on the event loop (so always exact)."""

    def __init__(self) -> None:
        self.epoch = 0
        self.faults: Faults | None = None
        self._release: asyncio.Event | None = None
        self._zero()

    def _zero(self) -> None:
        self.total = 0
        self.ok = 0
        self.errors = 0
        self.faulted = 0
        self.by_status: dict[str, int] = {}
        self.by_path: dict[str, int] = {}
        self.requests: deque[dict[str, Any]] = deque(maxlen=REQUEST_LOG_SIZE)
        self.in_flight = 0
        self.peak_in_flight = 0

    @property
    def release(self) -> asyncio.Event:
        if self._release is None:
            self._release = asyncio.Event()
        return self._release

    def reset(self) -> None:
        self.epoch += 1
        self.faults = None
        self._zero()
        if self._release is not None:
            self._release.set()
            self._release = None

    def begin(self, request: web.Request, query: dict[str, str]) -> dict[str, Any]:
        self.total += 1
        self.by_path[request.path] = self.by_path.get(request.path, 0) + 1
        entry = {
            "path": request.path,
            "method": request.method,
            "query": query,
            "auth": request.headers.get("Authorization"),
            "t": time.monotonic(),
            "status": None,
        }
        self.requests.append(entry)
        self.in_flight += 1
        self.peak_in_flight = max(self.peak_in_flight, self.in_flight)
        return entry

    def end(self, entry: dict[str, Any], epoch: int, status: int, faulted: bool) -> None:
        entry["status"] = status
        if epoch != self.epoch:  # started before a reset: not part of the new window
            return
        self.in_flight -= 1
        key = str(status)
        self.by_status[key] = self.by_status.get(key, 0) + 1
        if faulted:
            self.faulted += 1
        elif status < 400:
            self.ok += 1
        else:
            self.errors += 1

    def claim(self, path: str) -> _Claim | None:
        faults = self.faults
        if faults is None or not faults.matches(path):
            return None
        faults.matched += 1
        k = faults.matched
        rate = float(faults.error_rate)
        error = faults.status is not None and (
            math.ceil(round(k * rate, 9)) > math.ceil(round((k - 1) * rate, 9))
        )
        if faults.count is not None and k >= int(faults.count):
            self.faults = None
        return _Claim(faults, error)

    def snapshot(self) -> dict[str, Any]:
        return {
            "total": self.total,
            "ok": self.ok,
            "errors": self.errors,
            "faulted": self.faulted,
            "by_status": dict(self.by_status),
            "by_path": dict(self.by_path),
            "requests": list(self.requests),
            "in_flight": self.in_flight,
            "peak_in_flight": self.peak_in_flight,
            "faults": self.faults.as_json() if self.faults else None,
        }
