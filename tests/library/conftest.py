"""Fixtures of the personal side: signed-in users (real sessions and tokens) and a client
that speaks for one of them."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from accounts.models import LoginSession, User, UserGenre
from accounts.services import new_refresh_secret
from accounts.tokens import issue_access_token


@dataclass
class Member:
    """A signed-in user and a test client sending their bearer token."""

    user: User
    token: str
    client: Client

    @property
    def auth(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}"}

    def get(self, path: str, **params: Any) -> Any:
        return self.client.get(path, params, headers=self.auth)

    def post(self, path: str, body: Any = None) -> Any:
        return self.client.post(
            path, json.dumps(body or {}), content_type="application/json", headers=self.auth
        )

    def delete(self, path: str) -> Any:
        return self.client.delete(path, headers=self.auth)

    def gql(self, query: str, variables: dict[str, Any] | None = None) -> dict[str, Any]:
        response = self.client.post(
            "/graphql",
            json.dumps({"query": query, "variables": variables or {}}),
            content_type="application/json",
            headers=self.auth,
        )
        assert response.status_code == 200, response.content
        return response.json()


def open_session(user: User) -> str:
    secret, digest = new_refresh_secret()
    session = LoginSession.objects.create(
        user=user,
        ip_address="127.0.0.1",
        refresh_token=digest,
        refresh_token_expires_at=timezone.now() + dt.timedelta(days=30),
    )
    return issue_access_token(user.id, session.id, secret)


@pytest.fixture
def make_member(db: None) -> Callable[..., Member]:
    counter = {"n": 0}

    def make(
        *,
        email: str | None = None,
        password: str = "Sturdy-Passphrase-42",  # noqa: S107
        maturity: str = "all",
        language: str = "en",
        genres: tuple[str, ...] = (),
    ) -> Member:
        counter["n"] += 1
        user = User.objects.create_user(
            email=email or f"member{counter['n']}@example.com",
            password=password,
            name=f"Member {counter['n']}",
            maturity_filter=maturity,
            preferred_language=language,
        )
        UserGenre.objects.bulk_create(UserGenre(user=user, genre_id=g) for g in genres)
        return Member(user, open_session(user), Client())

    return make


@pytest.fixture
def member(make_member: Callable[..., Member]) -> Member:
    return make_member()


def gql_data(result: dict[str, Any]) -> dict[str, Any]:
    assert not result.get("errors"), result.get("errors")
    return result["data"]


def gql_code(result: dict[str, Any]) -> str:
    return result["errors"][0]["extensions"]["code"]
