"""The auth views run on the same REST pipeline as every other view (rest_compat.base.ApiView)
and keep the answers they gave on DRF's dispatch: the body must be JSON, every answer says
``Allow: POST, OPTIONS``, OPTIONS describes the view, a wrong method is DRF's 405 wording."""

from __future__ import annotations

import logging

import pytest

from rest_compat.auth import LoginView
from tests.auth.helpers import IpClient

pytestmark = pytest.mark.django_db(transaction=True)


def _error(response, status: int, code: str) -> dict:
    assert response.status_code == status
    assert response["Content-Type"] == "application/json"
    assert response["Allow"] == "POST, OPTIONS"
    body = response.json()
    assert body["success"] is False and body["error"]["code"] == code
    return body["error"]


async def test_a_body_that_is_not_json_is_a_validation_error(api: IpClient) -> None:
    text = await api.post("/auth/login", "hello", content_type="text/plain")
    assert _error(text, 400, "VALIDATION_ERROR")["message"] == (
        'Unsupported media type "text/plain" in request.'
    )
    form = await api.post("/auth/login", {"email": "a@b.c"})  # multipart form
    assert _error(form, 400, "VALIDATION_ERROR")["message"].startswith(
        'Unsupported media type "multipart/form-data'
    )
    bad = await api.post("/auth/login", b"{bad", content_type="application/json")
    assert _error(bad, 400, "VALIDATION_ERROR")["message"].startswith("Malformed JSON: ")
    array = await api.post("/auth/login", b"[1, 2]", content_type="application/json")
    assert _error(array, 400, "VALIDATION_ERROR")["message"] == (
        "The request body must be a JSON object"
    )


async def test_no_body_is_an_empty_object(api: IpClient) -> None:
    response = await api.post("/auth/login", b"", content_type="application/json")
    assert _error(response, 400, "VALIDATION_ERROR")["details"] == {
        "email": ["This field is required."],
        "password": ["This field is required."],
    }


async def test_a_wrong_method_is_a_405_naming_it(api: IpClient) -> None:
    response = await api.get("/auth/login")
    assert _error(response, 405, "METHOD_NOT_ALLOWED")["message"] == 'Method "GET" not allowed.'
    put = await api.put("/auth/signup", b"{}", content_type="application/json")
    assert _error(put, 405, "METHOD_NOT_ALLOWED")["message"] == 'Method "PUT" not allowed.'


async def test_options_describes_the_view(api: IpClient) -> None:
    response = await api.options("/auth/forgot-password/verify")
    assert response.status_code == 200
    assert response["Allow"] == "POST, OPTIONS"
    assert response.json() == {
        "name": "Verify Otp",
        "description": "",
        "renders": ["application/json"],
        "parses": ["application/json"],
    }


async def test_the_accept_header_is_not_negotiated(api: IpClient) -> None:
    """DRF answered 500 to ``Accept: text/html`` (no renderer for it); the envelope is JSON
    whatever the client accepts, as on every other view."""
    response = await api.post_json("/auth/logout", {}, Accept="text/html")
    assert _error(response, 401, "UNAUTHORIZED")["message"] == (
        "Send the access token as 'Authorization: Bearer <token>'"
    )


async def test_an_unexpected_failure_is_a_logged_500_envelope(
    api: IpClient, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    async def boom(self, request):
        raise RuntimeError("secret internals")

    monkeypatch.setattr(LoginView, "post", boom)
    with caplog.at_level(logging.ERROR, logger="cinemate.errors"):
        response = await api.post_json("/auth/login", {})
    error = _error(response, 500, "INTERNAL_ERROR")
    assert "secret" not in response.content.decode() and error["details"] == {}
    assert any("unhandled error on POST /auth/login" in r.getMessage() for r in caplog.records)
