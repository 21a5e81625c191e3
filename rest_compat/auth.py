"""REST endpoints of the contract's Authentication section (/auth/...).

Thin adrf views: parse the body, call accounts.services / accounts.reset (the same functions the
GraphQL mutations call) and wrap the answer in the envelope. Errors are core.exceptions
ApiErrors, rendered by rest_compat.errors. The serializers below document the bodies in OpenAPI;
validation itself lives in the services so that GraphQL answers the same way.
"""

from __future__ import annotations

from typing import Any

from adrf.views import APIView
from django.http import HttpRequest, HttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiExample, OpenApiParameter, extend_schema
from rest_framework import serializers

from accounts import reset, services
from accounts.tokens import bearer_token
from accounts.validation import body_dict
from core.client_ip import client_ip
from core.exceptions import (
    EmailTaken,
    Forbidden,
    InvalidCredentials,
    InvalidOtp,
    IpBlocked,
    OtpExpired,
    RateLimited,
    SessionTerminated,
    Unauthorized,
    ValidationFailed,
)
from core.responses import success
from rest_compat.fields_schema import GenreIdField, NonBlankCharField, PasswordField
from rest_compat.openapi import BearerAuthentication, error_responses, success_envelope

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
        choices=["mobile-app", "web"],
        required=False,
        allow_null=True,
        help_text="Where the session runs; absent or null: the X-Platform header; default web.",
    )
    device_name = serializers.CharField(
        required=False,
        allow_blank=True,
        allow_null=True,
        max_length=255,
        help_text="Shown in the session list; empty, null or absent: the User-Agent header. "
        "Longer than 255 characters: 400.",
    )


class SignupRequestSerializer(DeviceFields):
    name = NonBlankCharField(max_length=100)
    email = serializers.EmailField(max_length=100, help_text="The login; case-insensitive.")
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
    otp_code = serializers.RegexField(r"^\d{6}$", help_text="The 6-digit code from the email.")


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
    enum=["mobile-app", "web"],
    description="Platform of the new session when the body has no `platform`.",
)


def _ok(message: str, data: dict[str, Any] | None = None, status: int = 200) -> OpenApiExample:
    value: dict[str, Any] = {"success": True, "message": message}
    if data is not None:
        value["data"] = data
    return OpenApiExample(message, value=value, response_only=True, status_codes=[str(status)])


def _required_bearer(request: HttpRequest, what: str) -> str:
    token = bearer_token(request)
    if token is None:
        raise Unauthorized(f"Send the {what} as 'Authorization: Bearer <token>'")
    return token


class _AuthView(APIView):
    authentication_classes: list[type] = []
    permission_classes: list[type] = []


# --- views ----------------------------------------------------------------------------------


class SignupView(_AuthView):
    @extend_schema(
        operation_id="auth_signup",
        tags=[TAG],
        summary="Create an account",
        description=(
            "Creates the user (Argon2 hash), stores the chosen genres and opens a login session. "
            "Answers 201 with an access token. Unknown genre ids are 400 with the ids in "
            "`details.unknown`; an email already registered (in any letter case) is 409. "
            "Rate limit: 5 requests/min per IP for all /auth endpoints. "
            "GraphQL: `mutation { signup(input: {...}) { authToken user { id name email } } }`."
        ),
        parameters=[PLATFORM_HEADER],
        request=SignupRequestSerializer,
        responses={
            201: success_envelope("SignupResponse", AuthDataSerializer()),
            **error_responses(ValidationFailed, EmailTaken, *COMMON_ERRORS),
        },
        examples=[
            OpenApiExample(
                "Sign up",
                value={
                    "name": "Joe Doe",
                    "email": "example@mail.com",
                    "password": "correct-Horse-7",
                    "genres": ["28", "35"],
                },
                request_only=True,
            ),
            _ok(
                "Account created successfully",
                {"auth_token": SAMPLE_JWT, "user": SAMPLE_USER},
                201,
            ),
        ],
    )
    async def post(self, request: Any) -> HttpResponse:
        body = body_dict(request.data)
        result = await services.signup(
            name=body.get("name"),
            email=body.get("email"),
            password=body.get("password"),
            genres=body.get("genres"),
            client=services.client_info(request, body.get("platform"), body.get("device_name")),
        )
        return success(
            {"auth_token": result.token, "user": services.user_payload(result.user)},
            "Account created successfully",
            status=201,
        )


class LoginView(_AuthView):
    @extend_schema(
        operation_id="auth_login",
        tags=[TAG],
        summary="Log in",
        description=(
            "Checks the password and opens a login session (IP, platform, device). "
            "The same 401 INVALID_CREDENTIALS answers an unknown email and a wrong password. "
            "Repeated failures from one IP get it blocked (403 IP_BLOCKED). "
            "GraphQL: `mutation { login(input: {email, password}) { authToken user { id } } }`."
        ),
        parameters=[PLATFORM_HEADER],
        request=LoginRequestSerializer,
        responses={
            200: success_envelope("LoginResponse", AuthDataSerializer()),
            **error_responses(ValidationFailed, InvalidCredentials, *COMMON_ERRORS),
        },
        examples=[
            OpenApiExample(
                "Log in",
                value={"email": "example@mail.com", "password": "correct-Horse-7"},
                request_only=True,
            ),
            _ok("Login successful", {"auth_token": SAMPLE_JWT, "user": SAMPLE_USER}),
        ],
    )
    async def post(self, request: Any) -> HttpResponse:
        body = body_dict(request.data)
        result = await services.login(
            email=body.get("email"),
            password=body.get("password"),
            client=services.client_info(request, body.get("platform"), body.get("device_name")),
        )
        return success(
            {"auth_token": result.token, "user": services.user_payload(result.user)},
            "Login successful",
        )


class RefreshTokenView(_AuthView):
    authentication_classes = [BearerAuthentication]

    @extend_schema(
        operation_id="auth_refresh_token",
        tags=[TAG],
        summary="Get a new access token",
        description=(
            "Send the latest access token of the session, **even if it has expired** (its "
            "signature must be valid). The session must be active and its refresh expiry "
            "(REFRESH_TOKEN_TTL, 30 days, restarted by each refresh) not passed. Each refresh "
            "rotates the session's server-side secret: only the newest token of a session can "
            "refresh it, and presenting an older one again ends the session "
            "(401 SESSION_TERMINATED; theft protection). No body."
        ),
        request=None,
        responses={
            200: success_envelope("RefreshTokenResponse", TokenDataSerializer()),
            **error_responses(
                Unauthorized,
                SessionTerminated("The session has expired; log in again"),
                *COMMON_ERRORS,
            ),
        },
        examples=[_ok("Token refreshed successfully", {"auth_token": SAMPLE_JWT})],
    )
    async def post(self, request: Any) -> HttpResponse:
        token = _required_bearer(request, "access token")
        new_token = await services.refresh_access_token(token)
        return success({"auth_token": new_token}, "Token refreshed successfully")


class LogoutView(_AuthView):
    authentication_classes = [BearerAuthentication]

    @extend_schema(
        operation_id="auth_logout",
        tags=[TAG],
        summary="Log out",
        description=(
            "Ends the token's session at once: the token (and every other token of the session) "
            "is refused from the next request on. An expired token may still log out. "
            "Logging out an ended session is 401 SESSION_TERMINATED. No body."
        ),
        request=None,
        responses={
            200: success_envelope("LogoutResponse"),
            **error_responses(Unauthorized, SessionTerminated, *COMMON_ERRORS),
        },
        examples=[_ok("Logged out successfully")],
    )
    async def post(self, request: Any) -> HttpResponse:
        await services.logout(_required_bearer(request, "access token"))
        return success(message="Logged out successfully")


class ForgotPasswordView(_AuthView):
    @extend_schema(
        operation_id="auth_forgot_password",
        tags=[TAG],
        summary="Email a password reset code",
        description=(
            "Emails a 6-digit code (valid OTP_TTL, 10 minutes) and answers a reset token "
            "(type `forgot_password`, valid RESET_TOKEN_TTL) for the next two steps, which must "
            "come from the same IP. A new request cancels the earlier ones. The answer is the "
            "same for an email with no account (its token leads nowhere), so it does not reveal "
            "who is registered."
        ),
        request=ForgotPasswordRequestSerializer,
        responses={
            200: success_envelope("ForgotPasswordResponse", ResetTokenDataSerializer()),
            **error_responses(ValidationFailed, *COMMON_ERRORS),
        },
        examples=[
            OpenApiExample("Request", value={"email": "example@mail.com"}, request_only=True),
            _ok("OTP sent to your email", {"reset_token": SAMPLE_JWT}),
        ],
    )
    async def post(self, request: Any) -> HttpResponse:
        body = body_dict(request.data)
        token = await reset.request_reset(body.get("email"), client_ip(request))
        return success({"reset_token": token}, "OTP sent to your email")


class VerifyOtpView(_AuthView):
    authentication_classes = [BearerAuthentication]

    @extend_schema(
        operation_id="auth_forgot_password_verify",
        tags=[TAG],
        summary="Check the emailed code",
        description=(
            "Bearer: the **reset token** (an access token is refused). The code must match, "
            "within 10 minutes, from the IP that asked. A wrong code, or the right one from "
            "another IP, is 400 INVALID_OTP; after OTP_MAX_ATTEMPTS (5) wrong tries the request "
            "is cancelled (INVALID_OTP 'can no longer be used'). An expired code or reset token "
            "is 400 OTP_EXPIRED; a token already used to change the password is 401."
        ),
        request=VerifyOtpRequestSerializer,
        responses={
            200: success_envelope("VerifyOtpResponse"),
            **error_responses(
                ValidationFailed,
                InvalidOtp(reset.WRONG_CODE),
                InvalidOtp(reset.NO_LONGER_VALID),
                OtpExpired("The code has expired; request a new one"),
                Unauthorized,
                Unauthorized(reset.ALREADY_USED),
                *COMMON_ERRORS,
            ),
        },
        examples=[
            OpenApiExample("Code", value={"otp_code": "123456"}, request_only=True),
            _ok("OTP verified successfully"),
        ],
    )
    async def post(self, request: Any) -> HttpResponse:
        body = body_dict(request.data)
        token = _required_bearer(request, "reset token")
        await reset.verify_otp(token, body.get("otp_code"), client_ip(request))
        return success(message="OTP verified successfully")


class ResetPasswordView(_AuthView):
    authentication_classes = [BearerAuthentication]

    @extend_schema(
        operation_id="auth_forgot_password_change",
        tags=[TAG],
        summary="Set the new password",
        description=(
            "Bearer: the verified **reset token**, from the same IP. Sets the password (Django's "
            "validators apply), completes the request (the token cannot be used again: 401), "
            "cancels the user's other reset requests and ends **all** their sessions."
        ),
        request=ResetPasswordRequestSerializer,
        responses={
            200: success_envelope("ResetPasswordResponse"),
            **error_responses(
                ValidationFailed,
                Unauthorized,
                Unauthorized(reset.ALREADY_USED),
                Forbidden(reset.VERIFY_FIRST),
                OtpExpired("The reset request has expired; request a new code"),
                *COMMON_ERRORS,
            ),
        },
        examples=[
            OpenApiExample(
                "New password", value={"new_password": "another-Horse-8"}, request_only=True
            ),
            _ok("Password reset successfully"),
        ],
    )
    async def post(self, request: Any) -> HttpResponse:
        body = body_dict(request.data)
        token = _required_bearer(request, "reset token")
        await reset.complete_reset(token, body.get("new_password"), client_ip(request))
        return success(message="Password reset successfully")
