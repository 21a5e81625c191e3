"""The catalogue over GraphQL: same data as REST, and only the TMDb calls the query needs."""

from __future__ import annotations

import pytest

from tests.catalog.conftest import tmdb

pytestmark = pytest.mark.django_db

CARD = "id title poster backdrop synopsis releaseDate duration genres rating isFavorite isSeries"
SNAKE = {
    "releaseDate": "release_date",
    "isFavorite": "is_favorite",
    "isSeries": "is_series",
}


def snake(card: dict) -> dict:
    return {SNAKE.get(k, k): v for k, v in card.items()}


def test_popular_cards_equal_the_rest_cards(client, graphql, fake_tmdb):
    data = graphql(
        f"{{ popular(page: 2, limit: 7) {{ movies {{ {CARD} }} "
        "pagination { page limit total totalPages } } }"
    )["data"]["popular"]
    rest = client.get("/movies/popular", {"page": 2, "limit": 7}).json()["data"]
    assert [snake(card) for card in data["movies"]] == rest["movies"]
    assert data["pagination"] == {
        "page": 2,
        "limit": 7,
        "total": rest["pagination"]["total"],
        "totalPages": rest["pagination"]["total_pages"],
    }


def test_a_list_without_duration_costs_one_tmdb_call(graphql, fake_tmdb):
    data = graphql("{ popular { movies { id title poster genres rating } } }")["data"]
    assert len(data["popular"]["movies"]) == 20
    assert all(card["genres"] for card in data["popular"]["movies"])  # names without details
    assert fake_tmdb.calls() == 1
    assert fake_tmdb.calls("/3/movie/popular") == 1


def test_selecting_duration_costs_no_details_call(graphql, fake_tmdb):
    data = graphql("{ popular(limit: 10) { movies { id duration } } }")["data"]
    assert len(data["popular"]["movies"]) == 10
    assert fake_tmdb.calls("/3/movie/popular") == 1
    assert fake_tmdb.calls() == 1  # issue 10: was 1 + 10 details; durations come from facts


NESTED = """
{
  popular(limit: 5) { movies { id duration genres } }
  again: popular(limit: 5) { movies { id title duration } }
  title(id: "550") {
    title
    cast { name order }
    recommendations { id duration genres }
  }
  trending(window: WEEK, limit: 5) { movies { id duration isSeries } }
}
"""


def test_a_nested_query_fetches_each_resource_once_and_nothing_when_repeated(graphql, fake_tmdb):
    first = graphql(NESTED)
    assert "errors" not in first
    by_path = fake_tmdb.stats()["by_path"]
    assert by_path and all(count == 1 for count in by_path.values()), by_path
    assert by_path["/3/movie/550"] == 1
    fake_tmdb.reset()
    second = graphql(NESTED)
    assert second == first
    assert fake_tmdb.calls() == 0


SERIES = """
query ($withEpisodes: Boolean!) {
  title(id: "tv-1399") {
    id isSeries title runtime networkLogo
    ... on SeriesDetails {
      seasons { seasonNumber episodeCount episodes @include(if: $withEpisodes) { episodeNumber name runtime } }
    }
  }
}
"""


def test_a_series_loads_episodes_only_when_they_are_selected(client, graphql, fake_tmdb):
    plain = graphql(
        '{ title(id: "tv-1399") { id title ... on SeriesDetails { seasons { seasonNumber name } } } }'
    )["data"]["title"]
    assert plain["id"] == "tv-1399"
    assert [s["seasonNumber"] for s in plain["seasons"]] == [0, 1, 2, 3, 4, 5, 6]
    [request] = fake_tmdb.requests("/3/tv/1399")
    assert "season/" not in request["query"].get("append_to_response", "")

    fake_tmdb.reset()
    full = graphql(
        '{ title(id: "tv-1399") { ... on SeriesDetails { seasons { seasonNumber episodeCount '
        "episodes { episodeNumber name } } } } }"
    )["data"]["title"]
    assert all(len(s["episodes"]) == s["episodeCount"] for s in full["seasons"])
    assert "season/1" in fake_tmdb.requests("/3/tv/1399")[0]["query"]["append_to_response"]
    rest = client.get("/movies/tv-1399").json()["data"]["movie"]
    assert [e["name"] for e in full["seasons"][1]["episodes"]] == [
        e["name"] for e in rest["seasons"][1]["episodes"]
    ]


def test_movie_details_match_rest(client, graphql, fake_tmdb):
    data = graphql(
        """{ title(id: "550") { __typename id isSeries isFavorite title language releaseDate
             rating runtime networkLogo backdropUrl posterUrl genres synopsis homepage
             cast { id name profilePath character order }
             reviews { id author avatar rating content createdAt } } }"""
    )["data"]["title"]
    rest = client.get("/movies/550").json()["data"]["movie"]
    assert data["__typename"] == "MovieDetails"
    for key, value in data.items():
        if key == "__typename":
            continue
        name = {
            "isSeries": "is_series",
            "isFavorite": "is_favorite",
            "releaseDate": "release_date",
            "networkLogo": "network_logo",
            "backdropUrl": "backdrop_url",
            "posterUrl": "poster_url",
        }.get(key, key)
        if key == "cast":
            value = [
                {("profile_path" if k == "profilePath" else k): v for k, v in m.items()}
                for m in value
            ]
        if key == "reviews":
            value = [
                {("created_at" if k == "createdAt" else k): v for k, v in r.items()} for r in value
            ]
        assert value == rest[name], key


def test_search_trending_coming_soon_and_genres(graphql, fake_tmdb):
    data = graphql(
        """{ search(q: "Midnight Soap Society", limit: 3) { movies { id } pagination { total } }
             trending(window: WEEK, limit: 3) { movies { id isSeries } }
             comingSoon(limit: 3) { movies { id releaseDate } }
             genres { id name } }"""
    )["data"]
    assert data["search"]["movies"][0]["id"] == "550"
    assert len(data["trending"]["movies"]) == 3
    assert len(data["comingSoon"]["movies"]) == 3
    assert {"id": "28", "name": "Action"} in data["genres"]


def test_movie_and_series_with_the_same_number(graphql, fake_tmdb):
    data = graphql(
        '{ m: title(id: "1399") { __typename title } s: title(id: "tv-1399") { __typename title } }'
    )["data"]
    assert data["m"] == {"__typename": "MovieDetails", "title": "Harbor of Quiet Lanterns"}
    assert data["s"] == {"__typename": "SeriesDetails", "title": "Crowns of the Ashen Realm"}
    assert tmdb(fake_tmdb, "/movie/1399")["title"] == data["m"]["title"]
