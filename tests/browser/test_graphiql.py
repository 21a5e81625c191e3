"""GraphiQL from our own static files: no external host, every asset served and pinned; the
GRAPHIQL_ENABLED and GRAPHQL_INTROSPECTION settings."""

from __future__ import annotations

import base64
import hashlib
import re
import urllib.request
from pathlib import Path

import pytest
from django.contrib.staticfiles import finders
from django.test import Client

from schema import graphiql

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]

# The npm registry's bytes of the pinned versions (the same hashes strawberry-graphql pins for
# its CDN page): a refresh that changes a file must change these on purpose.
PINNED = {
    "graphiql/react-18.2.0/react.production.min.js": (
        "sha384-tMH8h3BGESGckSAVGZ82T9n90ztNXxvdwvdM6UoR56cYcf+0iGXBliJ29D+wZ/x8"
    ),
    "graphiql/react-dom-18.2.0/react-dom.production.min.js": (
        "sha384-bm7MnzvK++ykSwVJ2tynSE5TRdN+xL418osEVF2DE/L/gfWHj91J2Sphe582B1Bh"
    ),
    "graphiql/graphiql-3.8.3/graphiql.min.css": (
        "sha384-Mq3vbRBY71jfjQAt/DcjxUIYY33ksal4cgdRt9U/hNPvHBCaT2JfJ/PTRiPKf0aM"
    ),
    "graphiql/graphiql-3.8.3/graphiql.min.js": (
        "sha384-HbRVEFG0JGJZeAHCJ9Xm2+tpknBQ7QZmNlO/DgZtkZ0aJSypT96YYGRNod99l9Ie"
    ),
    "graphiql/graphiql-plugin-explorer-1.0.2/index.umd.js": (
        "sha384-2oonKe47vfHIZnmB6ZZ10vl7T0Y+qrHQF2cmNTaFDuPshpKqpUMGMc9jgj9MLDZ9"
    ),
    "graphiql/graphiql-plugin-explorer-1.0.2/style.css": (
        "sha384-5DFJlDPW2tSATRbM8kzoP1j194jexLswuNmClWoRr2Q0x7R68JIQzPHZ02Faktwi"
    ),
}


@pytest.fixture
def graphiql_on(settings) -> None:
    settings.GRAPHIQL_ENABLED = True


def _page(client: Client):
    return client.get("/graphql", HTTP_ACCEPT="text/html")


def _references(html: str) -> list[str]:
    return re.findall(r'(?:src|href)="([^"]*)"', html)


def test_the_page_references_no_external_host(graphiql_on, client: Client) -> None:
    response = _page(client)
    assert response.status_code == 200
    html = response.content.decode()
    references = _references(html)
    assert len(references) == len(graphiql.STYLESHEETS) + len(graphiql.SCRIPTS) + 1  # + icon
    for ref in references:
        assert ref.startswith("/static/graphiql/") or ref.startswith("data:"), ref
    assert "http://" not in html and "https://" not in html and "//" not in html.replace("<!--", "")
    assert "<script>" not in html  # no inline script: the CSP allows none
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "connect-src 'self'" in policy
    assert response["X-Frame-Options"] == "DENY"


def test_each_asset_is_a_pinned_file_with_its_integrity(graphiql_on, client: Client) -> None:
    html = _page(client).content.decode()
    tags = re.findall(r'(?:src|href)="/static/([^"]+)" integrity="([^"]+)"', html)
    assert {path for path, _ in tags} == set(graphiql.STYLESHEETS) | set(graphiql.SCRIPTS)
    for path, integrity in tags:
        found = finders.find(path)
        assert found, path
        digest = hashlib.sha384(Path(found).read_bytes()).digest()
        assert integrity == "sha384-" + base64.b64encode(digest).decode(), path
        if path in PINNED:
            assert integrity == PINNED[path], f"{path} is not the pinned npm file"
    assert set(PINNED) <= {path for path, _ in tags}


def test_each_vendor_package_ships_its_licence() -> None:
    for directory in {Path(path).parent for path in PINNED}:
        licence = ROOT / "static" / directory / "LICENSE"
        assert "MIT License" in licence.read_text(), directory


def test_each_asset_is_served_over_http(graphiql_on, live_server) -> None:
    page_url = live_server.url + "/graphql"
    request = urllib.request.Request(page_url, headers={"Accept": "text/html"})  # noqa: S310
    with urllib.request.urlopen(request, timeout=10) as page:  # noqa: S310 - loopback http
        assert page.status == 200
        html = page.read().decode()
    for ref in _references(html):
        if ref.startswith("data:"):
            continue
        with urllib.request.urlopen(live_server.url + ref, timeout=10) as asset:  # noqa: S310
            assert asset.status == 200, ref
            body = asset.read()
        assert body == Path(finders.find(ref.removeprefix("/static/"))).read_bytes(), ref


def test_graphiql_is_a_404_when_disabled(settings, client: Client) -> None:
    settings.GRAPHIQL_ENABLED = False
    response = _page(client)
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "NOT_FOUND"
    # The API itself is unaffected.
    answer = client.post("/graphql", {"query": "{ __typename }"}, content_type="application/json")
    assert answer.json() == {"data": {"__typename": "Query"}}


INTROSPECTION = "{ __schema { queryType { name } } }"


def test_introspection_follows_its_setting(settings, client: Client) -> None:
    def ask(query: str) -> dict:
        response = client.post("/graphql", {"query": query}, content_type="application/json")
        return response.json()

    settings.GRAPHQL_INTROSPECTION = True
    assert ask(INTROSPECTION)["data"] == {"__schema": {"queryType": {"name": "Query"}}}
    settings.GRAPHQL_INTROSPECTION = False
    refused = ask(INTROSPECTION)
    assert refused["data"] is None
    assert refused["errors"][0]["extensions"]["code"] == "VALIDATION_ERROR"
    assert ask('{ __type(name: "Query") { name } }')["errors"]
    assert ask("{ __typename }") == {"data": {"__typename": "Query"}}


def test_local_mode_turns_both_on_and_production_off(tmp_path: Path) -> None:
    import subprocess
    import sys

    code = (
        "import django; django.setup(); from django.conf import settings as s; "
        "print(s.GRAPHIQL_ENABLED, s.GRAPHQL_INTROSPECTION)"
    )
    base = {"PATH": "/usr/bin:/bin", "DJANGO_SETTINGS_MODULE": "backend.settings"}
    local = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={**base, "RUN_DIR": str(tmp_path), "SQLITE_PATH": str(tmp_path / "db.sqlite3")},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert local.stdout.split() == ["True", "True"], local.stderr
    production = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={**base, "PRODUCTION": "true", "SECRET_KEY": "p" * 60},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert production.stdout.split() == ["False", "False"], production.stderr
