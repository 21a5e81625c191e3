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
