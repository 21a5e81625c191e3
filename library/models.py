"""A user's favourites, viewing history and notifications. Title ids follow decisions.md
section 2: "19404" for a movie, "tv-119051" for a series."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from core.models import CreatedAt, TimeStamped, UUIDModel


class UserFavourite(UUIDModel, TimeStamped):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="favourites"
    )
    movie_id = models.CharField(max_length=50)

    class Meta:
        db_table = "user_favourites"
        constraints = [
            models.UniqueConstraint(fields=["user", "movie_id"], name="user_favourites_unique"),
        ]
        indexes = [models.Index(fields=["user", "-created_at"], name="user_favourites_newest")]


class UserHistory(UUIDModel, CreatedAt):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="history"
    )
    movie_id = models.CharField(max_length=50)

    class Meta:
        db_table = "user_history"
        verbose_name_plural = "user history"
        indexes = [models.Index(fields=["user", "-created_at"], name="user_history_newest")]


class NotificationType(models.TextChoices):
    MOVIE_ADDED = "movie_added", "Movie added"
    MOVIE_RECOMMENDATION = "movie_recommendation", "Movie recommendation"
    SYSTEM_UPDATE = "system_update", "System update"
    FAVORITE_UPDATE = "favorite_update", "Favourite update"


class UserNotification(UUIDModel, CreatedAt):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    type = models.CharField(
        max_length=30, choices=NotificationType.choices, default=NotificationType.MOVIE_ADDED
    )
    title = models.CharField(max_length=200)
    message = models.TextField()
    image = models.TextField(null=True, blank=True)
    movie_id = models.CharField(max_length=50, null=True, blank=True)
    read = models.BooleanField(default=False)
    # Set by generators (management commands) so a second run never repeats a notification.
    dedup_key = models.CharField(max_length=200, null=True, blank=True)

    class Meta:
        db_table = "user_notifications"
        constraints = [
            models.UniqueConstraint(
                fields=["user", "dedup_key"],
                name="user_notifications_dedup",
                condition=models.Q(dedup_key__isnull=False),
            ),
        ]
        indexes = [
            models.Index(fields=["user", "-created_at"], name="user_notifications_newest"),
            models.Index(
                fields=["user"], name="user_notifications_unread", condition=models.Q(read=False)
            ),
        ]


class TitleWatchState(models.Model):
    """What the favourite-updates job last saw of a title (one row per title, shared by users).

    News is a *change* ("season 3 is out", "the movie is released"), so the job compares with the
    previous state; per title, so each favourited title is fetched once per run however many
    users follow it. The row is created when a title is first favourited (the baseline: nothing
    is announced for what was already true then).
    """

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
        db_table = "title_watch_state"

    def __str__(self) -> str:
        return self.title_id
