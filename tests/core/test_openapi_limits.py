"""The OpenAPI document states the limits the validators enforce, read from their one
declaration (docs/usecases.md), and its 400 examples are the validators' own answers."""

from __future__ import annotations

import pytest
from django.test import Client

from accounts.models import MaturityFilter, Platform
from accounts.validation import DEVICE_NAME_MAX, EMAIL_MAX, NAME_MAX, OTP_PATTERN
from catalog.lists import TRENDING_WINDOWS
from catalog.pagination import MAX_LIMIT, parse_window
from core.exceptions import ValidationFailed
from library.models import NotificationType

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def document(django_db_blocker) -> dict:
    with django_db_blocker.unblock():
        response = Client().get("/api/schema?format=json")
    assert response.status_code == 200
    return response.json()


def _component(document: dict, name: str) -> dict:
    return document["components"]["schemas"][name]["properties"]


def _parameter(document: dict, path: str, name: str) -> dict:
    (param,) = [p for p in document["paths"][path]["get"]["parameters"] if p["name"] == name]
    return param


def test_request_bodies_state_the_declared_limits(document: dict) -> None:
    signup = _component(document, "SignupRequestRequest")
    assert signup["name"]["maxLength"] == NAME_MAX
    assert signup["email"]["maxLength"] == EMAIL_MAX
    assert signup["device_name"]["maxLength"] == DEVICE_NAME_MAX
    assert _component(document, "VerifyOtpRequestRequest")["otp_code"]["pattern"] == OTP_PATTERN
    assert _component(document, "ProfileUpdateRequestRequest")["name"]["maxLength"] == NAME_MAX
    enums = document["components"]["schemas"]
    assert enums["PlatformEnum"]["enum"] == Platform.values
    assert enums["MaturityFilterEnum"]["enum"] == MaturityFilter.values
    assert enums["TypeEnum"]["enum"] == NotificationType.values


def test_parameters_state_the_declared_limits(document: dict) -> None:
    assert f"1 to {MAX_LIMIT}" in _parameter(document, "/movies/popular", "limit")["description"]
    window = _parameter(document, "/movies/trending", "window")["schema"]
    assert window["enum"] == list(TRENDING_WINDOWS)


def test_the_documented_400_is_the_validators_answer(document: dict) -> None:
    with pytest.raises(ValidationFailed) as raised:
        parse_window(1, MAX_LIMIT + 1)
    examples = document["paths"]["/movies/popular"]["get"]["responses"]["400"]["content"][
        "application/json"
    ]["examples"]
    assert raised.value.as_envelope() in [example["value"] for example in examples.values()]
