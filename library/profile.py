"""The signed-in user's profile: read it, update it, change the password.

An update changes only ``name``, ``email``, ``genres``, ``maturity_filter`` and
``preferred_language`` (decisions.md section 6); any other key is ignored and a key that is
absent keeps its value. All problems are reported at once (400 VALIDATION_ERROR with
``details = {field: [messages]}``, the shape signup uses); an email used by another account,
in any letter case, is 409 EMAIL_TAKEN. After a change of language or maturity filter the
cached session state of all the user's sessions is dropped, so the very next request (of any
of their devices) uses the new settings; a change of genres, language or maturity also drops
the cached recommendations. ``get_profile`` is served from the per-user cache
(library.user_cache); every committed change invalidates it first, so the next read is fresh.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import orjson
from asgiref.sync import sync_to_async
from django.db import IntegrityError, transaction
from django.utils import timezone

from accounts import validation as v
from accounts.models import MaturityFilter, User, UserGenre
from accounts.services import change_password as change
from accounts.sessions import invalidate_user_sessions_cache
from core.client_ip import client_ip
from core.context import RequestContext
from core.exceptions import EmailTaken, NotFound
from library import user_cache

EDITABLE = ("name", "email", "genres", "maturity_filter", "preferred_language")

# ISO 639-1: every two-letter language code (TMDb takes these as its `language` parameter).
ISO_639_1 = frozenset(
    """
    aa ab ae af ak am an ar as av ay az ba be bg bh bi bm bn bo br bs ca ce ch co cr cs cu cv
    cy da de dv dz ee el en eo es et eu fa ff fi fj fo fr fy ga gd gl gn gu gv ha he hi ho hr
    ht hu hy hz ia id ie ig ii ik io is it iu ja jv ka kg ki kj kk kl km kn ko kr ks ku kv kw
    ky la lb lg li ln lo lt lu lv mg mh mi mk ml mn mr ms mt my na nb nd ne ng nl nn no nr nv
    ny oc oj om or os pa pi pl ps pt qu rm rn ro ru rw sa sc sd se sg si sk sl sm sn so sq sr
    ss st su sv sw ta te tg th ti tk tl tn to tr ts tt tw ty ug uk ur uz ve vi vo wa wo xh yi
    yo za zh zu
    """.split()  # noqa: SIM905 - a block of 184 codes reads better than a list literal
)
_LANGUAGE = re.compile(r"^[a-z]{2}$")


# --- reading ----------------------------------------------------------------------------------
def _genre_names(user_id: uuid.UUID | str) -> Any:
    return (
        UserGenre.objects.filter(user_id=user_id)
        .order_by("genre__name")
        .values_list("genre__name", flat=True)
    )


async def profile_payload(user: User) -> dict[str, Any]:
    """The contract's profile user object (one query for the genre names)."""
    return {
        "id": str(user.id),
        "name": user.name,
        "email": user.email,
        "genres": [name async for name in _genre_names(user.id)],
        "maturity_filter": user.maturity_filter,
        "preferred_language": user.preferred_language,
    }


async def get_user(user_id: uuid.UUID | str) -> User:
    user = await User.objects.filter(id=user_id, is_active=True).afirst()
    if user is None:  # deleted or deactivated between the token check and now
        raise NotFound("This account no longer exists")
    return user


async def get_profile(user_id: uuid.UUID | str) -> dict[str, Any]:
    """The profile: from the per-user cache when warm (one Redis read, no query), else read
    and cached (library.user_cache; every profile write invalidates it)."""
    raw, generation = await user_cache.read(user_id, user_cache.PROFILE)
    if raw is not None:
        try:
            cached = orjson.loads(raw)
        except orjson.JSONDecodeError:
            cached = None
        if isinstance(cached, dict):
            return cached
    payload = await profile_payload(await get_user(user_id))
    await user_cache.fill(user_id, user_cache.PROFILE, generation, orjson.dumps(payload))
    return payload


# --- validation -------------------------------------------------------------------------------
@dataclass(slots=True)
class ProfileChanges:
    fields: dict[str, str]
    genre_ids: list[str] | None = None  # None: genres not given, keep them


def _text(errors: v.Errors, data: Mapping[str, Any], key: str) -> str | None:
    value = data[key]
    if not isinstance(value, str):
        errors.add(key, "Must be a string.")
        return None
    return value


def clean_changes(data: Any) -> ProfileChanges:
    """The valid changes in ``data`` (400 with every problem otherwise; no DB access)."""
    data = v.body_dict(data)
    errors = v.Errors()
    changes = ProfileChanges(fields={})
    for key, clean in (("name", v.clean_name), ("email", v.clean_email)):
        if key in data:
            text = _text(errors, data, key)
            if text is not None:
                value = clean(errors, text)
                if not value:
                    errors.add(key, "This field may not be blank.")
                elif key not in errors.fields:
                    changes.fields[key] = value
    if "genres" in data:
        if data["genres"] is None:
            errors.add("genres", "Must be a list of genre ids.")
        else:
            before = len(errors.fields.get("genres", ()))
            ids = v.genre_id_list(errors, data["genres"])
            if len(errors.fields.get("genres", ())) == before:
                changes.genre_ids = ids
    if "maturity_filter" in data:
        value = data["maturity_filter"]
        if value not in MaturityFilter.values:
            errors.add("maturity_filter", f"Must be one of: {', '.join(MaturityFilter.values)}.")
        else:
            changes.fields["maturity_filter"] = value
    if "preferred_language" in data:
        value = data["preferred_language"]
        if not isinstance(value, str) or not _LANGUAGE.match(value) or value not in ISO_639_1:
            errors.add(
                "preferred_language",
                "Must be an ISO 639-1 language code: two lowercase letters, e.g. en or es.",
            )
        else:
            changes.fields["preferred_language"] = value
    errors.raise_if_any()
    return changes


# --- updating ---------------------------------------------------------------------------------
def _apply(user_id: uuid.UUID, changes: ProfileChanges) -> None:
    with transaction.atomic():
        if changes.fields:
            User.objects.filter(id=user_id).update(**changes.fields, updated_at=timezone.now())
        if changes.genre_ids is not None:
            wanted = set(changes.genre_ids)
            UserGenre.objects.filter(user_id=user_id).exclude(genre_id__in=wanted).delete()
            UserGenre.objects.bulk_create(
                [UserGenre(user_id=user_id, genre_id=gid) for gid in changes.genre_ids],
                ignore_conflicts=True,
            )


async def _current_genre_ids(user_id: uuid.UUID) -> set[str]:
    return {
        gid
        async for gid in UserGenre.objects.filter(user_id=user_id).values_list(
            "genre_id", flat=True
        )
    }


async def update_profile(user_id: uuid.UUID | str, data: Any) -> dict[str, Any]:
    """Apply a profile update and return the updated profile (same shape as GET)."""
    changes = clean_changes(data)
    user = await get_user(user_id)
    if changes.genre_ids:
        await v.require_known_genres(changes.genre_ids)
    email = changes.fields.get("email")
    if email is not None:
        if email == user.email:
            del changes.fields["email"]
        elif await User.objects.filter(email__iexact=email).exclude(id=user.id).aexists():
            raise EmailTaken()
    changed = {k for k, value in changes.fields.items() if getattr(user, k) != value}
    changes.fields = {k: changes.fields[k] for k in changed}
    genres_changed = changes.genre_ids is not None and set(
        changes.genre_ids
    ) != await _current_genre_ids(user.id)
    if not genres_changed:
        changes.genre_ids = None
    if changes.fields or changes.genre_ids is not None:
        try:
            await sync_to_async(_apply)(user.id, changes)
        except IntegrityError as exc:  # lost a race with another account taking the email
            raise EmailTaken() from exc
        for key, value in changes.fields.items():
            setattr(user, key, value)
        stale = [user_cache.PROFILE]
        if genres_changed or changed & {"preferred_language", "maturity_filter"}:
            stale.append(user_cache.RECOMMENDATIONS)
        await user_cache.invalidate(user.id, *stale)
    if changed & {"preferred_language", "maturity_filter"}:
        await invalidate_user_sessions_cache(user.id)
    return await profile_payload(user)


async def change_password(ctx: RequestContext, old_password: Any, new_password: Any) -> str:
    """The auth service's password change for the caller: checks the current password
    (401 INVALID_CREDENTIALS), validates the new one (400), ends the caller's *other* sessions
    and returns a fresh access token for this one."""
    viewer = await ctx.require_user()
    assert viewer.user_id is not None and viewer.session_id is not None
    return await change(
        viewer.user_id,
        old_password,
        new_password,
        viewer.session_id,
        ip=client_ip(ctx.request),
    )
