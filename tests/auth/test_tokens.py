"""Bearer tokens: who they resolve to, and every forged or misused token refused."""

from __future__ import annotations

import base64
import json

import pytest

from accounts.models import LoginSession, User
from accounts.sessions import invalidate_user_sessions_cache, invalidate_viewer_cache
from tests.auth.helpers import IpClient, claims, error_code, expired, resign, signup

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.urls("tests.auth.urls")]


def _b64(data: dict) -> str:
    return base64.urlsafe_b64encode(json.dumps(data).encode()).rstrip(b"=").decode()


async def _whoami(client: IpClient, token: str | None, **headers: str):
    return await client.get_auth("/test/whoami", token, **headers)


async def test_no_header_is_anonymous_and_a_valid_token_is_the_user() -> None:
    client = IpClient()
    anonymous = await _whoami(client, None)
    assert anonymous.status_code == 401 and error_code(anonymous) == "UNAUTHORIZED"
    data = await signup(client)
    me = await _whoami(client, data["auth_token"])
    assert me.status_code == 200
    assert me.json()["data"] == {
        "user_id": data["user"]["id"],
        "session_id": claims(data["auth_token"])["session_id"],
        "language": "en",
        "maturity": "all",
    }


@pytest.mark.filterwarnings("ignore::jwt.warnings.InsecureKeyLengthWarning")
async def test_forged_and_misused_tokens_are_refused() -> None:
    client = IpClient()
    token = (await signup(client))["auth_token"]
    payload = claims(token)
    alg_none = f"{_b64({'alg': 'none', 'typ': 'JWT'})}.{_b64(payload)}."
    cases = {
        "alg none": alg_none,
        "wrong key": resign(token, key="not-our-signing-key-0123456789abcdef-xyz"),
        "HS512 with our key": resign(token, algorithm="HS512"),
        "reset token type": resign(token, type="forgot_password"),
        "no type": resign(token, type=None),
        "no exp": resign(token, exp=None),
        "no iat": resign(token, iat=None),
        "bad session id": resign(token, session_id="not-a-uuid"),
        "other user's id": resign(token, user_id="00000000-0000-0000-0000-000000000001"),
        "garbage": "abc.def.ghi",
        "tampered payload": token.split(".")[0]
        + "."
        + _b64({**payload, "user_id": "x"})
        + "."
        + token.split(".")[2],
    }
    for name, bad in cases.items():
        response = await _whoami(client, bad)
        assert response.status_code == 401, name
        assert error_code(response) == "UNAUTHORIZED", name
    for header in ("Basic dXNlcjpwYXNz", "Bearer", f"Token {token}"):
        response = await client.get("/test/whoami", headers={"Authorization": header})
        assert response.status_code == 401 and error_code(response) == "UNAUTHORIZED", header


async def test_expired_token_is_token_expired() -> None:
    client = IpClient()
    token = (await signup(client))["auth_token"]
    response = await _whoami(client, expired(token))
    assert response.status_code == 401 and error_code(response) == "TOKEN_EXPIRED"


async def test_token_after_logout_is_refused_at_once() -> None:
    client = IpClient()
    token = (await signup(client))["auth_token"]
    assert (await _whoami(client, token)).status_code == 200  # warms the session cache
    logout = await client.post_json("/auth/logout", token=token)
    assert logout.status_code == 200
    assert logout.json() == {"success": True, "message": "Logged out successfully"}
    response = await _whoami(client, token)
    assert response.status_code == 401 and error_code(response) == "SESSION_TERMINATED"


async def test_a_warm_request_is_answered_from_the_cache() -> None:
    """Once cached, the session's state is not read from the database again until invalidated."""
    client = IpClient()
    data = await signup(client)
    token = data["auth_token"]
    session_id = claims(token)["session_id"]
    assert (await _whoami(client, token)).status_code == 200
    # Change the row behind the cache's back: the cached answer still stands...
    await LoginSession.objects.filter(id=session_id).aupdate(status="terminated")
    await User.objects.filter(id=data["user"]["id"]).aupdate(preferred_language="es")
    assert (await _whoami(client, token)).json()["data"]["language"] == "en"
    # ...until the cache entry is invalidated (what logout / profile updates do).
    await invalidate_viewer_cache(session_id)
    response = await _whoami(client, token)
    assert response.status_code == 401 and error_code(response) == "SESSION_TERMINATED"


async def test_profile_changes_reach_every_session_after_invalidation() -> None:
    client = IpClient()
    data = await signup(client)
    second = (
        await client.post_json(
            "/auth/login", {"email": "joe@example.com", "password": "correct-Horse-battery-7"}
        )
    ).json()["data"]["auth_token"]
    for token in (data["auth_token"], second):
        assert (await _whoami(client, token)).json()["data"]["maturity"] == "all"
    await User.objects.filter(id=data["user"]["id"]).aupdate(maturity_filter="teen")
    await invalidate_user_sessions_cache(data["user"]["id"])
    for token in (data["auth_token"], second):
        assert (await _whoami(client, token)).json()["data"]["maturity"] == "teen"


async def test_deactivated_user_is_refused() -> None:
    client = IpClient()
    data = await signup(client)
    await User.objects.filter(id=data["user"]["id"]).aupdate(is_active=False)
    await invalidate_user_sessions_cache(data["user"]["id"])
    response = await _whoami(client, data["auth_token"])
    assert response.status_code == 401 and error_code(response) == "SESSION_TERMINATED"


async def test_a_token_verified_before_still_expires_and_needs_the_current_key(
    monkeypatch, settings
) -> None:
    """Verified tokens are remembered per process (accounts.tokens._VERIFIED): a hit must still
    refuse the token once it expires, and a new signing key must verify it afresh."""
    import time

    from accounts import tokens

    client = IpClient()
    token = (await signup(client))["auth_token"]
    assert (await _whoami(client, token)).status_code == 200  # verified, remembered
    assert token in tokens._VERIFIED

    real_time = time.time
    monkeypatch.setattr(tokens.time, "time", lambda: real_time() + settings.ACCESS_TOKEN_TTL + 1)
    later = await _whoami(client, token)
    assert later.status_code == 401 and error_code(later) == "TOKEN_EXPIRED"
    monkeypatch.setattr(tokens.time, "time", real_time)

    settings.JWT_SIGNING_KEY = "a-rotated-signing-key-0123456789abcdef-0123456789"
    rotated = await _whoami(client, token)
    assert rotated.status_code == 401 and error_code(rotated) == "UNAUTHORIZED"
