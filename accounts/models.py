"""Users, login sessions, password resets, chosen genres and the IP blacklist (contract schema)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.contrib.auth.models import PermissionsMixin
from django.db import models
from django.db.models.functions import Lower

from core.models import TimeStamped, UUIDModel


class MaturityFilter(models.TextChoices):
    ALL = "all", "All (no adult titles)"
    TEEN = "teen", "Teen (up to PG-13 / TV-14)"
    ADULT = "adult", "Adult (everything)"


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def _create(self, email: str, password: str | None, **fields: Any) -> User:
        if not email:
            raise ValueError("An email address is required")
        user = self.model(email=normalize_email(email), **fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **fields: Any) -> User:
        fields.setdefault("is_staff", False)
        fields.setdefault("is_superuser", False)
        return self._create(email, password, **fields)

    def create_superuser(self, email: str, password: str | None = None, **fields: Any) -> User:
        fields.update(is_staff=True, is_superuser=True)
        return self._create(email, password, **fields)

    def get_by_natural_key(self, username: str | None) -> User:
        return self.get(email__iexact=username or "")


def normalize_email(email: str) -> str:
    """Emails are the login and compared case-insensitively, so they are stored lower-cased."""
    return email.strip().lower()


class User(UUIDModel, AbstractBaseUser, PermissionsMixin, TimeStamped):
    name = models.CharField("full name", max_length=100, db_column="full_name")
    email = models.EmailField(max_length=100, unique=True, db_column="email_address")
    phone_number = models.CharField(max_length=25, unique=True, null=True, blank=True)
    password = models.CharField(max_length=255, db_column="hash_password")
    is_verified = models.BooleanField(default=False)
    preferred_language = models.CharField(max_length=10, default="en")
    maturity_filter = models.CharField(
        max_length=10, choices=MaturityFilter.choices, default=MaturityFilter.ALL
    )
    is_active = models.BooleanField(default=True)
    is_staff = models.BooleanField(default=False)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["name"]

    class Meta:
        db_table = "users"
        constraints = [
            models.UniqueConstraint(Lower("email"), name="users_email_ci_unique"),
        ]

    def __str__(self) -> str:
        return self.email


class UserGenre(UUIDModel, TimeStamped):
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="genre_links")
    genre = models.ForeignKey("catalog.Genre", on_delete=models.CASCADE, related_name="+")

    class Meta:
        db_table = "user_genres"
        constraints = [
            models.UniqueConstraint(fields=["genre", "user"], name="user_genres_unique"),
        ]


class Platform(models.TextChoices):
    MOBILE_APP = "mobile-app", "Mobile app"
    WEB = "web", "Web"


class SessionStatus(models.TextChoices):
    ACTIVE = "active", "Active"
    TERMINATED = "terminated", "Terminated"
    EXPIRED = "expired", "Expired"


class LoginSession(UUIDModel, TimeStamped):
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="login_sessions")
    ip_address = models.CharField(max_length=45)
    platform = models.CharField(max_length=20, choices=Platform.choices, default=Platform.WEB)
    device_name = models.CharField(max_length=255, blank=True, default="")
    session_start = models.DateTimeField(auto_now_add=True)
    session_end = models.DateTimeField(null=True, blank=True)
    status = models.CharField(
        max_length=20, choices=SessionStatus.choices, default=SessionStatus.ACTIVE
    )
    # Hash of the server-side refresh secret; the secret itself is never stored.
    refresh_token = models.CharField(max_length=255)
    refresh_token_expires_at = models.DateTimeField()

    class Meta:
        db_table = "login_sessions"
        indexes = [
            models.Index(
                fields=["user"],
                name="login_sessions_active_idx",
                condition=models.Q(status="active"),
            ),
        ]


class ResetStatus(models.TextChoices):
    PENDING = "pending", "Pending"
    VERIFIED = "verified", "Verified"
    COMPLETED = "completed", "Completed"
    REVOKED = "revoked", "Revoked"


class PasswordReset(UUIDModel, TimeStamped):
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="password_resets")
    # Hash of the reset token's unique id, so a leaked table cannot mint tokens.
    reset_token = models.CharField(max_length=255, unique=True, null=True, blank=True)
    otp_code_hash = models.CharField(max_length=255, null=True, blank=True)
    expires_at = models.DateTimeField()
    status = models.CharField(
        max_length=20, choices=ResetStatus.choices, default=ResetStatus.PENDING
    )
    ip_address = models.CharField(max_length=45)
    attempts = models.PositiveIntegerField(default=0)

    class Meta:
        db_table = "password_resets"
        indexes = [models.Index(fields=["user", "status"], name="password_resets_user_status")]


class IpBlacklist(UUIDModel, TimeStamped):
    ip_address = models.CharField(max_length=45, db_index=True)
    reason = models.TextField(null=True, blank=True)
    blocked_until = models.DateTimeField()

    class Meta:
        db_table = "ip_blacklist"
        verbose_name = "blocked IP address"
        verbose_name_plural = "IP blacklist"
        indexes = [models.Index(fields=["ip_address", "blocked_until"], name="ip_blacklist_lookup")]

    def __str__(self) -> str:
        return self.ip_address


class FailedAttemptCount(models.Model):
    """Failed logins/OTPs of one IP in one fixed window (``window_index`` = UNIX time //
    BLACKLIST_WINDOW), counted here only while Redis cannot count them (accounts.blacklist)."""

    ip_address = models.CharField(max_length=45)
    window_index = models.BigIntegerField()
    count = models.PositiveIntegerField(default=0)

    class Meta:
        db_table = "ip_failure_counts"
        constraints = [
            models.UniqueConstraint(
                fields=["ip_address", "window_index"], name="ip_failure_counts_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.ip_address}: {self.count}"
