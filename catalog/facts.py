"""Per-title facts: what a card and the maturity filter need that a TMDb list item lacks and that
hardly ever changes (a title's duration, its US certification, its adult flag, its genre ids).

Kept durably in PostgreSQL (``TitleFacts``), language-independent, so a title's details are
fetched once for its card, not once per cache TTL and language. Facts older than
TMDB_FACTS_TTL are still used, and renewed lazily: a reader that meets them asks the filler
(catalog.facts_filler) to refresh them in the background.

The API other areas call (e.g. a finished-card cache):
- ``facts_for(title_ids)``: the known facts of these ids, in one query;
- ``facts_from_details(kind, details)``: the facts a details payload carries;
- ``store(facts)``: upsert (the filler and ``remember`` use it);
- ``remember(entries)``: store the facts of titles whose details a request fetched anyway,
  in the background.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from django.conf import settings
from django.db import DatabaseError

from catalog import maturity as mat
from catalog.cards import duration_of
from core.background import spawn

logger = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class Facts:
    duration: int | None
    certification: str | None
    adult: bool
    genre_ids: tuple[int, ...]
    fetched_at: float  # epoch seconds

    def is_stale(self) -> bool:
        return time.time() - self.fetched_at > float(settings.TMDB_FACTS_TTL)


def facts_from_details(kind: str, details: Mapping[str, Any]) -> Facts:
    genre_ids = tuple(
        g["id"] for g in details.get("genres") or () if isinstance(g, Mapping) and "id" in g
    )
    return Facts(
        duration=duration_of(details, kind),
        certification=mat.us_certification(details, kind),
        adult=bool(details.get("adult")),
        genre_ids=genre_ids,
        fetched_at=time.time(),
    )


def allows(maturity: str, facts: Facts | None, kind: str) -> bool:
    """The maturity rule on facts: ``teen`` needs a known, allowed certification (unknown is
    held back, like an unrated title), never R/NC-17."""
    if maturity == mat.ADULT:
        return True
    if facts is not None and facts.adult:
        return False
    if not mat.needs_certification(maturity):
        return True
    if facts is None or not facts.certification:
        return False
    allowed = mat.TEEN_TV_RATINGS if kind == "tv" else mat.TEEN_MOVIE_CERTIFICATIONS
    return facts.certification.upper() in allowed


async def facts_for(title_ids: Iterable[str]) -> dict[str, Facts]:
    """The stored facts of these title ids (absent: unknown), in one query. A database outage
    answers "unknown" (cards then show ``duration: null``), never an error."""
    from catalog.models import TitleFacts

    wanted = sorted(set(title_ids))
    if not wanted:
        return {}
    found: dict[str, Facts] = {}
    try:
        async for row in TitleFacts.objects.filter(title_id__in=wanted).values_list(
            "title_id", "duration", "certification", "adult", "genre_ids", "fetched_at"
        ):
            title_id, duration, certification, adult, genre_ids, fetched_at = row
            found[title_id] = Facts(
                duration,
                certification or None,
                adult,
                tuple(genre_ids or ()),
                fetched_at.timestamp(),
            )
    except DatabaseError as exc:
        logger.warning("title facts unavailable: %r", exc)
    return found


async def store(facts: Mapping[str, Facts]) -> None:
    """Upsert ``{title_id: Facts}`` (one statement)."""
    from catalog.models import TitleFacts

    if not facts:
        return
    rows = [
        TitleFacts(
            title_id=title_id,
            duration=f.duration,
            certification=(f.certification or "")[:16],
            adult=f.adult,
            genre_ids=list(f.genre_ids),
            fetched_at=datetime.fromtimestamp(f.fetched_at, UTC),
        )
        for title_id, f in facts.items()
    ]
    try:
        await TitleFacts.objects.abulk_create(
            rows,
            update_conflicts=True,
            unique_fields=["title_id"],
            update_fields=["duration", "certification", "adult", "genre_ids", "fetched_at"],
        )
    except DatabaseError as exc:
        logger.warning("could not store title facts: %r", exc)


_pending: set[asyncio.Task[None]] = set()
REMEMBER_EVERY = 3600.0  # a process writes one title's facts at most this often
_remembered: dict[str, float] = {}


def remember(details_by_id: Mapping[str, tuple[str, Mapping[str, Any]]]) -> None:
    """Store, in the background, the facts of ``{title_id: (kind, details)}`` a request fetched
    anyway (a details page), so the title's cards need no fetch of their own. Each process
    writes a title at most once per REMEMBER_EVERY (a popular details page is not a write per
    view)."""
    if int(settings.TMDB_FACTS_FILL_BATCH) <= 0:
        return  # the facts machinery is off (the test settings: exact call and query counts)
    now = time.monotonic()
    if len(_remembered) > 10_000:
        _remembered.clear()
    fresh = {
        tid: value
        for tid, value in details_by_id.items()
        if now - _remembered.get(tid, -REMEMBER_EVERY) >= REMEMBER_EVERY
    }
    if not fresh:
        return
    _remembered.update(dict.fromkeys(fresh, now))
    facts = {tid: facts_from_details(kind, d) for tid, (kind, d) in fresh.items()}
    task = spawn(store(facts))  # outlives the request: its own context
    _pending.add(task)
    task.add_done_callback(_pending.discard)


def forget_remembered() -> None:
    """Tests: every title may be written again."""
    _remembered.clear()


async def drain() -> None:
    """Wait for the background writes started by ``remember`` (tests, benchmarks)."""
    while _pending:
        await asyncio.gather(*list(_pending), return_exceptions=True)
