"""GraphQL fuzz: malformed bodies, wrong variable types, NUL characters, huge strings and random
documents against /graphql, signed in and not. Whatever comes in, the answer is never a 5xx and
always the GraphQL shape (issue #9: "no client input ever produces a 500")."""

from __future__ import annotations

import json
from typing import Any

import orjson
import pytest
from django.test import Client
from hypothesis import HealthCheck, given
from hypothesis import settings as hsettings
from hypothesis import strategies as st

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]

OPERATIONS = [
    "mutation($input: LoginInput!) { login(input: $input) { token } }",
    "mutation($input: SignupInput!) { signup(input: $input) { token } }",
    "mutation($input: ProfileInput!) { updateProfile(input: $input) { name } }",
    "mutation($id: ID!) { addFavourite(movieId: $id) { added } }",
    "mutation($ids: [ID!]!) { markNotificationsRead(ids: $ids) { updated } }",
    "query($q: String!, $page: Int!, $limit: Int!) { search(q: $q, page: $page, limit: $limit) "
    "{ movies { id } } }",
    "query($id: ID!) { title(id: $id) { ... on Movie { id title } } }",
    "query($page: Int!, $limit: Int!) { popular(page: $page, limit: $limit) { movies { id } } }",
    "{ me { profile { email } favourites { movies { id } } } }",
    "{ genres { id name } }",
]

HUGE = "x" * 200_000
NASTY = st.sampled_from(
    [
        "",
        "\x00",
        "a\x00b",
        HUGE,
        "\ud7ff",
        "'; DROP TABLE users; --",
        "tv-",
        "tv-0",
        "-1",
        "99999999999999999999",
        "\n",
        "{}",
        "[]",
        "é" * 1000,
    ]
)
SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(allow_nan=False, allow_infinity=False),
    st.text(max_size=40),
    NASTY,
)
JSON = st.recursive(
    SCALARS,
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4)
    ),
    max_leaves=12,
)
VARIABLE_NAMES = st.sampled_from(["input", "id", "ids", "q", "page", "limit", "email", "x"])
FIELD_NAMES = st.sampled_from(
    [
        "email",
        "password",
        "name",
        "genres",
        "deviceName",
        "platform",
        "maturityFilter",
        "preferredLanguage",
        "bogus",
    ]
)
INPUT_OBJECTS = st.dictionaries(FIELD_NAMES, JSON, max_size=6)
VARIABLES = st.one_of(
    st.dictionaries(VARIABLE_NAMES, st.one_of(JSON, INPUT_OBJECTS), max_size=4), JSON
)
DOCUMENTS = st.one_of(st.sampled_from(OPERATIONS), st.text(max_size=200), NASTY)
BODIES = st.one_of(
    st.builds(
        lambda query, variables, name: {
            "query": query,
            "variables": variables,
            "operationName": name,
        },
        DOCUMENTS,
        VARIABLES,
        st.one_of(st.none(), st.text(max_size=10), st.integers()),
    ),
    JSON,
)


@pytest.fixture
def fuzz_client(settings: Any, fake_tmdb: Any) -> tuple[Client, str]:
    settings.RATE_LIMIT_ENABLED = False
    settings.BLACKLIST_THRESHOLD = 1_000_000
    client = Client()
    signup = client.post(
        "/auth/signup",
        {"name": "Fuzz Er", "email": "fuzz@example.com", "password": "correct-Horse-battery-7"},
        content_type="application/json",
    )
    assert signup.status_code == 201
    return client, signup.json()["data"]["auth_token"]


def _check(response: Any) -> None:
    assert response.status_code < 500, response.content[:500]
    body = orjson.loads(response.content)
    assert "success" not in body, body  # the GraphQL shape, never the REST envelope
    for error in body.get("errors") or ():
        assert error["extensions"]["code"] != "INTERNAL_ERROR", error


@hsettings(
    max_examples=120,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(body=BODIES, signed_in=st.booleans())
def test_structured_graphql_bodies_never_get_a_server_error(
    fuzz_client: tuple[Client, str], body: Any, signed_in: bool
) -> None:
    client, token = fuzz_client
    headers = {"Authorization": f"Bearer {token}"} if signed_in else {}
    _check(
        client.post(
            "/graphql", json.dumps(body).encode(), content_type="application/json", headers=headers
        )
    )


@hsettings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    raw=st.one_of(
        st.binary(max_size=300),
        st.builds(lambda depth: b"[" * depth + b"]" * depth, st.integers(0, 5000)),
        st.builds(lambda n: b'{"query": "' + b"{" * n + b'"}', st.integers(0, 3000)),
    ),
    content_type=st.sampled_from(
        [
            "application/json",
            "text/plain",
            "application/graphql",
            "multipart/form-data; boundary=x",
            "",
        ]
    ),
)
def test_raw_graphql_bodies_never_get_a_server_error(
    fuzz_client: tuple[Client, str], raw: bytes, content_type: str
) -> None:
    client, _ = fuzz_client
    _check(client.post("/graphql", raw, content_type=content_type))


@hsettings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    query=DOCUMENTS,
    variables=st.one_of(
        st.none(), st.text(max_size=50), JSON.map(lambda value: json.dumps(value).encode())
    ),
)
def test_graphql_over_get_never_gets_a_server_error(
    fuzz_client: tuple[Client, str], query: str, variables: Any
) -> None:
    client, _ = fuzz_client
    params = {"query": query}
    if variables is not None:
        params["variables"] = variables if isinstance(variables, str) else variables.decode()
    _check(client.get("/graphql", params, headers={"Accept": "application/json"}))
