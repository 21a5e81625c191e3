"""``manage.py send_system_update --title ... --message ...``: a staff notice to every user.

Creates one ``system_update`` notification per active user (or per ``--email`` given). The
dedup key is ``system:<--key>`` (default: a hash of title and message), so running the same
announcement twice, or resuming one that was interrupted, reaches nobody twice.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from library.notifications import send_system_update


class Command(BaseCommand):
    help = "Send a system_update notification to all active users (or to --email ones)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--title", required=True, help="Notification title (<= 200 chars).")
        parser.add_argument("--message", required=True, help="Notification text.")
        parser.add_argument("--image", default=None, help="Optional image URL.")
        parser.add_argument(
            "--key",
            default=None,
            help="Announcement id for de-duplication (default: hash of title and message).",
        )
        parser.add_argument(
            "--email", action="append", default=[], help="Only this user (repeatable)."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            users, created, dedup_key = send_system_update(
                options["title"],
                options["message"],
                image=options["image"],
                key=options["key"],
                emails=options["email"],
            )
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            f"send_system_update: users={users} notifications={created} key={dedup_key}"
        )
