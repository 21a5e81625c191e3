"""schemathesis over the OpenAPI document (/api/schema), every check, with and without a token:
no response may contradict the document (undocumented status, wrong body or header shape, a
schema-valid request refused, a schema-violating one accepted) and none may be a 5xx.

It runs the schemathesis CLI (pinned in requirements/dev.txt) against the app served over real
HTTP by pytest-django's live server (test database, Redis under the test prefix, the offline
TMDb server). Bounded: a fixed seed and ``--max-examples`` per operation (about 40 s a run).
Rate limits and the IP blacklist are switched off for the run (their answers are documented on
every operation, and tested on their own): a fuzzer that trips them would only see 429/403.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import orjson
import pytest
from django.core import mail

from tests.auth.helpers import STRONG_PASSWORD

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]

SCHEMATHESIS = str(Path(sys.executable).with_name("schemathesis"))
MAX_EXAMPLES = "8"


@pytest.fixture
def fuzzable(settings, genres, fake_tmdb) -> None:
    settings.RATE_LIMIT_ENABLED = False
    settings.BLACKLIST_THRESHOLD = 10**9
    settings.RESET_REQUEST_MIN_SECONDS = 0.0
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    mail.outbox = []


def _run(base_url: str, tmp_path: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [
            SCHEMATHESIS,
            "run",
            f"{base_url}/api/schema",
            "--checks",
            "all",
            "--max-examples",
            MAX_EXAMPLES,
            "--seed",
            "20261201",
            "--workers",
            "1",
            "--generation-database",
            "none",
            "--request-timeout",
            "20",
            "--no-color",
            "--report",
            "ndjson",
            "--report-dir",
            str(tmp_path),
            *extra,
        ],
        cwd=tmp_path,  # its .schemathesis/ cache goes there, not into the repository
        capture_output=True,
        text=True,
        timeout=600,
    )


def _assert_clean(result: subprocess.CompletedProcess[str]) -> None:
    summary = result.stdout[-6000:]
    assert result.returncode == 0, summary + result.stderr[-2000:]
    assert "failures" not in summary.splitlines()[-1], summary


def _statuses(tmp_path: Path) -> list[int]:
    """The status of every response the server sent during the run (schemathesis's event log)."""
    found: list[int] = []
    for report in tmp_path.glob("*.ndjson"):
        found += [
            int(code) for code in re.findall(rb'"status_code":\s*(\d{3})', report.read_bytes())
        ]
    return found


def _assert_served(tmp_path: Path) -> None:
    statuses = _statuses(tmp_path)
    assert len(statuses) > 500, "schemathesis hardly reached the API"
    assert sum(200 <= s < 300 for s in statuses) > 100
    assert [s for s in statuses if s >= 500] == []


def test_no_response_contradicts_the_document_anonymous(live_server, fuzzable, tmp_path) -> None:
    result = _run(live_server.url, tmp_path)
    _assert_clean(result)
    _assert_served(tmp_path)


def test_no_response_contradicts_the_document_signed_in(live_server, fuzzable, tmp_path) -> None:
    import urllib.request

    body = {"name": "Fuzz Er", "email": "fuzz@example.com", "password": STRONG_PASSWORD}
    request = urllib.request.Request(  # noqa: S310 - the loopback live server
        f"{live_server.url}/auth/signup",
        data=orjson.dumps(body),
        headers={"Content-Type": "application/json"},
    )
    with urllib.request.urlopen(request, timeout=20) as response:  # noqa: S310
        token = orjson.loads(response.read())["data"]["auth_token"]
    result = _run(
        live_server.url,
        tmp_path,
        "--header",
        f"Authorization: Bearer {token}",
        # Logging out ends the session every later request is meant to use, and a refresh
        # rotates its token (the old one then ends the session: reuse detection); the
        # anonymous run covers both.
        "--exclude-path",
        "/auth/logout",
        "--exclude-path",
        "/auth/refresh-token",
    )
    _assert_clean(result)
    _assert_served(tmp_path)
    # The token worked throughout: only the reset-token steps and the wrong-old-password change
    # may answer nothing but 401.
    warnings = result.stdout.split("WARNINGS")[-1].split("SUMMARY")[0]
    for operation in ("GET /profile\n", "GET /movies/favourites", "POST /profile\n"):
        assert operation not in warnings, warnings
