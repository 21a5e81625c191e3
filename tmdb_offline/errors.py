"""TMDb's limits and error replies (status codes and bodies) for the offline server."""

from __future__ import annotations

import orjson

PER_PAGE = 20
MAX_PAGE = 500
MAX_APPENDS = 20
INFLATED_TOTALS: dict[str, tuple[int, int]] = {"/trending/all/week": (1000, 20000)}
REQUEST_LOG_SIZE = 1000
JSON_CT = "application/json;charset=utf-8"

TMDB_ERRORS: dict[int, tuple[int, str]] = {
    3: (401, "Authentication failed: You do not have permissions to access the service."),
    7: (401, "Invalid API key: You must be granted a valid key."),
    9: (503, "Service offline: This service is temporarily offline, try again later."),
    11: (500, "Internal error: Something went wrong, contact TMDB."),
    18: (400, "Validation failed."),
    22: (400, "Invalid page: Pages start at 1 and max at 500. They are expected to be an integer."),
    24: (504, "Your request to the backend server timed out. Try again."),
    25: (429, "Your request count (#) is over the allowed limit of (40)."),
    27: (400, "Too many append to response objects: The maximum number of remote calls is 20."),
    34: (404, "The resource you requested could not be found."),
}
_STATUS_CODES = {400: 18, 401: 7, 403: 3, 404: 34, 429: 25, 500: 11, 503: 9, 504: 24}


class ApiError(Exception):
    """A TMDb error reply: HTTP status + TMDb ``status_code``."""

    def __init__(self, code: int, http_status: int | None = None) -> None:
        status, message = TMDB_ERRORS.get(code, TMDB_ERRORS[11])
        super().__init__(message)
        self.code = code
        self.status = http_status or status
        self.message = message

    @property
    def body(self) -> bytes:
        return error_body(self.code, self.message)


def error_body(code: int, message: str | None = None) -> bytes:
    """TMDb's error JSON (``success: false`` + ``status_code`` + ``status_message``)."""
    msg = message or TMDB_ERRORS.get(code, TMDB_ERRORS[11])[1]
    return orjson.dumps({"success": False, "status_code": code, "status_message": msg})


def error_for_status(status: int) -> bytes:
    """A plausible TMDb body for an injected HTTP status."""
    code = _STATUS_CODES.get(status, 11)
    return error_body(code)
