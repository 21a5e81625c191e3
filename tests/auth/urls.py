"""Test routes: the project's, plus /graphql (the real view and schema) and a probe that
shows who the bearer token resolves to."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.urls import include, path

from backend.urls import urlpatterns as project_urlpatterns
from core.responses import success
from schema.context import context_for


async def whoami(request: HttpRequest) -> HttpResponse:
    viewer = await context_for(request).require_user()
    return success(
        {
            "user_id": str(viewer.user_id),
            "session_id": str(viewer.session_id),
            "language": viewer.language,
            "maturity": viewer.maturity,
        }
    )


urlpatterns = [
    path("test/whoami", whoami),
    path("graphql", include("schema.views")),
    *project_urlpatterns,
]
