"""Resolving the caller from the bearer token.

No Authorization header: anonymous. Otherwise the token must be a valid access token (HS256,
type ``access_token``; expired -> TOKEN_EXPIRED, anything else wrong -> UNAUTHORIZED) whose session
is still active (else SESSION_TERMINATED). Session status and preferences come from the session
cache (accounts.sessions): a warm request touches Redis once and the database not at all.
"""

from __future__ import annotations

from django.http import HttpRequest

from accounts.sessions import session_state
from accounts.tokens import AccessClaims, decode_access_token, request_access_claims
from core.context import Viewer, anonymous_viewer
from core.exceptions import SessionTerminated, Unauthorized


async def resolve_viewer(request: HttpRequest) -> Viewer:
    claims = request_access_claims(request)
    if claims is None:
        return anonymous_viewer()
    return await viewer_from_claims(claims)


async def resolve_token(token: str) -> Viewer:
    """The signed-in viewer of a bare access token (a websocket's ``connection_init``)."""
    return await viewer_from_claims(decode_access_token(token))


async def viewer_from_claims(claims: AccessClaims) -> Viewer:
    state = await session_state(claims.session_id)
    if state.user_id is not None and state.user_id != claims.user_id:
        raise Unauthorized("The token is not valid")
    if not state.active:
        raise SessionTerminated()
    return Viewer(
        user_id=claims.user_id,
        session_id=claims.session_id,
        language=state.language,
        maturity=state.maturity,
    )
