"""ASGI entry point: lifespan protocol (each worker closes its TMDb/Redis clients on shutdown)
and pooled sync threads (see backend.asgi_handler)."""

from __future__ import annotations

import os

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "backend.settings")
django.setup(set_prefix=False)

from backend import lifespan  # noqa: E402
from backend.asgi_handler import PooledThreadsASGIHandler  # noqa: E402

application = PooledThreadsASGIHandler()
lifespan.connect(application)
