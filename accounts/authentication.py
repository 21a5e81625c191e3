"""Resolving the caller from the bearer token.

No Authorization header: anonymous. Otherwise the token must be a valid access token (HS256,
type ``access_token``; expired -> TOKEN_EXPIRED, anything else wrong -> UNAUTHORIZED) whose session
is still active (else SESSION_TERMINATED). Session status and preferences come from the session
cache (accounts.sessions): a warm request touches Redis once and the database not at all.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Sequence

from django.http import HttpRequest

from accounts.sessions import session_state_and
from accounts.tokens import AccessClaims, decode_access_token, request_access_claims
from core.context import Viewer, anonymous_viewer
from core.exceptions import SessionTerminated, Unauthorized

# Per-user cache keys worth reading in the same Redis round trip as the session state, because
# nearly every signed-in request needs them (library registers its favourite ids). Each entry
# maps the token's user id to keys; the values are only trusted once the session checks out.
PREFETCH: list[Callable[[uuid.UUID], Sequence[str]]] = []


async def resolve_viewer_prefetching(request: HttpRequest) -> tuple[Viewer, dict[str, str | None]]:
    """The caller, and the PREFETCH keys' values ({} for an anonymous caller)."""
    claims = request_access_claims(request)
    if claims is None:
        return anonymous_viewer(), {}
    viewer, prefetched = await _viewer_and_prefetched(claims, prefetch=True)
    # For the access log line (core.observability): who made the request.
    request.log_user_id = claims.user_id  # type: ignore[attr-defined]
    return viewer, prefetched


async def resolve_token(token: str) -> Viewer:
    """The signed-in viewer of a bare access token (a websocket's ``connection_init``)."""
    return await viewer_from_claims(decode_access_token(token))


async def viewer_from_claims(claims: AccessClaims) -> Viewer:
    viewer, _ = await _viewer_and_prefetched(claims, prefetch=False)
    return viewer


async def _viewer_and_prefetched(
    claims: AccessClaims, *, prefetch: bool
) -> tuple[Viewer, dict[str, str | None]]:
    keys = [key for keys_for in PREFETCH for key in keys_for(claims.user_id)] if prefetch else []
    state, values = await session_state_and(claims.session_id, keys)
    if state.user_id is not None and state.user_id != claims.user_id:
        raise Unauthorized("The token is not valid")
    if not state.active:
        raise SessionTerminated()
    viewer = Viewer(
        user_id=claims.user_id,
        session_id=claims.session_id,
        language=state.language,
        maturity=state.maturity,
    )
    return viewer, dict(zip(keys, values, strict=True))
