"""Auth mutations: the contract's /auth endpoints as GraphQL, on the same services as REST.

Tokens travel as in REST: ``refreshToken`` and ``logout`` read the access token, and
``verifyResetOtp`` / ``resetPassword`` the reset token, from ``Authorization: Bearer <token>``.
Errors carry the REST codes in ``extensions.code`` (schema.errors); every mutation here counts in
the ``auth`` rate-limit bucket (5/min per IP, schema.ratelimit).
"""

from __future__ import annotations

from typing import Any

import strawberry
from django.http import HttpRequest
from strawberry.types import Info

from accounts import reset, services
from accounts.models import User
from accounts.tokens import required_bearer
from core.client_ip import client_ip


@strawberry.type(description="The contract's user object of the auth answers.")
class AuthUser:
    id: strawberry.ID
    name: str
    email: str

    @classmethod
    def of(cls, user: User) -> AuthUser:
        return cls(id=strawberry.ID(str(user.id)), name=user.name, email=user.email)


@strawberry.type(description="A new session: its access token and the user.")
class AuthPayload:
    success: bool
    message: str
    auth_token: str
    user: AuthUser


@strawberry.type(description="A new access token for the same session.")
class RefreshTokenPayload:
    success: bool
    message: str
    auth_token: str


@strawberry.type(description="The reset token for verifyResetOtp and resetPassword.")
class ForgotPasswordPayload:
    success: bool
    message: str
    reset_token: str


@strawberry.type(description="Success and a message, nothing else (like the REST envelope).")
class AuthMessage:
    success: bool
    message: str


@strawberry.input
class SignupInput:
    name: str
    email: str
    password: str
    genres: list[strawberry.ID] | None = strawberry.field(
        default=None, description='Genre ids as in `genres` (e.g. "28").'
    )
    platform: str | None = strawberry.field(
        default=None, description='"mobile-app" or "web"; else the X-Platform header; else web.'
    )
    device_name: str | None = strawberry.field(
        default=None, description="Default: the User-Agent header."
    )


@strawberry.input
class LoginInput:
    email: str
    password: str
    platform: str | None = None
    device_name: str | None = None


def _request(info: Info) -> HttpRequest:
    context: Any = info.context
    return context["request"] if isinstance(context, dict) else context.request


@strawberry.type
class AuthMutation:
    @strawberry.mutation(description="Create an account and log in (REST: POST /auth/signup).")
    async def signup(self, info: Info, input: SignupInput) -> AuthPayload:
        request = _request(info)
        result = await services.signup(
            name=input.name,
            email=input.email,
            password=input.password,
            genres=[str(g) for g in input.genres] if input.genres is not None else None,
            client=services.client_info(request, input.platform, input.device_name),
        )
        return AuthPayload(
            success=True,
            message="Account created successfully",
            auth_token=result.token,
            user=AuthUser.of(result.user),
        )

    @strawberry.mutation(description="Log in (REST: POST /auth/login).")
    async def login(self, info: Info, input: LoginInput) -> AuthPayload:
        request = _request(info)
        result = await services.login(
            email=input.email,
            password=input.password,
            client=services.client_info(request, input.platform, input.device_name),
        )
        return AuthPayload(
            success=True,
            message="Login successful",
            auth_token=result.token,
            user=AuthUser.of(result.user),
        )

    @strawberry.mutation(
        description="New access token for the bearer's session; the bearer may have expired "
        "(REST: POST /auth/refresh-token)."
    )
    async def refresh_token(self, info: Info) -> RefreshTokenPayload:
        token = await services.refresh_access_token(required_bearer(_request(info), "access token"))
        return RefreshTokenPayload(
            success=True, message="Token refreshed successfully", auth_token=token
        )

    @strawberry.mutation(description="End the bearer's session (REST: POST /auth/logout).")
    async def logout(self, info: Info) -> AuthMessage:
        await services.logout(required_bearer(_request(info), "access token"))
        return AuthMessage(success=True, message="Logged out successfully")

    @strawberry.mutation(
        description="Email a 6-digit code; answers the reset token "
        "(REST: POST /auth/forgot-password)."
    )
    async def forgot_password(self, info: Info, email: str) -> ForgotPasswordPayload:
        request = _request(info)
        token = await reset.request_reset(email, client_ip(request))
        return ForgotPasswordPayload(
            success=True, message="OTP sent to your email", reset_token=token
        )

    @strawberry.mutation(
        description="Check the code; bearer: the reset token "
        "(REST: POST /auth/forgot-password/verify)."
    )
    async def verify_reset_otp(self, info: Info, otp_code: str) -> AuthMessage:
        request = _request(info)
        await reset.verify_otp(
            required_bearer(request, "reset token"), otp_code, client_ip(request)
        )
        return AuthMessage(success=True, message="OTP verified successfully")

    @strawberry.mutation(
        description="Set the new password; bearer: the verified reset token "
        "(REST: POST /auth/forgot-password/change)."
    )
    async def reset_password(self, info: Info, new_password: str) -> AuthMessage:
        request = _request(info)
        await reset.complete_reset(
            required_bearer(request, "reset token"), new_password, client_ip(request)
        )
        return AuthMessage(success=True, message="Password reset successfully")
