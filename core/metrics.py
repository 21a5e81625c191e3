"""Prometheus metrics: the families, and one small function per event the code reports.

Every worker process writes its samples to memory-mapped files in ``PROMETHEUS_MULTIPROC_DIR``
(prometheus-client's multiprocess mode, set up by ``backend.serve`` before any worker starts);
``/metrics`` merges the files of all workers, so counts are per instance, not per worker.
Without that variable (tests, ``manage.py`` commands) the samples live in this process only.

Recording is on the hot path of every request: a labelled child is looked up once and kept
(``_child``), so one observation is a dict hit plus a locked write into shared memory, a few
microseconds. Label values are bounded: routes are URL patterns, TMDb kinds are path shapes,
GraphQL operation names are capped (``graphql_operation_label``).
"""

from __future__ import annotations

import os
import re
from typing import Any

MULTIPROC_ENV = "PROMETHEUS_MULTIPROC_DIR"
if os.environ.get(MULTIPROC_ENV):
    # A management command (a CronJob) gets the same environment as the server but not
    # backend.serve: the directory must exist before the first metric is defined.
    os.makedirs(os.environ[MULTIPROC_ENV], exist_ok=True)

from prometheus_client import (  # noqa: E402
    CONTENT_TYPE_LATEST,
    REGISTRY,
    CollectorRegistry,
    Counter,
    Gauge,
    Histogram,
    generate_latest,
    multiprocess,
)

CONTENT_TYPE = CONTENT_TYPE_LATEST

_LATENCY_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0)

HTTP_REQUEST_DURATION = Histogram(
    "cinemate_http_request_duration_seconds",
    "Time from the request reaching Django to the response leaving it, by URL pattern.",
    ["method", "route", "status"],
    buckets=_LATENCY_BUCKETS,
)
GRAPHQL_OPERATIONS = Counter(
    "cinemate_graphql_operations_total",
    "GraphQL operations by operation name and outcome (ok, or the first error code).",
    ["operation", "outcome"],
)
TMDB_REQUESTS = Counter(
    "cinemate_tmdb_requests_total",
    "HTTP attempts towards TMDb by kind (path shape) and outcome.",
    ["kind", "outcome"],
)
TMDB_REQUEST_DURATION = Histogram(
    "cinemate_tmdb_request_duration_seconds",
    "Latency of one HTTP attempt towards TMDb, by kind.",
    ["kind"],
    buckets=_LATENCY_BUCKETS,
)
TMDB_RATE_WAITS = Counter(
    "cinemate_tmdb_rate_waits_total",
    "Times a TMDb request waited for the shared request-rate cap (or a Retry-After pause).",
)
TMDB_RATE_WAIT_SECONDS = Counter(
    "cinemate_tmdb_rate_wait_seconds_total",
    "Seconds spent waiting for the shared TMDb request-rate cap.",
)
TMDB_BUDGET_EXHAUSTED = Counter(
    "cinemate_tmdb_budget_exhausted_total",
    "Requests that found their upstream budget spent and answered stale data or 503.",
    ["kind"],
)
CIRCUIT_STATE = Gauge(
    "cinemate_circuit_state",
    "Circuit breaker state per upstream: 0 closed, 1 half-open, 2 open (the latest any worker saw).",
    ["upstream"],
    multiprocess_mode="mostrecent",
)
CIRCUIT_EVENTS = Counter(
    "cinemate_circuit_events_total",
    "Circuit breaker events per upstream: opened, rejected (a call refused while open), probe.",
    ["upstream", "event"],
)
CACHE_LOOKUPS = Counter(
    "cinemate_cache_lookups_total",
    "TMDb cache lookups by kind and result (hit, miss; stale when a stale copy was served).",
    ["kind", "result"],
)
RATE_LIMIT_REJECTIONS = Counter(
    "cinemate_rate_limit_rejections_total",
    "Requests refused with 429 RATE_LIMITED, by bucket.",
    ["bucket"],
)
BLACKLIST_BLOCKS = Counter(
    "cinemate_blacklist_blocks_total",
    "Requests refused with 403 IP_BLOCKED.",
)
DEPENDENCY_ERRORS = Counter(
    "cinemate_dependency_errors_total",
    "Errors talking to PostgreSQL or Redis, by dependency and where they were met.",
    ["dependency", "where"],
)

CIRCUIT_STATES = {"closed": 0, "half_open": 1, "half-open": 1, "open": 2}

_children: dict[tuple[Any, ...], Any] = {}


def _child(metric: Any, *labels: str) -> Any:
    """The labelled child, cached: ``labels()`` takes a lock and builds a key on every call."""
    key = (metric, labels)
    child = _children.get(key)
    if child is None:
        child = _children[key] = metric.labels(*labels)
    return child


# --- what the code reports ----------------------------------------------------------------------


def observe_http_request(method: str, route: str, status: int, seconds: float) -> None:
    _child(HTTP_REQUEST_DURATION, method, route, str(status)).observe(seconds)


_MAX_OPERATION_NAMES = 200
_OPERATION_NAME = re.compile(r"^[_A-Za-z][_0-9A-Za-z]{0,63}$")
_operation_names: set[str] = set()


def graphql_operation_label(name: str | None) -> str:
    """A bounded label for a client-chosen operation name: the first 200 distinct valid names
    of this process keep theirs, anything else is ``other`` (no label explosion by a client)."""
    if not name:
        return "anonymous"
    if name in _operation_names:
        return name
    if _OPERATION_NAME.match(name) and len(_operation_names) < _MAX_OPERATION_NAMES:
        _operation_names.add(name)
        return name
    return "other"


def record_graphql_operation(name: str | None, outcome: str) -> None:
    _child(GRAPHQL_OPERATIONS, graphql_operation_label(name), outcome).inc()


_NUMERIC_SEGMENT = re.compile(r"/\d+(?=/|$)")


def tmdb_kind(path: str) -> str:
    """The shape of a TMDb path: ``movie/550`` -> ``movie``, ``tv/1/season/2`` -> ``tv/season``."""
    return _NUMERIC_SEGMENT.sub("", "/" + path.strip("/"))[1:] or "root"


def record_tmdb_request(path: str, outcome: str, seconds: float) -> None:
    kind = tmdb_kind(path)
    _child(TMDB_REQUESTS, kind, outcome).inc()
    _child(TMDB_REQUEST_DURATION, kind).observe(seconds)


def record_tmdb_rate_wait(seconds: float) -> None:
    TMDB_RATE_WAITS.inc()
    TMDB_RATE_WAIT_SECONDS.inc(seconds)


def record_tmdb_budget_exhausted(kind: str = "any") -> None:
    """For the upstream budget: a request found it spent (alert when this keeps rising)."""
    _child(TMDB_BUDGET_EXHAUSTED, kind).inc()


def set_circuit_state(upstream: str, state: str | int) -> None:
    """For circuit breakers: call on every transition (``closed``, ``half_open``, ``open``)."""
    value = CIRCUIT_STATES[state] if isinstance(state, str) else int(state)
    _child(CIRCUIT_STATE, upstream).set(value)


def record_circuit_event(upstream: str, event: str) -> None:
    """For circuit breakers: ``opened``, ``rejected`` (a call refused while open), ``probe``."""
    _child(CIRCUIT_EVENTS, upstream, event).inc()


def cache_kind(key: str) -> str:
    """``tmdb:v1:movie:550:en`` -> ``movie`` (the third part of our TMDb cache keys)."""
    parts = key.split(":", 3)
    return parts[2] if len(parts) > 3 else "other"


def record_cache_lookup(kind: str, result: str, count: int = 1) -> None:
    if count:
        _child(CACHE_LOOKUPS, kind, result).inc(count)


def record_rate_limit_rejection(bucket: str) -> None:
    _child(RATE_LIMIT_REJECTIONS, bucket).inc()


def record_blacklist_block() -> None:
    BLACKLIST_BLOCKS.inc()


def record_dependency_error(dependency: str, where: str) -> None:
    """One failed call to ``database`` or ``redis``; ``where`` is a short fixed name."""
    _child(DEPENDENCY_ERRORS, dependency, where).inc()


def record_redis_error(where: str) -> None:
    record_dependency_error("redis", where)


def record_database_error(where: str) -> None:
    record_dependency_error("database", where)


# --- exposition ---------------------------------------------------------------------------------


def multiprocess_enabled() -> bool:
    return bool(os.environ.get(MULTIPROC_ENV))


def render() -> bytes:
    """The text exposition of every family, merged across worker processes when multiprocess."""
    if not multiprocess_enabled():
        return generate_latest(REGISTRY)
    registry = CollectorRegistry()
    multiprocess.MultiProcessCollector(registry)
    return generate_latest(registry)


def forget_this_process() -> None:
    """At worker shutdown: drop this process' live gauges (a dead worker's breaker state must
    not stay "open" in the merged view); its counters stay, as counters should."""
    if multiprocess_enabled():
        multiprocess.mark_process_dead(os.getpid())
