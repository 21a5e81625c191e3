"""core.dependencies: which exceptions are a database outage (503), and the operations hook."""

from __future__ import annotations

from django.db import IntegrityError, InterfaceError, OperationalError

from core.dependencies import add_listener, api_error_for, remove_listener


def test_database_outages_are_503_with_retry_after_and_are_announced(settings) -> None:
    settings.SERVICE_UNAVAILABLE_RETRY_AFTER = 7
    events: list[str] = []

    def listener(event: str, exc: BaseException) -> None:
        events.append(event)

    add_listener(listener)
    try:
        for outage in (OperationalError("connection refused"), InterfaceError("closed")):
            error = api_error_for(outage)
            assert error is not None
            assert (error.status, error.code) == (503, "SERVICE_UNAVAILABLE")
            assert error.headers["Retry-After"] == "7" and error.details == {"retry_after": 7}
        try:
            try:
                raise OperationalError("server closed the connection")
            except OperationalError as inner:
                raise RuntimeError("wrapped") from inner
        except RuntimeError as wrapped:
            assert api_error_for(wrapped) is not None  # found in the chain
        assert events == ["database_unavailable"] * 3
    finally:
        remove_listener(listener)


def test_other_errors_stay_bugs() -> None:
    assert api_error_for(IntegrityError("duplicate key")) is None
    assert api_error_for(ValueError("bad")) is None
