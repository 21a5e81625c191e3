"""Query-string parsing and list helpers of the offline TMDb server."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from typing import Any

from tmdb_offline.errors import MAX_PAGE, ApiError


# --------------------------------------------------------------------------- query parsing
def _page(q: Mapping[str, str]) -> int:
    raw = (q.get("page") or "").strip()
    if not raw:
        return 1
    if not raw.isdigit():
        raise ApiError(22)
    page = int(raw)
    if not 1 <= page <= MAX_PAGE:
        raise ApiError(22)
    return page


def _bool(value: str | None) -> bool:
    return (value or "").strip().lower() == "true"


def _float(value: str | None) -> float | None:
    try:
        return float(value) if value not in (None, "") else None
    except ValueError:
        return None


def _groups(value: str | None) -> list[set[int]] | None:
    """TMDb id lists: ``,`` = AND, ``|`` = OR (mixed: AND of OR-groups)."""
    if not value:
        return None
    out = []
    for part in value.split(","):
        ids = {int(t) for t in part.split("|") if t.strip().isdigit()}
        if ids:
            out.append(ids)
    return out or None


def _strings(value: str | None) -> set[str] | None:
    if not value:
        return None
    return {t.strip() for t in re.split(r"[|,]", value) if t.strip()} or None


def _date(value: str | None) -> str | None:
    return value.strip()[:10] if value and value.strip() else None


def _having(
    items: list[Any], groups: list[set[int]], ids: Callable[[Any], frozenset[int]]
) -> list[Any]:
    """Items whose id set meets every OR-group (the common single group is the fast path)."""
    if len(groups) == 1:
        group = groups[0]
        return [i for i in items if not group.isdisjoint(ids(i))]
    return [i for i in items if all(not g.isdisjoint(ids(i)) for g in groups)]


def _sort(items: list[Any], key: Callable[[Any], Any], descending: bool) -> list[Any]:
    """Stable sort on ``key``, ids ascending on ties, empty values ('' / None) last."""
    present = [i for i in items if key(i) not in ("", None)]
    missing = [i for i in items if key(i) in ("", None)]
    present.sort(key=lambda i: i.id)
    present.sort(key=key, reverse=descending)
    missing.sort(key=lambda i: i.id)
    return present + missing
