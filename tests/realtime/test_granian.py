"""The production server end to end: granian serves the API's HTTP and the graphql-transport-ws
socket on one port (websockets on, as scripts/run.sh and the Dockerfile run it); a favourite
added over HTTP reaches the socket, a logout closes it, a revoked token is refused. (granian
2.8.7 held a server-initiated close while the app awaited receive(), which Channels always
does: the last two checks pin 2.8.9's fix.)"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import aiohttp
import pytest
from asgiref.sync import sync_to_async
from django.db import connection

from tests.library.conftest import Member
from tests.realtime.conftest import SUBSCRIPTION
from tests.tmdb.processes import REPO_ROOT

pytestmark = pytest.mark.django_db(transaction=True)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def granian() -> str:
    port = _free_port()
    env = {
        **os.environ,
        "PYTHONPATH": str(REPO_ROOT),
        "DJANGO_SETTINGS_MODULE": "backend.settings_test",
        "TEST_DATABASE_URL": "postgres://{USER}:{PASSWORD}@{HOST}:{PORT}/{NAME}".format(
            **connection.settings_dict
        ),
    }
    binary = str(Path(sys.executable).with_name("granian"))
    command = [binary, "--interface", "asgi", "--host", "127.0.0.1", "--port", str(port)]
    command += ["--workers", "1", "--log-level", "warning", "backend.asgi:application"]
    server = subprocess.Popen(command, cwd=REPO_ROOT, env=env)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                break
        except OSError:
            time.sleep(0.2)
    else:
        server.kill()
        pytest.fail("granian did not start")
    yield base
    server.terminate()
    try:
        server.wait(timeout=10)
    except subprocess.TimeoutExpired:
        server.kill()


async def test_granian_serves_http_and_the_subscription_socket(
    granian: str, member: Member, fake_tmdb
) -> None:
    # The server process's TMDb points nowhere (backend.settings_test): warm the title into the
    # shared Redis cache from here, so its favourite add needs no upstream call.
    assert (await sync_to_async(member.get)("/movies/550")).status_code == 200
    headers = {"Authorization": f"Bearer {member.token}"}
    async with aiohttp.ClientSession() as http:
        ws = await http.ws_connect(f"{granian}/graphql", protocols=("graphql-transport-ws",))
        assert ws.protocol == "graphql-transport-ws"
        await ws.send_json({"type": "connection_init", "payload": {"token": member.token}})
        assert (await ws.receive_json(timeout=10))["type"] == "connection_ack"
        await ws.send_json({"id": "1", "type": "subscribe", "payload": {"query": SUBSCRIPTION}})
        first = await ws.receive_json(timeout=10)
        assert first["payload"]["data"]["notifications"] == {"unreadCount": 0, "notification": None}

        async with http.post(
            f"{granian}/movies/favourites", json={"movie_id": "550"}, headers=headers
        ) as added:
            assert added.status == 201
        event = await ws.receive_json(timeout=1.0)  # within a second of the 201
        live = event["payload"]["data"]["notifications"]
        assert live["notification"]["type"] == "movie_added"
        assert live["unreadCount"] == 1

        async with http.post(f"{granian}/auth/logout", headers=headers) as out:
            assert out.status == 200
        closed = await ws.receive(timeout=1.0)
        assert closed.type in (aiohttp.WSMsgType.CLOSE, aiohttp.WSMsgType.CLOSED)
        assert ws.close_code == 4401

        # The revoked token is refused at connection_init, and the refusal arrives at once.
        again = await http.ws_connect(f"{granian}/graphql", protocols=("graphql-transport-ws",))
        await again.send_json({"type": "connection_init", "payload": {"token": member.token}})
        refused = await again.receive(timeout=1.0)
        assert refused.type in (aiohttp.WSMsgType.CLOSE, aiohttp.WSMsgType.CLOSED)
        assert again.close_code == 4403
