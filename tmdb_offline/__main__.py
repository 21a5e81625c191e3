"""``python -m tmdb_offline`` runs the offline TMDb server (same CLI as ``.server``)."""

from tmdb_offline.server import main

main()
