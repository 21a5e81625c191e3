"""Full TMDb image URLs from the paths TMDb returns (decisions.md section 3: full URLs or null).

Sizes follow the contract's samples: posters, logos, stills w500; the details backdrop w1280;
card backdrops w500 (MOVIE_LIST sample); cast faces w128_and_h128_face; review avatars
w64_and_h64_face.
"""

from __future__ import annotations

from django.conf import settings

POSTER = "w500"
CARD_BACKDROP = "w500"
DETAIL_BACKDROP = "w1280"
LOGO = "w500"
STILL = "w500"
PROFILE = "w128_and_h128_face"
AVATAR = "w64_and_h64_face"


def image_url(path: object, size: str) -> str | None:
    """``base/size/path`` for a TMDb image path such as "/abc.jpg"; None when there is none."""
    if not path or not isinstance(path, str):
        return None
    if not path.startswith("/"):
        path = "/" + path
    return f"{settings.TMDB_IMAGE_BASE_URL}/{size}{path}"


def avatar_url(path: object) -> str | None:
    """A review author's avatar. TMDb sometimes stores a full external URL (Gravatar) behind a
    leading slash, e.g. "/https://secure.gravatar.com/avatar/x.jpg": that one is used as is."""
    if not path or not isinstance(path, str):
        return None
    stripped = path.lstrip("/")
    if stripped.startswith(("https://", "http://")):
        return stripped
    if stripped.startswith(("https:/", "http:/")):  # collapsed "//" seen in some payloads
        scheme, rest = stripped.split(":/", 1)
        return f"{scheme}://{rest}"
    return image_url(path, AVATAR)
