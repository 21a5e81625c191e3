"""Fixtures for the auth tests: clients with a chosen IP, genres, a loopback SMTP server."""

from __future__ import annotations

import email
import socket
import threading
import time
from collections.abc import AsyncIterator, Callable, Iterator
from email.message import Message
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from asgiref.sync import sync_to_async
from django.db import connections

from core.ratelimit import memory_limiter
from tests.auth.helpers import IpClient


@pytest.fixture
def make_client() -> Callable[..., IpClient]:
    return IpClient


@pytest.fixture
def api() -> IpClient:
    return IpClient()


@pytest.fixture(autouse=True)
async def close_async_db_connections() -> AsyncIterator[None]:
    """The async ORM's thread keeps its own connection: close it, so the test DB can be dropped."""
    yield
    await sync_to_async(connections.close_all)()


@pytest.fixture(autouse=True)
def fresh_memory_limiter() -> Iterator[None]:
    memory_limiter.reset()
    yield
    memory_limiter.reset()


class Mailbox:
    """What the loopback SMTP server received."""

    def __init__(self) -> None:
        self.messages: list[Message] = []
        self.recipients: list[list[str]] = []
        self._cond = threading.Condition()

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        with self._cond:
            self.messages.append(email.message_from_bytes(envelope.original_content))
            self.recipients.append(list(envelope.rcpt_tos))
            self._cond.notify_all()
        return "250 Message accepted"

    def wait_for(self, count: int, timeout: float = 30.0) -> list[Message]:
        deadline = time.monotonic() + timeout
        with self._cond:
            while len(self.messages) < count:
                left = deadline - time.monotonic()
                if left <= 0:
                    raise AssertionError(f"expected {count} mails, got {len(self.messages)}")
                self._cond.wait(left)
            return list(self.messages)

    async def await_for(self, count: int, timeout: float = 30.0) -> list[Message]:
        return await sync_to_async(self.wait_for, thread_sensitive=False)(count, timeout)

    def settled(self) -> list[Message]:
        """Every mail the app has queued so far, once its mail pool has sent them all: what a
        test that expects *no* further mail checks (no sleeping and hoping)."""
        from accounts import emails

        with emails._lock:
            pool, emails._executor = emails._executor, None
        if pool is not None:
            pool.shutdown(wait=True)  # the next mail starts a new pool
        with self._cond:
            return list(self.messages)

    async def asettled(self) -> list[Message]:
        return await sync_to_async(self.settled, thread_sensitive=False)()


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def smtp(settings: Any) -> Iterator[Mailbox]:
    """A real SMTP server on loopback; Django's SMTP backend pointed at it."""
    mailbox = Mailbox()
    port = free_port()
    controller = Controller(mailbox, hostname="127.0.0.1", port=port)
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = port
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_HOST_USER = ""
    settings.EMAIL_HOST_PASSWORD = ""
    try:
        yield mailbox
    finally:
        controller.stop()


@pytest.fixture
def roomy_auth_limit(settings: Any) -> None:
    """For flows of more than 5 /auth calls from one IP (the limit itself is tested apart)."""
    settings.RATE_LIMIT_AUTH_PER_MINUTE = 100


@pytest.fixture(autouse=True)
def no_reset_answer_floor(settings: Any) -> None:
    """The forgot-password answer floor (0.2 s) is tested on its own; elsewhere it only waits."""
    settings.RESET_REQUEST_MIN_SECONDS = 0.0
