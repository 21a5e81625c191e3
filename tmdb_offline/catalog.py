"""Deterministic, TMDb-v3-shaped offline catalog: movies, TV series, people.

Why: tests, benchmarks and token-less dev runs must never reach the real TMDb, yet they need
realistic data with TMDb's quirks (overlapping movie/tv ids, nullable images, empty
``release_date``, adult titles, >20 seasons, ...). ``build_catalog(seed, today)`` generates the
same catalog for the same ``(seed, today)`` in well under a second, so nothing large is
committed and two processes started on the same day serve byte-identical JSON.
``today`` only moves release dates (upcoming / now playing are relative to it); pin it with
``TMDB_OFFLINE_TODAY=YYYY-MM-DD`` (or ``--today``) when byte-identity across days matters.

Fixed ids (hold for every seed; ``FIXED_IDS`` maps the keys below to ids):

========================  =======  ====================================================
key                       id       what
========================  =======  ====================================================
movie                     550      "Midnight Soap Society": en, R, Drama+Thriller, 7
                                   reviews, 40 recommendations (2 pages), Zendaya Quill
                                   in cast, directed by Orson Vantablack
movie_overlap             1399     movie "Harbor of Quiet Lanterns" (PG-13) -- a different
                                   title than tv 1399 (movie/tv id spaces overlap)
tv                        1399     "Crowns of the Ashen Realm": 6 seasons + season 0
                                   "Specials", TV-MA, Ended
tv_long                   456      "Maple Street Forever": 24 seasons + Specials (so all
                                   ``season/N`` appends need 2 chunks of <= 20), TV-PG
tv_es                     71446    "The Paper Vault" / "La bóveda de papel" (es), TV-MA
tv_kids                   82728    "Bramble and Pip": TV-Y, Kids+Animation+Family
tv_ja                     1429     "Giants of the Wind" / "風の巨人" (ja), TV-14
movie_r                   680      "Gravel and Gunsmoke": R, Crime+Thriller
movie_pg13                603      "The Lattice Protocol": PG-13, Action+Science Fiction
movie_pg                  862      "Tin Rocket Friends": PG, Animation/Family, 0 reviews
movie_g                   12       "Finny's Great Reef": G
movie_nc17                10098    "Velvet Ruin": NC-17 (not adult)
movie_adult               90001    adult=true (also 90002, 90003: ``ADULT_MOVIE_IDS``)
movie_es                  1417     "The Clockmaker's Labyrinth" / "El laberinto del
                                   relojero" (original_language es), R
movie_ja                  129      original_title "風の湯屋" (ja), PG
movie_ko                  496243   original_title "지하의 화음" (ko), R
movie_upcoming            1100001  "Starfall Protocol": release_date = today + 30 days
movie_no_release_date     1100002  "The Unfinished Atlas": release_date "" (Rumored),
                                   ``release_dates.results`` empty (no certification)
movie_null_images         1100003  "Paper Moon Static": poster_path/backdrop_path null
movie_no_reviews          862      (same as movie_pg)
person                    8100     "Zendaya Quill": Acting, in several movie + tv casts
person_director           7467     "Orson Vantablack": Directing (550, 603, 680)
========================  =======  ====================================================

Every other title/person is generated from word lists, so ids and names change with the
seed but not between runs. Everything is language-aware: ``language=es`` gets Spanish titles,
overviews and genre names; any other non-English language keeps English titles (or the
original title when it matches ``original_language``) and prefixes overviews with ``[xx]``.
"""

from __future__ import annotations

# The public face of the offline catalog: the server and the tests import from here.
from tmdb_offline.builder import build_catalog, resolve_today
from tmdb_offline.data import (
    ADULT_MOVIE_IDS,
    CERT_ORDER,
    CONFIGURATION,
    DEFAULT_SEED,
    DIRECTOR_ID,
    FIXED_IDS,
    MOVIE_GENRES,
    TV_GENRES,
    TV_LONG_ID,
    TV_LONG_SEASONS,
    TV_RATINGS,
    TV_SIX_SEASONS_ID,
    ZENDAYA_QUILL_ID,
)
from tmdb_offline.records import Movie, Series
from tmdb_offline.store import Catalog
from tmdb_offline.text import fold, normalize_language

__all__ = [
    "ADULT_MOVIE_IDS",
    "CERT_ORDER",
    "CONFIGURATION",
    "DEFAULT_SEED",
    "DIRECTOR_ID",
    "FIXED_IDS",
    "MOVIE_GENRES",
    "TV_GENRES",
    "TV_LONG_ID",
    "TV_LONG_SEASONS",
    "TV_RATINGS",
    "TV_SIX_SEASONS_ID",
    "ZENDAYA_QUILL_ID",
    "Catalog",
    "Movie",
    "Series",
    "build_catalog",
    "fold",
    "normalize_language",
    "resolve_today",
]
