"""manage.py load_genres: refresh the genres table from TMDb's movie and TV genre lists.

The table is preloaded by a migration (catalog.tmdb_genres), so this is only needed when TMDb
adds or renames a genre. Rows are upserted (English names, the movie/TV flags); genres TMDb no
longer lists are reported, not deleted, because users may have chosen them.
"""

from __future__ import annotations

from typing import Any

from asgiref.sync import async_to_sync
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from catalog.genres import forget_genre_table
from catalog.models import Genre
from core.exceptions import ApiError

LANGUAGE = "en"


async def _fetch_lists() -> tuple[dict[int, str], dict[int, str]]:
    from tmdb_loaders.fetch import fetch_genres

    return await fetch_genres("movie", LANGUAGE), await fetch_genres("tv", LANGUAGE)


class Command(BaseCommand):
    help = "Refresh the genres table from TMDb's movie and TV genre lists."

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            movie, tv = async_to_sync(_fetch_lists)()
        except ApiError as error:
            raise CommandError(f"TMDb genre lists unavailable: {error.message}") from error
        created = updated = 0
        with transaction.atomic():
            for genre_id in sorted(set(movie) | set(tv)):
                _, was_created = Genre.objects.update_or_create(
                    id=str(genre_id),
                    defaults={
                        "name": movie.get(genre_id) or tv[genre_id],
                        "for_movies": genre_id in movie,
                        "for_series": genre_id in tv,
                    },
                )
                created += was_created
                updated += not was_created
        known = {str(i) for i in set(movie) | set(tv)}
        stale = list(Genre.objects.exclude(id__in=known).values_list("name", flat=True))
        forget_genre_table()
        self.stdout.write(f"genres: {created} created, {updated} updated")
        if stale:
            self.stdout.write(f"no longer listed by TMDb (kept): {', '.join(sorted(stale))}")
