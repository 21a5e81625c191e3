"""Hostile GraphQL documents: aliases do not multiply the auth limit, errors do not dodge the
general one, and several operations need an operationName."""

from __future__ import annotations

from typing import Any

import pytest
from asgiref.sync import sync_to_async

from accounts.models import User
from tests.auth.helpers import STRONG_PASSWORD, IpClient

pytestmark = pytest.mark.django_db(transaction=True)


async def gql(client: IpClient, query: str, **extra: Any) -> tuple[Any, dict]:
    response = await client.post_json("/graphql", {"query": query, **extra})
    return response, response.json()


def codes(body: dict) -> list[str]:
    return [error["extensions"]["code"] for error in body.get("errors") or ()]


def aliased_forgot(count: int, email: str) -> str:
    fields = "\n".join(
        f'f{n}: forgotPassword(email: "{email}") {{ success }}' for n in range(count)
    )
    return f"mutation {{\n{fields}\n}}"


async def test_fifteen_aliased_forgot_password_send_at_most_five_mails_a_minute(smtp) -> None:
    await sync_to_async(User.objects.create_user)(
        "victim@example.com", STRONG_PASSWORD, name="Victim"
    )
    client = IpClient("198.51.100.140")
    response, first = await gql(client, aliased_forgot(15, "victim@example.com"))
    assert response.status_code == 200
    assert codes(first) == ["RATE_LIMITED"] and first["errors"][0]["path"] == ["f5"]
    assert int(response["Retry-After"]) >= 1
    response, second = await gql(client, aliased_forgot(15, "victim@example.com"))
    assert codes(second) == ["RATE_LIMITED"] and second["errors"][0]["path"] == ["f0"]
    await smtp.await_for(5)
    assert len(await smtp.asettled()) == 5  # every mail queued has been sent: no more came
    assert {tuple(r) for r in smtp.recipients} == {("victim@example.com",)}


async def test_aliased_signups_create_at_most_five_accounts(genres) -> None:
    fields = "\n".join(
        f'''s{n}: signup(input: {{name: "N{n}", email: "n{n}@example.com",
            password: "{STRONG_PASSWORD}"}}) {{ success }}'''
        for n in range(8)
    )
    _, body = await gql(IpClient("198.51.100.141"), f"mutation {{\n{fields}\n}}")
    assert codes(body) == ["RATE_LIMITED"] and body["errors"][0]["path"] == ["s5"]
    assert await User.objects.acount() == 5


async def test_a_mixed_document_counts_its_auth_fields_and_itself(settings) -> None:
    settings.RATE_LIMIT_GENERAL_PER_MINUTE = 1
    client = IpClient("198.51.100.142")
    login = 'login(input: {email: "x@example.com", password: "p"}) { authToken }'
    _, body = await gql(client, f"mutation {{ {login} }}")
    assert codes(body) == ["INVALID_CREDENTIALS"]  # auth bucket only: general untouched
    _, body = await gql(client, "{ __typename }")
    assert codes(body) == []
    _, body = await gql(client, "{ __typename }")
    assert codes(body) == ["RATE_LIMITED"]


async def test_syntax_errors_count_against_the_general_limit(settings) -> None:
    settings.RATE_LIMIT_GENERAL_PER_MINUTE = 3
    client = IpClient("198.51.100.143")
    answers = [await gql(client, "{ popular(page: ") for _ in range(4)]
    assert [codes(body) for _, body in answers[:3]] == [["VALIDATION_ERROR"]] * 3
    response, limited = answers[3]
    assert codes(limited) == ["RATE_LIMITED"] and limited["data"] is None
    assert int(response["Retry-After"]) >= 1
    # The same bucket as valid documents: the caller is out of general calls.
    _, valid = await gql(client, "{ __typename }")
    assert codes(valid) == ["RATE_LIMITED"]


async def test_invalid_documents_naming_an_auth_field_count_in_the_auth_bucket() -> None:
    client = IpClient("198.51.100.144")
    for _ in range(5):
        _, body = await gql(client, "mutation { forgotPassword { success } }")  # no email
        assert codes(body) == ["VALIDATION_ERROR"]
    _, body = await gql(client, 'mutation { forgotPassword(email: "a@example.com") { success } }')
    assert codes(body) == ["RATE_LIMITED"]


@pytest.mark.parametrize(
    "document",
    [
        "{ __typename } { __typename }",
        "query A { __typename } query B { genres { id } }",
        "query A { __typename } mutation B { logout { success } }",
    ],
)
async def test_several_operations_without_an_operation_name_are_an_error(document: str) -> None:
    response, body = await gql(IpClient("198.51.100.145"), document)
    assert response.status_code == 200
    assert body["data"] is None
    assert codes(body) and set(codes(body)) == {"VALIDATION_ERROR"}


async def test_an_operation_name_picks_one_of_several() -> None:
    document = "query A { __typename } query B { __typename }"
    _, body = await gql(IpClient("198.51.100.146"), document, operationName="B")
    assert body == {"data": {"__typename": "Query"}}
