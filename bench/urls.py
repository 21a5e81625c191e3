"""The production routes plus /bench/bare (only via bench.settings with CINEMATE_BENCH_VIEWS=1)."""

from __future__ import annotations

from django.urls import path

from backend.urls import handler400, handler403, handler404, handler500  # noqa: F401
from backend.urls import urlpatterns as production
from bench.views import bare, bare_sync

urlpatterns = [path("bench/bare", bare), path("bench/bare-sync", bare_sync), *production]
