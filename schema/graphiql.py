"""The GraphiQL page, served entirely from this app's static files (static/graphiql/).

The vendor bundles are the npm registry's files of the pinned versions below, byte for byte
(scripts/refresh-graphiql.sh fetches them; tests/browser/test_graphiql.py checks their hashes).
The page carries Subresource Integrity for each asset and a Content-Security-Policy that allows
scripts from this origin only: no CDN, no inline script, so it works offline and a compromised
third party cannot run code next to a user's token.
"""

from __future__ import annotations

import base64
import hashlib
import logging
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from django.contrib.staticfiles import finders
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.templatetags.static import static

logger = logging.getLogger("cinemate.graphiql")

GRAPHIQL_VERSION = "3.8.3"
EXPLORER_VERSION = "1.0.2"
REACT_VERSION = "18.2.0"

STYLESHEETS = (
    f"graphiql/graphiql-{GRAPHIQL_VERSION}/graphiql.min.css",
    f"graphiql/graphiql-plugin-explorer-{EXPLORER_VERSION}/style.css",
    "graphiql/page.css",
)
SCRIPTS = (
    f"graphiql/react-{REACT_VERSION}/react.production.min.js",
    f"graphiql/react-dom-{REACT_VERSION}/react-dom.production.min.js",
    f"graphiql/graphiql-{GRAPHIQL_VERSION}/graphiql.min.js",
    f"graphiql/graphiql-plugin-explorer-{EXPLORER_VERSION}/index.umd.js",
    "graphiql/init.js",
)

# Same origin only. Styles: GraphiQL's editors set inline styles; fonts and icons are data: URIs.
CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data:",
        "font-src 'self' data:",
        "connect-src 'self'",
        "base-uri 'none'",
        "form-action 'none'",
        "frame-ancestors 'none'",
    ]
)


@dataclass(frozen=True, slots=True)
class Asset:
    url: str
    integrity: str


def sri(path: Path) -> str:
    return "sha384-" + base64.b64encode(hashlib.sha384(path.read_bytes()).digest()).decode()


@cache
def _asset(name: str) -> Asset:
    found = finders.find(name)
    if not found:
        logger.error("GraphiQL asset %s is missing from the static files", name)
        return Asset(static(name), "")
    return Asset(static(name), sri(Path(found)))


def render_page(request: HttpRequest) -> HttpResponse:
    content = render_to_string(
        "graphiql.html",
        {
            "stylesheets": [_asset(name) for name in STYLESHEETS],
            "scripts": [_asset(name) for name in SCRIPTS],
        },
        request=request,
    )
    response = HttpResponse(content)
    response["Content-Security-Policy"] = CONTENT_SECURITY_POLICY
    response["Cache-Control"] = "no-cache"
    return response
