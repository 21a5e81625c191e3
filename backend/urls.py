"""Routes: GraphQL (the core), the REST mirror of the contract, docs, system and admin."""

from __future__ import annotations

from django.contrib import admin
from django.urls import include, path

from backend.health import health

urlpatterns = [
    path("system/health", health, name="health"),
    path("admin/", admin.site.urls),
    path("graphql", include("schema.views")),
    path("", include("rest_compat.urls")),
]

handler400 = "core.views.bad_request"
handler403 = "core.views.forbidden"
handler404 = "core.views.not_found"
handler500 = "core.views.server_error"
