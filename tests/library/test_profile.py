"""The profile over REST: its shape, what an update may change, its validation, that new
settings apply to the very next request, and the password change."""

from __future__ import annotations

import pytest

from accounts.models import LoginSession, User, UserGenre
from tests.library.conftest import open_session

pytestmark = pytest.mark.django_db


def test_get_profile(make_member, fake_tmdb):
    member = make_member(email="joe@example.com", genres=("35", "28"))

    response = member.get("/profile")

    assert response.status_code == 200
    assert response.json() == {
        "success": True,
        "data": {
            "user": {
                "id": str(member.user.id),
                "name": member.user.name,
                "email": "joe@example.com",
                "genres": ["Action", "Comedy"],
                "maturity_filter": "all",
                "preferred_language": "en",
            }
        },
    }


def test_anonymous_profile_is_401(client):
    assert client.get("/profile").json()["error"]["code"] == "UNAUTHORIZED"
    assert client.post("/profile", {}, content_type="application/json").status_code == 401


def test_update_changes_the_five_fields_and_returns_the_profile(member, fake_tmdb):
    response = member.post(
        "/profile",
        {
            "name": "  Joe Doe  ",
            "email": "NewEmail@Mail.com",
            "genres": [18, "878"],
            "maturity_filter": "teen",
            "preferred_language": "es",
        },
    )

    assert response.status_code == 200
    body = response.json()
    assert body["message"] == "Profile updated successfully"
    assert body["data"]["user"] == {
        "id": str(member.user.id),
        "name": "Joe Doe",
        "email": "newemail@mail.com",
        "genres": ["Drama", "Science Fiction"],
        "maturity_filter": "teen",
        "preferred_language": "es",
    }
    assert member.get("/profile").json()["data"] == body["data"]
    user = User.objects.get(id=member.user.id)
    assert (user.name, user.email, user.maturity_filter, user.preferred_language) == (
        "Joe Doe",
        "newemail@mail.com",
        "teen",
        "es",
    )


def test_other_keys_are_ignored_and_absent_keys_kept(make_member, fake_tmdb):
    member = make_member(genres=("28",))
    password_hash = member.user.password

    response = member.post(
        "/profile",
        {
            "name": "Only The Name",
            "password": "hacked-password-1",
            "is_staff": True,
            "is_superuser": True,
            "id": "00000000-0000-0000-0000-000000000000",
            "phone_number": "+100",
        },
    )

    assert response.status_code == 200
    assert response.json()["data"]["user"]["genres"] == ["Action"]
    user = User.objects.get(id=member.user.id)
    assert user.name == "Only The Name"
    assert user.password == password_hash
    assert not user.is_staff and not user.is_superuser and user.phone_number is None


def test_an_empty_genre_list_clears_the_genres(make_member, fake_tmdb):
    member = make_member(genres=("28", "35"))
    assert member.post("/profile", {"genres": []}).json()["data"]["user"]["genres"] == []
    assert not UserGenre.objects.filter(user=member.user).exists()


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"name": ""}, "name"),
        ({"name": "   "}, "name"),
        ({"name": "x" * 101}, "name"),
        ({"name": 42}, "name"),
        ({"email": "not-an-email"}, "email"),
        ({"email": ""}, "email"),
        ({"genres": "28"}, "genres"),
        ({"genres": None}, "genres"),
        ({"genres": [True]}, "genres"),
        ({"maturity_filter": "kids"}, "maturity_filter"),
        ({"maturity_filter": None}, "maturity_filter"),
        ({"preferred_language": "EN"}, "preferred_language"),
        ({"preferred_language": "eng"}, "preferred_language"),
        ({"preferred_language": "xx"}, "preferred_language"),
        ({"preferred_language": "en-US"}, "preferred_language"),
        ({"preferred_language": 12}, "preferred_language"),
    ],
)
def test_invalid_values_are_400_and_change_nothing(member, fake_tmdb, body, field):
    response = member.post("/profile", {**body, "name": body.get("name", "Changed?")})

    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == "VALIDATION_ERROR"
    assert field in error["details"]
    assert User.objects.get(id=member.user.id).name == member.user.name


def test_every_problem_is_reported_at_once(member, fake_tmdb):
    response = member.post(
        "/profile",
        {"name": "", "email": "nope", "maturity_filter": "x", "preferred_language": "zz"},
    )
    assert set(response.json()["error"]["details"]) == {
        "name",
        "email",
        "maturity_filter",
        "preferred_language",
    }


def test_unknown_genre_ids_are_400_with_the_bad_ids(member, fake_tmdb):
    response = member.post("/profile", {"genres": ["28", "999", 12345]})

    assert response.status_code == 400
    details = response.json()["error"]["details"]
    assert details["unknown"] == ["999", "12345"]
    assert not UserGenre.objects.filter(user=member.user).exists()


def test_an_email_taken_in_any_case_is_409(make_member, fake_tmdb):
    make_member(email="taken@example.com")
    member = make_member(email="mine@example.com")

    response = member.post("/profile", {"email": "TAKEN@Example.com", "name": "New"})

    assert response.status_code == 409
    assert response.json()["error"]["code"] == "EMAIL_TAKEN"
    assert User.objects.get(id=member.user.id).email == "mine@example.com"
    # One's own email in another case is no conflict.
    assert member.post("/profile", {"email": "MINE@example.com"}).status_code == 200


def test_a_non_object_body_is_400(member, fake_tmdb):
    response = member.client.post(
        "/profile", b"[1, 2]", content_type="application/json", headers=member.auth
    )
    assert response.status_code == 400


def _languages(fake_tmdb) -> set[str]:
    found = set()
    for request in fake_tmdb.requests():
        query = request["query"]
        found.add(query.get("language") if isinstance(query, dict) else None)
    return found


def test_new_language_reaches_tmdb_on_the_next_request(member, client, fake_tmdb):
    english = member.get("/movies/popular", limit=3)  # the session state (en) is now cached
    assert _languages(fake_tmdb) == {"en"}

    assert member.post("/profile", {"preferred_language": "es"}).status_code == 200
    fake_tmdb.reset()
    spanish = member.get("/movies/popular", limit=3)

    assert spanish.status_code == 200
    assert _languages(fake_tmdb) == {"es"}
    titles = lambda r: [m["title"] for m in r.json()["data"]["movies"]]  # noqa: E731
    assert titles(spanish) != titles(english)  # the offline catalog translates into Spanish

    fake_tmdb.reset()
    # Positions 22-24: TMDb's page 2 (the list call is the only one a cold page makes now).
    anonymous = client.get("/movies/popular", {"limit": 3, "page": 8})
    assert anonymous.status_code == 200
    assert _languages(fake_tmdb) == {"en"}


def test_new_maturity_applies_to_the_next_request_of_every_session(member, fake_tmdb):
    other_device = open_session(member.user)
    headers = {"Authorization": f"Bearer {other_device}"}
    member.get("/movies/popular", limit=3)
    member.client.get("/movies/popular", {"limit": 3}, headers=headers)
    fake_tmdb.reset()

    assert member.post("/profile", {"maturity_filter": "teen"}).status_code == 200
    member.client.get("/movies/popular", {"limit": 3}, headers=headers)

    # Teen popular is asked of discover with the US certification cap (catalog.maturity).
    paths = {r["path"] for r in fake_tmdb.requests()}
    assert "/3/discover/movie" in paths
    assert "/3/movie/popular" not in paths


def test_change_password(member, fake_tmdb):
    other_device = open_session(member.user)

    response = member.post(
        "/profile/change-password",
        {"old_password": "Sturdy-Passphrase-42", "new_password": "An0ther-Long-Secret"},
    )

    assert response.status_code == 200
    body = response.json()
    assert body["success"] is True and body["message"] == "Password changed successfully"
    new_token = body["data"]["auth_token"]
    assert new_token and new_token != member.token
    user = User.objects.get(id=member.user.id)
    assert user.check_password("An0ther-Long-Secret")
    # This session goes on with the new token; the other device is signed out.
    fresh = member.client.get("/profile", headers={"Authorization": f"Bearer {new_token}"})
    assert fresh.status_code == 200
    ended = member.client.get("/profile", headers={"Authorization": f"Bearer {other_device}"})
    assert ended.status_code == 401
    assert ended.json()["error"]["code"] == "SESSION_TERMINATED"
    assert LoginSession.objects.filter(user=member.user, status="active").count() == 1


def test_change_password_with_a_wrong_old_password_is_401(member, fake_tmdb):
    response = member.post(
        "/profile/change-password",
        {"old_password": "wrong-password", "new_password": "An0ther-Long-Secret"},
    )
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "INVALID_CREDENTIALS"
    assert User.objects.get(id=member.user.id).check_password("Sturdy-Passphrase-42")


@pytest.mark.parametrize(
    "body",
    [
        {"old_password": "Sturdy-Passphrase-42", "new_password": "123"},
        {"old_password": "Sturdy-Passphrase-42", "new_password": "password"},
        {"old_password": "Sturdy-Passphrase-42"},
        {"new_password": "An0ther-Long-Secret"},
    ],
)
def test_change_password_validation(member, fake_tmdb, body):
    response = member.post("/profile/change-password", body)
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "VALIDATION_ERROR"
    assert User.objects.get(id=member.user.id).check_password("Sturdy-Passphrase-42")
