"""The shape of one notification (NOTIFICATION_LIST item), shared by the list, the mark-read
answers and the live events (library.notification_push)."""

from __future__ import annotations

import datetime as dt
from typing import Any

FIELDS = ("id", "title", "message", "type", "read", "created_at", "movie_id", "image")


def iso_ms(value: dt.datetime) -> str:
    """ISO 8601 in UTC with milliseconds and Z, as the contract's samples:
    "2023-01-10T15:30:20.045Z"."""
    utc = value.astimezone(dt.UTC)
    return utc.strftime("%Y-%m-%dT%H:%M:%S.") + f"{utc.microsecond // 1000:03d}Z"


def as_item(row: dict[str, Any]) -> dict[str, Any]:
    """A NOTIFICATION_LIST item from a ``values()`` row."""
    return {
        "id": str(row["id"]),
        "title": row["title"],
        "message": row["message"],
        "type": row["type"],
        "read": row["read"],
        "created_at": iso_ms(row["created_at"]),
        "movie_id": row["movie_id"],
        "image": row["image"],
    }
