"""Resolving the caller from the bearer token. Placeholder until the auth work lands:
every caller is anonymous."""

from __future__ import annotations

from django.http import HttpRequest

from accounts.viewer import Viewer, anonymous_viewer


async def resolve_viewer(request: HttpRequest) -> Viewer:
    return anonymous_viewer()
