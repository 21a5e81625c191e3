"""/movies routes. Fixed names first; ``/movies/{id}`` only matches our two id forms
("19404", "tv-119051"), so later fixed routes (favourites, recommendations) are never
swallowed and any other id falls through to the global 404 (NOT_FOUND envelope)."""

from __future__ import annotations

from django.urls import path, re_path

from rest_compat import movies

urlpatterns = [
    path("movies/popular", movies.PopularView.as_view(), name="movies-popular"),
    path("movies/coming-soon", movies.ComingSoonView.as_view(), name="movies-coming-soon"),
    path("movies/trending", movies.TrendingView.as_view(), name="movies-trending"),
    path("movies/search", movies.SearchView.as_view(), name="movies-search"),
    path("movies/genres", movies.GenresView.as_view(), name="movies-genres"),
    re_path(
        r"^movies/(?P<title_id>(?:tv-)?[1-9][0-9]{0,9})$",
        movies.TitleView.as_view(),
        name="movies-details",
    ),
]
