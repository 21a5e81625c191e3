"""page/limit windows over TMDb's 20-item pages (decisions.md section 4).

``page`` >= 1 (default 1), ``limit`` 1..50 (default 20), anything else is VALIDATION_ERROR.
A window is served by fetching the TMDb pages that cover it (concurrently) and slicing:
``page=2&limit=50`` is TMDb ranking positions 51..100, i.e. TMDb pages 3, 4 and 5.
TMDb serves at most 500 pages, so ``total`` is capped at 500 x 20 and a window beyond that is
empty (only TMDb's page 1 is read, for the total).
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from core.exceptions import ValidationFailed

T = TypeVar("T")

DEFAULT_PAGE = 1
DEFAULT_LIMIT = 20
MAX_LIMIT = 50
TMDB_PAGE_SIZE = 20
TMDB_MAX_PAGES = 500
TMDB_MAX_RESULTS = TMDB_PAGE_SIZE * TMDB_MAX_PAGES
# Far beyond anything servable, small enough that arithmetic and cache keys stay sane.
MAX_PAGE = 1_000_000
# A sign is read too, so "-5" gets the range message rather than "not a whole number".
_DIGITS = re.compile(r"^-?[0-9]{1,9}$")


@dataclass(frozen=True, slots=True)
class Window:
    page: int = DEFAULT_PAGE
    limit: int = DEFAULT_LIMIT

    @property
    def start(self) -> int:
        """0-based position of the window's first item."""
        return (self.page - 1) * self.limit

    @property
    def end(self) -> int:
        """0-based position just past the window's last item."""
        return self.start + self.limit

    def tmdb_pages(self, page_size: int = TMDB_PAGE_SIZE) -> range:
        """The 1-based TMDb pages that cover this window (empty past TMDb's last page)."""
        first = self.start // page_size + 1
        last = min((self.end - 1) // page_size + 1, TMDB_MAX_PAGES)
        return range(first, last + 1) if first <= last else range(0)

    def slice_pages(
        self, pages: Mapping[int, Sequence[T]], page_size: int = TMDB_PAGE_SIZE
    ) -> list[T]:
        """This window out of the fetched ``pages`` ({page number: its items})."""
        covering = self.tmdb_pages(page_size)
        if not covering:
            return []
        items: list[T] = []
        for number in covering:
            items.extend(pages.get(number) or ())
        offset = self.start - (covering[0] - 1) * page_size
        return items[offset : offset + self.limit]

    def slice_list(self, items: Sequence[T]) -> list[T]:
        return list(items[self.start : self.end])

    def pagination(self, total: int) -> dict[str, int]:
        """The contract's pagination object for a list of ``total`` items."""
        total = max(0, int(total))
        return {
            "page": self.page,
            "limit": self.limit,
            "total": total,
            "total_pages": math.ceil(total / self.limit) if total else 0,
        }

    def tmdb_pagination(self, total_results: int) -> dict[str, int]:
        """Pagination over a TMDb list: its total_results capped at what TMDb can serve."""
        return self.pagination(min(max(0, int(total_results or 0)), TMDB_MAX_RESULTS))


def _as_int(name: str, value: Any, default: int) -> int:
    if value is None or value == "":
        return default
    if isinstance(value, bool):
        raise ValidationFailed(f"{name} must be a whole number", {name: "not a whole number"})
    if isinstance(value, int):
        return value
    if isinstance(value, str) and _DIGITS.match(value):
        return int(value)
    raise ValidationFailed(f"{name} must be a whole number", {name: "not a whole number"})


def parse_window(page: Any = None, limit: Any = None) -> Window:
    """The window for raw ``page``/``limit`` (query strings or ints); VALIDATION_ERROR if bad."""
    page_number = _as_int("page", page, DEFAULT_PAGE)
    size = _as_int("limit", limit, DEFAULT_LIMIT)
    errors: dict[str, str] = {}
    if not 1 <= page_number <= MAX_PAGE:
        errors["page"] = f"must be between 1 and {MAX_PAGE}"
    if not 1 <= size <= MAX_LIMIT:
        errors["limit"] = f"must be between 1 and {MAX_LIMIT}"
    if errors:
        raise ValidationFailed("Invalid pagination parameters", errors)
    return Window(page_number, size)
