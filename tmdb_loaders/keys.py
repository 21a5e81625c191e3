"""Cache keys for TMDb data, and the list-page key type the loaders take.

Every key carries the language (decisions.md section 6: the same title in two languages is two
entries) and a schema version: bump ``SCHEMA`` when trim.py changes what is stored, and old
entries are simply never read again (they expire on their own). Keys are the *logical* keys;
cache.py adds django-redis' ``prefix:version:`` in front.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from urllib.parse import quote, urlencode

SCHEMA = "v1"
# Longer parameter strings (a long search query) are hashed to keep keys short and safe.
_MAX_PARAMS_LEN = 120


@dataclass(frozen=True, slots=True)
class ListKey:
    """One TMDb list page: path without a leading slash, page 1..500, language, extra params.

    ``params`` must be sorted by name so equal requests are equal keys (use ``ListKey.of``).
    """

    path: str
    page: int
    language: str
    params: tuple[tuple[str, str], ...] = ()

    @classmethod
    def of(cls, path: str, page: int, language: str, **params: str | int) -> ListKey:
        """Build a key with its params normalised (stringified, sorted): ``of("search/multi",
        1, "en", query="matrix")``. Dotted TMDb names go through a dict: ``**{"vote_count.gte":
        100}``."""
        return cls(
            path.strip("/"), page, language, tuple(sorted((k, str(v)) for k, v in params.items()))
        )


def _lang(language: str) -> str:
    return quote(language or "-", safe="")


def movie_key(tmdb_id: int, language: str) -> str:
    return f"tmdb:{SCHEMA}:movie:{int(tmdb_id)}:{_lang(language)}"


def series_key(tmdb_id: int, language: str) -> str:
    return f"tmdb:{SCHEMA}:tv:{int(tmdb_id)}:{_lang(language)}"


def series_full_key(tmdb_id: int, language: str) -> str:
    return f"tmdb:{SCHEMA}:tvfull:{int(tmdb_id)}:{_lang(language)}"


def genres_key(kind: str, language: str) -> str:
    return f"tmdb:{SCHEMA}:genres:{kind}:{_lang(language)}"


def list_key(key: ListKey) -> str:
    params = urlencode(sorted(key.params))
    if len(params) > _MAX_PARAMS_LEN:
        params = "h-" + hashlib.sha256(params.encode()).hexdigest()[:32]
    path = quote(key.path.strip("/"), safe="/")
    return f"tmdb:{SCHEMA}:list:{path}:{key.page}:{_lang(key.language)}:{params}"


def lock_key(key: str) -> str:
    """The single-flight lock beside a cache key (held by the process fetching it)."""
    return f"{key}:lock"
