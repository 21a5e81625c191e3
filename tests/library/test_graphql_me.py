"""GraphQL: the ``me`` root and its mutations, on the same services as REST."""

from __future__ import annotations

import json

import pytest

from accounts.models import User
from library.models import UserFavourite, UserHistory, UserNotification
from tests.library.conftest import gql_code, gql_data

pytestmark = pytest.mark.django_db

CARD = "id title poster backdrop synopsis releaseDate duration genres rating isFavorite isSeries"


def anonymous_gql(client, query: str, headers: dict | None = None) -> dict:
    response = client.post(
        "/graphql",
        json.dumps({"query": query}),
        content_type="application/json",
        headers=headers or {},
    )
    return response.json()


def test_me_is_null_for_anonymous_callers(client, fake_tmdb):
    result = anonymous_gql(client, "{ me { profile { id } } }")
    assert result == {"data": {"me": None}}


def test_a_bad_token_is_an_error(client, fake_tmdb):
    result = anonymous_gql(
        client, "{ me { profile { id } } }", {"Authorization": "Bearer not-a-token"}
    )
    assert gql_code(result) == "UNAUTHORIZED"


@pytest.mark.parametrize(
    "mutation",
    [
        'addFavourite(movieId: "550") { added }',
        'removeFavourite(movieId: "550")',
        'updateProfile(input: {name: "X"}) { name }',
        'changePassword(oldPassword: "a", newPassword: "b") { authToken }',
        'markNotificationsRead(ids: ["00000000-0000-0000-0000-000000000000"]) { marked }',
    ],
)
def test_mutations_need_a_signed_in_caller(client, fake_tmdb, mutation):
    assert gql_code(anonymous_gql(client, f"mutation {{ {mutation} }}")) == "UNAUTHORIZED"


def test_profile(make_member, fake_tmdb):
    member = make_member(email="me@example.com", genres=("28",), language="fr")
    me = gql_data(
        member.gql("{ me { profile { id name email genres maturityFilter preferredLanguage } } }")
    )["me"]
    assert me["profile"] == {
        "id": str(member.user.id),
        "name": member.user.name,
        "email": "me@example.com",
        "genres": ["Action"],
        "maturityFilter": "all",
        "preferredLanguage": "fr",
    }
    rest = member.get("/profile").json()["data"]["user"]
    assert rest["genres"] == ["Action"] and rest["preferred_language"] == "fr"


def test_add_and_remove_favourites(member, fake_tmdb):
    add = f'mutation {{ addFavourite(movieId: "tv-1399") {{ added movie {{ {CARD} }} }} }}'
    first = gql_data(member.gql(add))["addFavourite"]
    second = gql_data(member.gql(add))["addFavourite"]

    assert first["added"] is True and second["added"] is False
    movie = first["movie"]
    assert movie["id"] == "tv-1399" and movie["isSeries"] is True and movie["isFavorite"] is True
    assert movie["title"] == "Crowns of the Ashen Realm" and movie["duration"]
    assert UserFavourite.objects.filter(user=member.user).count() == 1
    assert UserNotification.objects.filter(user=member.user, type="movie_added").count() == 1

    listed = gql_data(
        member.gql(
            f"{{ me {{ favourites(page: 1, limit: 5) {{ movies {{ {CARD} }} "
            "pagination { page limit total totalPages } } } }"
        )
    )["me"]["favourites"]
    rest = member.get("/movies/favourites", limit=5).json()["data"]
    assert listed["pagination"] == {"page": 1, "limit": 5, "total": 1, "totalPages": 1}
    assert [m["id"] for m in listed["movies"]] == [m["id"] for m in rest["movies"]]
    assert listed["movies"][0]["genres"] == rest["movies"][0]["genres"]
    assert listed["movies"][0]["duration"] == rest["movies"][0]["duration"]

    removed = gql_data(member.gql('mutation { removeFavourite(movieId: "tv-1399") }'))
    assert removed == {"removeFavourite": "tv-1399"}
    assert gql_code(member.gql('mutation { removeFavourite(movieId: "tv-1399") }')) == "NOT_FOUND"


def test_add_favourite_errors(member, fake_tmdb):
    assert gql_code(member.gql('mutation { addFavourite(movieId: "abc") { added } }')) == (
        "VALIDATION_ERROR"
    )
    assert gql_code(member.gql('mutation { addFavourite(movieId: "999999") { added } }')) == (
        "NOT_FOUND"
    )


def test_update_profile(make_member, fake_tmdb):
    make_member(email="taken@example.com")
    member = make_member()
    mutation = """mutation($input: ProfileInput!) {
      updateProfile(input: $input) { name email genres maturityFilter preferredLanguage }
    }"""

    updated = gql_data(
        member.gql(
            mutation,
            {"input": {"name": "New Name", "genres": ["35"], "maturityFilter": "teen"}},
        )
    )["updateProfile"]

    assert updated == {
        "name": "New Name",
        "email": member.user.email,
        "genres": ["Comedy"],
        "maturityFilter": "teen",
        "preferredLanguage": "en",
    }
    bad = member.gql(mutation, {"input": {"preferredLanguage": "xx", "genres": ["999"]}})
    assert gql_code(bad) == "VALIDATION_ERROR"
    assert "preferred_language" in bad["errors"][0]["extensions"]["details"]
    taken = member.gql(mutation, {"input": {"email": "TAKEN@example.com"}})
    assert gql_code(taken) == "EMAIL_TAKEN"
    nulled = member.gql(mutation, {"input": {"name": None}})
    assert gql_code(nulled) == "VALIDATION_ERROR"
    assert User.objects.get(id=member.user.id).name == "New Name"


def test_change_password(member, fake_tmdb):
    mutation = "mutation($o: String!, $n: String!) { changePassword(oldPassword: $o, newPassword: $n) { authToken } }"
    wrong = member.gql(mutation, {"o": "nope", "n": "An0ther-Long-Secret"})
    assert gql_code(wrong) == "INVALID_CREDENTIALS"
    weak = member.gql(mutation, {"o": "Sturdy-Passphrase-42", "n": "123"})
    assert gql_code(weak) == "VALIDATION_ERROR"

    token = gql_data(
        member.gql(mutation, {"o": "Sturdy-Passphrase-42", "n": "An0ther-Long-Secret"})
    )["changePassword"]["authToken"]

    assert (
        member.client.get("/profile", headers={"Authorization": f"Bearer {token}"}).status_code
        == 200
    )
    assert User.objects.get(id=member.user.id).check_password("An0ther-Long-Secret")


def test_notifications_and_marking_them_read(member, fake_tmdb):
    notes = [
        UserNotification.objects.create(
            user=member.user, type="system_update", title=f"T{i}", message="m"
        )
        for i in range(3)
    ]
    query = """{ me { unreadCount notifications(page: 1, limit: 2, unreadOnly: true) {
      unreadCount pagination { total totalPages }
      notifications { id title message type read createdAt movieId image } } } }"""

    me = gql_data(member.gql(query))["me"]
    assert me["unreadCount"] == 3
    assert me["notifications"]["pagination"] == {"total": 3, "totalPages": 2}
    assert len(me["notifications"]["notifications"]) == 2
    assert me["notifications"]["notifications"][0]["createdAt"].endswith("Z")

    mark = "mutation($ids: [ID!]!) { markNotificationsRead(ids: $ids) { marked unreadCount } }"
    result = gql_data(member.gql(mark, {"ids": [str(n.id) for n in notes[:2]]}))
    assert result["markNotificationsRead"] == {"marked": 2, "unreadCount": 1}
    assert gql_code(member.gql(mark, {"ids": ["N123"]})) == "VALIDATION_ERROR"


def test_history_and_recommendations(member, fake_tmdb):
    UserHistory.objects.create(user=member.user, movie_id="550")
    UserHistory.objects.create(user=member.user, movie_id="tv-1399")
    me = gql_data(
        member.gql(
            "{ me { history(limit: 10) { pagination { total } movies { id title viewedAt duration } }"
            " recommendations(limit: 3) { pagination { total } movies { id isFavorite } } } }"
        )
    )["me"]

    assert [m["id"] for m in me["history"]["movies"]] == ["tv-1399", "550"]
    assert me["history"]["pagination"]["total"] == 2
    assert all(m["viewedAt"].endswith("Z") for m in me["history"]["movies"])
    rest = member.get("/profile/history").json()["data"]["movies"]
    assert [m["viewed_at"] for m in rest] == [m["viewedAt"] for m in me["history"]["movies"]]
    recommended = [m["id"] for m in me["recommendations"]["movies"]]
    assert len(recommended) == 3
    assert recommended == [
        m["id"] for m in member.get("/movies/recommendations", limit=3).json()["data"]["movies"]
    ]
