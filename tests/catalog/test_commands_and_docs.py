"""load_genres refreshes the table from TMDb; export_graphql keeps the SDL file; the OpenAPI
schema documents every /movies endpoint with parameters, shapes, examples and errors."""

from __future__ import annotations

from io import StringIO

import pytest
import yaml
from django.core.management import call_command

from catalog.models import Genre

pytestmark = pytest.mark.django_db


def test_load_genres_restores_and_renames_from_tmdb(client, fake_tmdb):
    Genre.objects.filter(id="99").delete()
    Genre.objects.filter(id="28").update(name="Old name", for_movies=False)
    out = StringIO()
    call_command("load_genres", stdout=out)
    assert Genre.objects.get(id="99").name == "Documentary"
    action = Genre.objects.get(id="28")
    assert (action.name, action.for_movies, action.for_series) == ("Action", True, False)
    kids = Genre.objects.get(id="10762")
    assert (kids.for_movies, kids.for_series) == (False, True)
    assert fake_tmdb.calls("/3/genre/movie/list") == 1
    assert fake_tmdb.calls("/3/genre/tv/list") == 1
    assert "1 created" in out.getvalue()
    ids = {g["id"] for g in client.get("/movies/genres").json()["data"]["genres"]}
    assert "99" in ids  # the endpoint sees the change at once in this process


def test_export_graphql_check_passes_on_the_committed_file():
    out = StringIO()
    call_command("export_graphql", "--check", stdout=out)
    assert "up to date" in out.getvalue()


def test_openapi_documents_the_movies_endpoints(client):
    response = client.get("/api/schema")
    assert response.status_code == 200
    spec = yaml.safe_load(response.content)
    paths = spec["paths"]
    for path in (
        "/movies/popular",
        "/movies/coming-soon",
        "/movies/trending",
        "/movies/search",
        "/movies/genres",
        "/movies/{title_id}",
    ):
        assert "get" in paths[path], path
    search = paths["/movies/search"]["get"]
    params = {p["name"]: p for p in search["parameters"]}
    assert params["q"]["required"] is True
    assert {"page", "limit"} <= set(params)
    assert {"200", "400", "429", "503"} <= set(search["responses"])
    ok = search["responses"]["200"]["content"]["application/json"]
    assert ok["schema"]["$ref"].endswith("/MovieList")
    assert ok["examples"]
    card = spec["components"]["schemas"]["Card"]["properties"]
    assert list(card) == [
        "id", "title", "poster", "backdrop", "synopsis", "release_date", "duration", "genres",
        "rating", "is_favorite", "is_series",
    ]  # fmt: skip
    details = paths["/movies/{title_id}"]["get"]
    assert "404" in details["responses"]
    error = details["responses"]["404"]["content"]["application/json"]["schema"]["$ref"]
    assert error.endswith("/ErrorEnvelope")
    trending = {p["name"]: p for p in paths["/movies/trending"]["get"]["parameters"]}
    assert trending["window"]["schema"]["enum"] == ["day", "week"]


def test_swagger_ui_is_served(client):
    response = client.get("/api/docs")
    assert response.status_code == 200
    assert b"swagger" in response.content.lower()
