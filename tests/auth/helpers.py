"""Small helpers shared by the auth tests."""

from __future__ import annotations

import re
import time
from email.message import Message
from typing import Any

import jwt
from django.conf import settings
from django.test import AsyncClient

STRONG_PASSWORD = "correct-Horse-battery-7"
NEW_PASSWORD = "another-Stapler-lamp-9"


class IpClient(AsyncClient):
    """Django's async test client, speaking from a chosen peer address (scope["client"])."""

    def __init__(self, ip: str = "203.0.113.10", **defaults: Any) -> None:
        super().__init__(**defaults)
        self.ip = ip

    def _base_scope(self, **request: Any) -> dict[str, Any]:
        scope = super()._base_scope(**request)
        scope["client"] = [self.ip, 40000]
        return scope

    async def post_json(
        self, path: str, body: Any = None, token: str | None = None, **headers: str
    ) -> Any:
        if token is not None:
            headers["Authorization"] = f"Bearer {token}"
        return await self.post(
            path, body if body is not None else {}, content_type="application/json", headers=headers
        )

    async def get_auth(self, path: str, token: str | None = None, **headers: str) -> Any:
        if token is not None:
            headers["Authorization"] = f"Bearer {token}"
        return await self.get(path, headers=headers)


def claims(token: str) -> dict[str, Any]:
    """A token's payload, read without verifying (to inspect or re-sign it)."""
    return jwt.decode(token, options={"verify_signature": False})


def resign(token: str, key: str | None = None, algorithm: str = "HS256", **changes: Any) -> str:
    """The same token with some claims changed (None removes), signed with ``key``."""
    payload = claims(token)
    for name, value in changes.items():
        if value is None:
            payload.pop(name, None)
        else:
            payload[name] = value
    return jwt.encode(payload, key or settings.JWT_SIGNING_KEY, algorithm=algorithm)


def expired(token: str) -> str:
    now = int(time.time())
    return resign(token, iat=now - 3600, exp=now - 60)


async def signup(
    client: IpClient, email: str = "joe@example.com", password: str = STRONG_PASSWORD, **extra: Any
) -> dict[str, Any]:
    response = await client.post_json(
        "/auth/signup", {"name": "Joe Doe", "email": email, "password": password, **extra}
    )
    assert response.status_code == 201, response.content
    return response.json()["data"]


async def login(
    client: IpClient, email: str = "joe@example.com", password: str = STRONG_PASSWORD, **extra: Any
) -> Any:
    return await client.post_json("/auth/login", {"email": email, "password": password, **extra})


def error_code(response: Any) -> str:
    body = response.json()
    assert body["success"] is False
    return body["error"]["code"]


def parts(message: Message) -> dict[str, str]:
    """content type -> decoded body of each part of a (multipart) mail."""
    found: dict[str, str] = {}
    for part in message.walk():
        if part.get_content_maintype() == "multipart":
            continue
        payload = part.get_payload(decode=True)
        found[part.get_content_type()] = payload.decode(part.get_content_charset() or "utf-8")
    return found


def otp_in(message: Message) -> str:
    match = re.search(r"\b(\d{6})\b", parts(message)["text/plain"])
    assert match, "no 6-digit code in the mail"
    return match.group(1)
