"""CORS for browser frontends on other origins, and the security headers on every response."""

from __future__ import annotations

import pytest

from accounts.models import User
from tests.auth.helpers import IpClient

pytestmark = pytest.mark.django_db(transaction=True)

FRONTEND = "https://app.example.com"


@pytest.fixture
def cors_origin(settings) -> str:
    settings.CORS_ALLOWED_ORIGINS = [FRONTEND]
    return FRONTEND


def _preflight(client: IpClient, path: str, origin: str):
    return client.options(
        path,
        headers={
            "Origin": origin,
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "authorization, content-type",
        },
    )


@pytest.mark.parametrize("path", ["/graphql", "/auth/login", "/movies/popular"])
async def test_a_preflight_from_an_allowed_origin_succeeds(cors_origin: str, path: str) -> None:
    response = await _preflight(IpClient("192.0.2.200"), path, cors_origin)
    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] == FRONTEND
    allowed = {h.strip() for h in response["Access-Control-Allow-Headers"].split(",")}
    assert {"authorization", "content-type"} <= allowed
    assert "POST" in response["Access-Control-Allow-Methods"]
    assert "Access-Control-Allow-Credentials" not in response  # bearer tokens, no cookies


async def test_a_preflight_from_another_origin_gets_no_cors_header(cors_origin: str) -> None:
    response = await _preflight(IpClient("192.0.2.201"), "/graphql", "https://evil.example")
    assert "Access-Control-Allow-Origin" not in response
    assert "Access-Control-Allow-Headers" not in response


async def test_no_origin_is_allowed_by_default() -> None:
    response = await _preflight(IpClient("192.0.2.202"), "/graphql", FRONTEND)
    assert "Access-Control-Allow-Origin" not in response


async def test_preflights_are_not_counted_by_the_rate_limit(cors_origin: str, settings) -> None:
    settings.RATE_LIMIT_AUTH_PER_MINUTE = 2
    client = IpClient("192.0.2.203")
    for _ in range(5):
        assert (await _preflight(client, "/auth/login", cors_origin)).status_code == 200
    answers = [
        await client.post_json("/auth/login", {"email": "a@example.com", "password": "x"})
        for _ in range(3)
    ]
    assert [r.status_code for r in answers] == [401, 401, 429]


async def test_actual_answers_and_their_errors_are_readable_cross_origin(
    cors_origin: str, settings
) -> None:
    settings.RATE_LIMIT_AUTH_PER_MINUTE = 1
    client = IpClient("192.0.2.204")
    ok = await client.post(
        "/graphql",
        {"query": "{ __typename }"},
        content_type="application/json",
        headers={"Origin": FRONTEND},
    )
    assert ok.status_code == 200 and ok["Access-Control-Allow-Origin"] == FRONTEND
    exposed = {h.strip().lower() for h in ok["Access-Control-Expose-Headers"].split(",")}
    assert {"retry-after", "x-request-id"} <= exposed
    body = {"email": "a@example.com", "password": "x"}
    await client.post_json("/auth/login", body, Origin=FRONTEND)
    limited = await client.post_json("/auth/login", body, Origin=FRONTEND)
    assert limited.status_code == 429
    assert limited["Access-Control-Allow-Origin"] == FRONTEND  # the browser can read the 429


async def test_the_admin_is_not_open_to_cross_origin_calls(cors_origin: str) -> None:
    response = await _preflight(IpClient("192.0.2.205"), "/admin/login/", cors_origin)
    assert "Access-Control-Allow-Origin" not in response


SECURITY_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
    "Cross-Origin-Opener-Policy": "same-origin",
}


@pytest.mark.parametrize(
    "path",
    ["/movies/genres", "/graphql?query=%7B__typename%7D", "/system/health", "/no/such/path"],
)
async def test_api_responses_carry_the_security_headers(settings, path: str) -> None:
    assert settings.PRODUCTION  # the test settings are the production shape
    response = await IpClient("192.0.2.206").get(path)
    for name, value in SECURITY_HEADERS.items():
        assert response[name] == value, (path, name)
    assert "Strict-Transport-Security" not in response  # plain HTTP: HSTS means nothing


async def test_admin_pages_carry_the_security_headers_and_cannot_be_framed() -> None:
    response = await IpClient("192.0.2.207").get("/admin/login/")
    assert response.status_code == 200
    for name, value in SECURITY_HEADERS.items():
        assert response[name] == value, name


async def test_hsts_is_sent_over_https_behind_a_trusted_tls_proxy(settings) -> None:
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    client = IpClient("192.0.2.208")
    secure = await client.get("/system/health", headers={"X-Forwarded-Proto": "https"})
    assert secure["Strict-Transport-Security"] == f"max-age={settings.SECURE_HSTS_SECONDS}"
    assert settings.SECURE_HSTS_SECONDS >= 31_536_000
    plain = await client.get("/system/health")
    assert "Strict-Transport-Security" not in plain


async def test_ssl_redirect_spares_the_health_probe(settings) -> None:
    settings.SECURE_SSL_REDIRECT = True
    client = IpClient("192.0.2.209")
    redirected = await client.get("/movies/genres")
    assert redirected.status_code == 301
    assert redirected["Location"].startswith("https://")
    assert (await client.get("/system/health")).status_code in (200, 503)


def test_sync_stack_sets_the_same_headers(client) -> None:
    """WSGI (and the sync test client) goes through the same middleware."""
    User.objects.count()  # the database is reachable in this test
    response = client.get("/admin/login/")
    for name, value in SECURITY_HEADERS.items():
        assert response[name] == value, name
