"""TMDb's movie and TV genre lists (api.themoviedb.org/3/genre/{movie,tv}/list, English).

They change perhaps once a decade; shipping them means a fresh database can validate signup
genres with no network. manage.py load_genres refreshes the table from TMDb itself.
Rows: (id, name, in the movie list, in the TV list).
"""

TMDB_GENRES: list[tuple[str, str, bool, bool]] = [
    ("12", "Adventure", True, False),
    ("14", "Fantasy", True, False),
    ("16", "Animation", True, True),
    ("18", "Drama", True, True),
    ("27", "Horror", True, False),
    ("28", "Action", True, False),
    ("35", "Comedy", True, True),
    ("36", "History", True, False),
    ("37", "Western", True, True),
    ("53", "Thriller", True, False),
    ("80", "Crime", True, True),
    ("99", "Documentary", True, True),
    ("878", "Science Fiction", True, False),
    ("9648", "Mystery", True, True),
    ("10402", "Music", True, False),
    ("10749", "Romance", True, False),
    ("10751", "Family", True, True),
    ("10752", "War", True, False),
    ("10759", "Action & Adventure", False, True),
    ("10762", "Kids", False, True),
    ("10763", "News", False, True),
    ("10764", "Reality", False, True),
    ("10765", "Sci-Fi & Fantasy", False, True),
    ("10766", "Soap", False, True),
    ("10767", "Talk", False, True),
    ("10768", "War & Politics", False, True),
    ("10770", "TV Movie", True, False),
]
