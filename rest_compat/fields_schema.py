"""Documentation-only fields for request bodies: the schema states exactly what the code accepts
(tests/browser/test_openapi_schemathesis.py holds the two to each other)."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from catalog.ids import ID_PATTERN, MAX_TMDB_ID
from catalog.tmdb_genres import TMDB_GENRES
from library.notifications import MAX_MARK_IDS
from library.profile import ISO_639_1

TITLE_ID_SCHEMA = {"type": "string", "pattern": ID_PATTERN}


@extend_schema_field(
    {
        "oneOf": [
            {"type": "string", "enum": [gid for gid, *_ in TMDB_GENRES]},
            {"type": "integer", "enum": [int(gid) for gid, *_ in TMDB_GENRES]},
        ]
    }
)
class GenreIdField(serializers.Field):
    """A genre id of GET /movies/genres (TMDb's list, loaded by a migration): any other id is
    refused (400 with ``details.unknown``)."""


@extend_schema_field(
    {"oneOf": [TITLE_ID_SCHEMA, {"type": "integer", "minimum": 1, "maximum": MAX_TMDB_ID}]}
)
class TitleIdField(serializers.Field):
    """A title id: "550" (movie) or "tv-1399" (series); the number 550 is accepted too."""


@extend_schema_field(
    {
        "oneOf": [
            {"type": "string", "format": "uuid"},
            {
                "type": "array",
                "items": {"type": "string", "format": "uuid"},
                "minItems": 1,
                "maxItems": MAX_MARK_IDS,
            },
        ]
    }
)
class NotificationIdsField(serializers.Field):
    """One notification id or a list of 1 to MAX_MARK_IDS of them."""


def NonBlankCharField(**kwargs: Any) -> serializers.CharField:
    """A string with at least one non-space character (blank ones are refused as missing)."""
    return serializers.RegexField(r"\S", **kwargs)


def LanguageField(**kwargs: Any) -> serializers.ChoiceField:
    """An ISO 639-1 code (library.profile.ISO_639_1)."""
    return serializers.ChoiceField(choices=sorted(ISO_639_1), **kwargs)


def PasswordField() -> serializers.CharField:
    """A new password as documented: Django's validators, the expressible part as a schema
    (at least 8 characters, not all digits); too common or too close to the name/email is
    400 VALIDATION_ERROR too."""
    return serializers.RegexField(
        r"\D",
        min_length=8,
        help_text="At least 8 characters, not all digits, not a common password, not too "
        "similar to the name or email (Django's password validators).",
    )
