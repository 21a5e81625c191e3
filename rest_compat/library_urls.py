"""Personal routes: favourites and recommendations under /movies (included before the
catalogue's routes), the profile and its history and notifications under /profile."""

from __future__ import annotations

from django.urls import path

from rest_compat import library, profile

urlpatterns = [
    path("movies/favourites", library.FavouritesView.as_view(), name="movies-favourites"),
    path(
        "movies/recommendations",
        library.RecommendationsView.as_view(),
        name="movies-recommendations",
    ),
    path("profile", profile.ProfileView.as_view(), name="profile"),
    path(
        "profile/change-password",
        profile.ChangePasswordView.as_view(),
        name="profile-change-password",
    ),
    path("profile/history", profile.HistoryView.as_view(), name="profile-history"),
    path(
        "profile/notifications",
        profile.NotificationsView.as_view(),
        name="profile-notifications",
    ),
    path(
        "profile/notifications/read",
        profile.NotificationsReadView.as_view(),
        name="profile-notifications-read",
    ),
]
