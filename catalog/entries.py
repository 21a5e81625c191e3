"""Entries: one title of a list as the catalogue's readers pass it around (our id, what TMDb's
list said about it and, once fetched, its details), and a window of them (``EntryPage``).
The edges turn entries into cards (catalog.card_builder, library.cards)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from catalog.cards import item_kind
from catalog.facts import Facts
from catalog.ids import Kind, TitleId, format_id, try_parse_id
from catalog.pagination import Window


@dataclass(slots=True)
class Entry:
    """One title in a list: what TMDb's list said about it and, once fetched, its details or
    its finished card (catalog.card_cache; shared, so copied before ``is_favorite`` is set)."""

    kind: Kind
    tmdb_id: int
    item: Mapping[str, Any] | None = None
    details: Mapping[str, Any] | None = None
    card: Mapping[str, Any] | None = None
    facts: Facts | None = None  # catalog.facts, when known

    @property
    def complete(self) -> bool:
        """Whether its card can be final: details fetched, facts known or the card cached."""
        return self.details is not None or self.facts is not None or self.card is not None

    @property
    def id(self) -> str:
        return format_id(self.kind, self.tmdb_id)

    @property
    def title_id(self) -> TitleId:
        return TitleId(self.kind, self.tmdb_id)

    @property
    def source(self) -> Mapping[str, Any] | None:
        return self.item if self.item is not None else self.details


@dataclass(slots=True)
class EntryPage:
    """A window of a list: its entries and pagination. ``cards`` is set instead of entries
    when the finished cards came from the page cache; ``cache_key`` says where to store them
    once built (see catalog.page_cache)."""

    entries: list[Entry]
    pagination: dict[str, int]
    window: Window = field(default_factory=Window)
    cards: list[dict[str, Any]] | None = None
    cache_key: str | None = None
    cache_ttl: float = 0.0
    etag: str | None = None  # the page cache entry's digest, when it is (now) cached


def entries_for_ids(ids: Iterable[str]) -> list[Entry]:
    """Entries for our title ids (e.g. favourites); ids that cannot exist are skipped."""
    entries = []
    for value in ids:
        title_id = try_parse_id(value)
        if title_id is not None:
            entries.append(Entry(title_id.kind, title_id.tmdb_id))
    return entries


def entries_from_items(
    items: Iterable[Mapping[str, Any]], default_kind: Kind | None
) -> list[Entry]:
    """Entries for TMDb list items; people (search/multi, trending/all) are left out."""
    entries = []
    for item in items:
        kind = item_kind(item, default_kind)
        tmdb_id = item.get("id")
        if kind is not None and isinstance(tmdb_id, int):
            entries.append(Entry(kind, tmdb_id, item))
    return entries
