"""HTTP caching: anonymous public reads are cacheable (Cache-Control public with the data's
freshness, strong ETag, Vary: Authorization) and a matching If-None-Match is a 304 with no
body; signed-in and personal answers are never public."""

from __future__ import annotations

import hashlib
import json
import re

import pytest
from django.test import Client

from tests.catalog.conftest import store_facts, tmdb_ids
from tests.library.conftest import Member


def vary(response) -> set[str]:
    return {name.strip().lower() for name in response["Vary"].split(",")}


pytestmark = pytest.mark.django_db

STRONG_ETAG = re.compile(r'^"[a-z]-[0-9a-f]{32}"$')


def public_max_age(response) -> int:
    cache_control = response["Cache-Control"]
    assert cache_control.startswith("public, "), cache_control
    max_age = int(re.search(r"max-age=(\d+)", cache_control).group(1))
    assert f"stale-while-revalidate={max_age}" in cache_control
    return max_age


@pytest.mark.parametrize(
    ("path", "setting"),
    [
        ("/movies/popular", "TMDB_CACHE_TTL_LIST"),
        ("/movies/coming-soon?page=2&limit=5", "TMDB_CACHE_TTL_LIST"),
        ("/movies/trending", "TMDB_CACHE_TTL_LIST"),
        ("/movies/search?q=matrix", "TMDB_CACHE_TTL_SEARCH"),
        ("/movies/genres", "TMDB_CACHE_TTL_GENRES"),
        ("/movies/550", "TMDB_CACHE_TTL_DETAIL"),
        ("/movies/tv-1399", "TMDB_CACHE_TTL_DETAIL"),
    ],
)
def test_anonymous_public_reads_are_cacheable_and_revalidate_to_304(
    client: Client, fake_tmdb, settings, path: str, setting: str
):
    first = client.get(path)
    assert first.status_code == 200
    assert public_max_age(first) == getattr(settings, setting)
    assert STRONG_ETAG.match(first["ETag"])
    assert vary(first) == {"authorization", "origin"}  # origin: CORS (docs/browsers.md)

    calls = fake_tmdb.calls()
    again = client.get(path, HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304
    assert again.content == b""
    assert again["ETag"] == first["ETag"]
    assert public_max_age(again) == getattr(settings, setting)
    assert fake_tmdb.calls() == calls  # revalidation costs nothing upstream

    # Same data, same ETag (strong: the bytes are identical).
    third = client.get(path)
    assert third["ETag"] == first["ETag"] and third.content == first.content
    # A different (or weak-prefixed, list) validator: 304 only when one of them matches.
    assert client.get(path, HTTP_IF_NONE_MATCH='"x-0"').status_code == 200
    listed = f'"x-0", W/{first["ETag"]}'
    assert client.get(path, HTTP_IF_NONE_MATCH=listed).status_code == 304


def test_the_list_304_is_answered_before_the_cards_are_rendered(client: Client, fake_tmdb):
    """The list ETag is the cached page entry's: the cold answer (which stored the page) and
    the warm ones carry the same one, so the 304 needs only the page entry. (A page is stored
    once its cards are final: its titles' facts known, catalog.facts.)"""
    ids = [str(i) for i in tmdb_ids(fake_tmdb, "/movie/popular", [1])[:7]]
    store_facts(fake_tmdb, ids)
    cold = client.get("/movies/popular?limit=7")
    warm = client.get("/movies/popular?limit=7")
    assert cold["ETag"] == warm["ETag"] and cold["ETag"].startswith('"c-')
    assert cold.content == warm.content


def test_other_pages_and_windows_have_other_etags(client: Client, fake_tmdb):
    tags = {client.get(f"/movies/popular?page={p}&limit=5")["ETag"] for p in (1, 2, 3)}
    assert len(tags) == 3


def test_signed_in_answers_are_private_even_on_public_routes(member: Member, fake_tmdb):
    for path in ("/movies/popular", "/movies/550", "/movies/genres"):
        answer = member.get(path)
        assert answer.status_code == 200
        assert answer["Cache-Control"] == "private, no-store"
        assert "ETag" not in answer
        public_etag = Client().get(path)["ETag"]
        # A signed-in revalidation never gets a shared 304.
        assert (
            member.client.get(
                path, headers={**member.auth, "If-None-Match": public_etag}
            ).status_code
            == 200
        )


def test_personal_routes_and_writes_are_never_public(member: Member, fake_tmdb):
    answers = [
        member.get("/profile"),
        member.get("/profile/notifications"),
        member.get("/movies/favourites"),
        member.get("/profile/history"),
        member.post("/movies/favourites", {"movie_id": "550"}),
        Client().get("/profile"),  # 401
        Client().post("/auth/login", {}, content_type="application/json"),
        Client().get("/movies/999999999"),  # 404 of a public route
        Client().get("/system/health"),
    ]
    for answer in answers:
        assert answer["Cache-Control"] == "private, no-store", answer.request["PATH_INFO"]
        assert "public" not in answer["Cache-Control"]


def _graphql_get(client: Client, query: str, **headers: str):
    digest = hashlib.sha256(query.encode()).hexdigest()
    extensions = {"persistedQuery": {"version": 1, "sha256Hash": digest}}
    client.post(
        "/graphql",
        json.dumps({"query": query, "extensions": extensions}),
        content_type="application/json",
    )
    params = {"extensions": json.dumps(extensions)}
    return client.get("/graphql", params, HTTP_ACCEPT="application/json", **headers)


def test_a_graphql_get_persisted_query_of_public_data_revalidates_to_304(
    client: Client, fake_tmdb, settings
):
    query = "{ popular(limit: 5) { movies { id title } } genres { id name } }"
    first = _graphql_get(client, query)
    assert first.status_code == 200 and "errors" not in first.json()
    # The shortest freshness of the fields selected (lists: 10 min; genres: a day).
    assert public_max_age(first) == settings.TMDB_CACHE_TTL_LIST
    assert vary(first) == {"authorization", "origin"}  # origin: CORS (docs/browsers.md)
    again = _graphql_get(client, query, HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304 and again.content == b""


@pytest.mark.parametrize(
    "query",
    [
        "{ me { profile { email } } }",  # personal, even when null for anonymous callers
        "{ genres { id } me { profile { email } } }",
        '{ title(id: "1") { id } }',  # an error (NOT_FOUND) is not cached
    ],
)
def test_graphql_answers_that_are_not_public_data_stay_private(client: Client, fake_tmdb, query):
    answer = _graphql_get(client, query)
    assert answer.status_code == 200
    assert answer["Cache-Control"] == "private, no-store"
    assert "ETag" not in answer


def test_graphql_post_and_full_text_get_are_private(client: Client, fake_tmdb):
    query = "{ genres { id } }"
    post = client.post("/graphql", json.dumps({"query": query}), content_type="application/json")
    get = client.get("/graphql", {"query": query}, HTTP_ACCEPT="application/json")
    for answer in (post, get):
        assert answer.status_code == 200
        assert answer["Cache-Control"] == "private, no-store"


def test_signed_in_graphql_get_is_private(member: Member, fake_tmdb):
    query = "{ genres { id } }"
    answer = _graphql_get(member.client, query, HTTP_AUTHORIZATION=member.auth["Authorization"])
    assert answer.status_code == 200
    assert answer["Cache-Control"] == "private, no-store"


def test_a_hot_url_is_revalidated_without_running_the_view(client: Client, fake_tmdb, settings):
    first = client.get("/movies/popular?limit=3")
    settings.TMDB_API_BASE_URL = "http://127.0.0.1:9/3"  # the view would now fail if it ran...
    from catalog import page_cache

    page_cache.clear_l1()
    from core.redis_async import delete_prefixed_keys

    delete_prefixed_keys(settings.REDIS_URL, settings.CACHE_KEY_PREFIX)  # ...nothing cached
    again = client.get("/movies/popular?limit=3", HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304
    assert again["ETag"] == first["ETag"]
    assert again["Cache-Control"] == first["Cache-Control"]
    assert vary(again) == {"authorization", "origin"}  # origin: CORS (docs/browsers.md)


def test_the_shortcut_still_counts_the_rate_limit(client: Client, fake_tmdb, settings):
    settings.RATE_LIMIT_GENERAL_PER_MINUTE = 2
    first = client.get("/movies/genres")
    assert client.get("/movies/genres", HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304
    limited = client.get("/movies/genres", HTTP_IF_NONE_MATCH=first["ETag"])
    assert limited.status_code == 429
    assert limited["Cache-Control"] == "private, no-store"
