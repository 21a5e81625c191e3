"""Operations settings: metrics, probes, logs (docs/operations.md). Imported by settings.py."""

from __future__ import annotations

from django.core.exceptions import ImproperlyConfigured

from backend.env import env_bool, env_float, env_str

__all__ = [
    "ACCESS_LOG",
    "DRAIN_FILE",
    "LOGGING",
    "LOG_FORMAT",
    "LOG_LEVEL",
    "METRICS_TOKEN",
    "READY_CHECK_TIMEOUT",
]

# --- operations (docs/operations.md) ----------------------------------------------------------
# /metrics needs "Authorization: Bearer <METRICS_TOKEN>"; without a token it is open in local
# mode and answers 404 in production mode.
METRICS_TOKEN = env_str("METRICS_TOKEN")
# Set by backend.serve: while this file exists the instance is draining (/system/ready is 503).
DRAIN_FILE = env_str("DRAIN_FILE")
READY_CHECK_TIMEOUT = env_float("READY_CHECK_TIMEOUT", 1.0)

# --- logging ----------------------------------------------------------------------------------
LOG_LEVEL = env_str("LOG_LEVEL", "INFO").upper()
LOG_FORMAT = env_str("LOG_FORMAT", "text").lower()  # "json": one JSON object per line
if LOG_FORMAT not in ("text", "json"):
    raise ImproperlyConfigured(f"LOG_FORMAT must be text or json, got {LOG_FORMAT!r}")
# One line per request (request id, user id, method, route, status, duration).
ACCESS_LOG = env_bool("ACCESS_LOG", LOG_FORMAT == "json")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "core.logging.RequestIdFilter"}},
    "formatters": {
        "plain": {
            "format": "%(asctime)s %(levelname)s [%(request_id)s] %(name)s: %(message)s",
        },
        "json": {
            "()": "core.logging.JsonFormatter",
            "fmt": "%(asctime)s %(levelname)s %(name)s %(message)s %(request_id)s",
            "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger"},
        },
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "json" if LOG_FORMAT == "json" else "plain",
            "filters": ["request_id"],
        }
    },
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
    "loggers": {
        "django.request": {"level": "ERROR"},
        "django.server": {"level": "WARNING"},
        "cinemate.access": {"level": "INFO"},
    },
}
