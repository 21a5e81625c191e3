"""The caller's catalogue preferences: language and maturity filter (decisions.md section 6)."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings

from catalog import maturity as mat
from core.context import RequestContext


@dataclass(frozen=True, slots=True)
class Prefs:
    language: str
    maturity: str


async def viewer_prefs(ctx: RequestContext) -> Prefs:
    """Language and maturity of the caller (anonymous: the defaults of decisions.md s6)."""
    viewer = await ctx.viewer()
    return Prefs(viewer.language or settings.TMDB_DEFAULT_LANGUAGE, mat.normalize(viewer.maturity))
