"""The auth mutations over /graphql: same services, same codes, same limits as REST."""

from __future__ import annotations

from typing import Any

import pytest

from accounts.models import LoginSession, User
from schema.ratelimit import bucket_for, root_fields
from tests.auth.helpers import NEW_PASSWORD, STRONG_PASSWORD, IpClient, claims, otp_in

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.urls("tests.auth.urls")]

SIGNUP = """
mutation ($input: SignupInput!) {
  signup(input: $input) { success message authToken user { id name email } }
}"""
LOGIN = """
mutation ($email: String!, $password: String!) {
  login(input: {email: $email, password: $password}) { authToken user { email } }
}"""


async def gql(
    client: IpClient, query: str, variables: dict | None = None, token: str | None = None
) -> tuple[Any, dict]:
    response = await client.post_json(
        "/graphql", {"query": query, "variables": variables or {}}, token=token
    )
    assert response.status_code == 200, response.content
    return response, response.json()


def code_of(body: dict) -> str:
    return body["errors"][0]["extensions"]["code"]


async def test_signup_login_refresh_logout(genres: None, settings) -> None:
    settings.RATE_LIMIT_AUTH_PER_MINUTE = 100
    client = IpClient("198.51.100.31")
    _, body = await gql(
        client,
        SIGNUP,
        {
            "input": {
                "name": "Ann",
                "email": "Ann@Example.com",
                "password": STRONG_PASSWORD,
                "genres": ["28", "35"],
                "platform": "mobile-app",
            }
        },
    )
    signup = body["data"]["signup"]
    assert signup["success"] is True and signup["message"] == "Account created successfully"
    assert signup["user"]["email"] == "ann@example.com"
    session = await LoginSession.objects.aget(id=claims(signup["authToken"])["session_id"])
    assert (session.platform, session.ip_address) == ("mobile-app", "198.51.100.31")

    _, again = await gql(
        client,
        SIGNUP,
        {"input": {"name": "A", "email": "ANN@example.com", "password": STRONG_PASSWORD}},
    )
    assert code_of(again) == "EMAIL_TAKEN"
    _, unknown_genre = await gql(
        client,
        SIGNUP,
        {
            "input": {
                "name": "B",
                "email": "b@example.com",
                "password": STRONG_PASSWORD,
                "genres": ["999999"],
            }
        },
    )
    assert code_of(unknown_genre) == "VALIDATION_ERROR"
    assert unknown_genre["errors"][0]["extensions"]["details"]["unknown"] == ["999999"]

    _, wrong = await gql(client, LOGIN, {"email": "ann@example.com", "password": "nope-nope-1"})
    assert code_of(wrong) == "INVALID_CREDENTIALS" and wrong["data"] is None
    _, logged_in = await gql(
        client, LOGIN, {"email": "ANN@example.com", "password": STRONG_PASSWORD}
    )
    token = logged_in["data"]["login"]["authToken"]

    _, refreshed = await gql(client, "mutation { refreshToken { authToken } }", token=token)
    new_token = refreshed["data"]["refreshToken"]["authToken"]
    assert claims(new_token)["session_id"] == claims(token)["session_id"]
    _, out = await gql(client, "mutation { logout { success message } }", token=new_token)
    assert out["data"]["logout"] == {"success": True, "message": "Logged out successfully"}
    _, after = await gql(client, "mutation { logout { success } }", token=new_token)
    assert code_of(after) == "SESSION_TERMINATED"
    _, anonymous = await gql(client, "mutation { refreshToken { authToken } }")
    assert code_of(anonymous) == "UNAUTHORIZED"


async def test_the_reset_flow(smtp, settings) -> None:
    settings.RATE_LIMIT_AUTH_PER_MINUTE = 100
    client = IpClient("198.51.100.32")
    _, body = await gql(
        client,
        SIGNUP,
        {"input": {"name": "Ann", "email": "ann@example.com", "password": STRONG_PASSWORD}},
    )
    old_token = body["data"]["signup"]["authToken"]
    _, forgot = await gql(
        client,
        'mutation { forgotPassword(email: "ann@example.com") { success message resetToken } }',
    )
    reset_token = forgot["data"]["forgotPassword"]["resetToken"]
    assert forgot["data"]["forgotPassword"]["message"] == "OTP sent to your email"
    code = otp_in((await smtp.await_for(1))[0])

    verify = "mutation ($c: String!) { verifyResetOtp(otpCode: $c) { success message } }"
    _, wrong = await gql(
        client, verify, {"c": "000000" if code != "000000" else "111111"}, reset_token
    )
    assert code_of(wrong) == "INVALID_OTP"
    _, with_access = await gql(client, verify, {"c": code}, old_token)
    assert code_of(with_access) == "UNAUTHORIZED"
    _, ok = await gql(client, verify, {"c": code}, reset_token)
    assert ok["data"]["verifyResetOtp"]["message"] == "OTP verified successfully"
    change = "mutation ($p: String!) { resetPassword(newPassword: $p) { success message } }"
    _, changed = await gql(client, change, {"p": NEW_PASSWORD}, reset_token)
    assert changed["data"]["resetPassword"] == {
        "success": True,
        "message": "Password reset successfully",
    }
    _, reused = await gql(client, change, {"p": "third-Password-77"}, reset_token)
    assert code_of(reused) == "UNAUTHORIZED"
    user = await User.objects.aget(email="ann@example.com")
    assert user.check_password(NEW_PASSWORD)
    _, gone = await gql(client, "mutation { logout { success } }", token=old_token)
    assert code_of(gone) == "SESSION_TERMINATED"


async def test_auth_mutations_count_once_per_field_against_the_auth_limit() -> None:
    client = IpClient("198.51.100.33")
    aliased = """mutation {
      a: login(input: {email: "x@example.com", password: "p"}) { authToken }
      b: login(input: {email: "y@example.com", password: "p"}) { authToken }
    }"""
    _, first = await gql(client, aliased)
    # Mutations run in order; the first failure (non-null field) stops the rest.
    assert code_of(first) == "INVALID_CREDENTIALS"
    for _ in range(4):  # one count per executed login: five in all
        _, body = await gql(
            client,
            'mutation { login(input: {email: "x@example.com", password: "p"}) { authToken } }',
        )
        assert code_of(body) == "INVALID_CREDENTIALS"
    response, limited = await gql(client, aliased)
    assert code_of(limited) == "RATE_LIMITED" and limited["data"] is None
    assert limited["errors"][0]["path"] == ["a"]
    assert int(response["Retry-After"]) >= 1
    assert limited["errors"][0]["extensions"]["details"]["retry_after"] >= 1
    # REST /auth calls from the same IP draw on the same allowance.
    rest = await client.post_json("/auth/login", {"email": "x@example.com", "password": "p"})
    assert rest.status_code == 429


async def test_graphql_general_limit_per_user(settings) -> None:
    settings.RATE_LIMIT_GENERAL_PER_MINUTE = 2
    client = IpClient("198.51.100.34")
    codes = []
    for _ in range(3):
        _, body = await gql(client, "query { __typename }")
        codes.append(code_of(body) if body.get("errors") else "ok")
    assert codes == ["ok", "ok", "RATE_LIMITED"]


def test_operations_are_classified_by_their_root_fields() -> None:
    from graphql import parse

    def bucket(query: str, name: str | None = None) -> str:
        return bucket_for(root_fields(parse(query), name))

    assert bucket('mutation { login(input: {email: "a", password: "b"}) { authToken } }') == "auth"
    assert bucket('query { search(q: "x") { pagination { total } } }') == "search"
    assert bucket("query { popular { pagination { total } } }") == "general"
    assert (
        bucket('query { ...F } fragment F on Query { search(q: "x") { __typename } }') == "search"
    )
    assert bucket("query { ... on Query { popular { __typename } } }") == "general"
    two = 'query A { popular { __typename } } query B { search(q: "x") { __typename } }'
    assert bucket(two, "A") == "general" and bucket(two, "B") == "search"
