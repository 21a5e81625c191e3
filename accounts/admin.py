"""Staff tools: users, their sessions and resets (read-mostly), and the IP blacklist."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin

from accounts.models import (
    FailedAttemptCount,
    IpBlacklist,
    LoginSession,
    PasswordReset,
    User,
    UserGenre,
)


class UserGenreInline(admin.TabularInline):
    model = UserGenre
    extra = 0


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    ordering = ["-created_at"]
    list_display = [
        "email",
        "name",
        "maturity_filter",
        "preferred_language",
        "is_staff",
        "created_at",
    ]
    list_filter = ["is_staff", "is_active", "maturity_filter"]
    search_fields = ["email", "name"]
    readonly_fields = ["created_at", "updated_at", "last_login"]
    inlines = [UserGenreInline]
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        (
            "Profile",
            {
                "fields": (
                    "name",
                    "phone_number",
                    "preferred_language",
                    "maturity_filter",
                    "is_verified",
                )
            },
        ),
        (
            "Permissions",
            {"fields": ("is_active", "is_staff", "is_superuser", "groups", "user_permissions")},
        ),
        ("Dates", {"fields": ("last_login", "created_at", "updated_at")}),
    )
    add_fieldsets = (
        (None, {"classes": ("wide",), "fields": ("email", "name", "password1", "password2")}),
    )


@admin.register(LoginSession)
class LoginSessionAdmin(admin.ModelAdmin):
    list_display = [
        "user",
        "status",
        "platform",
        "ip_address",
        "device_name",
        "session_start",
        "session_end",
    ]
    list_filter = ["status", "platform"]
    search_fields = ["user__email", "ip_address"]
    readonly_fields = ["refresh_token", "created_at", "updated_at"]
    raw_id_fields = ["user"]


@admin.register(PasswordReset)
class PasswordResetAdmin(admin.ModelAdmin):
    list_display = ["user", "status", "ip_address", "attempts", "expires_at", "created_at"]
    list_filter = ["status"]
    search_fields = ["user__email", "ip_address"]
    readonly_fields = ["reset_token", "otp_code_hash", "created_at", "updated_at"]
    raw_id_fields = ["user"]


@admin.register(IpBlacklist)
class IpBlacklistAdmin(admin.ModelAdmin):
    list_display = ["ip_address", "blocked_until", "reason", "created_at"]
    search_fields = ["ip_address"]


@admin.register(FailedAttemptCount)
class FailedAttemptCountAdmin(admin.ModelAdmin):
    """Failures counted in PostgreSQL while Redis was unavailable (read-only)."""

    list_display = ["ip_address", "window_index", "count"]
    search_fields = ["ip_address"]

    def has_add_permission(self, request: Any) -> bool:
        return False

    def has_change_permission(self, request: Any, obj: Any = None) -> bool:
        return False


@admin.register(UserGenre)
class UserGenreAdmin(admin.ModelAdmin):
    list_display = ["user", "genre", "created_at"]
    raw_id_fields = ["user"]
