"""REST routes of the contract, and the OpenAPI schema + Swagger UI (served offline via sidecar)."""

from __future__ import annotations

from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

urlpatterns = [
    path("api/schema", SpectacularAPIView.as_view(), name="api-schema"),
    path("api/docs", SpectacularSwaggerView.as_view(url_name="api-schema"), name="api-docs"),
    path("", include("rest_compat.library_urls")),
    path("", include("rest_compat.movies_urls")),
    path("", include("rest_compat.auth_urls")),
]
