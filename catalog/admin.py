from django.contrib import admin

from catalog.models import Genre, TitleFacts


@admin.register(Genre)
class GenreAdmin(admin.ModelAdmin):
    list_display = ["id", "name", "for_movies", "for_series"]
    search_fields = ["name"]


@admin.register(TitleFacts)
class TitleFactsAdmin(admin.ModelAdmin):
    """Read-mostly: the facts filler writes these; an operator may delete a row to refetch."""

    list_display = ["title_id", "duration", "certification", "adult", "fetched_at"]
    search_fields = ["title_id"]
    readonly_fields = ["title_id", "duration", "certification", "adult", "genre_ids", "fetched_at"]
