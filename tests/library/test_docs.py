"""Swagger documents every personal endpoint: parameters, bodies, examples, errors, bearer."""

from __future__ import annotations

import pytest

from tests.helpers import NOTIFICATION_KEYS

pytestmark = pytest.mark.django_db

# 403 IP_BLOCKED is documented on every operation (rest_compat/edge_schema.py).
ENDPOINTS = {
    ("/movies/favourites", "get"): {"200", "400", "401", "403", "429", "503"},
    ("/movies/favourites", "post"): {"200", "201", "400", "401", "403", "404", "429", "503"},
    ("/movies/favourites", "delete"): {"200", "400", "401", "403", "404", "429"},
    ("/movies/recommendations", "get"): {"200", "400", "401", "403", "429", "503"},
    ("/profile", "get"): {"200", "401", "403", "429"},
    ("/profile", "post"): {"200", "400", "401", "403", "409", "429"},
    ("/profile/change-password", "post"): {"200", "400", "401", "403", "429"},
    ("/profile/history", "get"): {"200", "400", "401", "403", "429", "503"},
    ("/profile/notifications", "get"): {"200", "400", "401", "403", "429"},
    ("/profile/notifications/read", "post"): {"200", "400", "401", "403", "429"},
}


@pytest.fixture(scope="module")
def openapi(django_db_blocker) -> dict:
    from django.test import Client

    with django_db_blocker.unblock():
        response = Client().get("/api/schema", {"format": "json"})
    assert response.status_code == 200
    return response.json()


def test_every_endpoint_is_documented_with_bearer_auth_and_errors(openapi):
    assert openapi["components"]["securitySchemes"]["bearerAuth"]["scheme"] == "bearer"
    for (path, method), statuses in ENDPOINTS.items():
        operation = openapi["paths"][path][method]
        assert operation["security"] == [{"bearerAuth": []}], (path, method)
        assert set(operation["responses"]) == statuses, (path, method)
        assert operation["description"], (path, method)
        error = operation["responses"]["401"]["content"]["application/json"]
        assert error["examples"], (path, method)


def test_bodies_and_examples(openapi):
    for path, method in [
        ("/movies/favourites", "post"),
        ("/profile", "post"),
        ("/profile/change-password", "post"),
        ("/profile/notifications/read", "post"),
    ]:
        body = openapi["paths"][path][method]["requestBody"]["content"]["application/json"]
        assert body["examples"], path
        ok = openapi["paths"][path][method]["responses"]
        assert any(
            r.get("content", {}).get("application/json", {}).get("examples") for r in ok.values()
        )
    notifications = openapi["paths"]["/profile/notifications"]["get"]
    assert {p["name"] for p in notifications["parameters"]} == {"page", "limit", "unread_only"}
    remove = openapi["paths"]["/movies/favourites"]["delete"]
    assert [p["name"] for p in remove["parameters"]] == ["movie_id"]
    example = notifications["responses"]["200"]["content"]["application/json"]["examples"]
    item = next(iter(example.values()))["value"]["data"]["notifications"][0]
    assert set(item) == NOTIFICATION_KEYS
