"""GraphQL rate limiting (same Redis limits as REST). Filled in by the auth/limits work."""

from __future__ import annotations

from strawberry.extensions import SchemaExtension


class RateLimitExtension(SchemaExtension):
    """Placeholder: applies no limit yet."""
