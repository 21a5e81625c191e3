"""OpenAPI descriptions of the /auth endpoints: request and response serializers (documentation
only: validation lives in accounts.validation, whose limits these read), examples, the
X-Platform header."""

from __future__ import annotations

from typing import Any

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiExample, OpenApiParameter
from rest_framework import serializers

from accounts import validation
from accounts.models import Platform
from core.exceptions import IpBlocked, RateLimited
from rest_compat.fields_schema import GenreIdField, NonBlankCharField, PasswordField

TAG = "Authentication"
SAMPLE_JWT = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJ1c2VyX2lkIjoi...In0.c2lnbmF0dXJl"
SAMPLE_USER = {
    "id": "3f0c3a8e-8a8b-4c55-9a3e-2b7f4c1d9e10",
    "name": "Joe Doe",
    "email": "example@mail.com",
}
COMMON_ERRORS = (IpBlocked, RateLimited)


# --- documentation serializers --------------------------------------------------------------


class DeviceFields(serializers.Serializer):
    platform = serializers.ChoiceField(
        choices=Platform.values,
        required=False,
        allow_null=True,
        help_text="Where the session runs; absent or null: the X-Platform header; default web.",
    )
    device_name = serializers.CharField(
        required=False,
        allow_blank=True,
        allow_null=True,
        max_length=validation.DEVICE_NAME_MAX,
        help_text="Shown in the session list; empty, null or absent: the User-Agent header. "
        f"Longer than {validation.DEVICE_NAME_MAX} characters: 400.",
    )


class SignupRequestSerializer(DeviceFields):
    name = NonBlankCharField(max_length=validation.NAME_MAX)
    email = serializers.EmailField(
        max_length=validation.EMAIL_MAX, help_text="The login; case-insensitive."
    )
    password = PasswordField()
    genres = serializers.ListField(
        child=GenreIdField(),
        required=False,
        help_text='Genre ids from GET /movies/genres (strings like "28"; numbers accepted).',
    )


class LoginRequestSerializer(DeviceFields):
    email = serializers.EmailField()
    password = serializers.CharField()


class ForgotPasswordRequestSerializer(serializers.Serializer):
    email = serializers.EmailField()


class VerifyOtpRequestSerializer(serializers.Serializer):
    otp_code = serializers.RegexField(
        validation.OTP_PATTERN, help_text="The 6-digit code from the email."
    )


class ResetPasswordRequestSerializer(serializers.Serializer):
    new_password = PasswordField()


class AuthUserSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    name = serializers.CharField()
    email = serializers.EmailField()


class AuthDataSerializer(serializers.Serializer):
    auth_token = serializers.CharField(help_text="JWT access token")
    user = AuthUserSerializer()


class TokenDataSerializer(serializers.Serializer):
    auth_token = serializers.CharField(help_text="JWT access token")


class ResetTokenDataSerializer(serializers.Serializer):
    reset_token = serializers.CharField(help_text="JWT reset token (type forgot_password)")


PLATFORM_HEADER = OpenApiParameter(
    "X-Platform",
    OpenApiTypes.STR,
    OpenApiParameter.HEADER,
    required=False,
    enum=Platform.values,
    description="Platform of the new session when the body has no `platform`.",
)


def ok_example(
    message: str, data: dict[str, Any] | None = None, status: int = 200
) -> OpenApiExample:
    value: dict[str, Any] = {"success": True, "message": message}
    if data is not None:
        value["data"] = data
    return OpenApiExample(message, value=value, response_only=True, status_codes=[str(status)])
