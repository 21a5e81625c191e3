"""PostgreSQL stopped under a running API: 503 SERVICE_UNAVAILABLE with Retry-After (never a
500), cached public data still served, and everything back by itself once PostgreSQL is
(issue #9: 2). The API runs under granian against a throwaway PostgreSQL that the test stops and
restarts; Redis is the suite's, under a key prefix of its own."""

from __future__ import annotations

import json
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings

from core.redis_async import delete_prefixed_keys
from tests.faults.processes import ApiServer, PostgresProcess, production_env

pytestmark = pytest.mark.slow

REPO_ROOT = Path(__file__).resolve().parents[2]
PASSWORD = "correct-Horse-battery-7"


@dataclass
class Answer:
    status: int
    headers: dict[str, str]
    body: Any


@dataclass
class App:
    base_url: str
    database: PostgresProcess

    def call(self, method: str, path: str, body: Any = None, token: str | None = None) -> Answer:
        data = None if body is None else json.dumps(body).encode()
        request = urllib.request.Request(self.base_url + path, data=data, method=method)  # noqa: S310
        request.add_header("Content-Type", "application/json")
        if token:
            request.add_header("Authorization", f"Bearer {token}")
        try:
            with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310
                status, headers, raw = response.status, response.headers, response.read()
        except urllib.error.HTTPError as error:
            status, headers, raw = error.code, error.headers, error.read()
        lowered = {name.lower(): value for name, value in headers.items()}
        return Answer(status, lowered, json.loads(raw) if raw else None)

    def graphql(self, query: str, token: str | None = None, **variables: Any) -> Answer:
        return self.call("POST", "/graphql", {"query": query, "variables": variables}, token)


@pytest.fixture(scope="module")
def app(fake_tmdb_server: Any, tmp_path_factory: pytest.TempPathFactory) -> Iterator[App]:
    database = PostgresProcess().init()
    prefix = f"{settings.CACHE_KEY_PREFIX}-dbfault"
    env = production_env(
        database_url=database.url,
        redis_url=settings.REDIS_URL,
        tmdb_url=fake_tmdb_server.base_url,
        prefix=prefix,
        run_dir=tmp_path_factory.mktemp("run"),
    )
    env["DB_CONNECT_TIMEOUT"] = "2"
    server = ApiServer(env, workers=1)
    try:
        server.migrate(REPO_ROOT)
        server.start(REPO_ROOT, tmp_path_factory.mktemp("api") / "server.log")
        yield App(server.base_url, database)
    finally:
        server.stop()
        database.destroy()
        delete_prefixed_keys(settings.REDIS_URL, prefix)


def _assert_503(answer: Answer, what: str) -> None:
    assert answer.status == 503, (what, answer.status, answer.body)
    assert answer.body["error"]["code"] == "SERVICE_UNAVAILABLE", what
    assert int(answer.headers["retry-after"]) > 0, what
    assert answer.body["error"]["details"]["retry_after"] > 0, what


def test_a_stopped_database_is_a_503_everywhere_and_recovers_by_itself(app: App) -> None:
    signup = app.call(
        "POST",
        "/auth/signup",
        {"name": "Ann Lee", "email": "ann@example.com", "password": PASSWORD},
    )
    assert signup.status == 201, signup.body
    token = signup.body["data"]["auth_token"]
    assert app.call("POST", "/movies/favourites", {"movie_id": "550"}, token).status == 201
    assert app.call("GET", "/profile", token=token).status == 200
    popular = app.call("GET", "/movies/popular")
    assert popular.status == 200

    app.database.stop()
    try:
        writes = {
            "signup": app.call(
                "POST",
                "/auth/signup",
                {"name": "Bo Ek", "email": "bo@example.com", "password": PASSWORD},
            ),
            "login": app.call(
                "POST", "/auth/login", {"email": "ann@example.com", "password": PASSWORD}
            ),
            "add favourite": app.call("POST", "/movies/favourites", {"movie_id": "tv-1399"}, token),
            "profile update": app.call("POST", "/profile", {"name": "Ann B"}, token),
        }
        # Reads of the caller's own data may still be answered from the per-user cache
        # (library.user_cache) while the session fence holds; otherwise they are 503 too.
        own_reads = {
            "favourites": app.call("GET", "/movies/favourites", token=token),
            "profile": app.call("GET", "/profile", token=token),
        }
        writes["logout"] = app.call("POST", "/auth/logout", token=token)
        for what, answer in writes.items():
            _assert_503(answer, what)
        for what, answer in own_reads.items():
            if answer.status != 503:
                assert answer.status == 200, (what, answer.status, answer.body)
        if own_reads["profile"].status == 200:
            assert own_reads["profile"].body["data"]["user"]["email"] == "ann@example.com"
        if own_reads["favourites"].status == 200:
            assert [c["id"] for c in own_reads["favourites"].body["data"]["movies"]] == ["550"]
        else:
            _assert_503(own_reads["favourites"], "favourites")
        if own_reads["profile"].status != 200:
            _assert_503(own_reads["profile"], "profile")
        others = {
            "forgot": app.call("POST", "/auth/forgot-password", {"email": "ann@example.com"}),
            "genres": app.call("GET", "/movies/genres"),
            "search": app.call("GET", "/movies/search?q=fight", token=token),
            "details": app.call("GET", "/movies/550", token=token),
            "lists": app.call("GET", "/movies/popular", token=token),
            "history": app.call("GET", "/profile/history", token=token),
        }
        for what, answer in others.items():
            assert answer.status in (200, 503), (what, answer.status, answer.body)
            if answer.status == 503:
                _assert_503(answer, what)
        # Public data already cached is still served.
        assert app.call("GET", "/movies/popular").body == popular.body
        me = app.graphql("{ me { profile { email } } }", token)
        if me.body.get("errors"):  # else answered from the per-user cache, as over REST
            assert me.body["errors"][0]["extensions"]["code"] == "SERVICE_UNAVAILABLE"
            assert int(me.headers["retry-after"]) > 0
        else:
            assert me.body["data"]["me"]["profile"]["email"] == "ann@example.com"
        add = app.graphql('mutation { addFavourite(movieId: "tv-1399") { added } }', token)
        assert add.body["errors"][0]["extensions"]["code"] == "SERVICE_UNAVAILABLE"
        assert app.call("GET", "/system/health").status == 503
    finally:
        app.database.start()

    deadline = time.monotonic() + 20
    while app.call("GET", "/profile", token=token).status != 200:
        assert time.monotonic() < deadline, "the API did not reconnect by itself"
        time.sleep(0.5)
    favourites = app.call("GET", "/movies/favourites", token=token)
    assert [movie["id"] for movie in favourites.body["data"]["movies"]] == ["550"]
    assert app.call("POST", "/movies/favourites", {"movie_id": "tv-1399"}, token).status == 201
    assert (
        app.call("POST", "/auth/login", {"email": "ann@example.com", "password": PASSWORD}).status
        == 200
    )
    assert app.call("GET", "/system/health").status == 200
