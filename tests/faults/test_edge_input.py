"""Hostile and malformed input is a 4xx with our codes, never a 500 (issue #9: 5 and 6)."""

from __future__ import annotations

from typing import Any

import orjson
import pytest

from accounts.blacklist import block_ip
from backend.asgi_handler import PooledThreadsASGIHandler
from tests.auth.helpers import IpClient, error_code, signup

pytestmark = pytest.mark.django_db(transaction=True)

LOGIN = "mutation($input: LoginInput!) { login(input: $input) { token } }"


def gql_code(response: Any) -> str:
    body = response.json()
    assert set(body) >= {"errors"} and "success" not in body, body
    return body["errors"][0]["extensions"]["code"]


async def post_raw(client: IpClient, path: str, body: bytes, **headers: str) -> Any:
    return await client.post(path, body, content_type="application/json", headers=headers)


@pytest.mark.parametrize("field", ["email", "name", "password", "device_name"])
async def test_a_nul_character_in_a_signup_field_is_a_400_naming_it(field: str) -> None:
    body = {"name": "Joe", "email": "joe@example.com", "password": "correct-Horse-battery-7"}
    body[field] = body.get(field, "phone") + "\x00x"
    response = await IpClient().post_json("/auth/signup", body)
    assert response.status_code == 400
    assert error_code(response) == "VALIDATION_ERROR"
    assert field in response.json()["error"]["details"]


async def test_a_nul_character_in_login_and_profile_fields_is_a_400() -> None:
    client = IpClient()
    token = (await signup(client))["auth_token"]
    login = await client.post_json(
        "/auth/login", {"email": "joe@example.com\x00", "password": "x", "device_name": "a"}
    )
    assert login.status_code == 400 and "email" in login.json()["error"]["details"]
    profile = await client.post_json("/profile", {"name": "Jo\x00e"}, token=token)
    assert profile.status_code == 400 and "name" in profile.json()["error"]["details"]
    assert (await client.get_auth("/profile", token)).json()["data"]["user"]["name"] == "Joe Doe"


async def test_a_nul_character_in_graphql_variables_or_literals_is_a_validation_error() -> None:
    client = IpClient()
    variables = {"input": {"email": "a\x00@example.com", "password": "x", "deviceName": "d"}}
    response = await client.post_json("/graphql", {"query": LOGIN, "variables": variables})
    assert response.status_code == 400
    assert gql_code(response) == "VALIDATION_ERROR"
    assert "variables.input.email" in response.json()["errors"][0]["extensions"]["details"]
    literal = 'mutation { login(input: {email: "a\\u0000@x.org", password: "x"}) { token } }'
    response = await client.post_json("/graphql", {"query": literal})
    assert response.status_code == 400 and gql_code(response) == "VALIDATION_ERROR"


@pytest.mark.parametrize("body", [b"null", b'"x"', b"123", b"[]", b"[{}]", b"{", b"\xff"])
async def test_graphql_bodies_that_are_not_a_json_object_are_400_in_the_graphql_shape(
    body: bytes,
) -> None:
    response = await post_raw(IpClient(), "/graphql", body)
    assert response.status_code == 400
    assert gql_code(response) == "VALIDATION_ERROR"


async def test_deeply_nested_json_is_a_400_on_graphql_and_rest() -> None:
    deep = b'{"query": "{ genres { id } }", "variables": {"a": ' + b"[" * 1000 + b"]" * 1000 + b"}}"
    response = await post_raw(IpClient(), "/graphql", deep)
    assert response.status_code == 400 and gql_code(response) == "VALIDATION_ERROR"
    rest = await post_raw(IpClient(), "/auth/login", b'{"email": ' + b"[" * 500 + b"]" * 500 + b"}")
    assert rest.status_code == 400 and error_code(rest) == "VALIDATION_ERROR"


async def test_bodies_over_the_limit_are_413_in_each_shape() -> None:
    client = IpClient()
    token = (await signup(client))["auth_token"]
    big = b'{"query": "' + b" " * (3 * 1024 * 1024) + b'{ genres { id } }"}'
    graphql = await post_raw(client, "/graphql", big)
    assert graphql.status_code == 413 and gql_code(graphql) == "PAYLOAD_TOO_LARGE"
    ten_mb = b'{"name": "' + b"x" * (10 * 1024 * 1024) + b'"}'
    profile = await post_raw(client, "/profile", ten_mb, Authorization=f"Bearer {token}")
    assert profile.status_code == 413 and error_code(profile) == "PAYLOAD_TOO_LARGE"
    login = await post_raw(client, "/auth/login", ten_mb)
    assert login.status_code == 413 and error_code(login) == "PAYLOAD_TOO_LARGE"
    assert login.json()["error"]["details"]["limit_bytes"] == 16 * 1024


async def test_a_chunked_body_is_cut_off_at_the_limit_under_asgi() -> None:
    """No Content-Length: the handler stops reading at the limit and answers 413."""
    chunks = [b"x" * 8192] * 64  # 512 KiB, far over the auth limit
    received: list[int] = []
    sent: list[dict[str, Any]] = []

    async def receive() -> dict[str, Any]:
        received.append(1)
        return {"type": "http.request", "body": chunks[0], "more_body": True}

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "POST",
        "scheme": "http",
        "path": "/auth/login",
        "raw_path": b"/auth/login",
        "query_string": b"",
        "root_path": "",
        "headers": [(b"host", b"127.0.0.1"), (b"content-type", b"application/json")],
        "client": ("127.0.0.1", 5000),
        "server": ("127.0.0.1", 8000),
    }
    await PooledThreadsASGIHandler()(scope, receive, send)
    assert sent[0]["status"] == 413
    assert orjson.loads(sent[1]["body"])["error"]["code"] == "PAYLOAD_TOO_LARGE"
    assert len(received) <= 3  # 16 KiB: the third chunk crosses it, nothing more is read


@pytest.mark.parametrize("path", ["/admin/login/", "/movies/genres", "/graphql"])
async def test_a_foreign_host_is_a_400(path: str) -> None:
    response = await IpClient().get(path, headers={"Host": "evil.example.com"})
    assert response.status_code == 400


async def test_request_guards_answer_graphql_in_the_graphql_shape() -> None:
    await block_ip("203.0.113.99", "test")
    response = await IpClient("203.0.113.99").post_json("/graphql", {"query": "{ genres { id } }"})
    assert response.status_code == 403
    assert gql_code(response) == "IP_BLOCKED"
    assert "blocked_until" in response.json()["errors"][0]["extensions"]["details"]


async def test_graphql_refusals_of_strawberry_itself_are_in_the_graphql_shape() -> None:
    client = IpClient()
    put = await client.put("/graphql", b"{}", content_type="application/json")
    assert put.status_code == 405 and gql_code(put) == "METHOD_NOT_ALLOWED"
    no_query = await client.post_json("/graphql", {"variables": {}})
    assert no_query.status_code == 400 and gql_code(no_query) == "VALIDATION_ERROR"
    wrong_vars = await client.post_json("/graphql", {"query": LOGIN, "variables": [1]})
    assert wrong_vars.status_code == 400 and gql_code(wrong_vars) == "VALIDATION_ERROR"
