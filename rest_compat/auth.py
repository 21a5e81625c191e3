"""REST endpoints of the contract's Authentication section (/auth/...).

Thin views on the one REST pipeline (rest_compat.base.ApiView): parse the body, call
accounts.services / accounts.reset (the same functions the GraphQL mutations call) and wrap the
answer in the envelope. Errors are core.exceptions ApiErrors, rendered by rest_compat.errors.
The serializers of rest_compat.auth_schema document the bodies in OpenAPI; validation itself
lives in the services so that GraphQL answers the same way.

What the auth views kept from their DRF days, as ApiView options rather than a pipeline of
their own: the body must be sent as ``application/json`` (400 otherwise), every answer carries
``Allow: POST, OPTIONS``, OPTIONS describes the view, and a 405 says ``Method "GET" not
allowed.``.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from drf_spectacular.utils import OpenApiExample, extend_schema

from accounts import reset, services
from accounts.tokens import required_bearer
from core.client_ip import client_ip
from core.exceptions import (
    EmailTaken,
    Forbidden,
    InvalidCredentials,
    InvalidOtp,
    OtpExpired,
    SessionTerminated,
    Unauthorized,
    ValidationFailed,
)
from core.responses import success
from rest_compat.auth_schema import (
    COMMON_ERRORS,
    PLATFORM_HEADER,
    SAMPLE_JWT,
    SAMPLE_USER,
    TAG,
    AuthDataSerializer,
    ForgotPasswordRequestSerializer,
    LoginRequestSerializer,
    ResetPasswordRequestSerializer,
    ResetTokenDataSerializer,
    SignupRequestSerializer,
    TokenDataSerializer,
    VerifyOtpRequestSerializer,
    ok_example,
)
from rest_compat.base import ApiView
from rest_compat.openapi import BearerAuthentication, error_responses, success_envelope


class _AuthView(ApiView):
    """POST only; no bearer unless the view says so (documentation: ``security``)."""

    authentication_classes: list[type] = []
    permission_classes: list[type] = []
    always_allow_header = True
    answers_options = True

    def handled_methods(self) -> list[str]:
        return ["post"]


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
            ok_example(
                "Account created successfully",
                {"auth_token": SAMPLE_JWT, "user": SAMPLE_USER},
                201,
            ),
        ],
    )
    async def post(self, request: HttpRequest) -> HttpResponse:
        body = self.typed_body(request)
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
            ok_example("Login successful", {"auth_token": SAMPLE_JWT, "user": SAMPLE_USER}),
        ],
    )
    async def post(self, request: HttpRequest) -> HttpResponse:
        body = self.typed_body(request)
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
        examples=[ok_example("Token refreshed successfully", {"auth_token": SAMPLE_JWT})],
    )
    async def post(self, request: HttpRequest) -> HttpResponse:
        token = required_bearer(request, "access token")
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
        examples=[ok_example("Logged out successfully")],
    )
    async def post(self, request: HttpRequest) -> HttpResponse:
        await services.logout(required_bearer(request, "access token"))
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
            ok_example("OTP sent to your email", {"reset_token": SAMPLE_JWT}),
        ],
    )
    async def post(self, request: HttpRequest) -> HttpResponse:
        body = self.typed_body(request)
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
            ok_example("OTP verified successfully"),
        ],
    )
    async def post(self, request: HttpRequest) -> HttpResponse:
        body = self.typed_body(request)
        token = required_bearer(request, "reset token")
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
            ok_example("Password reset successfully"),
        ],
    )
    async def post(self, request: HttpRequest) -> HttpResponse:
        body = self.typed_body(request)
        token = required_bearer(request, "reset token")
        await reset.complete_reset(token, body.get("new_password"), client_ip(request))
        return success(message="Password reset successfully")
