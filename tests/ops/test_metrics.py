"""/metrics in one process: each family moves when its event happens, labels stay bounded, and
the endpoint is protected by METRICS_TOKEN. Counts merged across granian workers:
tests/ops/test_served.py."""

from __future__ import annotations

import json

import pytest
from asgiref.sync import async_to_sync
from django.test import Client
from prometheus_client import REGISTRY

from accounts.blacklist import block_ip
from catalog import page_cache
from core.metrics import record_circuit_event, set_circuit_state
from tmdb_loaders.breaker import breaker as tmdb_breaker
from tmdb_loaders.client import get_json

pytestmark = pytest.mark.django_db(transaction=True)


def sample(name: str, **labels: str) -> float:
    return REGISTRY.get_sample_value(name, labels) or 0.0


def http_count(route: str, status: int, method: str = "GET") -> float:
    return sample(
        "cinemate_http_request_duration_seconds_count",
        method=method,
        route=route,
        status=str(status),
    )


TOKEN = "test-metrics-token"


@pytest.fixture(autouse=True)
def metrics_token(settings) -> None:
    settings.METRICS_TOKEN = TOKEN


def scrape(token: str = TOKEN) -> str:
    response = Client().get("/metrics", headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 200, response.content
    assert response["Content-Type"].startswith("text/plain")
    return response.content.decode()


def graphql(query: str, operation: str | None = None) -> dict:
    body = {"query": query, **({"operationName": operation} if operation else {})}
    response = Client().post("/graphql", json.dumps(body), content_type="application/json")
    return response.json()


def test_http_requests_by_route_pattern_and_status(fake_tmdb) -> None:
    before_popular = http_count("/movies/popular", 200)
    before_unmatched = http_count("<unmatched>", 404)
    assert Client().get("/movies/popular").status_code == 200
    assert Client().get("/movies/popular?page=2").status_code == 200
    assert Client().get("/no/such/4242").status_code == 404
    assert http_count("/movies/popular", 200) == before_popular + 2
    assert http_count("<unmatched>", 404) == before_unmatched + 1
    # Ids never become label values: a detail page is counted under its URL pattern (a regex
    # route, shown with its named groups).
    before_detail = http_count("/movies/<title_id>", 200)
    assert Client().get("/movies/550").status_code == 200
    assert Client().get("/movies/tv-1399").status_code == 200
    assert http_count("/movies/<title_id>", 200) == before_detail + 2
    text = scrape()
    detail_lines = [
        line
        for line in text.splitlines()
        if line.startswith("cinemate_http_request_duration_seconds_count") and "/movies/" in line
    ]
    assert detail_lines and not any("550" in line or "4242" in line for line in detail_lines)
    label_sets = [
        line.split("{", 1)[1].split("}", 1)[0] for line in text.splitlines() if "{" in line
    ]
    assert not any("4242" in labels for labels in label_sets)


def test_answers_given_before_url_resolution_keep_their_route(fake_tmdb, settings) -> None:
    first = Client().get("/movies/popular")
    assert first.status_code == 200 and first["ETag"]
    before = http_count("/movies/popular", 304)
    again = Client().get("/movies/popular", HTTP_IF_NONE_MATCH=first["ETag"])  # 304 shortcut
    assert again.status_code == 304
    assert http_count("/movies/popular", 304) == before + 1

    settings.RATE_LIMIT_GENERAL_PER_MINUTE = 1  # a guard's 429 comes before resolution too
    limited = http_count("/movies/genres", 429)
    client = Client(REMOTE_ADDR="10.9.8.5")
    client.get("/movies/genres")
    assert client.get("/movies/genres").status_code == 429
    assert http_count("/movies/genres", 429) == limited + 1


def test_made_up_methods_do_not_become_label_values() -> None:
    before = http_count("<unmatched>", 404, method="other")
    response = Client().generic("BREW", "/no/such/route")
    assert response.status_code == 404
    assert http_count("<unmatched>", 404, method="other") == before + 1
    assert 'method="BREW"' not in scrape()


def test_graphql_operations_by_name_and_outcome(fake_tmdb) -> None:
    ok = ("PopularPage", "ok")
    missing = ("OneTitle", "NOT_FOUND")
    before = {
        key: sample("cinemate_graphql_operations_total", operation=key[0], outcome=key[1])
        for key in (ok, missing)
    }
    result = graphql("query PopularPage { popular(limit: 3) { movies { id } } }")
    assert not result.get("errors")
    result = graphql('query OneTitle { title(id: "999999999") { id } }')
    assert result["errors"][0]["extensions"]["code"] == "NOT_FOUND"
    for key in (ok, missing):
        after = sample("cinemate_graphql_operations_total", operation=key[0], outcome=key[1])
        assert after == before[key] + 1, key


def test_graphql_operation_names_cannot_explode_the_label_set(fake_tmdb, settings) -> None:
    settings.RATE_LIMIT_ENABLED = False
    before_other = sample("cinemate_graphql_operations_total", operation="other", outcome="ok")
    for index in range(205):
        graphql(f"query Probe{index} {{ genres {{ id }} }}")
    names = {
        line.split('operation="')[1].split('"')[0]
        for line in scrape().splitlines()
        if line.startswith("cinemate_graphql_operations_total{")
    }
    assert len(names) <= 203  # 200 names, "other", "anonymous" and the ones of other tests
    assert sample("cinemate_graphql_operations_total", operation="other", outcome="ok") > (
        before_other
    )


def test_tmdb_calls_and_cache_lookups_by_kind(fake_tmdb) -> None:
    def tmdb(outcome: str) -> float:
        return sample("cinemate_tmdb_requests_total", kind="movie", outcome=outcome)

    def lookups(result: str) -> float:
        return sample("cinemate_cache_lookups_total", kind="movie", result=result)

    fake_tmdb.reset()
    ok, missing, hits, misses = tmdb("ok"), tmdb("not_found"), lookups("hit"), lookups("miss")
    latency = sample("cinemate_tmdb_request_duration_seconds_count", kind="movie")

    assert Client().get("/movies/550").status_code == 200  # cold: TMDb calls
    calls = fake_tmdb.calls("/3/movie/")
    assert calls >= 1
    assert tmdb("ok") == ok + calls  # the metric agrees with what TMDb received
    assert lookups("miss") >= misses + 1

    page_cache.clear_l1()
    hits_before_warm = lookups("hit")
    assert Client().get("/movies/550").status_code == 200  # warm: cache hits, no call
    assert fake_tmdb.calls("/3/movie/") == calls
    assert tmdb("ok") == ok + calls
    assert lookups("hit") > max(hits, hits_before_warm - 1)

    assert Client().get("/movies/999999999").status_code == 404
    assert tmdb("not_found") == missing + 1
    total = tmdb("ok") + tmdb("not_found") - ok - missing
    assert sample("cinemate_tmdb_request_duration_seconds_count", kind="movie") == latency + total


def test_rate_cap_waits_are_counted(fake_tmdb, settings) -> None:
    settings.TMDB_MAX_RPS = 1.0
    waits = sample("cinemate_tmdb_rate_waits_total")

    async def two_calls() -> None:
        await get_json("configuration")
        await get_json("configuration")  # the cap admits one start per second: this one waits

    async_to_sync(two_calls)()
    assert sample("cinemate_tmdb_rate_waits_total") >= waits + 1
    assert sample("cinemate_tmdb_rate_wait_seconds_total") > 0


def test_rate_limit_rejections_and_blacklist_blocks(fake_tmdb, settings) -> None:
    settings.RATE_LIMIT_GENERAL_PER_MINUTE = 1
    rejected = sample("cinemate_rate_limit_rejections_total", bucket="general")
    blocks = sample("cinemate_blacklist_blocks_total")
    client = Client(REMOTE_ADDR="10.9.8.7")
    assert client.get("/movies/genres").status_code == 200
    assert client.get("/movies/genres").status_code == 429
    assert sample("cinemate_rate_limit_rejections_total", bucket="general") == rejected + 1

    async_to_sync(block_ip)("10.9.8.6", "test")
    assert Client(REMOTE_ADDR="10.9.8.6").get("/movies/genres").status_code == 403
    assert sample("cinemate_blacklist_blocks_total") == blocks + 1


def test_circuit_state_gauge_and_events_for_any_upstream() -> None:
    before = sample("cinemate_circuit_events_total", upstream="smtp", event="opened")
    record_circuit_event("smtp", "opened")
    assert sample("cinemate_circuit_events_total", upstream="smtp", event="opened") == before + 1
    set_circuit_state("smtp", "open")
    assert 'cinemate_circuit_state{upstream="smtp"} 2.0' in scrape()
    set_circuit_state("smtp", "half_open")
    assert 'cinemate_circuit_state{upstream="smtp"} 1.0' in scrape()


def test_the_tmdb_breaker_reports_its_state_and_events(fake_tmdb, settings) -> None:
    settings.TMDB_BREAKER_THRESHOLD = 2
    settings.TMDB_BREAKER_OPEN_SECONDS = 60  # still open when scraped, however slow the box
    settings.TMDB_MAX_RETRIES = 0
    tmdb_breaker.reset()
    opened = sample("cinemate_circuit_events_total", upstream="tmdb", event="opened")
    rejected = sample("cinemate_circuit_events_total", upstream="tmdb", event="rejected")
    fake_tmdb.set_faults(status=500)
    for page in (1, 2, 3, 4):
        Client().get(f"/movies/popular?page={page}")
    assert 'cinemate_circuit_state{upstream="tmdb"} 2.0' in scrape()
    assert sample("cinemate_circuit_events_total", upstream="tmdb", event="opened") == opened + 1
    assert sample("cinemate_circuit_events_total", upstream="tmdb", event="rejected") > rejected
    tmdb_breaker.reset()


def test_every_family_is_exposed() -> None:
    text = scrape()
    for family in (
        "cinemate_http_request_duration_seconds",
        "cinemate_graphql_operations_total",
        "cinemate_tmdb_requests_total",
        "cinemate_tmdb_request_duration_seconds",
        "cinemate_tmdb_rate_waits_total",
        "cinemate_tmdb_budget_exhausted_total",
        "cinemate_circuit_state",
        "cinemate_circuit_events",
        "cinemate_cache_lookups_total",
        "cinemate_rate_limit_rejections_total",
        "cinemate_blacklist_blocks_total",
        "cinemate_dependency_errors_total",
    ):
        assert f"# TYPE {family.removesuffix('_total')}" in text, family


def test_metrics_need_the_token_when_one_is_set(settings) -> None:
    settings.METRICS_TOKEN = "s3cret-scrape-token"
    anonymous = Client().get("/metrics")
    assert anonymous.status_code == 401
    assert anonymous.json()["error"]["code"] == "UNAUTHORIZED"
    assert anonymous["WWW-Authenticate"].startswith("Bearer")
    assert Client().get("/metrics", headers={"Authorization": "Bearer wrong"}).status_code == 401
    scrape("s3cret-scrape-token")


def test_metrics_are_off_in_production_without_a_token(settings) -> None:
    settings.METRICS_TOKEN = ""
    settings.PRODUCTION = True
    response = Client().get("/metrics")
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "NOT_FOUND"
    settings.PRODUCTION = False
    assert Client().get("/metrics").status_code == 200  # local mode: open, for a developer's curl
