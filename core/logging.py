"""Request ids in every log line, so an operator can tie a 500 to the request that caused it.

``LOG_FORMAT=json`` (settings.LOGGING) renders each record as one JSON object: time, level,
logger, message, request_id, plus any ``extra`` fields (the access log's method, route, status,
duration_ms, user_id) and the traceback as ``exc_info``.
"""

from __future__ import annotations

import contextvars
import logging
from datetime import UTC, datetime

from pythonjsonlogger.orjson import OrjsonFormatter

request_id_var: contextvars.ContextVar[str] = contextvars.ContextVar("request_id", default="-")


class RequestIdFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        # The access line passes its request id explicitly (it is written after the request).
        if not hasattr(record, "request_id"):
            record.request_id = request_id_var.get()
        return True


class JsonFormatter(OrjsonFormatter):
    """python-json-logger with orjson, and an ISO 8601 UTC timestamp a log pipeline can parse."""

    def formatTime(self, record: logging.LogRecord, datefmt: str | None = None) -> str:
        moment = datetime.fromtimestamp(record.created, UTC)
        return moment.isoformat(timespec="milliseconds").replace("+00:00", "Z")
