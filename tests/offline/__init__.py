"""Tests of the offline TMDb server itself (no Django, no database)."""
