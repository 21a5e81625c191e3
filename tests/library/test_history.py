"""Viewing history: recorded by a signed-in caller's title view (REST and GraphQL), once per
title within the window, and listed newest first with ``viewed_at``."""

from __future__ import annotations

import re

import pytest
from django.core.cache import cache

from library.models import UserHistory

pytestmark = pytest.mark.django_db
ISO_MS = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$")


def viewed(user) -> list[str]:
    return list(
        UserHistory.objects.filter(user=user)
        .order_by("created_at")
        .values_list("movie_id", flat=True)
    )


def test_a_signed_in_view_is_recorded_once_per_window(member, fake_tmdb):
    assert member.get("/movies/550").status_code == 200
    assert member.get("/movies/550").status_code == 200
    assert member.get("/movies/tv-1399").status_code == 200

    assert viewed(member.user) == ["550", "tv-1399"]

    # Once the window has passed (its Redis key expired), a view counts again.
    cache.delete(f"library:viewed:{member.user.id}:550")
    member.get("/movies/550")
    assert viewed(member.user) == ["550", "tv-1399", "550"]


def test_anonymous_and_missing_titles_are_not_recorded(member, client, fake_tmdb):
    assert client.get("/movies/550").status_code == 200
    assert member.get("/movies/999999").status_code == 404
    assert not UserHistory.objects.exists()


def test_the_graphql_title_query_records_too(member, fake_tmdb):
    result = member.gql('{ title(id: "tv-1399") { id title } }')
    assert result["data"]["title"]["id"] == "tv-1399"
    assert viewed(member.user) == ["tv-1399"]


def test_history_list(member, fake_tmdb):
    for title_id in ("550", "tv-1399", "680"):
        member.get(f"/movies/{title_id}")

    response = member.get("/profile/history", limit=2)

    assert response.status_code == 200
    data = response.json()["data"]
    assert [m["id"] for m in data["movies"]] == ["680", "tv-1399"]
    assert data["pagination"] == {"page": 1, "limit": 2, "total": 3, "total_pages": 2}
    first = data["movies"][0]
    assert ISO_MS.match(first["viewed_at"])
    assert first["title"] == "Gravel and Gunsmoke" and first["duration"]
    assert first["is_favorite"] is False
    member.post("/movies/favourites", {"movie_id": "550"})
    page_two = member.get("/profile/history", page=2, limit=2).json()["data"]["movies"]
    assert [(m["id"], m["is_favorite"]) for m in page_two] == [("550", True)]


def test_history_needs_a_signed_in_caller(client):
    response = client.get("/profile/history")
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "UNAUTHORIZED"
