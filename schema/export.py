"""The committed SDL (schema/schema.graphql): what frontends and codegen read, and what review
diffs show. ``python manage.py export_graphql`` rewrites it; a test fails when it is stale."""

from __future__ import annotations

from pathlib import Path

from strawberry.printer import print_schema

SCHEMA_FILE = Path(__file__).resolve().parent / "schema.graphql"


def schema_sdl() -> str:
    from schema.schema import schema

    return print_schema(schema).rstrip("\n") + "\n"


def write_schema(path: Path = SCHEMA_FILE) -> bool:
    """Write the SDL to ``path``; True when the file changed."""
    sdl = schema_sdl()
    if path.exists() and path.read_text(encoding="utf-8") == sdl:
        return False
    path.write_text(sdl, encoding="utf-8")
    return True
