"""ASGI entry point, with the lifespan protocol so each worker closes its TMDb/Redis clients."""

from __future__ import annotations

import os

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "backend.settings")

from django_asgi_lifespan.asgi import get_asgi_application

application = get_asgi_application()

from backend import lifespan  # noqa: E402,F401  (connects the startup/shutdown receivers)
