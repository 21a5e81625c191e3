"""``python -m tmdb_loaders.offline`` runs the offline TMDb server (same CLI as ``.server``)."""

from tmdb_loaders.offline.server import main

main()
