"""A route that fails, to see how an unhandled exception reaches the client."""

from django.http import HttpRequest, HttpResponse
from django.urls import include, path


async def boom(request: HttpRequest) -> HttpResponse:
    raise RuntimeError("secret internals: password=hunter2")


urlpatterns = [path("boom", boom), path("", include("backend.urls"))]
