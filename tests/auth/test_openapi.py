"""Swagger documents every auth endpoint: bodies, examples, errors and the bearer scheme."""

from __future__ import annotations

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db

BODIES = {
    "/auth/signup": {"name", "email", "password", "genres"},
    "/auth/login": {"email", "password"},
    "/auth/forgot-password": {"email"},
    "/auth/forgot-password/verify": {"otp_code"},
    "/auth/forgot-password/change": {"new_password"},
}
BEARER = {
    "/auth/refresh-token",
    "/auth/logout",
    "/auth/forgot-password/verify",
    "/auth/forgot-password/change",
}


def _resolve(schema: dict, node: dict) -> dict:
    ref = node.get("$ref")
    if ref:
        return schema["components"]["schemas"][ref.rsplit("/", 1)[1]]
    return node


def test_the_schema_documents_the_seven_auth_endpoints(client: Client) -> None:
    response = client.get("/api/schema?format=json")
    assert response.status_code == 200
    schema = response.json()
    assert schema["components"]["securitySchemes"]["bearerAuth"] == {
        "type": "http",
        "scheme": "bearer",
        "bearerFormat": "JWT",
        "description": schema["components"]["securitySchemes"]["bearerAuth"]["description"],
    }
    auth_paths = {p for p in schema["paths"] if p.startswith("/auth/")}
    assert auth_paths == set(BODIES) | BEARER
    for path in auth_paths:
        operation = schema["paths"][path]["post"]
        assert operation["tags"] == ["Authentication"], path
        assert operation.get("description"), path
        success = "201" if path == "/auth/signup" else "200"
        ok = operation["responses"][success]["content"]["application/json"]
        assert ok["examples"], path
        assert "429" in operation["responses"], path
        example_codes = {
            example["value"]["error"]["code"]
            for status, answer in operation["responses"].items()
            if not status.startswith("2")
            for example in answer["content"]["application/json"]["examples"].values()
        }
        assert "RATE_LIMITED" in example_codes and "IP_BLOCKED" in example_codes, path
        if path in BODIES:
            body = operation["requestBody"]["content"]["application/json"]
            fields = set(_resolve(schema, body["schema"])["properties"])
            assert BODIES[path] <= fields, path
            assert body["examples"], path
        else:
            assert "requestBody" not in operation, path
        security = operation.get("security", [])
        assert ({"bearerAuth": []} in security) == (path in BEARER), path
    assert "EMAIL_TAKEN" in str(schema["paths"]["/auth/signup"]["post"]["responses"]["409"])
    assert "INVALID_CREDENTIALS" in str(schema["paths"]["/auth/login"]["post"]["responses"]["401"])
