"""Routes of the contract's Authentication section."""

from __future__ import annotations

from django.urls import path

from rest_compat import auth

urlpatterns = [
    path("auth/signup", auth.SignupView.as_view(), name="auth-signup"),
    path("auth/login", auth.LoginView.as_view(), name="auth-login"),
    path("auth/refresh-token", auth.RefreshTokenView.as_view(), name="auth-refresh-token"),
    path("auth/logout", auth.LogoutView.as_view(), name="auth-logout"),
    path("auth/forgot-password", auth.ForgotPasswordView.as_view(), name="auth-forgot-password"),
    path(
        "auth/forgot-password/verify",
        auth.VerifyOtpView.as_view(),
        name="auth-forgot-password-verify",
    ),
    path(
        "auth/forgot-password/change",
        auth.ResetPasswordView.as_view(),
        name="auth-forgot-password-change",
    ),
]
