"""Auth mutations (signup, login, refresh, logout, password reset). Filled in by the auth work."""

from __future__ import annotations

import strawberry


@strawberry.type
class AuthMutation:
    @strawberry.mutation(description="Placeholder until the auth mutations land.")
    def noop(self) -> bool:
        return True
