"""Offline, TMDb-v3-compatible HTTP server over a deterministic catalog.

Why: with no TMDb token (and in every test) the product talks to this server over real
HTTP instead of api.themoviedb.org. See ``catalog`` for the data and fixed ids, ``server``
for the endpoints and the ``/__control__/`` test knobs.
"""

from tmdb_offline.catalog import FIXED_IDS, build_catalog

__all__ = ["FIXED_IDS", "build_catalog"]
