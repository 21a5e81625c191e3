"""Favourites: add, remove, list (decisions.md section 5), under both REST and GraphQL.

- Adding checks the title exists through the request's loaders (which also warms the cache
  for the list), is idempotent (the unique (user, movie_id) constraint; a second add changes
  nothing and creates no notification), and in one transaction stores the favourite, its
  ``movie_added`` notification and the title's watch-state baseline (library.models.TitleWatchState).
- Listing is newest first: the ordered favourite ids come from the per-user cache (one Redis
  read when warm, else one query; library.selectors), then every title's card in ONE round
  (nothing upstream when warm). Favourites are the user's own choices: not filtered by maturity.
- A change of favourites, once committed, drops the user's cached favourite ids and
  recommendations (library.user_cache): the very next request sees it.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from asgiref.sync import sync_to_async
from django.db import transaction

from catalog import titles as catalog_titles
from catalog.cards import title_of
from catalog.entries import Entry, EntryPage
from catalog.ids import TitleId, try_parse_id
from catalog.images import POSTER, image_url
from catalog.pagination import Window
from catalog.prefs import viewer_prefs
from core.context import RequestContext
from core.exceptions import NotFound, ValidationFailed
from library.cards import card_dicts
from library.favourite_updates import snapshot, state_fields
from library.models import TitleWatchState, UserFavourite
from library.notification_push import push_one_after_commit
from library.notifications import movie_added
from library.selectors import forget_favourites, forget_viewer_favourites, viewer_ordered_favourites
from library.titles import load_entries

FIELD = "movie_id"
ID_HELP = 'A movie id ("550") or a series id ("tv-1399").'


def parse_movie_id(value: object, field: str = FIELD) -> TitleId:
    """Our title id from a request: "550", "tv-1399" (or the number 550). Missing or malformed
    is 400 VALIDATION_ERROR: the request is wrong, whatever TMDb holds."""
    if value is None or value == "":
        raise ValidationFailed(f"{field} is required", {field: ["This field is required."]})
    if isinstance(value, int) and not isinstance(value, bool):
        value = str(value)
    title_id = try_parse_id(value.strip() if isinstance(value, str) else value)
    if title_id is None:
        raise ValidationFailed(
            f"{field} is not a title id", {field: [f"Not a title id. {ID_HELP}"]}
        )
    return title_id


@dataclass(slots=True)
class AddResult:
    entry: Entry
    created: bool


def _store_new_favourite(user_id: uuid.UUID, title_id: TitleId, details: Mapping[str, Any]) -> bool:
    """The favourite, its notification and the watch-state baseline, all or nothing."""
    movie_id = str(title_id)
    with transaction.atomic():
        _, created = UserFavourite.objects.get_or_create(user_id=user_id, movie_id=movie_id)
        if not created:
            return False
        notification = movie_added(
            user_id,
            movie_id,
            title_of(details, title_id.kind),
            image_url(details.get("poster_path"), POSTER),
            is_series=title_id.is_series,
        )
        notification.save()
        push_one_after_commit(notification)  # to the user's open subscriptions
        snap = snapshot(movie_id, title_id.kind, details, dt.datetime.now(dt.UTC).date())
        TitleWatchState.objects.get_or_create(title_id=movie_id, defaults=state_fields(snap))
    return True


async def add_favourite(ctx: RequestContext, movie_id: object) -> AddResult:
    """Add a title to the caller's favourites (NOT_FOUND when TMDb has no such title)."""
    viewer = await ctx.require_user()
    title_id = parse_movie_id(movie_id)
    entry = await catalog_titles.title(ctx, title_id)  # TMDbNotFound -> 404 NOT_FOUND
    assert viewer.user_id is not None
    created = await sync_to_async(_store_new_favourite)(
        viewer.user_id, title_id, entry.details or {}
    )
    if created:
        forget_viewer_favourites(ctx)
        await forget_favourites(viewer.user_id)  # and the recommendations
    return AddResult(entry, created)


async def remove_favourite(ctx: RequestContext, movie_id: object) -> str:
    """Remove a title from the caller's favourites; NOT_FOUND when it is not one of them."""
    viewer = await ctx.require_user()
    title_id = str(parse_movie_id(movie_id))
    assert viewer.user_id is not None
    deleted, _ = await UserFavourite.objects.filter(
        user_id=viewer.user_id, movie_id=title_id
    ).adelete()
    if not deleted:
        raise NotFound("This title is not in your favourites", {FIELD: title_id})
    forget_viewer_favourites(ctx)
    assert viewer.user_id is not None
    await forget_favourites(viewer.user_id)  # and the recommendations
    return title_id


async def favourites_page(ctx: RequestContext, window: Window) -> EntryPage:
    """The caller's favourites, newest first, with details (MOVIE_LIST's entries)."""
    await ctx.require_user()
    ordered = await viewer_ordered_favourites(ctx)  # cached: no query when warm
    ids = list(ordered[window.start : window.end])
    total = len(ordered)
    prefs = await viewer_prefs(ctx)
    entries = [e for e in await load_entries(ctx, ids, prefs.language) if e is not None]
    return EntryPage(entries, window.pagination(total), window)


async def favourite_cards(ctx: RequestContext, entries: Sequence[Entry]) -> list[dict[str, Any]]:
    """Cards of favourites: ``is_favorite`` is true by definition (no extra query)."""
    cards = await card_dicts(ctx, entries, with_favourites=False)
    for card in cards:
        card["is_favorite"] = True
    return cards
