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
