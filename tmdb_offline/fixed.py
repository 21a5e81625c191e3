"""The fixed titles and people of the offline catalog (same ids and facts for every seed)."""

from __future__ import annotations

from dataclasses import dataclass

from tmdb_offline.data import TV_LONG_SEASONS


# --------------------------------------------------------------------------- fixed specs
@dataclass(frozen=True, slots=True)
class _FixedMovie:
    id: int
    title_en: str
    title_es: str
    lang: str
    original_title: str | None
    genres: tuple[int, ...]
    cert: str
    date: str | int  # ISO date, "" or day offset from today
    reviews: int
    popularity: float
    adult: bool = False
    null_images: bool = False


_FIXED_MOVIES: tuple[_FixedMovie, ...] = (
    _FixedMovie(550, "Midnight Soap Society", "La sociedad del jabón de medianoche", "en",
                None, (18, 53), "R", "1999-10-15", 7, 93.958),
    _FixedMovie(1399, "Harbor of Quiet Lanterns", "El puerto de las linternas silenciosas",
                "en", None, (18, 10749), "PG-13", "2011-03-04", 2, 41.2),
    _FixedMovie(603, "The Lattice Protocol", "El protocolo Lattice", "en", None, (28, 878),
                "PG-13", "1999-03-30", 3, 88.5),
    _FixedMovie(680, "Gravel and Gunsmoke", "Grava y pólvora", "en", None, (80, 53), "R",
                "1994-09-10", 4, 71.3),
    _FixedMovie(862, "Tin Rocket Friends", "Amigos de cohete de hojalata", "en", None,
                (16, 12, 10751, 35), "PG", "1995-10-30", 0, 64.0),
    _FixedMovie(12, "Finny's Great Reef", "El gran arrecife de Finny", "en", None,
                (16, 10751), "G", "2003-05-30", 2, 55.1),
    _FixedMovie(10098, "Velvet Ruin", "Ruina de terciopelo", "en", None, (18, 10749), "NC-17",
                "1996-02-09", 1, 12.7),
    _FixedMovie(1417, "The Clockmaker's Labyrinth", "El laberinto del relojero", "es",
                "El laberinto del relojero", (14, 18, 10752), "R", "2006-10-11", 3, 38.4),
    _FixedMovie(129, "The Bathhouse of Wandering Spirits",
                "La casa de baños de los espíritus errantes", "ja", "風の湯屋",
                (16, 10751, 14), "PG", "2001-07-20", 5, 80.2),
    _FixedMovie(496243, "Basement Harmony", "Armonía del sótano", "ko", "지하의 화음",
                (35, 53, 18), "R", "2019-05-30", 4, 77.7),
    _FixedMovie(90001, "Afterhours Confidential", "Confidencial de madrugada", "en", None,
                (10749,), "NC-17", "2004-06-01", 0, 3.1, adult=True),
    _FixedMovie(90002, "Velvet Rope Diaries", "Diarios del cordón de terciopelo", "en", None,
                (18, 10749), "NC-17", "2009-09-09", 0, 2.4, adult=True),
    _FixedMovie(90003, "Midnight Masquerade Club", "El club de la mascarada de medianoche",
                "en", None, (10749,), "NC-17", "2015-02-14", 1, 1.9, adult=True),
    _FixedMovie(1100001, "Starfall Protocol", "Protocolo caída de estrellas", "en", None,
                (28, 878, 12), "PG-13", 30, 0, 150.0),
    _FixedMovie(1100002, "The Unfinished Atlas", "El atlas inacabado", "en", None, (99,), "",
                "", 0, 0.6),
    _FixedMovie(1100003, "Paper Moon Static", "Estática de luna de papel", "en", None, (35,),
                "PG-13", "2015-08-21", 1, 6.2, null_images=True),
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class _FixedSeries:
    id: int
    name_en: str
    name_es: str
    lang: str
    original_name: str | None
    genres: tuple[int, ...]
    rating: str
    seasons: int
    specials: bool
    first_air_date: str
    status: str
    popularity: float


_FIXED_SERIES: tuple[_FixedSeries, ...] = (
    _FixedSeries(1399, "Crowns of the Ashen Realm", "Coronas del reino de ceniza", "en", None,
                 (10765, 18, 10759), "TV-MA", 6, True, "2011-04-17", "Ended", 112.7),
    _FixedSeries(456, "Maple Street Forever", "Siempre en la calle Maple", "en", None,
                 (16, 35), "TV-PG", TV_LONG_SEASONS, True, "1999-09-12", "Returning Series",
                 98.4),
    _FixedSeries(71446, "The Paper Vault", "La bóveda de papel", "es", "La bóveda de papel",
                 (80, 18), "TV-MA", 5, False, "2017-05-02", "Ended", 61.0),
    _FixedSeries(82728, "Bramble and Pip", "Zarza y Pip", "en", None, (10762, 16, 10751),
                 "TV-Y", 3, False, "2018-10-01", "Returning Series", 14.2),
    _FixedSeries(1429, "Giants of the Wind", "Gigantes del viento", "ja", "風の巨人",
                 (10765, 16, 10759), "TV-14", 4, True, "2013-04-07", "Ended", 118.3),
)  # fmt: skip

_ZENDAYA_MOVIES = (550, 1399, 603, 862, 1100001)
_ZENDAYA_TV = (1399, 456)
_DIRECTOR_MOVIES = (550, 603, 680)
