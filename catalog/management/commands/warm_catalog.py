"""manage.py warm_catalog [--language en ...]: renew the hot lists (catalog.warm) that are
missing or near expiry. Run it every few minutes (docker/compose.yaml's scheduler does)."""

from __future__ import annotations

from typing import Any

from asgiref.sync import async_to_sync
from django.conf import settings
from django.core.management.base import BaseCommand

from catalog.warm import warm


class Command(BaseCommand):
    help = "Renew the hot lists (popular, coming soon, trending, genres) ahead of expiry."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--language", action="append", dest="languages")

    def handle(self, *args: Any, **options: Any) -> None:
        languages = options["languages"] or [settings.TMDB_DEFAULT_LANGUAGE]
        fetched = async_to_sync(warm)(languages)
        self.stdout.write(f"warm_catalog: {fetched} list(s) renewed for {', '.join(languages)}")
