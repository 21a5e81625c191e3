"""Input checks shared by the REST views and the GraphQL mutations.

Every failure is collected per field and raised once as 400 VALIDATION_ERROR with
``details = {field: [messages]}`` (the shape DRF serializers produce), so a form can show all
problems at once whichever API the client uses.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.validators import validate_email

from accounts.models import Platform, User, normalize_email
from catalog.models import Genre
from core.exceptions import ValidationFailed

# The input limits, declared once: validation below, the OpenAPI documents (rest_compat) and
# the GraphQL descriptions read them from here.
NAME_MAX, EMAIL_MAX = 100, 100
DEVICE_NAME_MAX = 255  # LoginSession.device_name
OTP_PATTERN = r"^\d{6}$"
_OTP = re.compile(OTP_PATTERN)


class Errors:
    """Collects field errors; ``raise_if_any`` turns them into one VALIDATION_ERROR."""

    def __init__(self) -> None:
        self.fields: dict[str, list[str]] = {}

    def add(self, field: str, message: str) -> None:
        self.fields.setdefault(field, []).append(message)

    def raise_if_any(self) -> None:
        if self.fields:
            raise ValidationFailed("The request is not valid", details=self.fields)


def body_dict(data: Any) -> dict[str, Any]:
    if not isinstance(data, dict):
        raise ValidationFailed("The request body must be a JSON object")
    return data


def required_str(errors: Errors, data: dict[str, Any], field: str) -> str:
    value = data.get(field)
    if value is None or (isinstance(value, str) and not value.strip()):
        errors.add(field, "This field is required.")
        return ""
    if not isinstance(value, str):
        errors.add(field, "Must be a string.")
        return ""
    return value


def clean_name(errors: Errors, value: str) -> str:
    name = value.strip()
    if name and len(name) > NAME_MAX:
        errors.add("name", f"Ensure this field has no more than {NAME_MAX} characters.")
    return name


def clean_email(errors: Errors, value: str, field: str = "email") -> str:
    email = normalize_email(value) if value else ""
    if not email:
        return ""
    if len(email) > EMAIL_MAX:
        errors.add(field, f"Ensure this field has no more than {EMAIL_MAX} characters.")
        return email
    try:
        validate_email(email)
    except DjangoValidationError:
        errors.add(field, "Enter a valid email address.")
    return email


def check_new_password(errors: Errors, password: str, user: User, field: str = "password") -> None:
    """Django's AUTH_PASSWORD_VALIDATORS (length, common, numeric, similar to name/email)."""
    if not password:
        return
    try:
        password_validation.validate_password(password, user=user)
    except DjangoValidationError as exc:
        for message in exc.messages:
            errors.add(field, message)


def genre_id_list(errors: Errors, value: Any, field: str = "genres") -> list[str]:
    """Genre ids as the table stores them (strings); ints and strings are both accepted."""
    if value is None:
        return []
    if not isinstance(value, list):
        errors.add(field, "Must be a list of genre ids.")
        return []
    ids: list[str] = []
    for item in value:
        if isinstance(item, bool) or not isinstance(item, int | str) or not str(item).strip():
            errors.add(field, f"Not a genre id: {item!r}.")
            continue
        text = str(item).strip()
        if text not in ids:
            ids.append(text)
    return ids


async def unknown_genre_ids(ids: Iterable[str]) -> list[str]:
    """The ids that are not in the genres table (one query)."""
    wanted = list(ids)
    if not wanted:
        return []
    known = {gid async for gid in Genre.objects.filter(id__in=wanted).values_list("id", flat=True)}
    return [gid for gid in wanted if gid not in known]


async def require_known_genres(ids: Iterable[str]) -> None:
    """400 VALIDATION_ERROR when some ids are not in the genres table, listed in ``unknown``."""
    unknown = await unknown_genre_ids(ids)
    if unknown:
        raise ValidationFailed(
            "Some genres do not exist",
            details={
                "genres": [f"Unknown genre id: {gid}." for gid in unknown],
                "unknown": unknown,
            },
        )


def clean_platform(errors: Errors, body_value: Any, header_value: str | None) -> str:
    """``platform`` from the body, else the X-Platform header, else web. A header that is sent
    must be valid even when the body decides (the API refuses what it documents as invalid)."""
    if header_value not in (None, "") and header_value not in Platform.values:
        errors.add("X-Platform", f"Must be one of: {', '.join(Platform.values)}.")
    value = body_value if body_value not in (None, "") else header_value
    if value in (None, ""):
        return Platform.WEB
    if value not in Platform.values:
        if value is not header_value:  # the header's own error is already there
            errors.add("platform", f"Must be one of: {', '.join(Platform.values)}.")
        return Platform.WEB
    return str(value)


def clean_device_name(errors: Errors, body_value: Any, user_agent: str | None) -> str:
    """``device_name`` from the body (a string of at most DEVICE_NAME_MAX characters, refused
    beyond: never silently cut), else the User-Agent header (cut to fit: a header is not input
    the client chose to send us as a name)."""
    if body_value is not None and not isinstance(body_value, str):
        errors.add("device_name", "Must be a string.")
        return ""
    if isinstance(body_value, str) and len(body_value) > DEVICE_NAME_MAX:
        errors.add(
            "device_name", f"Ensure this field has no more than {DEVICE_NAME_MAX} characters."
        )
        return ""
    value = body_value if isinstance(body_value, str) and body_value.strip() else user_agent
    # A header is not the client's field: drop what PostgreSQL cannot store instead of refusing.
    return (value or "").replace("\x00", "").strip()[:DEVICE_NAME_MAX]


def clean_otp(value: Any) -> str:
    text = (
        str(value).strip() if isinstance(value, str | int) and not isinstance(value, bool) else ""
    )
    if not _OTP.match(text):
        raise ValidationFailed(
            "The request is not valid", details={"otp_code": ["Enter the 6-digit code."]}
        )
    return text
