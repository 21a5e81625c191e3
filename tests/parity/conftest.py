"""Fixtures of the parity harness: the shared starting point (a signed-in user) and settings
that keep limits out of the measurements' way."""

from __future__ import annotations

import uuid
from typing import Any

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.test import Client

from tests.parity.harness import World

PASSWORD = "Sturdy-Passphrase-42"
GENRES = ("28", "35")  # Action, Comedy


@pytest.fixture
def roomy_limits(settings: Any) -> None:
    """Rate limits and the TMDb request-rate cap are tested on their own; here they would only
    make a run of many calls from one IP wait or fail."""
    settings.RATE_LIMIT_AUTH_PER_MINUTE = 10_000
    settings.RATE_LIMIT_SEARCH_PER_MINUTE = 10_000
    settings.RATE_LIMIT_GENERAL_PER_MINUTE = 10_000
    settings.TMDB_MAX_RPS = 10_000.0
    settings.RESET_REQUEST_MIN_SECONDS = 0.0


@pytest.fixture
def world(db: None, roomy_limits: None, fake_tmdb: Any) -> World:
    """A user with two favourite genres, signed in through the real login endpoint."""
    email = f"parity-{uuid.uuid4().hex[:12]}@example.com"  # unique: see state._wait_for_otp
    user = get_user_model().objects.create_user(email=email, password=PASSWORD, name="Par Ity")
    user_genre = apps.get_model("accounts", "UserGenre")
    user_genre.objects.bulk_create(user_genre(user=user, genre_id=g) for g in GENRES)
    client = Client()
    response = client.post(
        "/auth/login",
        {"email": email, "password": PASSWORD},
        content_type="application/json",
    )
    assert response.status_code == 200, response.content
    token = response.json()["data"]["auth_token"]
    return World(client=client, user=user, email=email, password=PASSWORD, token=token)
