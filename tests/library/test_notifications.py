"""Notifications over REST: the list (NOTIFICATION_LIST, unread count, pagination, unread
filter) and marking read, one or many, never touching another user's."""

from __future__ import annotations

import datetime as dt
import re
import uuid

import pytest
from django.utils import timezone

from library.models import UserNotification
from tests.helpers import NOTIFICATION_KEYS

pytestmark = pytest.mark.django_db
ISO_MS = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$")


def notify(
    user, n: int, *, read: bool = False, kind: str = "system_update", later: int = 0
) -> list[UserNotification]:
    rows = []
    base = timezone.now() - dt.timedelta(hours=1) + dt.timedelta(minutes=later)
    for i in range(n):
        row = UserNotification.objects.create(
            user=user,
            type=kind,
            title=f"Notice {i}",
            message=f"Message {i}",
            read=read,
            movie_id="550" if kind != "system_update" else None,
        )
        # Distinct, increasing creation times (auto_now_add would make ties likely).
        UserNotification.objects.filter(id=row.id).update(created_at=base + dt.timedelta(seconds=i))
        rows.append(row)
    return rows


def test_list_shape_newest_first_with_unread_count(member):
    notify(member.user, 3)
    notify(member.user, 2, read=True, kind="favorite_update", later=1)

    response = member.get("/profile/notifications", limit=2)

    assert response.status_code == 200
    data = response.json()["data"]
    assert set(data) == {"notifications", "unread_count", "pagination"}
    assert data["unread_count"] == 3
    assert data["pagination"] == {"page": 1, "limit": 2, "total": 5, "total_pages": 3}
    first = data["notifications"][0]
    assert set(first) == NOTIFICATION_KEYS
    assert first["type"] == "favorite_update" and first["title"] == "Notice 1"
    assert first["read"] is True and first["movie_id"] == "550" and first["image"] is None
    assert ISO_MS.match(first["created_at"])
    uuid.UUID(first["id"])
    created = [n["created_at"] for n in data["notifications"]]
    assert created == sorted(created, reverse=True)


def test_unread_only(member):
    unread = notify(member.user, 2)
    notify(member.user, 4, read=True)

    data = member.get("/profile/notifications", unread_only="true").json()["data"]

    assert {n["id"] for n in data["notifications"]} == {str(n.id) for n in unread}
    assert data["unread_count"] == 2
    assert data["pagination"]["total"] == 2
    assert (
        member.get("/profile/notifications", unread_only="false").json()["data"]["pagination"][
            "total"
        ]
        == 6
    )


def test_bad_unread_only_is_400(member):
    response = member.get("/profile/notifications", unread_only="maybe")
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "VALIDATION_ERROR"


def test_mark_one_read(member):
    first, second = notify(member.user, 2)

    response = member.post("/profile/notifications/read", {"notification_id": str(first.id)})

    assert response.status_code == 200
    assert response.json() == {
        "success": True,
        "message": "Notifications marked as read",
        "data": {"marked": 1, "unread_count": 1},
    }
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.read and not second.read


def test_mark_several_read(member):
    rows = notify(member.user, 3)

    response = member.post(
        "/profile/notifications/read", {"notification_id": [str(r.id) for r in rows[:2]]}
    )

    assert response.json()["data"] == {"marked": 2, "unread_count": 1}
    assert member.get("/profile/notifications", unread_only="true").json()["data"]["notifications"][
        0
    ]["id"] == str(rows[2].id)


@pytest.mark.parametrize(
    "value", ["N456", ["N123", "N456"], [], None, 42, {"id": "x"}, [str(uuid.uuid4()), 7]]
)
def test_invalid_ids_are_400(member, value):
    (row,) = notify(member.user, 1)
    response = member.post("/profile/notifications/read", {"notification_id": value})
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "VALIDATION_ERROR"
    row.refresh_from_db()
    assert not row.read


def test_invalid_ids_are_listed(member):
    response = member.post("/profile/notifications/read", {"notification_id": ["N123", "N456"]})
    assert response.json()["error"]["details"]["invalid_ids"] == ["N123", "N456"]


def test_anonymous_is_401(client):
    assert client.get("/profile/notifications").status_code == 401
    response = client.post(
        "/profile/notifications/read",
        {"notification_id": str(uuid.uuid4())},
        content_type="application/json",
    )
    assert response.status_code == 401
