"""The contract's schema on real PostgreSQL: tables, columns, constraints."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.db import IntegrityError, connection, transaction

from accounts.models import User, UserGenre
from catalog.models import Genre
from library.models import UserFavourite, UserNotification

pytestmark = pytest.mark.django_db


def _columns(table: str) -> set[str]:
    with connection.cursor() as cursor:
        return {col.name for col in connection.introspection.get_table_description(cursor, table)}


def test_migrations_ran_on_postgresql_and_nothing_is_missing() -> None:
    assert connection.vendor == "postgresql"
    out = io.StringIO()
    call_command("makemigrations", "--check", "--dry-run", stdout=out)
    assert "No changes detected" in out.getvalue()


def test_tables_carry_the_contract_column_names() -> None:
    assert {
        "id",
        "full_name",
        "phone_number",
        "email_address",
        "hash_password",
        "is_verified",
        "last_login",
        "preferred_language",
        "maturity_filter",
        "created_at",
        "updated_at",
    } <= _columns("users")
    assert {"id", "user_id", "movie_id", "created_at", "updated_at"} <= _columns("user_favourites")
    assert {
        "id",
        "user_id",
        "type",
        "title",
        "message",
        "image",
        "read",
        "movie_id",
        "created_at",
    } <= _columns("user_notifications")
    assert {"id", "user_id", "movie_id", "created_at"} <= _columns("user_history")
    assert {"id", "user_id", "genre_id", "created_at", "updated_at"} <= _columns("user_genres")
    assert {"id", "name", "created_at", "updated_at"} <= _columns("genres")
    assert {
        "id",
        "user_id",
        "ip_address",
        "platform",
        "device_name",
        "session_start",
        "session_end",
        "status",
        "refresh_token",
        "refresh_token_expires_at",
    } <= _columns("login_sessions")
    assert {
        "id",
        "user_id",
        "reset_token",
        "otp_code_hash",
        "expires_at",
        "status",
        "ip_address",
        "attempts",
    } <= _columns("password_resets")
    assert {"id", "ip_address", "reason", "blocked_until"} <= _columns("ip_blacklist")


def test_genres_are_preloaded_from_tmdb_lists() -> None:
    assert Genre.objects.count() == 27
    assert Genre.objects.get(id="28").name == "Action"
    sci_fi = Genre.objects.get(id="10765")
    assert sci_fi.name == "Sci-Fi & Fantasy" and sci_fi.for_series and not sci_fi.for_movies
    assert Genre.objects.get(id="16").for_movies and Genre.objects.get(id="16").for_series


def test_users_get_uuid_keys_and_argon2_hashes() -> None:
    user = User.objects.create_user("Joe@Example.com", "a-long-password", name="Joe")
    assert len(str(user.id)) == 36
    assert user.email == "joe@example.com"
    assert user.password.startswith("argon2")
    assert user.check_password("a-long-password")


def test_email_is_unique_whatever_its_case() -> None:
    User.objects.create_user("joe@example.com", "pw-123456789", name="Joe")
    with pytest.raises(IntegrityError), transaction.atomic():
        # Bypass the manager's normalisation: the database itself must refuse it.
        User.objects.create(email="JOE@example.com", name="Other", password="x")


def test_a_title_is_a_favourite_once_per_user() -> None:
    user = User.objects.create_user("a@example.com", "pw-123456789", name="A")
    other = User.objects.create_user("b@example.com", "pw-123456789", name="B")
    UserFavourite.objects.create(user=user, movie_id="550")
    UserFavourite.objects.create(user=other, movie_id="550")
    UserFavourite.objects.create(user=user, movie_id="tv-550")
    with pytest.raises(IntegrityError), transaction.atomic():
        UserFavourite.objects.create(user=user, movie_id="550")


def test_a_genre_is_chosen_once_per_user() -> None:
    user = User.objects.create_user("a@example.com", "pw-123456789", name="A")
    UserGenre.objects.create(user=user, genre_id="28")
    with pytest.raises(IntegrityError), transaction.atomic():
        UserGenre.objects.create(user=user, genre_id="28")


def test_generated_notifications_cannot_repeat() -> None:
    user = User.objects.create_user("a@example.com", "pw-123456789", name="A")
    UserNotification.objects.create(user=user, title="t", message="m", dedup_key="k1")
    UserNotification.objects.create(user=user, title="t", message="m")  # no key: no limit
    UserNotification.objects.create(user=user, title="t", message="m")
    with pytest.raises(IntegrityError), transaction.atomic():
        UserNotification.objects.create(user=user, title="t", message="m", dedup_key="k1")


def test_deleting_a_user_deletes_their_rows() -> None:
    user = User.objects.create_user("a@example.com", "pw-123456789", name="A")
    UserFavourite.objects.create(user=user, movie_id="550")
    UserNotification.objects.create(user=user, title="t", message="m")
    user.delete()
    assert UserFavourite.objects.count() == 0
    assert UserNotification.objects.count() == 0
