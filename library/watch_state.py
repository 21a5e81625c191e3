"""What the favourite-updates job last saw of a title (one row per title, shared by all users).

Why a table: news is a *change* ("season 3 is out", "the movie is released"), so the job needs
the previous state to compare with. Keeping it per title (not per user) means each favourited
title is fetched and compared once per run, however many users follow it. The row is created
when a title is first favourited (or first checked), which is the baseline: nothing is announced
for what was already true then.

The model lives in its own module (the app's models.py belongs to the data-model work);
``library.apps.LibraryConfig.import_models`` imports it with the models.
"""

from __future__ import annotations

from django.db import models


class TitleWatchState(models.Model):
    # Our id ("550", "tv-1399"), as in user_favourites.movie_id.
    title_id = models.CharField(primary_key=True, max_length=50)
    # Series: the number of seasons and the latest aired / next announced episode (TMDb ids).
    number_of_seasons = models.PositiveIntegerField(null=True, blank=True)
    last_episode_id = models.BigIntegerField(null=True, blank=True)
    next_episode_id = models.BigIntegerField(null=True, blank=True)
    # Movies: whether the release date had passed.
    released = models.BooleanField(null=True, blank=True)
    checked_at = models.DateTimeField(auto_now=True)

    class Meta:
        app_label = "library"
        db_table = "title_watch_state"

    def __str__(self) -> str:
        return self.title_id
