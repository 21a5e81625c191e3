"""Forgot password end to end, with the code delivered by a real SMTP server on loopback."""

from __future__ import annotations

import logging
import re
import time
from datetime import timedelta

import pytest
from django.utils import timezone

from accounts.models import LoginSession, PasswordReset
from tests.auth.conftest import Mailbox, free_port
from tests.auth.helpers import (
    NEW_PASSWORD,
    IpClient,
    claims,
    error_code,
    expired,
    login,
    otp_in,
    parts,
    signup,
)

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.urls("tests.auth.urls"),
    pytest.mark.usefixtures("roomy_auth_limit"),
]

USER_IP = "198.51.100.7"


async def _forgot(client: IpClient, email: str = "joe@example.com") -> str:
    response = await client.post_json("/auth/forgot-password", {"email": email})
    assert response.status_code == 200
    body = response.json()
    assert body["success"] is True and body["message"] == "OTP sent to your email"
    assert set(body["data"]) == {"reset_token"}
    return body["data"]["reset_token"]


async def _verify(client: IpClient, token: str, code: str):
    return await client.post_json("/auth/forgot-password/verify", {"otp_code": code}, token=token)


async def _change(client: IpClient, token: str, password: str = NEW_PASSWORD):
    return await client.post_json(
        "/auth/forgot-password/change", {"new_password": password}, token=token
    )


def _other_code(code: str) -> str:
    return f"{(int(code) + 1) % 1_000_000:06d}"


async def test_the_whole_reset_flow(smtp: Mailbox) -> None:
    client = IpClient(USER_IP)
    data = await signup(client, "Joe@Example.com")
    other_session = (await login(client)).json()["data"]["auth_token"]

    token = await _forgot(client, "JOE@example.com")
    payload = claims(token)
    assert set(payload) == {"user_id", "reset_id", "type", "exp", "iat"}
    assert payload["type"] == "forgot_password" and payload["user_id"] == data["user"]["id"]

    [mail] = await smtp.await_for(1)
    assert smtp.recipients == [["joe@example.com"]]
    code = otp_in(mail)
    bodies = parts(mail)
    assert code in bodies["text/html"] and "10 minutes" in bodies["text/plain"]
    assert code in mail["Subject"]
    row = await PasswordReset.objects.aget(id=payload["reset_id"])
    assert row.status == "pending" and row.ip_address == USER_IP
    assert code not in (row.otp_code_hash or "") and token not in (row.reset_token or "")
    assert abs((row.expires_at - timezone.now()).total_seconds() - 600) < 5

    verified = await _verify(client, token, code)
    assert verified.status_code == 200
    assert verified.json() == {"success": True, "message": "OTP verified successfully"}
    changed = await _change(client, token)
    assert changed.status_code == 200
    assert changed.json() == {"success": True, "message": "Password reset successfully"}

    assert (await PasswordReset.objects.aget(id=row.id)).status == "completed"
    assert (await login(client)).status_code == 401
    assert (await login(client, password=NEW_PASSWORD)).status_code == 200
    # Every session that existed before the reset is over, at once.
    for old in (data["auth_token"], other_session):
        response = await client.get_auth("/test/whoami", old)
        assert response.status_code == 401 and error_code(response) == "SESSION_TERMINATED"
    assert await LoginSession.objects.filter(status="active").acount() == 1  # the new login

    # The reset token is single-use.
    reuse = await _change(client, token, "yet-another-Pass-42")
    assert reuse.status_code == 401 and error_code(reuse) == "UNAUTHORIZED"
    assert "already been used" in reuse.json()["error"]["message"]
    reverify = await _verify(client, token, code)
    assert reverify.status_code == 401 and error_code(reverify) == "UNAUTHORIZED"


async def test_guessing_the_code_stops_after_five_wrong_tries(smtp: Mailbox) -> None:
    client = IpClient(USER_IP)
    await signup(client)
    token = await _forgot(client)
    code = otp_in((await smtp.await_for(1))[0])
    for _ in range(5):
        wrong = await _verify(client, token, _other_code(code))
        assert wrong.status_code == 400 and error_code(wrong) == "INVALID_OTP"
        assert wrong.json()["error"]["message"] == "The code is not valid"
    right_too_late = await _verify(client, token, code)
    assert right_too_late.status_code == 400 and error_code(right_too_late) == "INVALID_OTP"
    assert "no longer" in right_too_late.json()["error"]["message"]
    row = await PasswordReset.objects.aget(id=claims(token)["reset_id"])
    assert (row.status, row.attempts) == ("revoked", 5)
    refused = await _change(client, token)
    assert refused.status_code == 400 and error_code(refused) == "INVALID_OTP"


async def test_an_unknown_email_looks_the_same_and_leads_nowhere(smtp: Mailbox) -> None:
    client = IpClient(USER_IP)
    await signup(client)
    known = await client.post_json("/auth/forgot-password", {"email": "joe@example.com"})
    unknown = await client.post_json("/auth/forgot-password", {"email": "ghost@example.com"})
    assert known.status_code == unknown.status_code == 200
    k, u = known.json(), unknown.json()
    assert {**k, "data": None} == {**u, "data": None}
    assert set(claims(k["data"]["reset_token"])) == set(claims(u["data"]["reset_token"]))
    assert claims(u["data"]["reset_token"])["type"] == "forgot_password"
    assert len(await smtp.asettled()) == 1  # nobody was mailed for the unknown address

    ghost = u["data"]["reset_token"]
    real = k["data"]["reset_token"]
    for token in (real, ghost):
        answers = [await _verify(client, token, "000000") for _ in range(6)]
        assert [r.status_code for r in answers] == [400] * 6
        messages = [r.json()["error"]["message"] for r in answers]
        assert messages[:5] == ["The code is not valid"] * 5
        assert "no longer" in messages[5]
    ghost_change = await _change(client, ghost)
    assert ghost_change.status_code == 403 and error_code(ghost_change) == "FORBIDDEN"


async def test_a_code_from_another_ip_is_refused(smtp: Mailbox) -> None:
    owner = IpClient(USER_IP)
    await signup(owner)
    token = await _forgot(owner)
    code = otp_in((await smtp.await_for(1))[0])
    elsewhere = await _verify(IpClient("203.0.113.99"), token, code)
    assert elsewhere.status_code == 400 and error_code(elsewhere) == "INVALID_OTP"
    assert (await _verify(owner, token, code)).status_code == 200
    stolen = await _change(IpClient("203.0.113.99"), token)
    assert stolen.status_code == 403 and error_code(stolen) == "FORBIDDEN"
    assert (await _change(owner, token)).status_code == 200


async def test_the_ip_binding_uses_x_forwarded_for_only_from_trusted_proxies(
    smtp: Mailbox, settings
) -> None:
    settings.TRUSTED_PROXIES = ["10.0.0.0/8"]
    proxy = IpClient("10.1.2.3")
    await signup(proxy)
    token = await proxy.post_json(
        "/auth/forgot-password", {"email": "joe@example.com"}, **{"X-Forwarded-For": USER_IP}
    )
    token = token.json()["data"]["reset_token"]
    row = await PasswordReset.objects.aget(id=claims(token)["reset_id"])
    assert row.ip_address == USER_IP
    code = otp_in((await smtp.await_for(1))[0])

    other = await proxy.post_json(
        "/auth/forgot-password/verify",
        {"otp_code": code},
        token=token,
        **{"X-Forwarded-For": "203.0.113.5"},
    )
    assert other.status_code == 400 and error_code(other) == "INVALID_OTP"
    # An untrusted peer cannot claim the user's address.
    spoofed = await IpClient("192.0.2.200").post_json(
        "/auth/forgot-password/verify",
        {"otp_code": code},
        token=token,
        **{"X-Forwarded-For": USER_IP},
    )
    assert spoofed.status_code == 400 and error_code(spoofed) == "INVALID_OTP"
    ok = await proxy.post_json(
        "/auth/forgot-password/verify",
        {"otp_code": code},
        token=token,
        **{"X-Forwarded-For": f"192.0.2.1, {USER_IP}"},
    )
    assert ok.status_code == 200


async def test_an_expired_code_and_an_expired_reset_token(smtp: Mailbox) -> None:
    client = IpClient(USER_IP)
    await signup(client)
    token = await _forgot(client)
    code = otp_in((await smtp.await_for(1))[0])
    await PasswordReset.objects.filter(id=claims(token)["reset_id"]).aupdate(
        expires_at=timezone.now() - timedelta(seconds=1)
    )
    late = await _verify(client, token, code)
    assert late.status_code == 400 and error_code(late) == "OTP_EXPIRED"
    old_token = await _verify(client, expired(token), code)
    assert old_token.status_code == 400 and error_code(old_token) == "OTP_EXPIRED"


async def test_a_new_request_revokes_the_earlier_one(smtp: Mailbox) -> None:
    client = IpClient(USER_IP)
    await signup(client)
    first = await _forgot(client)
    # The mails go out after the answers: wait for each so codes pair with requests for sure.
    first_code = otp_in((await smtp.await_for(1))[0])
    second = await _forgot(client)
    second_code = otp_in((await smtp.await_for(2))[1])
    stale = await _verify(client, first, first_code)
    assert stale.status_code == 400 and error_code(stale) == "INVALID_OTP"
    assert (await PasswordReset.objects.aget(id=claims(first)["reset_id"])).status == "revoked"
    assert (await _verify(client, second, second_code)).status_code == 200


async def test_changing_before_verifying_and_weak_passwords_are_refused(smtp: Mailbox) -> None:
    client = IpClient(USER_IP)
    await signup(client)
    token = await _forgot(client)
    code = otp_in((await smtp.await_for(1))[0])
    early = await _change(client, token)
    assert early.status_code == 403 and error_code(early) == "FORBIDDEN"
    await _verify(client, token, code)
    weak = await _change(client, token, "password")
    assert weak.status_code == 400 and error_code(weak) == "VALIDATION_ERROR"
    assert weak.json()["error"]["details"]["new_password"]
    assert (await _change(client, token)).status_code == 200


async def test_access_and_reset_tokens_do_not_cross(smtp: Mailbox) -> None:
    client = IpClient(USER_IP)
    access = (await signup(client))["auth_token"]
    reset_token = await _forgot(client)
    code = otp_in((await smtp.await_for(1))[0])
    with_access = await _verify(client, access, code)
    assert with_access.status_code == 401 and error_code(with_access) == "UNAUTHORIZED"
    change_with_access = await _change(client, access)
    assert change_with_access.status_code == 401
    as_access = await client.get_auth("/test/whoami", reset_token)
    assert as_access.status_code == 401 and error_code(as_access) == "UNAUTHORIZED"
    refresh_with_reset = await client.post_json("/auth/refresh-token", token=reset_token)
    assert refresh_with_reset.status_code == 401
    logout_with_reset = await client.post_json("/auth/logout", token=reset_token)
    assert logout_with_reset.status_code == 401
    bad_format = await _verify(client, reset_token, "12ab56")
    assert bad_format.status_code == 400 and error_code(bad_format) == "VALIDATION_ERROR"


async def test_a_mail_failure_is_logged_and_does_not_change_the_answer(
    settings, caplog: pytest.LogCaptureFixture
) -> None:
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", free_port()  # nobody listens
    settings.EMAIL_USE_TLS = False
    client = IpClient(USER_IP)
    await signup(client)
    with caplog.at_level(logging.ERROR, logger="cinemate.mail"):
        response = await client.post_json("/auth/forgot-password", {"email": "joe@example.com"})
        assert response.status_code == 200 and response.json()["data"]["reset_token"]
        deadline = time.monotonic() + 5
        while not any("not sent" in r.getMessage() for r in caplog.records):
            assert time.monotonic() < deadline, "the failure was not logged"
            time.sleep(0.05)
    mail_logs = [r.getMessage() for r in caplog.records if r.name == "cinemate.mail"]
    assert mail_logs and not any(re.search(r"\b\d{6}\b", m) for m in mail_logs)  # no code


async def test_known_and_unknown_emails_answer_in_the_same_time(settings) -> None:
    # A floor well above the request's own work, so a busy machine cannot push one path past it.
    settings.RESET_REQUEST_MIN_SECONDS = 0.5
    client = IpClient(USER_IP)
    await signup(client)

    async def fastest_duration(email: str) -> float:
        """The fastest of three: scheduling noise on a busy machine only ever adds time."""
        durations = []
        for _ in range(3):
            started = time.perf_counter()
            await _forgot(client, email)
            durations.append(time.perf_counter() - started)
        return min(durations)

    known = await fastest_duration("joe@example.com")
    unknown = await fastest_duration("ghost@example.com")
    assert known >= 0.5 and unknown >= 0.5
    assert abs(known - unknown) < 0.1, (known, unknown)
