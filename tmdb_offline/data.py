"""Word lists, fixed ids, genres, certifications and TMDb configuration of the offline catalog
(its data; tmdb_offline.catalog describes the fixed ids)."""

from __future__ import annotations

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


US_CERTS = CERT_ORDER["US"]
