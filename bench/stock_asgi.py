"""Django's stock ASGI handler, for bench/server_choice.py to compare with backend.asgi's."""

import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
application = get_asgi_application()
