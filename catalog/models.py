"""Genres: TMDb's movie and TV genre lists, stored so signup/profile can validate genre ids."""

from __future__ import annotations

from django.db import models

from core.models import TimeStamped


class Genre(TimeStamped):
    # The TMDb genre id as a string (decisions.md section 5); movie and TV lists share some ids.
    id = models.CharField(primary_key=True, max_length=50)
    name = models.CharField(max_length=100)
    for_movies = models.BooleanField(default=False)
    for_series = models.BooleanField(default=False)

    class Meta:
        db_table = "genres"
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class TitleFacts(models.Model):
    """What cards need of a title that hardly ever changes, kept durably so a title's details
    are fetched once, not once per cache TTL (catalog.facts). Language-independent."""

    # Our title id: "550" for a movie, "tv-1399" for a series.
    title_id = models.CharField(primary_key=True, max_length=32)
    # Minutes (a movie's runtime, a series' typical episode run time); null when TMDb has none.
    duration = models.PositiveIntegerField(null=True)
    # The US certification (movie release_dates / tv content_ratings); "" when TMDb has none.
    certification = models.CharField(max_length=16, blank=True, default="")
    adult = models.BooleanField(default=False)
    genre_ids = models.JSONField(default=list)
    fetched_at = models.DateTimeField()

    class Meta:
        db_table = "title_facts"

    def __str__(self) -> str:
        return self.title_id
