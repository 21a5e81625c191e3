"""Structured logs: LOG_FORMAT=json gives one JSON object per line, one access line per request
(request id, user id, method, route, status, duration), and errors carry the request id."""

from __future__ import annotations

import io
import json
import logging
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.test import Client

from core.logging import JsonFormatter, RequestIdFilter

pytestmark = pytest.mark.django_db(transaction=True)
REPO_ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def captured(settings) -> Iterator[io.StringIO]:
    """What the access and error loggers write, formatted as LOG_FORMAT=json formats it."""
    settings.ACCESS_LOG = True
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    config = settings.LOGGING["formatters"]["json"]
    handler.setFormatter(JsonFormatter(config["fmt"], rename_fields=config["rename_fields"]))
    handler.addFilter(RequestIdFilter())
    loggers = [logging.getLogger("cinemate.access"), logging.getLogger("cinemate.errors")]
    for logger in loggers:
        logger.addHandler(handler)
    yield stream
    for logger in loggers:
        logger.removeHandler(handler)


def lines_of(stream: io.StringIO) -> list[dict]:
    return [json.loads(line) for line in stream.getvalue().splitlines()]


def test_one_access_line_per_request_with_user_route_and_status(captured, member) -> None:
    response = member.get("/movies/favourites")
    assert response.status_code == 200
    assert Client().get("/no/such/route", HTTP_X_REQUEST_ID="req-404").status_code == 404

    signed_in, missing = lines_of(captured)
    assert signed_in["logger"] == "cinemate.access"
    assert signed_in["level"] == "INFO"
    assert signed_in["time"].endswith("Z")
    assert signed_in["request_id"] == response["X-Request-ID"]
    assert signed_in["user_id"] == str(member.user.id)
    assert (signed_in["method"], signed_in["route"], signed_in["status"]) == (
        "GET",
        "/movies/favourites",
        200,
    )
    assert isinstance(signed_in["duration_ms"], float)
    assert missing["request_id"] == "req-404"
    assert missing["user_id"] is None
    assert (missing["route"], missing["status"]) == ("<unmatched>", 404)


def test_graphql_lines_name_the_operation(captured, fake_tmdb) -> None:
    body = json.dumps({"query": "query GenreList { genres { id } }"})
    assert Client().post("/graphql", body, content_type="application/json").status_code == 200
    (line,) = lines_of(captured)
    assert (line["route"], line["graphql_operation"]) == ("/graphql", "GenreList")


@pytest.mark.urls("tests.core.urls_boom")
def test_an_error_line_carries_the_request_id_of_its_request(captured) -> None:
    response = Client(raise_request_exception=False).get("/boom", HTTP_X_REQUEST_ID="req-500")
    assert response.status_code == 500
    error, access = lines_of(captured)
    assert error["level"] == "ERROR" and error["request_id"] == "req-500"
    assert "RuntimeError" in error["exc_info"]
    assert (access["request_id"], access["status"]) == ("req-500", 500)


def test_no_access_lines_unless_asked(settings, captured) -> None:
    settings.ACCESS_LOG = False
    assert Client().get("/system/live").status_code == 200
    assert lines_of(captured) == []


def _log_a_line(log_format: str | None) -> str:
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "backend.settings"}
    env.pop("LOG_FORMAT", None)
    if log_format:
        env["LOG_FORMAT"] = log_format
    script = (
        "import django, logging; django.setup(); "
        "logging.getLogger('cinemate.test').warning('hello %s', 'there')"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], cwd=REPO_ROOT, env=env, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    return done.stderr.strip().splitlines()[-1]


def test_log_format_json_is_wired_and_text_stays_the_default() -> None:
    line = json.loads(_log_a_line("json"))
    assert line["message"] == "hello there"
    assert (line["level"], line["logger"], line["request_id"]) == ("WARNING", "cinemate.test", "-")
    text = _log_a_line(None)
    assert text.endswith("WARNING [-] cinemate.test: hello there")
