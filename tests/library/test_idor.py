"""No user can read or change another user's favourites, history or notifications, over REST
or GraphQL; foreign ids look exactly like ids that do not exist."""

from __future__ import annotations

import pytest

from library.models import UserFavourite, UserHistory, UserNotification
from tests.library.conftest import gql_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def alice(make_member):
    member = make_member(email="alice@example.com")
    UserFavourite.objects.create(user=member.user, movie_id="550")
    UserHistory.objects.create(user=member.user, movie_id="680")
    return member


@pytest.fixture
def alice_note(alice):
    return UserNotification.objects.create(
        user=alice.user, type="system_update", title="Private", message="For Alice only"
    )


def test_lists_hold_only_the_callers_rows(alice, alice_note, make_member, fake_tmdb):
    bob = make_member(email="bob@example.com")

    assert bob.get("/movies/favourites").json()["data"]["movies"] == []
    assert bob.get("/profile/history").json()["data"]["movies"] == []
    notes = bob.get("/profile/notifications").json()["data"]
    assert notes["notifications"] == [] and notes["unread_count"] == 0
    me = gql_data(
        bob.gql(
            "{ me { favourites { movies { id } } history { movies { id } } "
            "notifications { notifications { id } } unreadCount } }"
        )
    )["me"]
    assert me == {
        "favourites": {"movies": []},
        "history": {"movies": []},
        "notifications": {"notifications": []},
        "unreadCount": 0,
    }


def test_removing_someone_elses_favourite_is_404_and_leaves_it(alice, make_member, fake_tmdb):
    bob = make_member(email="bob@example.com")

    response = bob.delete("/movies/favourites?movie_id=550")

    assert response.status_code == 404
    result = bob.gql('mutation { removeFavourite(movieId: "550") }')
    assert result["errors"][0]["extensions"]["code"] == "NOT_FOUND"
    assert UserFavourite.objects.filter(user=alice.user, movie_id="550").exists()


def test_adding_the_same_title_is_per_user(alice, make_member, fake_tmdb):
    bob = make_member(email="bob@example.com")
    assert bob.post("/movies/favourites", {"movie_id": "550"}).status_code == 201
    bob.delete("/movies/favourites?movie_id=550")
    assert UserFavourite.objects.filter(user=alice.user, movie_id="550").exists()
    assert alice.get("/movies/favourites").json()["data"]["pagination"]["total"] == 1


def test_marking_someone_elses_notification_touches_nothing(alice, alice_note, make_member):
    bob = make_member(email="bob@example.com")
    own = UserNotification.objects.create(
        user=bob.user, type="system_update", title="Bob's", message="For Bob"
    )

    response = bob.post(
        "/profile/notifications/read", {"notification_id": [str(alice_note.id), str(own.id)]}
    )
    assert response.json()["data"] == {"marked": 1, "unread_count": 0}
    only_foreign = bob.post("/profile/notifications/read", {"notification_id": str(alice_note.id)})
    assert only_foreign.status_code == 200
    assert only_foreign.json()["data"]["marked"] == 0
    result = gql_data(
        bob.gql(
            "mutation($ids: [ID!]!) { markNotificationsRead(ids: $ids) { marked unreadCount } }",
            {"ids": [str(alice_note.id)]},
        )
    )
    assert result["markNotificationsRead"] == {"marked": 0, "unreadCount": 0}
    alice_note.refresh_from_db()
    assert alice_note.read is False
    assert alice.get("/profile/notifications").json()["data"]["unread_count"] == 1
