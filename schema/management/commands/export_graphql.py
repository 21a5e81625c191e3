"""manage.py export_graphql [--check]: write the GraphQL SDL to schema/schema.graphql.

(Named apart from strawberry_django's own ``export_schema``, which shadows app commands of that
name; theirs needs the schema path and has no --check.)"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from schema.export import SCHEMA_FILE, schema_sdl, write_schema


class Command(BaseCommand):
    help = "Write the GraphQL schema (SDL) to schema/schema.graphql; --check only compares."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--check", action="store_true", help="Exit non-zero if the file is out of date."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["check"]:
            current = SCHEMA_FILE.read_text(encoding="utf-8") if SCHEMA_FILE.exists() else ""
            if current != schema_sdl():
                raise CommandError(f"{SCHEMA_FILE} is out of date: run manage.py export_graphql")
            self.stdout.write(f"{SCHEMA_FILE} is up to date")
            return
        changed = write_schema()
        self.stdout.write(f"{'wrote' if changed else 'unchanged'} {SCHEMA_FILE}")
