"""The document states every limit the code enforces, and the code refuses (never truncates)
what the document says is out of bounds."""

from __future__ import annotations

import pytest
from django.test import Client

from accounts.models import LoginSession
from tests.auth.helpers import STRONG_PASSWORD, IpClient, error_code, login, signup

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def document(db) -> dict:
    return Client().get("/api/schema", {"format": "json"}).json()


def _param(document: dict, path: str, name: str) -> dict:
    for parameter in document["paths"][path]["get"]["parameters"]:
        if parameter["name"] == name:
            return parameter["schema"]
    raise AssertionError(f"{path} has no parameter {name}")


def test_the_document_states_the_pagination_and_search_limits(document: dict) -> None:
    for path in ("/movies/popular", "/movies/search", "/profile/history"):
        assert _param(document, path, "page").items() >= {"minimum": 1, "maximum": 10**6}.items()
        assert _param(document, path, "limit").items() >= {"minimum": 1, "maximum": 50}.items()
    q = _param(document, "/movies/search", "q")
    assert (q["minLength"], q["maxLength"]) == (1, 100)


def test_the_document_states_the_body_limits(document: dict) -> None:
    schemas = document["components"]["schemas"]
    login_body = schemas["LoginRequestRequest"]["properties"]
    assert login_body["device_name"]["maxLength"] == 255
    signup_body = schemas["SignupRequestRequest"]["properties"]
    assert signup_body["name"]["maxLength"] == 100 and signup_body["password"]["minLength"] == 8


def test_the_document_has_the_health_endpoint_and_the_edge_answers(document: dict) -> None:
    health = document["paths"]["/system/health"]["get"]
    assert {"200", "503"} <= set(health["responses"])
    for path, item in document["paths"].items():
        for method, operation in item.items():
            assert "403" in operation["responses"], (method, path)  # IP_BLOCKED, everywhere
            if path != "/system/health":
                limited = operation["responses"]["429"]
                assert "Retry-After" in limited["headers"], (method, path)


async def test_a_device_name_over_255_characters_is_refused_not_cut(genres) -> None:
    client = IpClient("198.51.100.160")
    await signup(client)
    too_long = await login(client, device_name="d" * 256)
    assert too_long.status_code == 400 and error_code(too_long) == "VALIDATION_ERROR"
    assert "device_name" in too_long.json()["error"]["details"]
    assert await LoginSession.objects.acount() == 1  # the signup's session only
    fits = await login(client, device_name="d" * 255)
    assert fits.status_code == 200
    assert await LoginSession.objects.filter(device_name="d" * 255).aexists()


async def test_graphql_login_refuses_a_long_device_name_too(genres) -> None:
    client = IpClient("198.51.100.161")
    await signup(client)
    query = (
        'mutation ($d: String) { login(input: {email: "joe@example.com", '
        f'password: "{STRONG_PASSWORD}", deviceName: $d}}) {{ authToken }} }}'
    )
    response = await client.post_json("/graphql", {"query": query, "variables": {"d": "x" * 256}})
    assert response.json()["errors"][0]["extensions"]["code"] == "VALIDATION_ERROR"


async def test_an_invalid_platform_header_is_refused_even_beside_a_body_platform(genres) -> None:
    client = IpClient("198.51.100.162")
    await signup(client)
    response = await client.post_json(
        "/auth/login",
        {"email": "joe@example.com", "password": STRONG_PASSWORD, "platform": "web"},
        **{"X-Platform": "toaster"},
    )
    assert response.status_code == 400 and "X-Platform" in response.json()["error"]["details"]


@pytest.mark.parametrize("value", ["-5", "-1", "0", "51"])
async def test_an_out_of_range_limit_says_the_range(value: str, fake_tmdb) -> None:
    response = await IpClient("198.51.100.163").get(f"/movies/popular?limit={value}")
    assert response.status_code == 400
    assert response.json()["error"]["details"] == {"limit": "must be between 1 and 50"}


async def test_a_negative_page_says_the_range(fake_tmdb) -> None:
    response = await IpClient("198.51.100.164").get("/movies/popular?page=-2")
    assert response.json()["error"]["details"] == {"page": "must be between 1 and 1000000"}


async def test_q_is_at_most_100_characters_as_sent(fake_tmdb) -> None:
    client = IpClient("198.51.100.165")
    spaced = "a" + " " * 99 + "b"  # 101 characters, 3 once spaces collapse
    response = await client.get("/movies/search", {"q": spaced})
    assert response.status_code == 400 and error_code(response) == "VALIDATION_ERROR"
    assert (await client.get("/movies/search", {"q": "a" * 100})).status_code == 200


async def test_title_ids_have_at_most_nine_digits(fake_tmdb) -> None:
    client = IpClient("198.51.100.166")
    assert (await client.get("/movies/1000000000")).status_code == 404
    token = (await signup(client, email="ids@example.com"))["auth_token"]
    response = await client.post_json("/movies/favourites", {"movie_id": "1000000000"}, token)
    assert response.status_code == 400 and error_code(response) == "VALIDATION_ERROR"


async def test_genres_with_an_invalid_token_is_401_as_the_docs_say(genres) -> None:
    client = IpClient("198.51.100.167")
    bad = await client.get_auth("/movies/genres", "not-a-token")
    assert bad.status_code == 401 and error_code(bad) == "UNAUTHORIZED"
    assert (await client.get("/movies/genres")).status_code == 200
    token = (await signup(client, email="g@example.com"))["auth_token"]
    assert (await client.get_auth("/movies/genres", token)).status_code == 200
    graphql = await client.post_json("/graphql", {"query": "{ genres { id } }"}, "not-a-token")
    assert graphql.json()["errors"][0]["extensions"]["code"] == "UNAUTHORIZED"
