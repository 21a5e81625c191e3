"""State for the parity table: what rows prepare before both edges, and what they read back
as "stored" (through the ORM models by app label, so module moves do not matter)."""

from __future__ import annotations

import re
import time
from typing import Any

from django.apps import apps
from django.core import mail

from tests.parity.harness import World

NEW_PASSWORD = "Brand-New-Passphrase-77"
MOVIE = "550"  # the offline catalog's fixed movie (reviews, cast, 2 pages of recommendations)
SERIES = "tv-1399"  # the offline catalog's fixed series (6 seasons + specials)


def model(label: str) -> Any:
    """A model by app label, so the harness does not depend on module paths."""
    return apps.get_model(*label.split("."))


# ----------------------------------------------------------------------------- preparations
def add_favourites(world: World) -> None:
    fav = model("library.UserFavourite")
    fav.objects.bulk_create(fav(user=world.user, movie_id=m) for m in (MOVIE, SERIES, "603"))


def add_history(world: World) -> None:
    history = model("library.UserHistory")
    history.objects.bulk_create(history(user=world.user, movie_id=m) for m in (MOVIE, SERIES))


def add_notifications(world: World) -> None:
    notification = model("library.UserNotification")
    rows = notification.objects.bulk_create(
        notification(
            user=world.user,
            type="movie_recommendation",
            title=f"Pick {n}",
            message=f"Something to watch, {n}",
            movie_id=MOVIE if n == 1 else None,
            read=n == 3,
        )
        for n in (1, 2, 3)
    )
    world.state["notification_ids"] = [str(row.id) for row in rows]


def forgot_password(world: World) -> None:
    response = world.client.post(
        "/auth/forgot-password", {"email": world.email}, content_type="application/json"
    )
    assert response.status_code == 200, response.content
    world.state["reset_token"] = response.json()["data"]["reset_token"]
    world.state["otp"] = _wait_for_otp(world.email)


def verified_reset(world: World) -> None:
    forgot_password(world)
    response = world.client.post(
        "/auth/forgot-password/verify",
        {"otp_code": world.state["otp"]},
        content_type="application/json",
        headers=world.bearer(world.state["reset_token"]),
    )
    assert response.status_code == 200, response.content


def _wait_for_otp(email: str) -> str:
    """The 6-digit code from the mail the reset request sent to ``email`` (on the mail thread;
    the address is unique to the test, so a late mail of an earlier test cannot be taken)."""
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline:
        sent = [m for m in mail.outbox if m.to == [email]]
        if sent:
            code = re.search(r"\b(\d{6})\b", sent[-1].body)
            assert code, sent[-1].body
            return code.group(1)
        time.sleep(0.01)
    raise AssertionError(f"no reset mail to {email} within 5 s")


# ----------------------------------------------------------------------------- stored state
def favourites(world: World) -> list[str]:
    rows = model("library.UserFavourite").objects.filter(user=world.user)
    return sorted(rows.values_list("movie_id", flat=True))


def sessions(world: World) -> list[str]:
    rows = model("accounts.LoginSession").objects.filter(user=world.user).order_by("created_at")
    return list(rows.values_list("status", flat=True))


def resets(world: World) -> list[str]:
    rows = model("accounts.PasswordReset").objects.filter(user=world.user).order_by("created_at")
    return list(rows.values_list("status", flat=True))


def password_is_new(world: World) -> tuple[bool, list[str]]:
    world.user.refresh_from_db()
    return world.user.check_password(NEW_PASSWORD), sessions(world)


def unread(world: World) -> list[bool]:
    rows = model("library.UserNotification").objects.filter(user=world.user).order_by("title")
    return list(rows.values_list("read", flat=True))


def profile_row(world: World) -> dict[str, Any]:
    world.user.refresh_from_db()
    genres = model("accounts.UserGenre").objects.filter(user=world.user)
    return {
        "name": world.user.name,
        "maturity": world.user.maturity_filter,
        "language": world.user.preferred_language,
        "genres": sorted(genres.values_list("genre_id", flat=True)),
    }


def signed_up(world: World) -> dict[str, Any]:
    user = model("accounts.User").objects.get(email="new.member@example.com")
    genres = model("accounts.UserGenre").objects.filter(user=user)
    return {"name": user.name, "genres": sorted(genres.values_list("genre_id", flat=True))}


def history_rows(world: World) -> list[str]:
    rows = model("library.UserHistory").objects.filter(user=world.user)
    return sorted(rows.values_list("movie_id", flat=True))
