"""The ``notifications`` subscription over graphql-transport-ws: token auth at connection_init,
live delivery from REST and from a management command in another process, and sockets closed
when their session ends."""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
import sys
from collections.abc import Callable

import pytest
from asgiref.sync import sync_to_async
from django.db import connection

from tests.library.conftest import Member
from tests.realtime.conftest import GqlSocket, signed_in
from tests.tmdb.processes import REPO_ROOT

pytestmark = pytest.mark.django_db(transaction=True)


async def test_a_favourite_added_over_rest_arrives_within_a_second(
    sockets: Callable[..., GqlSocket], member: Member, fake_tmdb
) -> None:
    socket = await signed_in(sockets, member)

    added = await sync_to_async(member.post)("/movies/favourites", {"movie_id": "550"})
    assert added.status_code == 201
    event = await socket.next(timeout=1.0)  # within a second of the 201

    assert event["type"] == "next" and event["id"] == "1"
    live = event["payload"]["data"]["notifications"]
    assert live["unreadCount"] == 1
    assert live["notification"]["type"] == "movie_added"
    assert live["notification"]["movieId"] == "550"
    assert live["notification"]["read"] is False
    # The same notification the REST list shows.
    listed = (await sync_to_async(member.get)("/profile/notifications")).json()
    assert listed["data"]["notifications"][0]["id"] == live["notification"]["id"]


async def test_the_first_event_is_the_current_unread_count(
    sockets: Callable[..., GqlSocket], member: Member, fake_tmdb
) -> None:
    added = await sync_to_async(member.post)("/movies/favourites", {"movie_id": "550"})
    assert added.status_code == 201
    socket = sockets()
    assert await socket.open()
    await socket.init({"token": member.token})  # the bare-token form
    await socket.subscribe()
    first = (await socket.next(timeout=5))["payload"]["data"]["notifications"]
    assert first == {"unreadCount": 1, "notification": None}


async def test_a_system_update_from_the_management_command_in_another_process(
    sockets: Callable[..., GqlSocket], member: Member, make_member
) -> None:
    other = await sync_to_async(make_member)()
    mine, theirs = await signed_in(sockets, member), await signed_in(sockets, other)
    env = {
        **os.environ,
        "PYTHONPATH": str(REPO_ROOT),
        "DJANGO_SETTINGS_MODULE": "backend.settings_test",
        # The test database (pytest-django's), not the run's base name.
        "TEST_DATABASE_URL": "postgres://{USER}:{PASSWORD}@{HOST}:{PORT}/{NAME}".format(
            **connection.settings_dict
        ),
    }
    command = [sys.executable, "manage.py", "send_system_update"]
    command += [
        "--title",
        "Maintenance",
        "--message",
        "Back at 10:00",
        "--email",
        member.user.email,
    ]

    done = await asyncio.to_thread(
        subprocess.run, command, cwd=REPO_ROOT, env=env, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    # The command returned once it had published: the event is here within a second.
    event = (await mine.next(timeout=1.0))["payload"]["data"]["notifications"]
    assert event["notification"]["type"] == "system_update"
    assert event["notification"]["title"] == "Maintenance"
    assert event["unreadCount"] == 1
    # Sent to one email: the other member's socket gets nothing.
    assert await theirs.receive_nothing(timeout=0.3)


async def test_a_logout_elsewhere_closes_the_socket(
    sockets: Callable[..., GqlSocket], member: Member
) -> None:
    socket = await signed_in(sockets, member)

    out = await sync_to_async(member.post)("/auth/logout")
    assert out.status_code == 200

    closed = await socket.receive_output(timeout=1.0)
    assert closed["type"] == "websocket.close"
    assert closed["code"] == 4401


async def test_a_password_change_closes_the_other_sessions_sockets(
    sockets: Callable[..., GqlSocket], make_member
) -> None:
    from tests.library.conftest import open_session

    member = await sync_to_async(make_member)()
    phone = Member(member.user, await sync_to_async(open_session)(member.user), member.client)
    on_phone = await signed_in(sockets, phone)
    here = await signed_in(sockets, member)

    changed = await sync_to_async(member.post)(
        "/profile/change-password",
        {"old_password": "Sturdy-Passphrase-42", "new_password": "Another-Passphrase-43"},
    )
    assert changed.status_code == 200, changed.content

    closed = await on_phone.receive_output(timeout=1.0)
    assert (closed["type"], closed["code"]) == ("websocket.close", 4401)
    assert await here.receive_nothing(timeout=0.3)  # the session that changed it stays


@pytest.mark.parametrize(
    "payload",
    [{}, {"authorization": "Bearer not-a-token"}, {"token": 42}],
    ids=["no-token", "bad-token", "not-a-string"],
)
async def test_connection_init_without_a_valid_token_is_refused(
    sockets: Callable[..., GqlSocket], payload: dict
) -> None:
    socket = sockets()
    assert await socket.open()
    answer = await socket.init(payload)
    assert (answer["type"], answer["code"]) == ("websocket.close", 4403)


async def test_connection_init_with_a_revoked_token_is_refused(
    sockets: Callable[..., GqlSocket], member: Member
) -> None:
    assert (await sync_to_async(member.post)("/auth/logout")).status_code == 200
    socket = sockets()
    assert await socket.open()
    answer = await socket.init({"authorization": f"Bearer {member.token}"})
    assert (answer["type"], answer["code"]) == ("websocket.close", 4403)


async def test_subscribing_before_connection_init_is_refused(
    sockets: Callable[..., GqlSocket],
) -> None:
    socket = sockets()
    assert await socket.open()
    await socket.subscribe()
    answer = await socket.receive_output(timeout=5)
    assert (answer["type"], answer["code"]) == ("websocket.close", 4401)


async def test_queries_over_the_socket_are_refused(
    sockets: Callable[..., GqlSocket], member: Member
) -> None:
    socket = await signed_in(sockets, member)
    await socket.subscribe("2", "{ genres { id } }")
    answer = await socket.next(timeout=5)
    assert answer["id"] == "2"
    assert answer["payload"]["errors"][0]["extensions"]["code"] == "VALIDATION_ERROR"


async def test_connections_count_against_the_rate_limit(
    sockets: Callable[..., GqlSocket], member: Member, settings
) -> None:
    settings.RATE_LIMIT_GENERAL_PER_MINUTE = 2
    await signed_in(sockets, member)  # the IP's 1st handshake, the user's 1st connection_init
    again = sockets()
    assert await again.open()  # the IP's 2nd handshake
    ack = await again.init({"token": member.token})  # the user's 2nd
    assert json.loads(ack["text"]) == {"type": "connection_ack"}

    assert not await sockets().open()  # the IP's 3rd handshake is refused (HTTP 403)
    elsewhere = sockets(client="10.9.8.7")
    assert await elsewhere.open()  # another IP may connect...
    answer = await elsewhere.init({"token": member.token})  # ...but it is the user's 3rd
    assert (answer["type"], answer["code"]) == ("websocket.close", 4403)


async def test_other_websocket_paths_are_refused(sockets: Callable[..., GqlSocket]) -> None:
    socket = sockets()
    socket.scope["path"] = "/ws/other"
    assert not await socket.open()


async def test_local_mode_pushes_through_the_in_memory_layer(
    sockets: Callable[..., GqlSocket], member: Member, fake_tmdb, settings
) -> None:
    """Without Redis (make run's local mode) the same code path uses Channels' in-memory
    layer: events published by the serving process itself arrive."""
    from channels.layers import InMemoryChannelLayer, get_channel_layer

    settings.CHANNEL_LAYERS = {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}
    assert isinstance(get_channel_layer(), InMemoryChannelLayer)  # Channels follows the setting
    socket = await signed_in(sockets, member)
    added = await sync_to_async(member.post)("/movies/favourites", {"movie_id": "550"})
    assert added.status_code == 201
    event = (await socket.next(timeout=1.0))["payload"]["data"]["notifications"]
    assert event["notification"]["type"] == "movie_added"
    out = await sync_to_async(member.post)("/auth/logout")
    assert out.status_code == 200
    closed = await socket.receive_output(timeout=1.0)
    assert (closed["type"], closed["code"]) == ("websocket.close", 4401)
