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

import datetime as dt
import os
import random
import unicodedata
from dataclasses import dataclass, field
from typing import Any

DEFAULT_SEED = 42

MOVIE_COUNT = 600
TV_COUNT = 40
PERSON_COUNT = 400
UPCOMING_COUNT = 40
NOW_PLAYING_COUNT = 30

FIXED_IDS: dict[str, int] = {
    "movie": 550,
    "movie_overlap": 1399,
    "tv": 1399,
    "tv_long": 456,
    "tv_es": 71446,
    "tv_kids": 82728,
    "tv_ja": 1429,
    "movie_r": 680,
    "movie_pg13": 603,
    "movie_pg": 862,
    "movie_g": 12,
    "movie_nc17": 10098,
    "movie_adult": 90001,
    "movie_es": 1417,
    "movie_ja": 129,
    "movie_ko": 496243,
    "movie_upcoming": 1100001,
    "movie_no_release_date": 1100002,
    "movie_null_images": 1100003,
    "movie_no_reviews": 862,
    "person": 8100,
    "person_director": 7467,
}
ADULT_MOVIE_IDS: tuple[int, ...] = (90001, 90002, 90003)
TV_SIX_SEASONS_ID = 1399
TV_LONG_ID = 456
TV_LONG_SEASONS = 24
ZENDAYA_QUILL_ID = 8100
DIRECTOR_ID = 7467

MOVIE_GENRES: tuple[tuple[int, str, str], ...] = (
    (28, "Action", "Acción"),
    (12, "Adventure", "Aventura"),
    (16, "Animation", "Animación"),
    (35, "Comedy", "Comedia"),
    (80, "Crime", "Crimen"),
    (99, "Documentary", "Documental"),
    (18, "Drama", "Drama"),
    (10751, "Family", "Familia"),
    (14, "Fantasy", "Fantasía"),
    (36, "History", "Historia"),
    (27, "Horror", "Terror"),
    (10402, "Music", "Música"),
    (9648, "Mystery", "Misterio"),
    (10749, "Romance", "Romance"),
    (878, "Science Fiction", "Ciencia ficción"),
    (10770, "TV Movie", "Película de TV"),
    (53, "Thriller", "Suspense"),
    (10752, "War", "Bélica"),
    (37, "Western", "Western"),
)
TV_GENRES: tuple[tuple[int, str, str], ...] = (
    (10759, "Action & Adventure", "Action & Adventure"),
    (16, "Animation", "Animación"),
    (35, "Comedy", "Comedia"),
    (80, "Crime", "Crimen"),
    (99, "Documentary", "Documental"),
    (18, "Drama", "Drama"),
    (10751, "Family", "Familia"),
    (10762, "Kids", "Kids"),
    (9648, "Mystery", "Misterio"),
    (10763, "News", "News"),
    (10764, "Reality", "Reality"),
    (10765, "Sci-Fi & Fantasy", "Sci-Fi & Fantasy"),
    (10766, "Soap", "Soap"),
    (10767, "Talk", "Talk"),
    (10768, "War & Politics", "War & Politics"),
    (37, "Western", "Western"),
)
MOVIE_GENRE_NAMES = {g: (en, es) for g, en, es in MOVIE_GENRES}
TV_GENRE_NAMES = {g: (en, es) for g, en, es in TV_GENRES}

# Certification orders (lowest to highest) per country, as TMDb's discover compares them.
CERT_ORDER: dict[str, tuple[str, ...]] = {
    "US": ("G", "PG", "PG-13", "R", "NC-17"),
    "GB": ("U", "PG", "12A", "15", "18"),
    "DE": ("0", "6", "12", "16", "18"),
    "FR": ("U", "12", "16", "18"),
    "JP": ("G", "PG12", "R15+", "R18+"),
}
_CERT_MAP: dict[str, tuple[str, ...]] = {  # US cert index -> other country's cert
    "GB": ("U", "PG", "12A", "15", "18"),
    "DE": ("0", "6", "12", "16", "18"),
    "FR": ("U", "U", "12", "16", "18"),
    "JP": ("G", "G", "PG12", "R15+", "R18+"),
}
TV_RATINGS = ("TV-Y", "TV-G", "TV-PG", "TV-14", "TV-MA")
_TV_RATING_MAP: dict[str, tuple[str, ...]] = {
    "GB": ("U", "U", "PG", "15", "18"),
    "DE": ("0", "0", "6", "12", "16"),
}

LANGUAGES: dict[str, tuple[str, str]] = {
    "en": ("English", "English"),
    "es": ("Spanish", "Español"),
    "fr": ("French", "Français"),
    "ja": ("Japanese", "日本語"),
    "ko": ("Korean", "한국어/조선말"),
    "hi": ("Hindi", "हिन्दी"),
    "de": ("German", "Deutsch"),
}
_LANG_WEIGHTS = (("en", 70), ("es", 8), ("fr", 6), ("ja", 5), ("ko", 4), ("hi", 4), ("de", 3))
COUNTRIES: dict[str, str] = {
    "US": "United States of America",
    "GB": "United Kingdom",
    "ES": "Spain",
    "MX": "Mexico",
    "FR": "France",
    "JP": "Japan",
    "KR": "South Korea",
    "IN": "India",
    "DE": "Germany",
}
_LANG_COUNTRIES: dict[str, tuple[str, ...]] = {
    "en": ("US", "US", "US", "GB"),
    "es": ("ES", "MX"),
    "fr": ("FR",),
    "ja": ("JP",),
    "ko": ("KR",),
    "hi": ("IN",),
    "de": ("DE",),
}

# --------------------------------------------------------------------------- word lists
# noun -> (Spanish, gender); adjective -> Spanish (masculine; "o" -> "a" for feminine nouns,
# phrases containing a space are invariant).
NOUNS: dict[str, tuple[str, str]] = {
    "river": ("río", "m"), "city": ("ciudad", "f"), "heart": ("corazón", "m"),
    "garden": ("jardín", "m"), "kingdom": ("reino", "m"), "storm": ("tormenta", "f"),
    "harbor": ("puerto", "m"), "mirror": ("espejo", "m"), "empire": ("imperio", "m"),
    "forest": ("bosque", "m"), "island": ("isla", "f"), "lantern": ("linterna", "f"),
    "machine": ("máquina", "f"), "ocean": ("océano", "m"), "orchard": ("huerto", "m"),
    "road": ("camino", "m"), "shadow": ("sombra", "f"), "signal": ("señal", "f"),
    "station": ("estación", "f"), "summer": ("verano", "m"), "winter": ("invierno", "m"),
    "tower": ("torre", "f"), "valley": ("valle", "m"), "voyage": ("viaje", "m"),
    "witness": ("testigo", "m"), "frontier": ("frontera", "f"), "cipher": ("cifra", "f"),
    "carnival": ("carnaval", "m"), "circus": ("circo", "m"), "comet": ("cometa", "m"),
    "compass": ("brújula", "f"), "crown": ("corona", "f"), "desert": ("desierto", "m"),
    "dream": ("sueño", "m"), "echo": ("eco", "m"), "engine": ("motor", "m"),
    "falcon": ("halcón", "m"), "fortress": ("fortaleza", "f"), "ghost": ("fantasma", "m"),
    "horizon": ("horizonte", "m"), "hunter": ("cazador", "m"), "journey": ("travesía", "f"),
    "key": ("llave", "f"), "labyrinth": ("laberinto", "m"), "letter": ("carta", "f"),
    "lighthouse": ("faro", "m"), "moon": ("luna", "f"), "mountain": ("montaña", "f"),
    "night": ("noche", "f"), "orbit": ("órbita", "f"), "palace": ("palacio", "m"),
    "pilgrim": ("peregrino", "m"), "planet": ("planeta", "m"), "prophecy": ("profecía", "f"),
    "rebel": ("rebelde", "m"), "requiem": ("réquiem", "m"), "sanctuary": ("santuario", "m"),
    "serpent": ("serpiente", "f"), "soldier": ("soldado", "m"), "song": ("canción", "f"),
    "spy": ("espía", "m"), "star": ("estrella", "f"), "stranger": ("extraño", "m"),
    "sun": ("sol", "m"), "thief": ("ladrón", "m"), "throne": ("trono", "m"),
    "tide": ("marea", "f"), "train": ("tren", "m"), "treasure": ("tesoro", "m"),
    "wolf": ("lobo", "m"), "widow": ("viuda", "f"), "wind": ("viento", "m"),
    "harvest": ("cosecha", "f"), "bridge": ("puente", "m"), "canyon": ("cañón", "m"),
    "glacier": ("glaciar", "m"), "orchestra": ("orquesta", "f"), "meadow": ("pradera", "f"),
}  # fmt: skip
ADJECTIVES: dict[str, str] = {
    "silent": "silencioso", "broken": "roto", "golden": "dorado", "hidden": "oculto",
    "dark": "oscuro", "frozen": "helado", "burning": "ardiente", "lost": "perdido",
    "wild": "salvaje", "crimson": "carmesí", "hollow": "hueco", "iron": "de hierro",
    "velvet": "de terciopelo", "electric": "eléctrico", "midnight": "de medianoche",
    "quiet": "tranquilo", "secret": "secreto", "distant": "lejano", "fallen": "caído",
    "glass": "de cristal", "paper": "de papel", "silver": "plateado", "scarlet": "escarlata",
    "restless": "inquieto", "northern": "del norte", "endless": "infinito",
    "sleeping": "dormido", "wandering": "errante", "forgotten": "olvidado", "stolen": "robado",
    "bitter": "amargo", "brave": "valiente", "lonely": "solitario", "savage": "feroz",
    "radiant": "radiante", "shattered": "destrozado", "ancient": "antiguo", "tender": "tierno",
    "neon": "de neón", "copper": "de cobre", "invisible": "invisible", "eternal": "eterno",
}  # fmt: skip
_NOUN_KEYS = tuple(NOUNS)
_ADJ_KEYS = tuple(ADJECTIVES)
GIVEN_NAMES = (
    "Finn", "Marisol", "Otto", "Ines", "Cassius", "Beatrix", "Tobias", "Lucia", "Ezra",
    "Noor", "Hugo", "Amara", "Felix", "Ximena", "Rafferty", "Soledad",
)  # fmt: skip
_SMALL_WORDS = {"of", "the", "and", "to", "in", "a"}

_HEROES = (
    ("a retired detective", "un detective retirado"),
    ("a young cartographer", "una joven cartógrafa"),
    ("a small-town mechanic", "un mecánico de pueblo"),
    ("an ambitious journalist", "una periodista ambiciosa"),
    ("a disgraced chef", "un chef caído en desgracia"),
    ("a lonely astronaut", "una astronauta solitaria"),
    ("a family of circus performers", "una familia de artistas de circo"),
    ("a reluctant spy", "un espía reticente"),
    ("a grieving widower", "un viudo afligido"),
    ("a teenage hacker", "una hacker adolescente"),
    ("an aging boxer", "un boxeador veterano"),
    ("a village schoolteacher", "una maestra de pueblo"),
    ("a stubborn archaeologist", "un arqueólogo testarudo"),
    ("a street musician", "una música callejera"),
)
_PLACES = (
    ("in a coastal town", "en un pueblo costero"),
    ("across a divided city", "a través de una ciudad dividida"),
    ("on a remote island", "en una isla remota"),
    ("in the heart of the desert", "en el corazón del desierto"),
    ("aboard a failing space station", "a bordo de una estación espacial averiada"),
    ("in 1920s Buenos Aires", "en el Buenos Aires de los años veinte"),
    ("deep in a frozen forest", "en lo profundo de un bosque helado"),
    ("behind the walls of an old palace", "tras los muros de un viejo palacio"),
)
_GOALS = (
    ("outwit a ruthless rival", "burlar a un rival despiadado"),
    ("confront a buried family secret", "enfrentarse a un secreto familiar enterrado"),
    ("decide who to trust", "decidir en quién confiar"),
    ("race against time", "correr contra el tiempo"),
    ("rebuild a broken friendship", "reconstruir una amistad rota"),
    ("keep an impossible promise", "cumplir una promesa imposible"),
    ("find the way home", "encontrar el camino a casa"),
)
_DEADLINES = (
    ("before the winter ends", "antes de que termine el invierno"),
    ("before dawn", "antes del amanecer"),
    ("before the final whistle", "antes del pitido final"),
    ("before everything is lost", "antes de que todo se pierda"),
    ("before the tide turns", "antes de que cambie la marea"),
)
_CODAS = (
    ("Nothing will ever be the same.", "Nada volverá a ser igual."),
    ("Based on a true story.", "Basada en hechos reales."),
    ("Some doors should stay closed.", "Algunas puertas deberían seguir cerradas."),
    ("", ""),
    ("", ""),
)
_TAGLINES = (
    ("Every secret has a price.", "Todo secreto tiene un precio."),
    ("The journey is the destination.", "El viaje es el destino."),
    ("Trust no one.", "No confíes en nadie."),
    ("Some stories never end.", "Algunas historias nunca terminan."),
    ("Hope is a dangerous thing.", "La esperanza es algo peligroso."),
    ("One night changes everything.", "Una noche lo cambia todo."),
    ("", ""),
    ("", ""),
)
_NATIVE_TITLES: dict[str, tuple[tuple[str, ...], tuple[str, ...], str]] = {
    "fr": (
        ("Le Jardin", "La Nuit", "Le Silence", "La Ville", "Le Phare", "La Tempête",
         "Le Royaume", "La Frontière", "Le Voyage", "La Lune", "Le Loup", "La Forêt"),
        ("d'hiver", "des ombres", "du nord", "perdu", "de minuit", "des songes",
         "sans retour", "de verre"),
        " ",
    ),
    "de": (
        ("Der Garten", "Die Nacht", "Das Schweigen", "Die Stadt", "Der Leuchtturm",
         "Der Sturm", "Das Königreich", "Die Grenze", "Die Reise", "Der Mond", "Der Wolf"),
        ("der Schatten", "des Nordens", "aus Glas", "um Mitternacht", "ohne Wiederkehr",
         "im Winter"),
        " ",
    ),
    "ja": (
        ("月", "風", "夜", "海", "森", "夢", "星", "雪", "影", "花"),
        ("物語", "約束", "王国", "記憶", "旅", "歌", "灯台", "少女"),
        "の",
    ),
    "ko": (
        ("달", "바람", "밤", "바다", "숲", "꿈", "별", "눈", "그림자", "꽃"),
        ("이야기", "약속", "왕국", "기억", "여행", "노래", "등대", "소녀"),
        "의 ",
    ),
    "hi": (
        ("चाँद", "हवा", "रात", "समुंदर", "जंगल", "सपना", "सितारा"),
        ("सफ़र", "वादा", "राज", "गीत", "किस्सा"),
        " का ",
    ),
}  # fmt: skip

FIRST_NAMES = (
    "Ada", "Alejandro", "Amelia", "Anika", "Arjun", "Aurelio", "Beatriz", "Bruno", "Camille",
    "Carmen", "Chidi", "Clara", "Daniel", "Dara", "Diego", "Elena", "Elias", "Emeka",
    "Esther", "Farah", "Felipe", "Freya", "Gabriel", "Greta", "Hana", "Hector", "Ingrid",
    "Isaac", "Jamal", "Jia", "Jonas", "Julia", "Kaito", "Kamala", "Kenji", "Lars", "Leila",
    "Lucas", "Lena", "Malik", "Margot", "Mateo", "Mei", "Mina", "Nadia", "Nikolai", "Noah",
    "Olga", "Omar", "Priya", "Rafael", "Rania", "Rosa", "Sakura", "Samuel", "Sana", "Selma",
    "Soren", "Tariq", "Tomas", "Valeria", "Viktor", "Wen", "Yara", "Yusuf", "Zara", "Oskar",
    "Pilar", "Quentin", "Ravi", "Sofia", "Teodora", "Ulla", "Vera", "Wilhelm", "Yuki",
    "Zoltan", "Min-jun", "Ji-woo", "Aditi", "Rohan",
)  # fmt: skip
LAST_NAMES = (
    "Abara", "Albescu", "Alvarez", "Amsel", "Andersen", "Bak", "Barros", "Bellweather",
    "Castell", "Chandra", "Okafor", "Delacroix", "Dunmore", "Eriksen", "Falco", "Ferreira",
    "Fitzroy", "Galloway", "Haddad", "Hargrove", "Ibarra", "Ishikawa", "Jovanovic", "Kaur",
    "Kestrel", "Kowalski", "Lindqvist", "Lombardi", "Marchetti", "Moreau", "Nakamura",
    "Nwosu", "Oyelaran", "Park", "Petrov", "Quintana", "Rahman", "Reyes", "Rosenthal",
    "Sandoval", "Sato", "Schreiber", "Silva", "Sokolov", "Tanaka", "Thorne", "Umarov",
    "Valdez", "Vance", "Varga", "Weston", "Whitlock", "Xu", "Yilmaz", "Zamora", "Zhang",
    "Achterberg", "Blackwood", "Carrow", "Dimitriou", "Esposito", "Fairweather", "Goldberg",
    "Holloway", "Iyer", "Jensen", "Kim", "Lazarus", "Mbeki", "Novak", "Ortega", "Pemberton",
    "Rossi", "Strand", "Takahashi", "Underwood", "Vargas", "Winslow", "Yamamoto", "Zielinski",
)  # fmt: skip
_CHAR_FIRST = (
    "Jack", "Maggie", "Sam", "Rosa", "Eli", "Nora", "Vic", "Lola", "Theo", "Ivy", "Marcus",
    "June", "Cole", "Dolores", "Ray", "Hazel", "Abe", "Luz", "Gus", "Iris",
)  # fmt: skip
_CHAR_LAST = (
    "Mercer", "Flint", "Navarro", "Holt", "Quill", "Barrow", "Duarte", "Kane", "Lowell",
    "Marsh", "Okoro", "Pryce", "Rook", "Sterling", "Tate", "Voss",
)  # fmt: skip
_CHAR_PATTERNS = (
    "{f} {l}", "{f} {l}", "{f} {l}", "{f}", "Detective {l}", "Captain {l}", "Dr. {l}",
    "Young {f}", "Mayor {l}", "Agent {l}", "Sister {f}", "{f} (voice)",
)  # fmt: skip
_CREW_DEPTS = ("Directing", "Writing", "Production", "Sound", "Camera", "Editing")
_CREW_JOBS: dict[str, tuple[str, ...]] = {
    "Directing": ("Director",),
    "Writing": ("Screenplay", "Writer", "Novel"),
    "Production": ("Producer", "Executive Producer", "Casting"),
    "Sound": ("Original Music Composer",),
    "Camera": ("Director of Photography",),
    "Editing": ("Editor",),
}
_COMPANIES = (
    (711, "Lanternfish Pictures", "US"), (508, "Regal Harbor Films", "US"),
    (4700, "Blue Orchard Studio", "US"), (25, "Northwind Entertainment", "GB"),
    (20555, "Taurus Lichtspiele", "DE"), (1632, "Estudio Marea", "ES"),
    (3268, "Cinéma Boréal", "FR"), (10342, "Hoshi Animation", "JP"),
    (7036, "Hanbit Pictures", "KR"), (1569, "Sitara Films", "IN"),
    (420, "Paper Crane Media", "US"), (33, "Meridian Works", "US"),
)  # fmt: skip
_NETWORKS = (
    (49, "HBX", "US"), (213, "Streamflix", "US"), (1024, "Prime Harbor", "US"),
    (4, "BBX One", "GB"), (2739, "Dizzy+", "US"), (67, "Showbox", "US"),
    (1112, "Canal Sur TV", "ES"), (290, "Canal Étoile", "FR"), (614, "Tokyo Hoso", "JP"),
    (866, "KBX2", "KR"), (3186, "ZDX", "DE"), (2552, "Desi Stream", "IN"),
)  # fmt: skip
_NETWORK_BY_COUNTRY = {"US": (49, 213, 1024, 2739, 67), "GB": (4,), "ES": (1112,),
                       "MX": (1112,), "FR": (290,), "JP": (614,), "KR": (866,),
                       "DE": (3186,), "IN": (2552,)}  # fmt: skip
_KEYWORDS = (
    (818, "based on novel or book"), (851, "dual identity"), (9715, "superhero"),
    (9748, "revenge"), (6054, "friendship"), (10183, "independent film"), (4565, "dystopia"),
    (1701, "hero"), (3799, "ranch"), (10084, "rescue"), (9672, "based on true story"),
    (14909, "alien invasion"), (6149, "police"), (12565, "heist"), (9840, "romance"),
    (207317, "christmas"), (1562, "hostage"), (5565, "biography"), (2343, "magic"),
    (6091, "war"), (4344, "musical"), (13130, "teenager"), (10349, "survival"),
)  # fmt: skip
_REVIEW_AUTHORS = (
    "Goddard", "CinemaSerf", "msbreviews", "Wuchak", "r96sk", "Chris Sawin", "Manuel São Bento",
    "garethmb", "JPV852", "Brent Marchant", "Kamurai", "SoSmooth1982", "The Movie Diorama",
)  # fmt: skip
_REVIEW_SENTENCES = (
    "A confident, gorgeously shot piece of filmmaking.",
    "The pacing drags in the middle act, but the finale earns it.",
    "I went in skeptical and came out a fan.",
    "The performances carry a script that is thinner than it looks.",
    "It never quite decides what it wants to be.",
    "An absolute joy from start to finish.",
    "The score alone is worth the price of admission.",
    "Overlong and overstuffed, yet strangely compelling.",
    "One of the most original entries in the genre in years.",
    "Sharp dialogue, great chemistry, and a twist I did not see coming.",
)
_ALNUM = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"

CONFIGURATION: dict[str, Any] = {
    "images": {
        "base_url": "http://image.tmdb.org/t/p/",
        "secure_base_url": "https://image.tmdb.org/t/p/",
        "backdrop_sizes": ["w300", "w780", "w1280", "original"],
        "logo_sizes": ["w45", "w92", "w154", "w185", "w300", "w500", "original"],
        "poster_sizes": ["w92", "w154", "w185", "w342", "w500", "w780", "original"],
        "profile_sizes": ["w45", "w185", "h632", "original"],
        "still_sizes": ["w92", "w185", "w300", "original"],
    },
    "change_keys": [
        "adult", "air_date", "also_known_as", "alternative_titles", "biography", "birthday",
        "budget", "cast", "certifications", "character_names", "created_by", "crew",
        "deathday", "episode", "episode_number", "episode_run_time", "freebase_id",
        "freebase_mid", "general", "genres", "guest_stars", "homepage", "images", "imdb_id",
        "languages", "name", "network", "origin_country", "original_name", "original_title",
        "overview", "parts", "place_of_birth", "plot_keywords", "production_code",
        "production_companies", "production_countries", "releases", "revenue", "runtime",
        "season", "season_number", "season_regular", "spoken_languages", "status", "tagline",
        "title", "translations", "tvdb_id", "tvrage_id", "type", "video", "videos",
    ],
}  # fmt: skip


# --------------------------------------------------------------------------- helpers
def normalize_language(value: str | None) -> str:
    """Reduce a TMDb ``language`` tag (``es-ES``, ``en``) to its primary subtag; default en."""
    if not value:
        return "en"
    code = value.strip().split("-")[0].strip().lower()
    return code or "en"


def fold(text: str) -> str:
    """Lower-case and strip accents so search for 'rio' finds 'río'."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _choice(rng: random.Random, seq: Any) -> Any:
    """``rng.choice`` without ``_randbelow``: several times faster, still deterministic."""
    return seq[int(rng.random() * len(seq))]


def _image(rng: random.Random, ext: str = "jpg") -> str:
    """A TMDb-looking image path (27 base62 characters)."""
    n = rng.getrandbits(161)
    chars = []
    for _ in range(27):
        n, r = divmod(n, 62)
        chars.append(_ALNUM[r])
    return "/" + "".join(chars) + "." + ext


def _hex24(rng: random.Random) -> str:
    return f"{rng.getrandbits(96):024x}"


def _title_case(words: str) -> str:
    parts = words.split(" ")
    out = []
    for i, w in enumerate(parts):
        out.append(w if (i and w in _SMALL_WORDS) else w[:1].upper() + w[1:])
    return " ".join(out)


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def _es_adj(adj: str, gender: str) -> str:
    es = ADJECTIVES[adj]
    if gender == "f" and " " not in es:
        if es.endswith("o"):
            return es[:-1] + "a"
        if es.endswith("or"):
            return es + "a"
    return es


def _es_def(noun: str) -> str:
    es, gender = NOUNS[noun]
    return ("el " if gender == "m" else "la ") + es


def _es_de(noun: str) -> str:
    phrase = "de " + _es_def(noun)
    return phrase.replace("de el ", "del ")


def _es_indef(noun: str) -> str:
    es, gender = NOUNS[noun]
    return ("un " if gender == "m" else "una ") + es


def _gen_title(rng: random.Random) -> tuple[str, str]:
    """An (English, Spanish) title pair from one template, so both languages agree."""
    n = _choice(rng, _NOUN_KEYS)
    n2 = _choice(rng, _NOUN_KEYS)
    while n2 == n:
        n2 = _choice(rng, _NOUN_KEYS)
    a = _choice(rng, _ADJ_KEYS)
    es_n, g = NOUNS[n]
    kind = rng.random()
    if kind < 0.33:
        en, es = f"the {a} {n}", f"{_es_def(n)} {_es_adj(a, g)}"
    elif kind < 0.53:
        en, es = f"{n} of the {n2}", f"{es_n} {_es_de(n2)}"
    elif kind < 0.68:
        en, es = f"{a} {n}", f"{es_n} {_es_adj(a, g)}"
    elif kind < 0.78:
        en, es = f"the {n} and the {n2}", f"{_es_def(n)} y {_es_def(n2)}"
    elif kind < 0.90:
        name = _choice(rng, GIVEN_NAMES)
        return f"{name}'s {_title_case(n)}", _cap(f"{_es_def(n)} de {name}")
    else:
        en = f"return to the {n}"
        es = "regreso " + ("al " if g == "m" else "a la ") + es_n
    return _title_case(en), _cap(es)


def _gen_overview(rng: random.Random) -> tuple[str, str]:
    hero = _choice(rng, _HEROES)
    place = _choice(rng, _PLACES)
    goal = _choice(rng, _GOALS)
    deadline = _choice(rng, _DEADLINES)
    n = _choice(rng, _NOUN_KEYS)
    a = _choice(rng, _ADJ_KEYS)
    thing = (f"a {a} {n}", f"{_es_indef(n)} {_es_adj(a, NOUNS[n][1])}")
    if thing[0].startswith(("a a", "a e", "a i", "a o", "a u")):
        thing = ("an" + thing[0][1:], thing[1])
    kind = rng.randrange(4)
    if kind == 0:
        en = f"When {hero[0]} discovers {thing[0]} {place[0]}, they must {goal[0]} {deadline[0]}."
        es = f"Cuando {hero[1]} descubre {thing[1]} {place[1]}, debe {goal[1]} {deadline[1]}."
    elif kind == 1:
        en = f"{_cap(hero[0])} {place[0]} has one chance to {goal[0]} {deadline[0]}."
        es = f"{_cap(hero[1])} {place[1]} tiene una única oportunidad de {goal[1]} {deadline[1]}."
    elif kind == 2:
        en = f"After finding {thing[0]}, {hero[0]} sets out {place[0]} and must {goal[0]}."
        es = f"Tras encontrar {thing[1]}, {hero[1]} parte {place[1]} y debe {goal[1]}."
    else:
        en = f"A story about {thing[0]}, {hero[0]}, and the courage to {goal[0]}."
        es = f"Una historia sobre {thing[1]}, {hero[1]} y el valor de {goal[1]}."
    coda = _choice(rng, _CODAS)
    if coda[0]:
        en, es = f"{en} {coda[0]}", f"{es} {coda[1]}"
    return en, es


def _native_title(rng: random.Random, lang: str) -> str:
    heads, tails, joiner = _NATIVE_TITLES[lang]
    return _choice(rng, heads) + joiner + _choice(rng, tails)


def _weighted_lang(rng: random.Random) -> str:
    langs = [code for code, _ in _LANG_WEIGHTS]
    weights = [w for _, w in _LANG_WEIGHTS]
    return rng.choices(langs, weights)[0]


def _spoken(codes: list[str]) -> list[dict[str, str]]:
    return [
        {"english_name": LANGUAGES[c][0], "iso_639_1": c, "name": LANGUAGES[c][1]} for c in codes
    ]


# --------------------------------------------------------------------------- records
@dataclass(slots=True)
class Person:
    """A cast/crew member; credit lists are filled in while titles are generated."""

    id: int
    name: str
    gender: int
    department: str
    popularity: float
    profile_path: str | None
    birthday: str | None
    deathday: str | None
    place_of_birth: str | None
    imdb_id: str
    homepage: str | None
    movie_cast: list[tuple[int, str, str, int]] = field(default_factory=list)
    movie_crew: list[tuple[int, str, str, str]] = field(default_factory=list)
    tv_cast: list[tuple[int, str, str, int]] = field(default_factory=list)
    tv_crew: list[tuple[int, str, str, str, int]] = field(default_factory=list)
    search_text: str = ""


@dataclass(slots=True)
class Movie:
    """One movie; language-independent facts plus en/es text."""

    id: int
    title_en: str
    title_es: str
    original_title: str
    original_language: str
    overview_en: str
    overview_es: str
    tagline_en: str
    tagline_es: str
    genre_ids: list[int]
    adult: bool
    release_date: str
    status: str
    popularity: float
    vote_average: float
    vote_count: int
    runtime: int
    budget: int
    revenue: int
    poster_path: str | None
    backdrop_path: str | None
    homepage: str
    imdb_id: str
    origin_country: list[str]
    spoken_languages: list[str]
    companies: list[int]
    countries: list[str]
    us_cert: str
    release_dates: list[dict[str, Any]]
    cast: list[tuple[int, str, int, int, str]] = field(default_factory=list)
    crew: list[tuple[int, str, str, str]] = field(default_factory=list)
    reviews: list[dict[str, Any]] = field(default_factory=list)
    search_text: str = ""
    # Filled by the builder's last pass, for fast discover filtering.
    genre_set: frozenset[int] = frozenset()
    cast_ids: frozenset[int] = frozenset()
    crew_ids: frozenset[int] = frozenset()
    certs: dict[str, str] = field(default_factory=dict)


@dataclass(slots=True)
class Episode:
    """One episode of a season."""

    id: int
    episode_number: int
    season_number: int
    name_en: str
    name_es: str
    overview_en: str
    overview_es: str
    air_date: str
    runtime: int
    still_path: str | None
    vote_average: float
    vote_count: int
    episode_type: str
    crew: list[tuple[int, str, str, str]]
    guest_stars: list[tuple[int, str, str, int]]


@dataclass(slots=True)
class Season:
    """One season (season 0 = Specials)."""

    id: int
    oid: str
    season_number: int
    overview_en: str
    overview_es: str
    poster_path: str | None
    vote_average: float
    episodes: list[Episode]

    @property
    def air_date(self) -> str | None:
        return self.episodes[0].air_date if self.episodes else None


@dataclass(slots=True)
class Series:
    """One TV series."""

    id: int
    name_en: str
    name_es: str
    original_name: str
    original_language: str
    overview_en: str
    overview_es: str
    tagline_en: str
    tagline_es: str
    genre_ids: list[int]
    first_air_date: str
    status: str
    type: str
    popularity: float
    vote_average: float
    vote_count: int
    episode_run_time: list[int]
    poster_path: str | None
    backdrop_path: str | None
    homepage: str
    imdb_id: str
    tvdb_id: int
    origin_country: list[str]
    languages: list[str]
    networks: list[int]
    companies: list[int]
    rating: str
    content_ratings: list[dict[str, Any]]
    seasons: list[Season]
    created_by: list[tuple[int, str]]
    cast: list[tuple[int, str, int, str, int]] = field(default_factory=list)
    crew: list[tuple[int, str, str, str, int]] = field(default_factory=list)
    reviews: list[dict[str, Any]] = field(default_factory=list)
    search_text: str = ""

    @property
    def regular_seasons(self) -> list[Season]:
        return [s for s in self.seasons if s.season_number > 0]

    def season(self, number: int) -> Season | None:
        for s in self.seasons:
            if s.season_number == number:
                return s
        return None


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


# --------------------------------------------------------------------------- catalog
class Catalog:
    """The generated data plus language-aware renderers (cached per language)."""

    def __init__(self, seed: int, today: dt.date) -> None:
        self.seed = seed
        self.today = today
        self.movies: dict[int, Movie] = {}
        self.series: dict[int, Series] = {}
        self.people: dict[int, Person] = {}
        self._cache: dict[tuple[Any, ...], Any] = {}

    # ---- per-item deterministic RNG (lazy data must not depend on request order)
    def item_rng(self, *key: object) -> random.Random:
        return random.Random(f"{self.seed}:" + ":".join(str(k) for k in key))

    def _cached(self, key: tuple[Any, ...], lang: str, build: Any) -> Any:
        if lang not in ("en", "es"):
            return build()
        full = (*key, lang)
        hit = self._cache.get(full)
        if hit is None:
            hit = build()
            self._cache[full] = hit
        return hit

    # ---- text by language
    @staticmethod
    def _pick(lang: str, en: str, es: str, original: str, original_language: str) -> str:
        if lang == "es":
            return es
        if lang != "en" and lang == original_language:
            return original
        return en

    @staticmethod
    def _overview(lang: str, en: str, es: str) -> str:
        if lang == "en":
            return en
        if lang == "es":
            return es
        return f"[{lang}] {en}"

    def genres(self, kind: str, lang: str) -> list[dict[str, Any]]:
        table = MOVIE_GENRES if kind == "movie" else TV_GENRES
        return [{"id": g, "name": es if lang == "es" else en} for g, en, es in table]

    def _genre_objs(self, ids: list[int], names: dict[int, tuple[str, str]], lang: str):
        return [{"id": g, "name": names[g][1] if lang == "es" else names[g][0]} for g in ids]

    # ---- movies
    def movie_title(self, m: Movie, lang: str) -> str:
        return self._pick(lang, m.title_en, m.title_es, m.original_title, m.original_language)

    def movie_item(self, m: Movie, lang: str) -> dict[str, Any]:
        def build() -> dict[str, Any]:
            return {
                "adult": m.adult,
                "backdrop_path": m.backdrop_path,
                "genre_ids": list(m.genre_ids),
                "id": m.id,
                "original_language": m.original_language,
                "original_title": m.original_title,
                "overview": self._overview(lang, m.overview_en, m.overview_es),
                "popularity": m.popularity,
                "poster_path": m.poster_path,
                "release_date": m.release_date,
                "title": self.movie_title(m, lang),
                "video": False,
                "vote_average": m.vote_average,
                "vote_count": m.vote_count,
            }

        return self._cached(("mi", m.id), lang, build)

    def movie_details(self, m: Movie, lang: str) -> dict[str, Any]:
        def build() -> dict[str, Any]:
            return {
                "adult": m.adult,
                "backdrop_path": m.backdrop_path,
                "belongs_to_collection": None,
                "budget": m.budget,
                "genres": self._genre_objs(m.genre_ids, MOVIE_GENRE_NAMES, lang),
                "homepage": m.homepage,
                "id": m.id,
                "imdb_id": m.imdb_id,
                "origin_country": list(m.origin_country),
                "original_language": m.original_language,
                "original_title": m.original_title,
                "overview": self._overview(lang, m.overview_en, m.overview_es),
                "popularity": m.popularity,
                "poster_path": m.poster_path,
                "production_companies": [_company(c) for c in m.companies],
                "production_countries": [
                    {"iso_3166_1": c, "name": COUNTRIES[c]} for c in m.countries
                ],
                "release_date": m.release_date,
                "revenue": m.revenue,
                "runtime": m.runtime,
                "spoken_languages": _spoken(m.spoken_languages),
                "status": m.status,
                "tagline": m.tagline_es if lang == "es" else m.tagline_en,
                "title": self.movie_title(m, lang),
                "video": False,
                "vote_average": m.vote_average,
                "vote_count": m.vote_count,
            }

        return self._cached(("md", m.id), lang, build)

    def movie_credits(self, m: Movie) -> dict[str, Any]:
        key = ("mc", m.id)
        hit = self._cache.get(key)
        if hit is None:
            cast = []
            for pid, character, order, cast_id, credit_id in m.cast:
                entry = self.person_brief(pid)
                entry.update(cast_id=cast_id, character=character, credit_id=credit_id,
                             order=order)  # fmt: skip
                cast.append(entry)
            crew = []
            for pid, dept, job, credit_id in m.crew:
                entry = self.person_brief(pid)
                entry.update(credit_id=credit_id, department=dept, job=job)
                crew.append(entry)
            hit = {"cast": cast, "crew": crew}
            self._cache[key] = hit
        return hit

    def movie_release_dates(self, m: Movie) -> list[dict[str, Any]]:
        return m.release_dates

    def certification(self, m: Movie, country: str) -> str:
        """First non-empty certification TMDb lists for ``country`` ("" if none)."""
        if m.certs:
            return m.certs.get(country, "")
        for block in m.release_dates:
            if block["iso_3166_1"] == country:
                for entry in block["release_dates"]:
                    if entry["certification"]:
                        return entry["certification"]
        return ""

    # ---- series
    def tv_name(self, s: Series, lang: str) -> str:
        return self._pick(lang, s.name_en, s.name_es, s.original_name, s.original_language)

    def tv_item(self, s: Series, lang: str) -> dict[str, Any]:
        def build() -> dict[str, Any]:
            return {
                "adult": False,
                "backdrop_path": s.backdrop_path,
                "genre_ids": list(s.genre_ids),
                "id": s.id,
                "origin_country": list(s.origin_country),
                "original_language": s.original_language,
                "original_name": s.original_name,
                "overview": self._overview(lang, s.overview_en, s.overview_es),
                "popularity": s.popularity,
                "poster_path": s.poster_path,
                "first_air_date": s.first_air_date,
                "name": self.tv_name(s, lang),
                "vote_average": s.vote_average,
                "vote_count": s.vote_count,
            }

        return self._cached(("ti", s.id), lang, build)

    def _episode_brief(self, s: Series, e: Episode, lang: str) -> dict[str, Any]:
        return {
            "id": e.id,
            "name": e.name_es if lang == "es" else e.name_en,
            "overview": self._overview(lang, e.overview_en, e.overview_es),
            "vote_average": e.vote_average,
            "vote_count": e.vote_count,
            "air_date": e.air_date,
            "episode_number": e.episode_number,
            "episode_type": e.episode_type,
            "production_code": f"{e.season_number}{e.episode_number:02d}",
            "runtime": e.runtime,
            "season_number": e.season_number,
            "show_id": s.id,
            "still_path": e.still_path,
        }

    def season_name(self, number: int, lang: str) -> str:
        if number == 0:
            return "Especiales" if lang == "es" else "Specials"
        return f"Temporada {number}" if lang == "es" else f"Season {number}"

    def tv_details(self, s: Series, lang: str) -> dict[str, Any]:
        def build() -> dict[str, Any]:
            today = self.today.isoformat()
            aired = [e for se in s.regular_seasons for e in se.episodes if e.air_date <= today]
            future = [e for se in s.regular_seasons for e in se.episodes if e.air_date > today]
            last = aired[-1] if aired else None
            nxt = future[0] if future else None
            return {
                "adult": False,
                "backdrop_path": s.backdrop_path,
                "created_by": [
                    {**self._person_min(pid), "credit_id": credit_id}
                    for pid, credit_id in s.created_by
                ],
                "episode_run_time": list(s.episode_run_time),
                "first_air_date": s.first_air_date,
                "genres": self._genre_objs(s.genre_ids, TV_GENRE_NAMES, lang),
                "homepage": s.homepage,
                "id": s.id,
                "in_production": s.status == "Returning Series",
                "languages": list(s.languages),
                "last_air_date": last.air_date if last else None,
                "last_episode_to_air": self._episode_brief(s, last, lang) if last else None,
                "name": self.tv_name(s, lang),
                "next_episode_to_air": self._episode_brief(s, nxt, lang) if nxt else None,
                "networks": [_network(n) for n in s.networks],
                "number_of_episodes": sum(len(se.episodes) for se in s.regular_seasons),
                "number_of_seasons": len(s.regular_seasons),
                "origin_country": list(s.origin_country),
                "original_language": s.original_language,
                "original_name": s.original_name,
                "overview": self._overview(lang, s.overview_en, s.overview_es),
                "popularity": s.popularity,
                "poster_path": s.poster_path,
                "production_companies": [_company(c) for c in s.companies],
                "production_countries": [
                    {"iso_3166_1": c, "name": COUNTRIES[c]} for c in s.origin_country
                ],
                "seasons": [
                    {
                        "air_date": se.air_date,
                        "episode_count": len(se.episodes),
                        "id": se.id,
                        "name": self.season_name(se.season_number, lang),
                        "overview": self._overview(lang, se.overview_en, se.overview_es)
                        if se.overview_en
                        else "",
                        "poster_path": se.poster_path,
                        "season_number": se.season_number,
                        "vote_average": se.vote_average,
                    }
                    for se in s.seasons
                ],
                "spoken_languages": _spoken(s.languages),
                "status": s.status,
                "tagline": s.tagline_es if lang == "es" else s.tagline_en,
                "type": s.type,
                "vote_average": s.vote_average,
                "vote_count": s.vote_count,
            }

        return self._cached(("td", s.id), lang, build)

    def season_details(self, s: Series, se: Season, lang: str) -> dict[str, Any]:
        def build() -> dict[str, Any]:
            episodes = []
            for e in se.episodes:
                ep = self._episode_brief(s, e, lang)
                ep["crew"] = [
                    {"department": dept, "job": job, "credit_id": cid, **self.person_brief(pid)}
                    for pid, dept, job, cid in e.crew
                ]
                ep["guest_stars"] = [
                    {"character": ch, "credit_id": cid, "order": order, **self.person_brief(pid)}
                    for pid, ch, cid, order in e.guest_stars
                ]
                episodes.append(ep)
            return {
                "_id": se.oid,
                "air_date": se.air_date,
                "episodes": episodes,
                "name": self.season_name(se.season_number, lang),
                "overview": self._overview(lang, se.overview_en, se.overview_es)
                if se.overview_en
                else "",
                "id": se.id,
                "poster_path": se.poster_path,
                "season_number": se.season_number,
                "vote_average": se.vote_average,
            }

        return self._cached(("sd", s.id, se.season_number), lang, build)

    def tv_credits(self, s: Series) -> dict[str, Any]:
        key = ("tc", s.id)
        hit = self._cache.get(key)
        if hit is None:
            cast = [
                {**self.person_brief(pid), "character": ch, "credit_id": cid, "order": order}
                for pid, ch, order, cid, _eps in s.cast
            ]
            crew = [
                {**self.person_brief(pid), "credit_id": cid, "department": dept, "job": job}
                for pid, dept, job, cid, _eps in s.crew
            ]
            hit = {"cast": cast, "crew": crew}
            self._cache[key] = hit
        return hit

    def tv_aggregate_credits(self, s: Series) -> dict[str, Any]:
        cast = [
            {
                **self.person_brief(pid),
                "roles": [{"credit_id": cid, "character": ch, "episode_count": eps}],
                "total_episode_count": eps,
                "order": order,
            }
            for pid, ch, order, cid, eps in s.cast
        ]
        crew = [
            {
                **self.person_brief(pid),
                "jobs": [{"credit_id": cid, "job": job, "episode_count": eps}],
                "department": dept,
                "total_episode_count": eps,
            }
            for pid, dept, job, cid, eps in s.crew
        ]
        return {"cast": cast, "crew": crew}

    # ---- people
    def _person_min(self, pid: int) -> dict[str, Any]:
        p = self.people[pid]
        return {
            "id": p.id,
            "name": p.name,
            "original_name": p.name,
            "gender": p.gender,
            "profile_path": p.profile_path,
        }

    def person_brief(self, pid: int) -> dict[str, Any]:
        """The person fields TMDb repeats inside credits (a fresh dict: callers extend it)."""
        p = self.people[pid]
        return {
            "adult": False,
            "gender": p.gender,
            "id": p.id,
            "known_for_department": p.department,
            "name": p.name,
            "original_name": p.name,
            "popularity": p.popularity,
            "profile_path": p.profile_path,
        }

    def known_for(self, p: Person, lang: str) -> list[dict[str, Any]]:
        items: list[tuple[float, int, dict[str, Any]]] = []
        seen: set[tuple[str, int]] = set()
        for mid, *_rest in (*p.movie_cast, *p.movie_crew):
            m = self.movies[mid]
            if m.adult or ("movie", mid) in seen:
                continue
            seen.add(("movie", mid))
            items.append((m.popularity, mid, {**self.movie_item(m, lang), "media_type": "movie"}))
        for tid, *_rest in (*p.tv_cast, *p.tv_crew):
            s = self.series[tid]
            if ("tv", tid) in seen:
                continue
            seen.add(("tv", tid))
            items.append((s.popularity, tid, {**self.tv_item(s, lang), "media_type": "tv"}))
        items.sort(key=lambda t: (-t[0], t[1]))
        return [t[2] for t in items[:3]]

    def person_item(self, p: Person, lang: str) -> dict[str, Any]:
        def build() -> dict[str, Any]:
            return {
                **self.person_brief(p.id),
                "known_for": self.known_for(p, lang),
            }

        return self._cached(("pi", p.id), lang, build)

    def person_details(self, p: Person, lang: str) -> dict[str, Any]:
        top = self.known_for(p, "en")
        work = (top[0].get("title") or top[0].get("name")) if top else "independent cinema"
        if lang == "es":
            work_es = self.known_for(p, "es")
            work = (work_es[0].get("title") or work_es[0].get("name")) if work_es else work
            bio = f"{p.name} es conocido por su trabajo en «{work}»."
        else:
            bio = f"{p.name} is best known for their work on {work}."
            if lang != "en":
                bio = f"[{lang}] {bio}"
        return {
            "adult": False,
            "also_known_as": [],
            "biography": bio,
            "birthday": p.birthday,
            "deathday": p.deathday,
            "gender": p.gender,
            "homepage": p.homepage,
            "id": p.id,
            "imdb_id": p.imdb_id,
            "known_for_department": p.department,
            "name": p.name,
            "place_of_birth": p.place_of_birth,
            "popularity": p.popularity,
            "profile_path": p.profile_path,
        }

    def person_movie_credits(self, p: Person, lang: str) -> dict[str, Any]:
        cast = [
            {**self.movie_item(self.movies[mid], lang), "character": ch, "credit_id": cid,
             "order": order}
            for mid, ch, cid, order in p.movie_cast
        ]  # fmt: skip
        crew = [
            {**self.movie_item(self.movies[mid], lang), "credit_id": cid, "department": dept,
             "job": job}
            for mid, dept, job, cid in p.movie_crew
        ]  # fmt: skip
        return {"cast": cast, "crew": crew}

    def person_tv_credits(self, p: Person, lang: str) -> dict[str, Any]:
        cast = []
        for tid, ch, cid, eps in p.tv_cast:
            s = self.series[tid]
            cast.append({**self.tv_item(s, lang), "character": ch, "credit_id": cid,
                         "episode_count": eps, "first_credit_air_date": s.first_air_date})  # fmt: skip
        crew = []
        for tid, dept, job, cid, eps in p.tv_crew:
            s = self.series[tid]
            crew.append({**self.tv_item(s, lang), "credit_id": cid, "department": dept,
                         "episode_count": eps, "first_credit_air_date": s.first_air_date,
                         "job": job})  # fmt: skip
        return {"cast": cast, "crew": crew}

    # ---- lazily generated extras (per-item RNG => independent of request order)
    def recommendations(self, kind: str, item_id: int) -> list[int]:
        """Up to 40 other titles of the same kind that share a genre (0 for a few)."""
        key = ("rec", kind, item_id)
        hit = self._cache.get(key)
        if hit is None:
            hit = self._related(kind, item_id, "rec", 40)
            self._cache[key] = hit
        return hit

    def similar(self, kind: str, item_id: int) -> list[int]:
        key = ("sim", kind, item_id)
        hit = self._cache.get(key)
        if hit is None:
            hit = self._related(kind, item_id, "sim", 20)
            self._cache[key] = hit
        return hit

    def _related(self, kind: str, item_id: int, salt: str, limit: int) -> list[int]:
        rng = self.item_rng(salt, kind, item_id)
        if kind == "movie":
            me = self.movies[item_id]
            if item_id == FIXED_IDS["movie"]:
                want = 40 if salt == "rec" else 20
            elif me.adult or not me.release_date or rng.random() < 0.06:
                return []
            else:
                want = rng.randint(6, limit)
            genres = set(me.genre_ids)
            pool = [
                m.id
                for m in self.movies.values()
                if m.id != item_id and not m.adult and genres.intersection(m.genre_ids)
            ]
        else:
            s = self.series[item_id]
            want = rng.randint(3, min(limit, 20))
            genres = set(s.genre_ids)
            pool = [
                t.id
                for t in self.series.values()
                if t.id != item_id and genres.intersection(t.genre_ids)
            ]
        pool.sort()
        return rng.sample(pool, min(want, len(pool)))

    def videos(self, kind: str, item_id: int) -> list[dict[str, Any]]:
        rng = self.item_rng("vid", kind, item_id)
        out = []
        for i in range(rng.randint(0, 3)):
            vtype = ("Trailer", "Teaser", "Featurette", "Clip")[rng.randrange(4)]
            out.append({
                "iso_639_1": "en",
                "iso_3166_1": "US",
                "name": f"Official {vtype}" if i == 0 else f"{vtype} #{i + 1}",
                "key": "".join(rng.choices(_ALNUM, k=11)),
                "site": "YouTube",
                "size": _choice(rng, (720, 1080, 2160)),
                "type": vtype,
                "official": rng.random() < 0.8,
                "published_at": f"{2000 + rng.randrange(25)}-0{rng.randint(1, 9)}-1"
                f"{rng.randint(0, 9)}T1{rng.randint(0, 9)}:00:00.000Z",
                "id": _hex24(rng),
            })  # fmt: skip
        return out

    def images(self, kind: str, item_id: int) -> dict[str, list[dict[str, Any]]]:
        rng = self.item_rng("img", kind, item_id)

        def image(w: int, h: int, lang: str | None, ext: str = "jpg") -> dict[str, Any]:
            return {
                "aspect_ratio": round(w / h, 3),
                "height": h,
                "iso_639_1": lang,
                "file_path": _image(rng, ext),
                "vote_average": round(rng.uniform(0, 6), 3),
                "vote_count": rng.randint(0, 40),
                "width": w,
            }

        return {
            "backdrops": [image(1920, 1080, None) for _ in range(rng.randint(0, 3))],
            "logos": [image(800, 310, "en", "png") for _ in range(rng.randint(0, 1))],
            "posters": [image(2000, 3000, "en") for _ in range(rng.randint(0, 3))],
        }

    def keywords(self, kind: str, item_id: int) -> list[dict[str, Any]]:
        rng = self.item_rng("kw", kind, item_id)
        picks = rng.sample(_KEYWORDS, rng.randint(0, 5))
        return [{"id": k, "name": n} for k, n in picks]

    def summary(self) -> dict[str, Any]:
        return {
            "seed": self.seed,
            "today": self.today.isoformat(),
            "movies": len(self.movies),
            "series": len(self.series),
            "people": len(self.people),
            "fixed_ids": dict(FIXED_IDS),
            "adult_movie_ids": list(ADULT_MOVIE_IDS),
        }


def _company(cid: int) -> dict[str, Any]:
    for i, name, country in _COMPANIES:
        if i == cid:
            rng = random.Random(f"company:{cid}")
            logo = None if cid % 5 == 0 else _image(rng, "png")
            return {"id": cid, "logo_path": logo, "name": name, "origin_country": country}
    raise KeyError(cid)


def _network(nid: int) -> dict[str, Any]:
    for i, name, country in _NETWORKS:
        if i == nid:
            rng = random.Random(f"network:{nid}")
            return {"id": nid, "logo_path": _image(rng, "png"), "name": name,
                    "origin_country": country}  # fmt: skip
    raise KeyError(nid)


# --------------------------------------------------------------------------- builder
class _Builder:
    """Generates the catalog in one fixed order from one RNG (hence determinism)."""

    def __init__(self, seed: int, today: dt.date) -> None:
        self.rng = random.Random(f"tmdb-offline:{seed}")
        self.cat = Catalog(seed, today)
        self.today = today
        self.titles_seen: set[str] = set()
        self.actors: list[int] = []
        self.stars: list[int] = []
        self.crew_by_dept: dict[str, list[int]] = {d: [] for d in _CREW_DEPTS}
        self.next_season_id = 3600
        self.next_episode_id = 63000

    def build(self) -> Catalog:
        self._people()
        self._movies()
        self._series()
        self._finish()
        return self.cat

    # ---- people
    def _people(self) -> None:
        rng = self.rng
        fixed = {ZENDAYA_QUILL_ID: ("Zendaya Quill", 1, "Acting"),
                 DIRECTOR_ID: ("Orson Vantablack", 2, "Directing")}  # fmt: skip
        ids = set(fixed)
        while len(ids) < PERSON_COUNT:
            ids.add(rng.randrange(2, 2_500_000))
        names = {n for n, _, _ in fixed.values()}
        for pid in sorted(ids):
            if pid in fixed:
                name, gender, dept = fixed[pid]
            else:
                while True:
                    name = f"{_choice(rng, FIRST_NAMES)} {_choice(rng, LAST_NAMES)}"
                    if name not in names:
                        break
                gender = 0 if rng.random() < 0.05 else _choice(rng, (1, 2))
                dept = "Acting" if rng.random() < 0.84 else _choice(rng, _CREW_DEPTS)
            names.add(name)
            born = dt.date(1940, 1, 1) + dt.timedelta(days=rng.randrange(0, 365 * 62))
            dead = None
            if born.year < 1960 and rng.random() < 0.15:
                dead = (born + dt.timedelta(days=365 * rng.randint(55, 80))).isoformat()
                if dead > self.today.isoformat():
                    dead = None
            country = _choice(rng, ("USA", "UK", "Spain", "France", "Japan", "South Korea",
                                  "India", "Germany", "Mexico", "Nigeria", "Canada"))  # fmt: skip
            p = Person(
                id=pid,
                name=name,
                gender=gender,
                department=dept,
                popularity=round(rng.lognormvariate(1.5, 0.9), 3),
                profile_path=None if rng.random() < 0.12 else _image(rng),
                birthday=None if rng.random() < 0.1 else born.isoformat(),
                deathday=dead,
                place_of_birth=None
                if rng.random() < 0.1
                else f"{_choice(rng, _CHAR_LAST)}ville, {country}",
                imdb_id=f"nm{rng.randrange(1, 9_999_999):07d}",
                homepage=None,
            )
            if pid == ZENDAYA_QUILL_ID:
                p.profile_path = _image(rng)
                p.popularity = 88.123
                p.birthday = "1996-09-01"
            self.cat.people[pid] = p
            if dept == "Acting":
                self.actors.append(pid)
            else:
                self.crew_by_dept[dept].append(pid)
        for dept in _CREW_DEPTS:  # every department needs someone
            if not self.crew_by_dept[dept]:
                pid = self.actors.pop()
                self.cat.people[pid].department = dept
                self.crew_by_dept[dept].append(pid)
        self.stars = rng.sample(self.actors, 40)

    def _unique_title(self) -> tuple[str, str]:
        while True:
            en, es = _gen_title(self.rng)
            if en not in self.titles_seen:
                self.titles_seen.add(en)
                return en, es

    def _cast(self, count: int, must: list[int]) -> list[int]:
        rng = self.rng
        chosen: list[int] = list(must)
        for pid in rng.sample(self.stars, min(2, count)):
            if pid not in chosen:
                chosen.append(pid)
        while len(chosen) < count:
            pid = _choice(rng, self.actors)
            if pid not in chosen and pid not in (ZENDAYA_QUILL_ID,):
                chosen.append(pid)
        tail = chosen[len(must) :]
        rng.shuffle(tail)
        # A required person (Zendaya Quill) is billed second, like a real co-lead.
        return [*tail[:1], *must, *tail[1:]] if must else tail

    def _character(self) -> str:
        rng = self.rng
        return _choice(rng, _CHAR_PATTERNS).format(
            f=_choice(rng, _CHAR_FIRST), l=_choice(rng, _CHAR_LAST)
        )

    def _review(self, created_after: str, title_kind: str) -> dict[str, Any]:
        rng = self.rng
        author = _choice(rng, _REVIEW_AUTHORS)
        start = dt.date.fromisoformat(created_after) if created_after else dt.date(2015, 1, 1)
        start = max(start, dt.date(2008, 1, 1))
        span = max(1, (self.today - start).days)
        created = dt.datetime.combine(start + dt.timedelta(days=rng.randrange(span)),
                                      dt.time(rng.randrange(24), rng.randrange(60), rng.randrange(60)))  # fmt: skip
        updated = created + dt.timedelta(days=rng.randrange(0, 400))
        if updated.date() > self.today:
            updated = created
        rid = _hex24(rng)
        content = " ".join(rng.sample(_REVIEW_SENTENCES, rng.randint(1, 4)))
        return {
            "author": author,
            "author_details": {
                "name": "" if rng.random() < 0.5 else author,
                "username": author.replace(" ", "").lower(),
                "avatar_path": None if rng.random() < 0.35 else _image(rng),
                "rating": None if rng.random() < 0.25 else float(rng.randint(2, 10)),
            },
            "content": content,
            "created_at": created.strftime("%Y-%m-%dT%H:%M:%S.") + f"{rng.randrange(1000):03d}Z",
            "id": rid,
            "updated_at": updated.strftime("%Y-%m-%dT%H:%M:%S.") + f"{rng.randrange(1000):03d}Z",
            "url": f"https://www.themoviedb.org/review/{rid}",
        }

    # ---- movies
    def _movie_genres(self) -> list[int]:
        rng = self.rng
        weights = {28: 9, 12: 6, 16: 3, 35: 10, 80: 5, 99: 2, 18: 14, 10751: 3, 14: 4, 36: 2,
                   27: 5, 10402: 2, 9648: 3, 10749: 6, 878: 5, 10770: 1, 53: 8, 10752: 1, 37: 1}  # fmt: skip
        picked: list[int] = []
        for _ in range(_choice(rng, (1, 2, 2, 3, 3))):
            g = rng.choices(list(weights), list(weights.values()))[0]
            if g not in picked:
                picked.append(g)
        return picked

    def _cert_for(self, genres: list[int]) -> str:
        rng = self.rng
        if 10751 in genres or 16 in genres:
            return rng.choices(US_CERTS, (25, 50, 20, 5, 0))[0]
        if 27 in genres or 80 in genres:
            return rng.choices(US_CERTS, (0, 3, 30, 60, 7))[0]
        return rng.choices(US_CERTS, (5, 15, 42, 33, 5))[0]

    def _release_dates(self, cert: str, release_date: str, lang: str) -> list[dict[str, Any]]:
        rng = self.rng
        if not release_date or not cert:
            return []
        stamp = f"{release_date}T00:00:00.000Z"
        idx = US_CERTS.index(cert)
        us_entries = []
        if rng.random() < 0.3:
            us_entries.append({"certification": "", "descriptors": [], "iso_639_1": "",
                               "note": _choice(rng, ("Premiere", "Fantastic Fest", "TIFF")),
                               "release_date": stamp, "type": 1})  # fmt: skip
        us_entries.append({"certification": cert, "descriptors": [], "iso_639_1": "", "note": "",
                           "release_date": stamp, "type": 3})  # fmt: skip
        if rng.random() < 0.4:
            us_entries.append({"certification": cert, "descriptors": [], "iso_639_1": "",
                               "note": "", "release_date": stamp, "type": 4})  # fmt: skip
        blocks = {"US": us_entries}
        others = list(_CERT_MAP)
        for country in rng.sample(others, rng.randint(0, 3)):
            blocks[country] = [{"certification": _CERT_MAP[country][idx], "descriptors": [],
                                "iso_639_1": "", "note": "", "release_date": stamp,
                                "type": 3}]  # fmt: skip
        native = {"es": "ES", "fr": "FR", "ja": "JP", "de": "DE"}.get(lang)
        if native == "ES" and rng.random() < 0.7:
            blocks["ES"] = [{"certification": ("A", "7", "12", "16", "18")[idx], "descriptors": [],
                             "iso_639_1": "", "note": "", "release_date": stamp, "type": 3}]  # fmt: skip
        return [{"iso_3166_1": c, "release_dates": blocks[c]} for c in sorted(blocks)]

    def _movies(self) -> None:
        rng = self.rng
        today = self.today
        fixed = {f.id: f for f in _FIXED_MOVIES}
        for f in _FIXED_MOVIES:
            self.titles_seen.add(f.title_en)
        ids = set(fixed)
        while len(ids) < MOVIE_COUNT:
            ids.add(rng.randrange(11, 1_300_000))
        random_ids = sorted(ids - set(fixed))
        upcoming = set(rng.sample(random_ids, UPCOMING_COUNT - 1))
        rest = [i for i in random_ids if i not in upcoming]
        now_playing = set(rng.sample(rest, NOW_PLAYING_COUNT))
        rest = [i for i in rest if i not in now_playing]
        extra_adult = set(rng.sample(rest, 2))
        rest = [i for i in rest if i not in extra_adult]
        no_date = set(rng.sample(rest, 2))
        start = dt.date(1965, 1, 1)
        past_span = (today - dt.timedelta(days=60) - start).days

        for mid in sorted(ids):
            f = fixed.get(mid)
            if f:
                title_en, title_es = f.title_en, f.title_es
                lang = f.lang
                original = f.original_title or (title_es if lang == "es" else title_en)
                genres = list(f.genres)
                adult = f.adult
                if isinstance(f.date, int):
                    release_date = (today + dt.timedelta(days=f.date)).isoformat()
                else:
                    release_date = f.date
                cert = f.cert
            else:
                title_en, title_es = self._unique_title()
                lang = _weighted_lang(rng)
                if lang == "en":
                    original = title_en
                elif lang == "es":
                    original = title_es
                else:
                    original = _native_title(rng, lang)
                genres = self._movie_genres()
                adult = mid in extra_adult
                if mid in upcoming:
                    release_date = (today + dt.timedelta(days=rng.randint(3, 150))).isoformat()
                elif mid in now_playing:
                    release_date = (today - dt.timedelta(days=rng.randint(1, 40))).isoformat()
                elif mid in no_date:
                    release_date = ""
                else:
                    back = int(rng.betavariate(1.3, 2.6) * past_span)
                    release_date = (today - dt.timedelta(days=60 + back)).isoformat()
                cert = "NC-17" if adult else ("" if not release_date else self._cert_for(genres))
            ov_en, ov_es = _gen_overview(rng)
            tag_en, tag_es = _choice(rng, _TAGLINES)
            future = bool(release_date) and release_date > today.isoformat()
            if not release_date:
                status = _choice(rng, ("Rumored", "Planned"))
            elif future:
                status = _choice(rng, ("Post Production", "In Production", "Post Production"))
            else:
                status = "Released"
            if future or not release_date:
                votes, avg = 0, 0.0
            else:
                age_years = max(0.1, (today - dt.date.fromisoformat(release_date)).days / 365)
                votes = int(rng.lognormvariate(5.5, 1.6) * min(1.0, age_years / 2))
                avg = round(min(9.3, max(2.5, rng.gauss(6.6, 0.85))), 3) if votes else 0.0
            pop = round(rng.lognormvariate(2.6, 1.1), 3)
            if future or (
                release_date and release_date > (today - dt.timedelta(days=45)).isoformat()
            ):
                pop = round(pop * 3 + 20, 3)
            if f:
                pop = f.popularity
                if not future and release_date and votes < 500:
                    votes = 500 + votes
                    avg = avg or 7.0
            if adult:
                pop = round(min(pop, 4.0), 3)
            null_poster = f.null_images if f else rng.random() < 0.05
            runtime = rng.randint(75, 105) if 16 in genres else rng.randint(84, 168)
            if future or not release_date:
                runtime = 0 if rng.random() < 0.5 else runtime
            budget = 0 if rng.random() < 0.35 else rng.randrange(1, 250) * 1_000_000
            revenue = (
                0
                if (future or not budget or rng.random() < 0.2)
                else int(budget * rng.uniform(0.3, 6))
            )
            countries = [_choice(rng, _LANG_COUNTRIES[lang])]
            spoken = [lang] if lang == "en" or rng.random() < 0.6 else [lang, "en"]
            companies = self._companies(countries[0])
            m = Movie(
                id=mid,
                title_en=title_en,
                title_es=title_es,
                original_title=original,
                original_language=lang,
                overview_en=ov_en,
                overview_es=ov_es,
                tagline_en=tag_en,
                tagline_es=tag_es,
                genre_ids=genres,
                adult=adult,
                release_date=release_date,
                status=status,
                popularity=pop,
                vote_average=avg,
                vote_count=votes,
                runtime=runtime,
                budget=budget,
                revenue=revenue,
                poster_path=None if null_poster else _image(rng),
                backdrop_path=None if (null_poster or rng.random() < 0.06) else _image(rng),
                homepage="" if rng.random() < 0.4 else f"https://www.movie-{mid}.example.com/",
                imdb_id=f"tt{rng.randrange(1, 9_999_999):07d}",
                origin_country=countries,
                spoken_languages=spoken,
                companies=companies,
                countries=countries,
                us_cert=cert,
                release_dates=[],
            )
            m.release_dates = self._release_dates(cert, release_date, lang)
            self._movie_credits(m)
            if f:
                n_reviews = f.reviews
            elif future or not release_date:
                n_reviews = 0
            else:
                n_reviews = rng.choices((0, 1, 2, 3, 4, 5, 6, 8), (40, 15, 12, 10, 8, 6, 5, 4))[0]
            m.reviews = [self._review(release_date, "movie") for _ in range(n_reviews)]
            m.reviews.sort(key=lambda r: r["created_at"])
            self.cat.movies[mid] = m

    def _companies(self, country: str) -> list[int]:
        rng = self.rng
        local = [c for c, _, cc in _COMPANIES if cc == country] or [
            c for c, _, cc in _COMPANIES if cc == "US"
        ]
        picks = [_choice(rng, local)]
        if rng.random() < 0.4:
            extra = _choice(rng, _COMPANIES)[0]
            if extra not in picks:
                picks.append(extra)
        return picks

    def _movie_credits(self, m: Movie) -> None:
        rng = self.rng
        must = [ZENDAYA_QUILL_ID] if m.id in _ZENDAYA_MOVIES else []
        count = 6 if m.id == FIXED_IDS["movie_upcoming"] else rng.randint(5, 14)
        for order, pid in enumerate(self._cast(count, must)):
            character = self._character()
            if pid == ZENDAYA_QUILL_ID and m.id == FIXED_IDS["movie"]:
                character = "Marla Quince"
            credit_id = _hex24(rng)
            m.cast.append((pid, character, order, order + 1, credit_id))
            self.cat.people[pid].movie_cast.append((m.id, character, credit_id, order))
        director = (
            DIRECTOR_ID
            if m.id in _DIRECTOR_MOVIES
            else _choice(rng, self.crew_by_dept["Directing"])
        )
        jobs = [("Directing", "Director", director)]
        for dept in rng.sample(
            ("Writing", "Production", "Sound", "Camera", "Editing"), rng.randint(1, 4)
        ):
            jobs.append(
                (dept, _choice(rng, _CREW_JOBS[dept]), _choice(rng, self.crew_by_dept[dept]))
            )
        for dept, job, pid in jobs:
            credit_id = _hex24(rng)
            m.crew.append((pid, dept, job, credit_id))
            self.cat.people[pid].movie_crew.append((m.id, dept, job, credit_id))

    # ---- series
    def _series(self) -> None:
        rng = self.rng
        today = self.today
        fixed = {f.id: f for f in _FIXED_SERIES}
        for f in _FIXED_SERIES:
            self.titles_seen.add(f.name_en)
        movie_ids = sorted(self.cat.movies)
        ids = set(fixed)
        # About a third of the random series reuse a movie id: the id spaces overlap.
        for mid in rng.sample(movie_ids, 12):
            ids.add(mid)
        while len(ids) < TV_COUNT:
            ids.add(rng.randrange(1000, 250_000))
        random_ids = sorted(ids - set(fixed))
        empty_runtime = set(rng.sample(random_ids, 2))
        tv_weights = {10759: 6, 16: 3, 35: 8, 80: 5, 99: 2, 18: 12, 10751: 2, 10762: 2, 9648: 4,
                      10763: 1, 10764: 2, 10765: 5, 10766: 2, 10767: 1, 10768: 1, 37: 1}  # fmt: skip
        for tid in sorted(ids):
            f = fixed.get(tid)
            if f:
                name_en, name_es, lang = f.name_en, f.name_es, f.lang
                original = f.original_name or (name_es if lang == "es" else name_en)
                genres = list(f.genres)
                n_seasons, specials = f.seasons, f.specials
                first_air = dt.date.fromisoformat(f.first_air_date)
                status, rating, pop = f.status, f.rating, f.popularity
            else:
                name_en, name_es = self._unique_title()
                lang = _weighted_lang(rng)
                original = (
                    name_en
                    if lang == "en"
                    else (name_es if lang == "es" else _native_title(rng, lang))
                )
                genres = []
                for _ in range(_choice(rng, (1, 2, 2, 3))):
                    g = rng.choices(list(tv_weights), list(tv_weights.values()))[0]
                    if g not in genres:
                        genres.append(g)
                n_seasons = rng.choices(range(1, 11), (18, 16, 14, 12, 10, 8, 7, 6, 5, 4))[0]
                specials = rng.random() < 0.25
                years_back = n_seasons + rng.randint(0, 8)
                first_air = today - dt.timedelta(days=365 * years_back + rng.randint(0, 300))
                status = rng.choices(("Ended", "Returning Series", "Canceled"), (50, 40, 10))[0]
                if 10762 in genres:
                    rating = _choice(rng, ("TV-Y", "TV-G"))
                elif 10751 in genres or 16 in genres:
                    rating = _choice(rng, ("TV-G", "TV-PG"))
                else:
                    rating = rng.choices(TV_RATINGS, (2, 8, 25, 40, 25))[0]
                pop = round(rng.lognormvariate(3.0, 1.0), 3)
            ov_en, ov_es = _gen_overview(rng)
            tag_en, tag_es = _choice(rng, _TAGLINES)
            if 10764 in genres or 10767 in genres:
                stype = "Reality" if 10764 in genres else "Talk Show"
            elif 99 in genres:
                stype = "Documentary"
            elif 10763 in genres:
                stype = "News"
            elif n_seasons == 1 and rng.random() < 0.4:
                stype = "Miniseries"
            else:
                stype = "Scripted"
            base_runtime = _choice(rng, (22, 24, 30, 42, 45, 50, 60))
            country = _choice(rng, _LANG_COUNTRIES[lang])
            series = Series(
                id=tid,
                name_en=name_en,
                name_es=name_es,
                original_name=original,
                original_language=lang,
                overview_en=ov_en,
                overview_es=ov_es,
                tagline_en=tag_en,
                tagline_es=tag_es,
                genre_ids=genres,
                first_air_date=first_air.isoformat(),
                status=status,
                type=stype,
                popularity=pop,
                vote_average=round(min(9.2, max(4.0, rng.gauss(7.4, 0.8))), 3),
                vote_count=int(rng.lognormvariate(5.0, 1.5)) + 1,
                episode_run_time=[] if tid in empty_runtime else [base_runtime],
                poster_path=None if (not f and rng.random() < 0.05) else _image(rng),
                backdrop_path=None if (not f and rng.random() < 0.08) else _image(rng),
                homepage="" if rng.random() < 0.3 else f"https://www.series-{tid}.example.com/",
                imdb_id=f"tt{rng.randrange(1, 9_999_999):07d}",
                tvdb_id=rng.randrange(70_000, 450_000),
                origin_country=[country],
                languages=[lang],
                networks=self._networks(country),
                companies=self._companies(country),
                rating=rating,
                content_ratings=[],
                seasons=[],
                created_by=[],
            )
            if f:
                series.vote_count = max(series.vote_count, 800)
            series.content_ratings = self._content_ratings(rating)
            self._seasons(series, n_seasons, specials, first_air, base_runtime)
            self._tv_credits(series)
            n_reviews = rng.choices((0, 1, 2, 3, 4), (35, 25, 20, 12, 8))[0]
            if f and tid == TV_SIX_SEASONS_ID:
                n_reviews = 3
            series.reviews = sorted((self._review(series.first_air_date, "tv") for _ in range(n_reviews)),
                                    key=lambda r: r["created_at"])  # fmt: skip
            self.cat.series[tid] = series

    def _networks(self, country: str) -> list[int]:
        rng = self.rng
        picks = [_choice(rng, _NETWORK_BY_COUNTRY[country])]
        if rng.random() < 0.1:
            extra = _choice(rng, _NETWORKS)[0]
            if extra not in picks:
                picks.append(extra)
        return picks

    def _content_ratings(self, rating: str) -> list[dict[str, Any]]:
        rng = self.rng
        idx = TV_RATINGS.index(rating)
        blocks = {"US": rating}
        for country in rng.sample(list(_TV_RATING_MAP), rng.randint(0, 2)):
            blocks[country] = _TV_RATING_MAP[country][idx]
        return [{"descriptors": [], "iso_3166_1": c, "rating": blocks[c]} for c in sorted(blocks)]

    def _seasons(self, s: Series, n_seasons: int, specials: bool, first_air: dt.date,
                 runtime: int) -> None:  # fmt: skip
        rng = self.rng
        today = self.today
        numbers = ([0] if specials else []) + list(range(1, n_seasons + 1))
        # Seasons spread evenly between first_air and today; a returning series sometimes
        # has the last episodes of its final season still to air.
        span_days = max(60, (today - first_air).days)
        step = span_days / max(1, n_seasons)
        future_tail = s.status == "Returning Series" and s.id != TV_LONG_ID and rng.random() < 0.5
        for number in numbers:
            n_eps = rng.randint(1, 4) if number == 0 else rng.randint(4, 12)
            if number == 0:
                start = first_air + dt.timedelta(days=rng.randrange(30, span_days))
            else:
                start = first_air + dt.timedelta(days=int(step * (number - 1)))
            # A normal season has fully aired; only a returning series' final season may not.
            start = min(start, today - dt.timedelta(days=7 * n_eps + 1))
            if number == n_seasons and future_tail:
                start = today - dt.timedelta(days=7 * (n_eps - 2) - 3)
            episodes = []
            for e in range(1, n_eps + 1):
                air = start + dt.timedelta(days=7 * (e - 1))
                name_en, name_es = _gen_title(rng)
                ov_en, ov_es = _gen_overview(rng)
                future = air > today
                crew: list[tuple[int, str, str, str]] = []
                guests: list[tuple[int, str, str, int]] = []
                if rng.random() < 0.6:
                    crew.append(
                        (
                            _choice(rng, self.crew_by_dept["Directing"]),
                            "Directing",
                            "Director",
                            _hex24(rng),
                        )
                    )
                    crew.append(
                        (
                            _choice(rng, self.crew_by_dept["Writing"]),
                            "Writing",
                            "Writer",
                            _hex24(rng),
                        )
                    )
                if rng.random() < 0.5:
                    for order, pid in enumerate(rng.sample(self.actors, rng.randint(1, 4))):
                        guests.append((pid, self._character(), _hex24(rng), 500 + order))
                episodes.append(Episode(
                    id=self.next_episode_id,
                    episode_number=e,
                    season_number=number,
                    name_en=name_en,
                    name_es=name_es,
                    overview_en="" if future else ov_en,
                    overview_es="" if future else ov_es,
                    air_date=air.isoformat(),
                    runtime=max(10, runtime + rng.randint(-4, 6)),
                    still_path=None if (future or rng.random() < 0.08) else _image(rng),
                    vote_average=0.0 if future else round(rng.uniform(5.5, 9.5), 3),
                    vote_count=0 if future else rng.randint(1, 400),
                    episode_type="finale" if (e == n_eps and number) else "standard",
                    crew=crew,
                    guest_stars=guests,
                ))  # fmt: skip
                self.next_episode_id += rng.randint(1, 40)
            ov = _gen_overview(rng) if rng.random() < 0.7 else ("", "")
            s.seasons.append(Season(
                id=self.next_season_id,
                oid=_hex24(rng),
                season_number=number,
                overview_en=ov[0],
                overview_es=ov[1],
                poster_path=None if rng.random() < 0.1 else _image(rng),
                vote_average=0.0 if number == 0 else round(rng.uniform(6.0, 9.0), 1),
                episodes=episodes,
            ))  # fmt: skip
            self.next_season_id += rng.randint(1, 30)

    def _tv_credits(self, s: Series) -> None:
        rng = self.rng
        total_eps = sum(len(se.episodes) for se in s.regular_seasons)
        must = [ZENDAYA_QUILL_ID] if s.id in _ZENDAYA_TV else []
        for order, pid in enumerate(self._cast(rng.randint(5, 12), must)):
            character = self._character()
            credit_id = _hex24(rng)
            eps = total_eps if order < 3 else rng.randint(1, total_eps)
            s.cast.append((pid, character, order, credit_id, eps))
            self.cat.people[pid].tv_cast.append((s.id, character, credit_id, eps))
        creators = rng.sample(self.crew_by_dept["Writing"] + self.crew_by_dept["Production"],
                              rng.randint(1, 2))  # fmt: skip
        for pid in creators:
            s.created_by.append((pid, _hex24(rng)))
        for dept, job in (("Production", "Executive Producer"), ("Sound", "Original Music Composer"),
                          ("Production", "Casting")):  # fmt: skip
            if rng.random() < 0.7:
                pid = _choice(rng, self.crew_by_dept[dept])
                credit_id = _hex24(rng)
                eps = rng.randint(1, total_eps)
                s.crew.append((pid, dept, job, credit_id, eps))
                self.cat.people[pid].tv_crew.append((s.id, dept, job, credit_id, eps))

    # ---- indexes
    def _finish(self) -> None:
        cat = self.cat
        for p in cat.people.values():
            credit_pop = sum(cat.movies[c[0]].popularity for c in p.movie_cast[:10])
            credit_pop += sum(cat.series[c[0]].popularity for c in p.tv_cast[:10])
            if p.id != ZENDAYA_QUILL_ID:
                p.popularity = round(p.popularity + credit_pop * 0.05, 3)
        for m in cat.movies.values():
            m.search_text = "\n".join(
                dict.fromkeys((fold(m.title_en), fold(m.title_es), fold(m.original_title)))
            )
            m.genre_set = frozenset(m.genre_ids)
            m.cast_ids = frozenset(c[0] for c in m.cast)
            m.crew_ids = frozenset(c[0] for c in m.crew)
            certs = {
                block["iso_3166_1"]: cat.certification(m, block["iso_3166_1"])
                for block in m.release_dates
            }
            m.certs = {country: cert for country, cert in certs.items() if cert}
        for p in cat.people.values():
            p.search_text = fold(p.name)
        for s in cat.series.values():
            s.search_text = "\n".join(
                dict.fromkeys((fold(s.name_en), fold(s.name_es), fold(s.original_name)))
            )


US_CERTS = CERT_ORDER["US"]


def resolve_today(value: str | dt.date | None = None) -> dt.date:
    """``today`` for the catalog: explicit value, else $TMDB_OFFLINE_TODAY, else UTC today."""
    if isinstance(value, dt.date):
        return value
    raw = value or os.environ.get("TMDB_OFFLINE_TODAY")
    if raw:
        return dt.date.fromisoformat(raw)
    return dt.datetime.now(dt.UTC).date()


def build_catalog(seed: int = DEFAULT_SEED, today: str | dt.date | None = None) -> Catalog:
    """Generate the whole catalog (deterministic for the same seed and today)."""
    return _Builder(seed, resolve_today(today)).build()


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
    "build_catalog",
    "fold",
    "normalize_language",
    "resolve_today",
]
