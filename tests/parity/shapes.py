"""GraphQL selections of the parity table and the mappings of their answers to REST's shape."""

from __future__ import annotations

from typing import Any

from tests.parity.harness import World, envelope

CARD = "id title poster backdrop synopsis releaseDate duration genres rating isFavorite isSeries"
PAGE = "pagination { page limit total totalPages }"
LIST = f"{{ {PAGE} movies {{ {CARD} }} }}"
PROFILE = "id name email genres maturityFilter preferredLanguage"
NOTIFICATION = "id title message type read createdAt movieId image"
TITLE = f"""
  id isSeries isFavorite title language releaseDate rating runtime networkLogo backdropUrl
  posterUrl genres synopsis homepage
  cast {{ id name profilePath character order }}
  reviews {{ id author avatar rating content createdAt }}
  recommendations {{ {CARD} }}
"""
SEASONS = """
  ... on SeriesDetails {
    seasons {
      id airDate episodeCount name overview posterPath seasonNumber voteAverage
      episodes {
        id name overview airDate episodeNumber runtime seasonNumber stillPath voteAverage
      }
    }
  }
"""


def anonymous(world: World) -> None:
    """``bearer=anonymous``: the call carries no Authorization header."""
    return None


def reset_token(world: World) -> str:
    """``bearer=reset_token``: the reset token ``prepare`` obtained."""
    return world.state["reset_token"]


def field(name: str) -> Any:
    """to_rest for ``{ name: value }`` answers whose value is REST's ``data`` as it is."""
    return lambda data: envelope(data[name])


def me(name: str) -> Any:
    """to_rest for ``{ me { name } }``: a personal page is REST's ``data`` as it is."""
    return lambda data: envelope(data["me"][name])


def auth(name: str, *, user: bool) -> Any:
    """to_rest for AuthPayload-like answers: REST's ``data`` is the token (and the user)."""

    def to_rest(data: dict[str, Any]) -> dict[str, Any]:
        answer = data[name]
        body = {"auth_token": answer["auth_token"]}
        if user:
            body["user"] = answer["user"]
        return envelope(body, answer["message"])

    return to_rest


def message(name: str) -> Any:
    """to_rest for AuthMessage answers: REST has no ``data``, only the message."""
    return lambda data: envelope(None, data[name]["message"])
