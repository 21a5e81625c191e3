from django.contrib import admin

from catalog.models import Genre


@admin.register(Genre)
class GenreAdmin(admin.ModelAdmin):
    list_display = ["id", "name", "for_movies", "for_series"]
    search_fields = ["name"]
