"""Every error reaches the client as the contract's envelope, never as a page or a trace."""

from __future__ import annotations

import logging

import pytest
from django.test import Client


def _assert_envelope(response, status: int, code: str) -> dict:
    assert response.status_code == status
    assert response["Content-Type"].startswith("application/json")
    body = response.json()
    assert body["success"] is False
    assert body["error"]["code"] == code
    assert isinstance(body["error"]["message"], str) and body["error"]["message"]
    assert isinstance(body["error"]["details"], dict)
    return body


def test_unknown_route_is_a_404_envelope(client: Client) -> None:
    _assert_envelope(client.get("/no/such/route"), 404, "NOT_FOUND")


def test_wrong_method_is_a_405_envelope(client: Client) -> None:
    response = client.post("/system/health")
    _assert_envelope(response, 405, "METHOD_NOT_ALLOWED")
    assert response["Allow"] == "GET, HEAD"


@pytest.mark.urls("tests.core.urls_boom")
def test_unhandled_exception_is_a_500_envelope_without_internals(caplog) -> None:
    client = Client(raise_request_exception=False)
    with caplog.at_level(logging.ERROR, logger="cinemate.errors"):
        response = client.get("/boom", HTTP_X_REQUEST_ID="req-123")
    body = _assert_envelope(response, 500, "INTERNAL_ERROR")
    assert "hunter2" not in response.content.decode()
    assert "Traceback" not in response.content.decode()
    assert body["error"]["details"] == {}
    # The operator sees the failure, tied to the request id the client got back.
    assert response["X-Request-ID"] == "req-123"
    assert any(
        "unhandled error" in r.getMessage() and r.request_id == "req-123" for r in caplog.records
    )


def test_every_response_carries_a_request_id(client: Client) -> None:
    response = client.get("/no/such/route")
    assert len(response["X-Request-ID"]) == 32
    spoofed = client.get("/no/such/route", HTTP_X_REQUEST_ID="bad id with spaces\n")
    assert spoofed["X-Request-ID"] != "bad id with spaces\n"


def test_openapi_schema_and_swagger_ui_are_served_offline(client: Client) -> None:
    schema = client.get("/api/schema", {"format": "json"})
    assert schema.status_code == 200
    assert schema.json()["info"]["version"] == "1.0.0"
    docs = client.get("/api/docs")
    assert docs.status_code == 200
    page = docs.content.decode()
    # Swagger UI comes from drf-spectacular-sidecar's static files, never from a CDN.
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js" in page
    assert "cdn." not in page and "unpkg" not in page
